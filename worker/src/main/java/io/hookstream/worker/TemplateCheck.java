package io.hookstream.worker;

import io.hookstream.kafka.ConfigReader;
import io.hookstream.kafka.Setting;
import io.hookstream.schemas.GoDuration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whether the worker checks each hook event against its own copy of the HookTemplate it names before running it
 * (usage policy for the invoker's namespace, executor, declared params, and the action re-rendered from the
 * template), so that an event the dispatcher did not produce from that template cannot run.
 *
 * <p>Settings: {@code template-check} {@code auto} (default) or {@code off}; with auto the source is the same as
 * the dispatcher's: {@code template-source kubernetes} reads HookTemplate resources and Namespaces from the API
 * server (get, per hook), otherwise {@code templates DIR} (files, reloaded every
 * {@code templates-reload-interval}); with neither, no check is made (and the start-up log says so).
 *
 * @param source         what the worker checks against
 * @param templatesDir   with {@link Source#FILES}, the manifests directory
 * @param reloadInterval with {@link Source#FILES}, how often the directory is re-read when it changed
 */
public record TemplateCheck(Source source, Path templatesDir, Duration reloadInterval) {

    /** What hook events are checked against. */
    public enum Source {
        OFF,
        FILES,
        KUBERNETES
    }

    public static final Setting<String> MODE = Setting.text(
            "template-check",
            "auto",
            "auto: the worker checks each"
                    + " hook event against its own copy of the template (templates or template-source kubernetes) before"
                    + " running it; off.");
    public static final Setting<String> TEMPLATES = Setting.text(
                    "templates",
                    "",
                    "Directory of the HookTemplate"
                            + " manifests hook events are checked against (standalone: the dispatcher's); none: no check unless"
                            + " template-source is kubernetes.")
            .defaultShownAs("none");
    public static final Setting<Duration> RELOAD_INTERVAL = Setting.duration(
            "templates-reload-interval",
            Duration.ofSeconds(2),
            "How often the templates directory is checked for changes.");
    public static final Setting<String> SOURCE = Setting.text(
            "template-source",
            "files",
            "files (the templates"
                    + " directory) or kubernetes (HookTemplates and Namespaces read from the API server, per hook).");

    public static TemplateCheck off() {
        return new TemplateCheck(Source.OFF, null, null);
    }

    public static TemplateCheck from(ConfigReader reader) {
        String mode = MODE.read(reader).trim().toLowerCase(java.util.Locale.ROOT);
        Duration reload = RELOAD_INTERVAL.read(reader);
        String source = SOURCE.read(reader).trim().toLowerCase(java.util.Locale.ROOT);
        String dir = TEMPLATES.read(reader).trim();
        switch (mode) {
            case "off":
                return off();
            case "auto":
                break;
            default:
                reader.problem(
                        "template-check",
                        "'" + mode + "' is not valid: use auto (check hook events against"
                                + " the templates of --template-source / --templates) or off");
                return off();
        }
        if (source.equals("kubernetes")) {
            return new TemplateCheck(Source.KUBERNETES, null, null);
        }
        if (!source.equals("files")) {
            reader.problem(
                    "template-source",
                    "'" + source + "' is not valid: use files (with --templates DIR) or" + " kubernetes");
            return off();
        }
        return dir.isEmpty() ? off() : new TemplateCheck(Source.FILES, Path.of(dir), reload);
    }

    /** For the start-up log. */
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("source", source.name().toLowerCase(java.util.Locale.ROOT));
        if (source == Source.FILES) {
            out.put("templates", templatesDir.toAbsolutePath().normalize());
            out.put("reloadInterval", GoDuration.format(reloadInterval));
        }
        return out;
    }
}
