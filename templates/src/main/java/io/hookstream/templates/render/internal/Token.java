package io.hookstream.templates.render.internal;

/** One lexical item of a template: text outside actions, delimiters, or a token inside an action. */
record Token(Type type, String text, int offset) {

    enum Type {
        TEXT,
        LEFT_DELIM,
        RIGHT_DELIM,
        SPACE,
        FIELD,
        DOT,
        IDENT,
        STRING,
        NUMBER,
        PIPE,
        LPAREN,
        RPAREN,
        EOF
    }

    boolean is(Type t) {
        return type == t;
    }
}
