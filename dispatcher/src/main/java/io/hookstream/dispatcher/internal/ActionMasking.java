package io.hookstream.dispatcher.internal;

import io.hookstream.kafka.SecretParams;
import io.hookstream.schemas.template.ExecAction;
import io.hookstream.schemas.template.FormEntry;
import io.hookstream.schemas.template.HookAction;
import io.hookstream.schemas.template.HttpGetAction;
import io.hookstream.schemas.template.HttpHeader;
import io.hookstream.schemas.template.HttpPostAction;
import io.hookstream.schemas.template.IntOrString;
import io.hookstream.schemas.template.TcpSocketAction;
import java.util.List;

/** A rendered action with a scrubber applied to each of its strings, for showing it (never for running it). */
final class ActionMasking {

    private ActionMasking() {}

    static HookAction masked(HookAction action, SecretParams.Scrubber scrubber) {
        return new HookAction(
                action.exec() == null
                        ? null
                        : new ExecAction(strings(action.exec().command(), scrubber)),
                action.httpGet() == null ? null : httpGet(action.httpGet(), scrubber),
                action.httpPost() == null ? null : httpPost(action.httpPost(), scrubber),
                action.tcpSocket() == null
                        ? null
                        : new TcpSocketAction(
                                port(action.tcpSocket().port(), scrubber),
                                scrubber.scrub(action.tcpSocket().host())),
                scrubber.scrub(action.containerName()));
    }

    private static HttpGetAction httpGet(HttpGetAction get, SecretParams.Scrubber scrubber) {
        return new HttpGetAction(
                scrubber.scrub(get.path()),
                port(get.port(), scrubber),
                scrubber.scrub(get.host()),
                get.scheme(),
                headers(get.httpHeaders(), scrubber));
    }

    private static HttpPostAction httpPost(HttpPostAction post, SecretParams.Scrubber scrubber) {
        return new HttpPostAction(
                scrubber.scrub(post.path()),
                port(post.port(), scrubber),
                scrubber.scrub(post.host()),
                post.scheme(),
                headers(post.httpHeaders(), scrubber),
                scrubber.scrub(post.body()),
                post.form() == null
                        ? null
                        : post.form().stream()
                                .map(f -> new FormEntry(scrubber.scrub(f.key()), strings(f.values(), scrubber)))
                                .toList());
    }

    private static List<HttpHeader> headers(List<HttpHeader> headers, SecretParams.Scrubber scrubber) {
        return headers == null
                ? null
                : headers.stream()
                        .map(h -> new HttpHeader(h.name(), scrubber.scrub(h.value())))
                        .toList();
    }

    private static List<String> strings(List<String> values, SecretParams.Scrubber scrubber) {
        return values == null ? null : values.stream().map(scrubber::scrub).toList();
    }

    private static IntOrString port(IntOrString port, SecretParams.Scrubber scrubber) {
        return port == null || port.isInt() ? port : IntOrString.parse(scrubber.scrub(port.stringValue()));
    }
}
