package io.hookstream.worker.executor.function.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names and label values of executor Jobs. A Job's name depends only on the hook id and the attempt number, so a
 * restarted worker computes the same name and finds the Job again instead of creating a second one.
 */
public final class JobNames {

    private static final int MAX_LABEL_VALUE = 63;

    private JobNames() {}

    /** {@code hookstream-<16 hex digits of sha-256(hookId)>-<attempt>}: a valid, stable Job name. */
    public static String jobName(String hookId, int attempt) {
        return "hookstream-" + hookHash(hookId) + "-" + attempt;
    }

    /** 16 hex digits of the SHA-256 of the hook id: a label value that identifies the hook. */
    public static String hookHash(String hookId) {
        return sha256(hookId).substring(0, 16);
    }

    /**
     * {@code value} as a valid label value: characters other than letters, digits, {@code -_.} become {@code -},
     * leading and trailing non-alphanumerics are dropped, and a value too long is cut and given a hash suffix.
     * The exact value belongs in an annotation.
     */
    public static String labelValue(String value) {
        if (value == null) {
            return "";
        }
        String safe = value.replaceAll("[^A-Za-z0-9_.-]", "-")
                .replaceAll("^[^A-Za-z0-9]+", "")
                .replaceAll("[^A-Za-z0-9]+$", "");
        if (safe.length() <= MAX_LABEL_VALUE) {
            return safe;
        }
        String head = safe.substring(0, MAX_LABEL_VALUE - 9).replaceAll("[^A-Za-z0-9]+$", "");
        return head + "-" + sha256(value).substring(0, 8);
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
