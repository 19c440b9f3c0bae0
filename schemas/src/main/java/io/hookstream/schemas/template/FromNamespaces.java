package io.hookstream.schemas.template;

/** Values of {@code usagePolicy.allowedNamespaces.from}. */
public enum FromNamespaces {
    All,
    Same,
    Selector
}
