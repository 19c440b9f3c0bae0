package io.hookstream.dispatcher.internal;

import io.hookstream.dispatcher.ApiSecurity;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accepted API tokens, kept only as SHA-256 digests and compared in constant time (digests of equal length,
 * {@link MessageDigest#isEqual}, every token checked), so neither a token nor its length leaks through timing.
 * Tokens of the tokens file are re-read when the file's modification time or size changes; a file that became
 * unreadable keeps the tokens last read.
 */
final class ApiTokens {

    private static final Logger LOG = LoggerFactory.getLogger(ApiTokens.class);
    static final long RELOAD_CHECK_MS = 2000;

    private final ApiSecurity security;
    private final List<byte[]> envDigests;
    private volatile List<byte[]> fileDigests = List.of();
    private FileTime fileTime;
    private long fileSize = -1;
    private long timer = -1;

    ApiTokens(ApiSecurity security) {
        this.security = security;
        this.envDigests = digests(security.envTokens());
    }

    /** Reads the tokens file (blocking: call on a worker) and, with {@code vertx}, watches it for changes. */
    void start(Vertx vertx) throws IOException {
        if (security.tokensFile() == null) {
            return;
        }
        reload(true);
        timer = vertx.setPeriodic(
                RELOAD_CHECK_MS,
                id -> vertx.executeBlocking(
                        () -> {
                            try {
                                reload(false);
                            } catch (IOException e) {
                                LOG.warn(
                                        "cannot re-read API tokens file {} ({}); keeping the {} tokens read before",
                                        security.tokensFile(),
                                        e.toString(),
                                        fileDigests.size());
                            }
                            return null;
                        },
                        false));
    }

    void stop(Vertx vertx) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private synchronized void reload(boolean first) throws IOException {
        FileTime time = Files.getLastModifiedTime(security.tokensFile());
        long size = Files.size(security.tokensFile());
        if (!first && time.equals(fileTime) && size == fileSize) {
            return;
        }
        List<String> tokens = ApiSecurity.readTokens(security.tokensFile());
        fileDigests = digests(tokens);
        fileTime = time;
        fileSize = size;
        if (!first) {
            LOG.info("API tokens file {} changed: {} tokens now", security.tokensFile(), tokens.size());
        }
        if (tokens.isEmpty()) {
            LOG.warn(
                    "API tokens file {} holds no token{}",
                    security.tokensFile(),
                    envDigests.isEmpty() ? ": every /v1 request is refused until a token is added" : "");
        }
    }

    /** True when {@code token} is one of the configured tokens. */
    boolean accepts(String token) {
        if (token == null || token.isEmpty()) {
            return false;
        }
        byte[] digest = sha256(token);
        boolean match = false;
        for (byte[] known : envDigests) {
            match |= MessageDigest.isEqual(known, digest);
        }
        for (byte[] known : fileDigests) {
            match |= MessageDigest.isEqual(known, digest);
        }
        return match;
    }

    private static List<byte[]> digests(List<String> tokens) {
        List<byte[]> out = new ArrayList<>();
        tokens.stream().filter(Objects::nonNull).map(ApiTokens::sha256).forEach(out::add);
        return List.copyOf(out);
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
    }
}
