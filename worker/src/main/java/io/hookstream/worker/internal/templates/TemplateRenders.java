package io.hookstream.worker.internal.templates;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookstream.schemas.Json;
import io.hookstream.schemas.event.SessionSummary;
import io.hookstream.schemas.template.HookTemplate;
import io.hookstream.schemas.template.ParameterDefinition;
import io.hookstream.templates.TemplateException;
import io.hookstream.templates.render.ActionRenderer;
import io.hookstream.templates.render.RenderContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What {@link TemplateGuard} compares a hook event with, derived from one loaded template and kept for the next
 * event of the same template version, params and session: the executor and the rendered action as JSON trees, and
 * the declared param names. Keyed by the template instance the lookup returned (a reloaded or changed template is a
 * new instance, so a new key), the session and the params; an action that {@link ActionRenderer#dependsOnContext
 * does not depend on them} is rendered once per template instance. Bounded (least recently used out); thread-safe.
 * The guard still compares every event with these trees: only re-rendering and re-converting the template's side
 * is saved.
 */
final class TemplateRenders {

    static final int DEFAULT_CAPACITY = 1024;

    private final Map<Key, Rendered> cache;
    private final Map<Identity, Fixed> fixed;

    TemplateRenders(int capacity) {
        this.cache = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Rendered> eldest) {
                return size() > capacity;
            }
        };
        this.fixed = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Identity, Fixed> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The template's executor as a tree. */
    JsonNode executor(HookTemplate template) {
        return fixed(template).executor();
    }

    /** The names of the template's params. */
    Set<String> declared(HookTemplate template) {
        return fixed(template).declared();
    }

    private Fixed fixed(HookTemplate template) {
        Identity id = new Identity(template);
        synchronized (fixed) {
            Fixed kept = fixed.get(id);
            if (kept != null) {
                return kept;
            }
        }
        Fixed made = new Fixed(template.spec().params().stream().map(ParameterDefinition::name)
                .collect(Collectors.toUnmodifiableSet()), tree(template.spec().executor()));
        synchronized (fixed) {
            fixed.put(id, made);
        }
        return made;
    }

    /** The template's side of the check for this session and these params (rendered now or reused). */
    Rendered of(HookTemplate template, SessionSummary session, Map<String, String> params) {
        boolean contextual = ActionRenderer.dependsOnContext(template.spec().action());
        Key key = new Key(new Identity(template), contextual ? session : null, contextual ? params : null);
        synchronized (cache) {
            Rendered kept = cache.get(key);
            if (kept != null) {
                return kept;
            }
        }
        Rendered rendered = render(template, session, params);
        synchronized (cache) {
            cache.put(key, rendered);
        }
        return rendered;
    }

    int size() {
        synchronized (cache) {
            return cache.size();
        }
    }

    private static Rendered render(HookTemplate template, SessionSummary session, Map<String, String> params) {
        try {
            return new Rendered(tree(template.spec().action() == null ? null : ActionRenderer.render(
                    template.spec().action(), new RenderContext(session, params))), null);
        } catch (TemplateException e) {
            return new Rendered(null, e.getMessage());
        }
    }

    static JsonNode tree(Object value) {
        return Json.mapper().valueToTree(value);
    }

    /**
     * @param action      the rendered action as a tree (null when it does not render)
     * @param renderError why it does not render with these params, else null
     */
    record Rendered(JsonNode action, String renderError) {
    }

    private record Fixed(Set<String> declared, JsonNode executor) {
    }

    private record Key(Identity template, SessionSummary session, Map<String, String> params) {
    }

    /** A template by identity: the lookup's instance is the version (hashing a whole template per event would cost). */
    private record Identity(HookTemplate template) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Identity that && that.template == template;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(template);
        }
    }
}
