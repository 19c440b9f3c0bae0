package io.hookstream.templates.render.internal;

/**
 * Tracks unquoted words of a shell script: whether the lexer is at the start of a word (where {@code #} starts a
 * comment and {@code ((} starts arithmetic) and the text of a word written without quotes (to spot keywords).
 */
final class ShellWords {

    private final StringBuilder word = new StringBuilder();
    private boolean plain = true;
    private boolean atStart = true;
    private boolean atStartBeforeEscape;

    boolean atStart() {
        return atStart;
    }

    /** A character that is part of a word; quotes, escapes and expansions make the word not plain. */
    void add(char c, boolean plainCharacter) {
        if (atStart) {
            word.setLength(0);
            plain = true;
            atStart = false;
        }
        plain &= plainCharacter;
        word.append(c);
    }

    /** A backslash: the next character is part of the word, unless it is a newline (a line continuation). */
    void escape() {
        atStartBeforeEscape = atStart;
        add('\\', false);
    }

    void lineContinued() {
        atStart = atStartBeforeEscape;
    }

    /** An operator or blank ends the word; returns the word when it was plain, else null. */
    String end() {
        String ended = plain && !atStart ? word.toString() : null;
        word.setLength(0);
        plain = true;
        atStart = true;
        return ended;
    }

    /** The end of a substitution inside a word: the word goes on. */
    void continueWord() {
        add(')', false);
    }
}
