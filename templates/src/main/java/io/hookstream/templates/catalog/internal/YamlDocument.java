package io.hookstream.templates.catalog.internal;

import com.fasterxml.jackson.databind.JsonNode;

/** One document of a manifest file: the line it starts on, its tree, and where each of its fields is. */
public record YamlDocument(int line, JsonNode tree, LineIndex lines) {}
