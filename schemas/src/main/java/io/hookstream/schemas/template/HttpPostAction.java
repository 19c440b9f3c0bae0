package io.hookstream.schemas.template;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** {@code action.httpPost}: like httpGet, with a {@code body} or url-encoded {@code form}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HttpPostAction(
        String path,
        IntOrString port,
        String host,
        String scheme,
        List<HttpHeader> httpHeaders,
        String body,
        List<FormEntry> form) {

    public HttpPostAction {
        httpHeaders = httpHeaders == null ? null : List.copyOf(httpHeaders);
        form = form == null ? null : List.copyOf(form);
    }
}
