package io.hookstream.schemas.template;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** {@code action.httpGet}: succeeds on a status from 200 to 399, as Kubernetes probes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HttpGetAction(String path, IntOrString port, String host, String scheme, List<HttpHeader> httpHeaders) {

    public HttpGetAction {
        httpHeaders = httpHeaders == null ? null : List.copyOf(httpHeaders);
    }
}
