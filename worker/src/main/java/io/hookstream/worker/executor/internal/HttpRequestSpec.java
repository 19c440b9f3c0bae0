package io.hookstream.worker.executor.internal;

import io.hookstream.schemas.template.FormEntry;
import io.hookstream.schemas.template.HttpGetAction;
import io.hookstream.schemas.template.HttpHeader;
import io.hookstream.schemas.template.HttpPostAction;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A validated httpGet or httpPost: method, endpoint, request URI (path, "/" by default), every header in order
 * (repeated names kept) and, for POST, the raw body or the url-encoded form (every value of every key, in
 * order; a key without values is left out, as KubeStash does).
 */
public record HttpRequestSpec(
        String kind,
        HttpMethod method,
        Endpoint endpoint,
        String uri,
        List<Map.Entry<String, String>> headers,
        Buffer body) {

    public static final String FORM_CONTENT_TYPE = "application/x-www-form-urlencoded";

    public static HttpRequestSpec get(HttpGetAction action) throws InvalidActionException {
        String field = "action.httpGet";
        return new HttpRequestSpec(
                "httpGet",
                HttpMethod.GET,
                Endpoint.of(field, action.scheme(), action.host(), action.port()),
                uri(action.path()),
                headers(field, action.httpHeaders()),
                null);
    }

    public static HttpRequestSpec post(HttpPostAction action) throws InvalidActionException {
        String field = "action.httpPost";
        Endpoint endpoint = Endpoint.of(field, action.scheme(), action.host(), action.port());
        List<Map.Entry<String, String>> headers = headers(field, action.httpHeaders());
        boolean hasForm = action.form() != null && !action.form().isEmpty();
        if (hasForm && action.body() != null) {
            throw new InvalidActionException(field + " sets both body and form; set only one of them");
        }
        Buffer body;
        if (hasForm) {
            body = Buffer.buffer(encodeForm(field, action.form()));
            if (headers.stream().noneMatch(header -> header.getKey().equalsIgnoreCase("Content-Type"))) {
                headers.add(Map.entry("Content-Type", FORM_CONTENT_TYPE));
            }
        } else {
            body = Buffer.buffer(action.body() == null ? "" : action.body());
        }
        return new HttpRequestSpec("httpPost", HttpMethod.POST, endpoint, uri(action.path()), headers, body);
    }

    private static String uri(String path) {
        if (path == null || path.isEmpty()) {
            return "/";
        }
        return path.startsWith("/") ? path : "/" + path;
    }

    private static List<Map.Entry<String, String>> headers(String field, List<HttpHeader> httpHeaders)
            throws InvalidActionException {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        if (httpHeaders == null) {
            return headers;
        }
        for (HttpHeader header : httpHeaders) {
            if (header == null || header.name() == null || header.name().isBlank()) {
                throw new InvalidActionException(field + ".httpHeaders: every header needs a name");
            }
            headers.add(Map.entry(header.name(), header.value() == null ? "" : header.value()));
        }
        return headers;
    }

    private static String encodeForm(String field, List<FormEntry> form) throws InvalidActionException {
        StringJoiner encoded = new StringJoiner("&");
        for (FormEntry entry : form) {
            if (entry == null || entry.key() == null || entry.key().isEmpty()) {
                throw new InvalidActionException(field + ".form: every entry needs a key");
            }
            String key = URLEncoder.encode(entry.key(), StandardCharsets.UTF_8);
            for (String value : entry.values()) {
                encoded.add(key + "=" + URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8));
            }
        }
        return encoded.toString();
    }
}
