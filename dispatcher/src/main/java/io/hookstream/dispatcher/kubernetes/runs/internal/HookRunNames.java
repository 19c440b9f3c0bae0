package io.hookstream.dispatcher.kubernetes.runs.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Kubernetes names and label values derived from run ids and invoker names. A run id (letters, digits, {@code .},
 * {@code _}, {@code :}, {@code -}, up to 200 characters) becomes a DNS-1123 subdomain of at most {@value #MAX_NAME}
 * characters; when that loses anything (upper case, {@code _}, {@code :}, length) a hash of the run id is appended,
 * so two run ids never share a HookRun.
 */
public final class HookRunNames {

    static final int MAX_NAME = 63;
    private static final int MAX_LABEL = 63;
    private static final Pattern NOT_NAME = Pattern.compile("[^a-z0-9.-]");
    private static final Pattern SEPARATORS = Pattern.compile("[-.]{2,}");
    private static final Pattern EDGES = Pattern.compile("^[-.]+|[-.]+$");
    private static final Pattern NOT_LABEL = Pattern.compile("[^A-Za-z0-9._-]");
    private static final Pattern LABEL_EDGES = Pattern.compile("^[^A-Za-z0-9]+|[^A-Za-z0-9]+$");

    private HookRunNames() {}

    /** The HookRun's name for {@code runId}: the run id itself when it is already a short DNS-1123 name. */
    public static String of(String runId) {
        String name = NOT_NAME.matcher(runId.toLowerCase(Locale.ROOT)).replaceAll("-");
        name = SEPARATORS.matcher(name).replaceAll("-");
        name = EDGES.matcher(name).replaceAll("");
        if (name.equals(runId) && name.length() <= MAX_NAME) {
            return name;
        }
        String hash = hash(runId);
        int keep = Math.min(name.length(), MAX_NAME - hash.length() - 1);
        String prefix = EDGES.matcher(name.substring(0, keep)).replaceAll("");
        return prefix.isEmpty() ? "run-" + hash : prefix + "-" + hash;
    }

    /** {@code value} as a label value: at most 63 characters of {@code [A-Za-z0-9._-]}, alphanumeric at both ends. */
    public static String labelValue(String value) {
        if (value == null) {
            return "";
        }
        String label = NOT_LABEL.matcher(value).replaceAll("-");
        if (label.length() > MAX_LABEL) {
            label = label.substring(0, MAX_LABEL);
        }
        return LABEL_EDGES.matcher(label).replaceAll("");
    }

    static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
