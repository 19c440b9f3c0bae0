package io.hookstream.cli;

/** {@code --output}: a human table (default), JSON (one object per line for streams) or YAML. */
public enum OutputFormat {
    table,
    json,
    yaml
}
