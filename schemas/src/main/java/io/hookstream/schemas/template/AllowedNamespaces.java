package io.hookstream.schemas.template;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code usagePolicy.allowedNamespaces}: {@code from} is All, Same (the default) or Selector; a Selector
 * policy must carry {@code selector}, matched against the labels of the referring namespace.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AllowedNamespaces(FromNamespaces from, LabelSelector selector) {}
