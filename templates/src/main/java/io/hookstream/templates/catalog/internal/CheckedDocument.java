package io.hookstream.templates.catalog.internal;

import io.hookstream.schemas.template.HookTemplate;

/**
 * One manifest of a file as it was judged: the line it starts on, the path prefix of its fields in the file
 * ({@code items[2].} inside a List, else empty), where each of its fields is, and its HookTemplate as far as it
 * binds (null for another kind, or when nothing of it binds), for checks beyond loading (template expressions).
 */
public record CheckedDocument(int line, String prefix, LineIndex lines, HookTemplate template) {}
