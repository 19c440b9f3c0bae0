package io.hookstream.dispatcher;

import io.hookstream.kafka.ConfigReader;
import io.hookstream.kafka.Setting;
import io.hookstream.kafka.SettingsTable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the HTTP API is protected: bearer tokens ({@code --api-tokens-file}, {@code HOOKSTREAM_API_TOKENS}), whether
 * {@code /metrics} needs one too, the largest accepted request body and optional TLS. {@link #toString()} and
 * {@link #describe()} never show a token.
 *
 * @param envTokens       tokens from {@code HOOKSTREAM_API_TOKENS} (comma-separated)
 * @param tokensFile      a file of tokens, one a line, {@code #} comments; re-read when it changes (null: none)
 * @param metricsAuth     whether {@code /metrics} requires a token as well
 * @param maxRequestBytes the largest request body accepted; larger ones get 413 before they are parsed
 * @param tlsCert         PEM certificate (chain) for HTTPS, or null for plain HTTP
 * @param tlsKey          PEM private key of {@code tlsCert}
 */
public record ApiSecurity(
        List<String> envTokens, Path tokensFile, boolean metricsAuth, int maxRequestBytes, Path tlsCert, Path tlsKey) {

    public static final int DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;

    public static final Setting<List<String>> TOKENS = Setting.list(
                    "api-tokens",
                    List.of(),
                    "Bearer tokens of the"
                            + " HTTP API, comma-separated; with none and no api-tokens-file the API is open (a warning is logged).")
            .asSecret();
    public static final Setting<Path> TOKENS_FILE = Setting.path(
            "api-tokens-file", null, "A file of bearer tokens," + " one a line, # comments, re-read when it changes.");
    public static final Setting<Boolean> METRICS_AUTH =
            Setting.bool("metrics-auth", false, "true: GET /metrics" + " needs a bearer token too.");
    public static final Setting<Integer> MAX_REQUEST_BYTES = Setting.integer(
            "max-request-bytes",
            DEFAULT_MAX_REQUEST_BYTES,
            1024,
            256 * 1024 * 1024,
            "The largest request body accepted (1 MiB by" + " default); larger ones get 413 before they are parsed.");
    public static final Setting<Path> TLS_CERT = Setting.custom(
            "http-tls-cert",
            "path",
            "none",
            "PEM certificate" + " (chain) of the HTTP API: HTTPS with http-tls-key; plain HTTP without.",
            r -> pem(r, "http-tls-cert"));
    public static final Setting<Path> TLS_KEY = Setting.custom(
            "http-tls-key", "path", "none", "PEM private key of" + " http-tls-cert.", r -> pem(r, "http-tls-key"));

    /** The API rows of the dispatcher's settings table. */
    public static final SettingsTable<ApiSecurity> TABLE = SettingsTable.<ApiSecurity>builder()
            .add(TOKENS, ApiSecurity::envTokens)
            .add(TOKENS_FILE, ApiSecurity::tokensFile)
            .add(METRICS_AUTH, ApiSecurity::metricsAuth)
            .add(MAX_REQUEST_BYTES, ApiSecurity::maxRequestBytes)
            .add(TLS_CERT, api -> api.tls() ? api.tlsCert() : "off")
            .add(TLS_KEY, api -> api.tls() ? api.tlsKey() : "off")
            .build();

    public ApiSecurity {
        envTokens = envTokens == null ? List.of() : List.copyOf(envTokens);
    }

    /** No tokens, no TLS, the default size limit: the open API. */
    public static ApiSecurity open() {
        return new ApiSecurity(List.of(), null, false, DEFAULT_MAX_REQUEST_BYTES, null, null);
    }

    /** True when {@code /v1/*} requires a bearer token: some token or a tokens file is configured. */
    public boolean authEnabled() {
        return !envTokens.isEmpty() || tokensFile != null;
    }

    public boolean tls() {
        return tlsCert != null;
    }

    static ApiSecurity from(ConfigReader reader) {
        List<String> envTokens = TOKENS.read(reader);
        Path tokensFile = TOKENS_FILE.read(reader);
        if (tokensFile != null) {
            try {
                if (readTokens(tokensFile).isEmpty()) {
                    reader.problem(
                            TOKENS_FILE.name(),
                            tokensFile + " holds no token: put one token per line ("
                                    + "lines starting with # are comments), or remove the setting");
                }
            } catch (IOException e) {
                reader.problem(
                        TOKENS_FILE.name(),
                        "cannot read " + tokensFile + " (" + e + "): check the path and "
                                + "that the dispatcher's user may read it");
            }
        }
        boolean metricsAuth = METRICS_AUTH.read(reader);
        if (metricsAuth && envTokens.isEmpty() && tokensFile == null) {
            reader.problem(METRICS_AUTH.name(), "needs API tokens: set --api-tokens-file or HOOKSTREAM_API_TOKENS");
        }
        int maxBytes = MAX_REQUEST_BYTES.read(reader);
        Path cert = TLS_CERT.read(reader);
        Path key = TLS_KEY.read(reader);
        if ((cert == null) != (key == null)) {
            reader.problem(
                    cert == null ? TLS_CERT.name() : TLS_KEY.name(),
                    "HTTPS needs both --http-tls-cert "
                            + "and --http-tls-key (PEM files); set the missing one or remove the other");
        }
        return new ApiSecurity(envTokens, tokensFile, metricsAuth, maxBytes, cert, key);
    }

    private static Path pem(ConfigReader reader, String name) {
        String text = reader.string(name, "").trim();
        if (text.isEmpty()) {
            return null;
        }
        Path path = Path.of(text);
        if (!Files.isRegularFile(path)) {
            reader.problem(name, path + " does not exist or is not a file: give a PEM file");
        } else if (!Files.isReadable(path)) {
            reader.problem(name, path + " is not readable by the dispatcher's user: fix its permissions");
        } else {
            try {
                if (!Files.readString(path, StandardCharsets.ISO_8859_1).contains("-----BEGIN ")) {
                    reader.problem(name, path + " is not PEM (no -----BEGIN line): convert it, e.g. with openssl");
                }
            } catch (IOException e) {
                reader.problem(name, "cannot read " + path + " (" + e.getMessage() + ")");
            }
        }
        return path;
    }

    /** The tokens of a tokens file: one a line, trimmed; blank lines and lines starting with {@code #} skipped. */
    public static List<String> readTokens(Path file) throws IOException {
        List<String> tokens = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String token = line.trim();
            if (!token.isEmpty() && !token.startsWith("#")) {
                tokens.add(token);
            }
        }
        return tokens;
    }

    /** For the start-up log: how many tokens and from where, never the tokens. */
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        if (!authEnabled()) {
            out.put("auth", "none");
        } else {
            out.put("auth", "bearer");
            out.put("envTokens", envTokens.size());
            if (tokensFile != null) {
                out.put("tokensFile", tokensFile.toAbsolutePath().normalize().toString());
            }
        }
        out.put("metricsAuth", metricsAuth);
        out.put("maxRequestBytes", maxRequestBytes);
        out.put("tls", tls() ? tlsCert.toAbsolutePath().normalize().toString() : "off");
        return out;
    }

    @Override
    public String toString() {
        return "ApiSecurity" + describe();
    }
}
