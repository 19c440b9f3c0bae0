package io.hookstream.schemas.template;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * KubeStash's {@code runtimeSettings} of a hook invocation (kmodules offshoot-api {@code RuntimeSettings}): how the
 * executor Job of a Function hook runs, as settings of its pod and of its container.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuntimeSettings(PodRuntimeSettings pod, ContainerRuntimeSettings container) {}
