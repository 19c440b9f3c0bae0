package io.hookstream.schemas;

import io.hookstream.schemas.event.CancelRequest;
import io.hookstream.schemas.event.HookEvent;
import io.hookstream.schemas.event.HookResult;
import io.hookstream.schemas.event.RunList;
import io.hookstream.schemas.event.RunOutcome;
import io.hookstream.schemas.event.RunRequest;
import io.hookstream.schemas.template.HookTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Classpath names of the published contract: one JSON Schema (draft 2020-12) per event and for the
 * HookTemplate, and the HookTemplate CRD. Names have no leading slash, as {@link ClassLoader#getResource}
 * wants them.
 */
public final class SchemaResources {

    /** Folder of the JSON Schemas. */
    public static final String JSON_SCHEMA_DIR = "io/hookstream/schemas/json/";
    /** Folder of the CustomResourceDefinitions. */
    public static final String CRD_DIR = "io/hookstream/schemas/crds/";

    public static final String RUN_REQUEST = JSON_SCHEMA_DIR + "run-request.schema.json";
    public static final String HOOK_EVENT = JSON_SCHEMA_DIR + "hook-event.schema.json";
    public static final String HOOK_RESULT = JSON_SCHEMA_DIR + "hook-result.schema.json";
    public static final String RUN_OUTCOME = JSON_SCHEMA_DIR + "run-outcome.schema.json";
    public static final String CANCEL_REQUEST = JSON_SCHEMA_DIR + "cancel-request.schema.json";
    public static final String RUN_LIST = JSON_SCHEMA_DIR + "run-list.schema.json";
    public static final String HOOK_TEMPLATE = JSON_SCHEMA_DIR + "hooktemplate.schema.json";
    /** The HookTemplate CRD (apiextensions.k8s.io/v1, YAML). */
    public static final String HOOK_TEMPLATE_CRD = CRD_DIR + "hooktemplates.core.kubestash.com.yaml";

    private static final Map<Class<?>, String> SCHEMA_BY_TYPE = Map.of(
            RunRequest.class, RUN_REQUEST,
            HookEvent.class, HOOK_EVENT,
            HookResult.class, HOOK_RESULT,
            RunOutcome.class, RUN_OUTCOME,
            CancelRequest.class, CANCEL_REQUEST,
            RunList.class, RUN_LIST,
            HookTemplate.class, HOOK_TEMPLATE);

    private SchemaResources() {}

    /** Every JSON Schema, in the order of the flow, the HookTemplate last. */
    public static List<String> jsonSchemas() {
        return List.of(RUN_REQUEST, HOOK_EVENT, HOOK_RESULT, RUN_OUTCOME, CANCEL_REQUEST, HOOK_TEMPLATE);
    }

    /**
     * The JSON Schema of {@code type}: one of RunRequest, HookEvent, HookResult, RunOutcome or HookTemplate.
     *
     * @throws IllegalArgumentException for any other type
     */
    public static String jsonSchemaFor(Class<?> type) {
        String name = SCHEMA_BY_TYPE.get(type);
        if (name == null) {
            throw new IllegalArgumentException("no JSON Schema for " + type.getName()
                    + ": expected one of RunRequest, HookEvent, HookResult, RunOutcome or HookTemplate");
        }
        return name;
    }

    /**
     * Opens a resource of this module; the caller closes the stream.
     *
     * @throws IllegalArgumentException when there is no such resource
     */
    public static InputStream open(String name) {
        InputStream in = SchemaResources.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalArgumentException("no resource '" + name + "' on the classpath: expected one of "
                    + jsonSchemas() + " or " + HOOK_TEMPLATE_CRD);
        }
        return in;
    }

    /** Reads a resource of this module as UTF-8 text. */
    public static String read(String name) {
        try (InputStream in = open(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read resource '" + name + "'", e);
        }
    }
}
