package io.hookstream.standalone.e2e;

import io.hookstream.testing.fuzz.JsonMutator;
import io.hookstream.testing.fuzz.Mutator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * HTTP requests for {@link FuzzIT}: run requests mutated or random with any content type and CloudEvents headers;
 * any method on real, mutated, percent-encoded, {@code ..} and very long paths with random {@code ?wait=}; and raw
 * bytes on a socket for what a well-behaved client cannot send (bad escapes, spaces, control characters, huge
 * request lines and headers, bad lengths).
 */
final class HttpGarbage {

    private static final List<String> METHODS =
            List.of("GET", "GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "PROPFIND", "FOO");
    private static final List<String> PATHS = List.of(
            "/v1/runs",
            "/v1/runs/",
            "/v1/runs/garbage-1",
            "/v1/templates",
            "/health",
            "/health/live",
            "/health/ready",
            "/metrics",
            "/",
            "/v1",
            "/v1/",
            "//v1//runs",
            "/v1/runs/../templates",
            "/v1/./runs/x",
            "/%76%31/runs/x",
            "/v1/runs/%2e%2e",
            "/v1/runs/..",
            "/v1/runs/%00",
            "/v1/runs/%C3%A9",
            "/v1/runs/a%2Fb",
            "/v1/templates/../../etc/passwd",
            "/v1/runs/x?wait=",
            "/v1/runs/x?wait=1s&wait=2s",
            "/v1/runs?status=Bogus",
            "/v1/runs?limit=0&after=%ZZ",
            "/v1/activity",
            "/v1/dead-letters?limit=0",
            "/v1/dead-letters?before=garbage&partition=-1",
            "/v1/cluster",
            "/ui",
            "/ui/",
            "/ui/app.js",
            "/ui/../v1/runs",
            "/ui/%2e%2e/%2e%2e/etc/passwd");
    private static final List<String> WAITS = List.of(
            "0s", "1ms", "100ms", "abc", "-1s", "99999h", "6m", "", "1e3s", "9999999999999999999999s", "%20", "1h30m");
    private static final List<String> CONTENT_TYPES = List.of(
            "application/json",
            "text/plain",
            "",
            "application/cloudevents+json",
            "multipart/form-data; boundary=x",
            "application/json; charset=utf-16",
            "application/x-www-form-urlencoded",
            "*/*");

    /** An HTTP request to send with a plain client. */
    record Call(String method, String path, Map<String, String> headers, byte[] body) {
        String describe() {
            return method + " " + Mutator.show(path) + " " + headers + " body "
                    + (body == null ? "none" : Mutator.show(body));
        }
    }

    private HttpGarbage() {}

    /** A request a plain client can send: a fuzzed run request, or any method on any path. */
    static Call call(Random random, int index) {
        Mutator mutator = new Mutator(random);
        Map<String, String> headers = new LinkedHashMap<>();
        if (random.nextInt(10) < 6) {
            String contentType = mutator.pick(CONTENT_TYPES);
            if (!contentType.isEmpty()) {
                headers.put("content-type", contentType);
            }
            if (mutator.chance(0.3)) {
                headers.put(
                        "ce-id",
                        mutator.chance(0.5)
                                ? "http-garbage-" + index
                                : mutator.interestingString(60).replaceAll("[^\\x21-\\x7e]", "x"));
                headers.put("ce-specversion", mutator.pick(List.of("1.0", "0.3", "x")));
            }
            return new Call("POST", "/v1/runs", headers, body(mutator, index));
        }
        String method = mutator.pick(METHODS);
        String path = path(mutator);
        byte[] body =
                method.equals("GET") || method.equals("HEAD") || mutator.chance(0.5) ? null : body(mutator, index);
        return new Call(method, path, headers, body);
    }

    private static byte[] body(Mutator mutator, int index) {
        var valid = Garbage.request("http-garbage-" + index, "http-garbage-" + index);
        return switch (mutator.random().nextInt(10)) {
            case 0 -> new byte[0];
            case 1 -> mutator.randomBytes(300);
            case 2 -> Garbage.utf8(JsonMutator.nested(1 + mutator.random().nextInt(3000), mutator.chance(0.5)));
            case 3 -> mutator.mutateBytes(Garbage.bytes(valid), 3);
            case 4 -> { // around the 1 MiB body limit: 413 above it
                valid.put("padding", "p".repeat(900_000 + mutator.random().nextInt(300_000)));
                yield Garbage.bytes(valid);
            }
            default ->
                Garbage.utf8(new JsonMutator(mutator, 2000)
                        .mutate(valid, 1 + mutator.random().nextInt(3)));
        };
    }

    private static String path(Mutator mutator) {
        String path = switch (mutator.random().nextInt(4)) {
            case 0 -> mutator.pick(PATHS);
            case 1 -> "/v1/runs/" + encode(mutator.interestingString(mutator.chance(0.1) ? 3000 : 40));
            case 2 -> "/v1/runs/" + mutator.pick(List.of("garbage-1", "x", "good", "a".repeat(201)));
            default -> encode(mutator.mutateText(mutator.pick(PATHS), List.of("/", "..", "%2e", "?", "#", "//"), 2));
        };
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
        if (path.startsWith("/v1/runs/") && !path.contains("?") && mutator.chance(0.4)) {
            path += "?wait=" + encode(mutator.pick(WAITS));
        }
        return path;
    }

    /** Percent-encodes what a URI may not hold as it is (keeping '/', '?', '=', '&' and valid %XX escapes). */
    private static String encode(String text) {
        StringBuilder out = new StringBuilder();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int c = bytes[i] & 0xff;
            boolean escape = c == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2]);
            boolean plain = escape || c > 0x20 && c < 0x7f && c != '%' && "\"<>\\^`{|}#[] ".indexOf(c) < 0;
            if (plain) {
                out.append((char) c);
            } else {
                out.append('%').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    private static boolean isHex(byte b) {
        return Character.digit(b, 16) >= 0;
    }

    /** Raw bytes a client that follows HTTP would not send. */
    static byte[] raw(Random random, int port) {
        Mutator mutator = new Mutator(random);
        String host = "Host: 127.0.0.1:" + port + "\r\n";
        String request = switch (random.nextInt(10)) {
            case 0 -> "GET /v1/runs/%ZZ HTTP/1.1\r\n" + host + "\r\n";
            case 1 -> "GET /v1/runs/a b c HTTP/1.1\r\n" + host + "\r\n";
            case 2 -> "GET /v1/runs/" + "x".repeat(5000 + random.nextInt(10_000)) + " HTTP/1.1\r\n" + host + "\r\n";
            case 3 ->
                "GET /health HTTP/1.1\r\n" + host + "X-Big: " + "y".repeat(9000 + random.nextInt(10_000)) + "\r\n\r\n";
            case 4 ->
                "POST /v1/runs HTTP/1.1\r\n" + host + "Content-Length: "
                        + mutator.pick(List.of("-1", "abc", "99999999999999999999", "1, 2")) + "\r\n\r\n{}";
            case 5 -> "POST /v1/runs HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n";
            case 6 -> "GET /v1/runs/x HTTP/9.9\r\n" + host + "\r\n";
            case 7 -> "GET /v1/templates HTTP/1.1\r\n" + host + "No colon here\r\n\r\n";
            case 8 -> "BREW /v1/runs HTTP/1.1\r\n" + host + "\r\n";
            default ->
                new String(
                        mutator.mutateBytes(Garbage.utf8("GET /v1/runs/x HTTP/1.1\r\n" + host + "\r\n"), 3),
                        StandardCharsets.ISO_8859_1);
        };
        return request.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Whether the request line ends in HTTP/1.0 or HTTP/1.1, the versions Vert.x serves. */
    static boolean hasSupportedVersion(byte[] request) {
        String text = new String(request, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n");
        String line = end < 0 ? text : text.substring(0, end);
        return line.endsWith(" HTTP/1.1") || line.endsWith(" HTTP/1.0");
    }

    /**
     * Sends raw bytes and reads the answer's status code: -1 when the server closed without answering.
     *
     * @throws SocketTimeoutException when no answer or close came within the timeout (a hang)
     */
    static int sendRaw(int port, byte[] request, int timeoutMillis) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
                socket.shutdownOutput();
            } catch (IOException closedWhileWriting) {
                // the server may answer and close before it read everything (a too-long line)
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            while ((b = readOrEnd(in)) >= 0 && b != '\n') {
                head.write(b);
            }
            String statusLine = head.toString(StandardCharsets.ISO_8859_1);
            String[] parts = statusLine.split(" ");
            return parts.length >= 2 && parts[0].startsWith("HTTP/") ? Integer.parseInt(parts[1]) : -1;
        }
    }

    private static int readOrEnd(InputStream in) throws IOException {
        try {
            return in.read();
        } catch (SocketException reset) {
            return -1;
        }
    }

    static List<String> headerPairs(Map<String, String> headers) {
        List<String> pairs = new ArrayList<>();
        headers.forEach((name, value) -> {
            pairs.add(name);
            pairs.add(value);
        });
        return pairs;
    }
}
