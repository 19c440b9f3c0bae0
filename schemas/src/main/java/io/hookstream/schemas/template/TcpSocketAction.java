package io.hookstream.schemas.template;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code action.tcpSocket}: succeeds when a connection to host:port opens. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TcpSocketAction(IntOrString port, String host) {}
