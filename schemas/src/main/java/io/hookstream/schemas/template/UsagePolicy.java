package io.hookstream.schemas.template;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code spec.usagePolicy}: which namespaces may refer to the template. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UsagePolicy(AllowedNamespaces allowedNamespaces) {}
