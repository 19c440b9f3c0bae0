package io.hookstream.schemas.template;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code spec.action}, a kmodules prober Handler. Although documented as "one of", every action that is set
 * runs, in the order exec, httpGet, httpPost, tcpSocket, stopping at the first failure.
 * {@code containerName} picks the container for Pod executors.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HookAction(
        ExecAction exec,
        HttpGetAction httpGet,
        HttpPostAction httpPost,
        TcpSocketAction tcpSocket,
        String containerName) {

    @JsonIgnore
    public boolean isEmpty() {
        return exec == null && httpGet == null && httpPost == null && tcpSocket == null;
    }
}
