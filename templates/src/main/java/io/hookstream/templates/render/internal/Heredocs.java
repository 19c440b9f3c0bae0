package io.hookstream.templates.render.internal;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The here-documents of a shell script: the delimiter word being read after {@code <<}, the bodies due after
 * the end of the current line, and the raw lines of a body, where its delimiter line is recognized.
 */
final class Heredocs {

    /** What a character did to the body being followed. */
    enum Line {
        /** The body goes on. */
        CONTINUES,
        /** The character ended the delimiter line: the body is over. */
        ENDS,
        /** A line continuation inside a substitution in the body, which sh and bash read differently. */
        AMBIGUOUS
    }

    private final Deque<ShellFrame> pending = new ArrayDeque<>();
    private HeredocWord word;

    boolean readingWord() {
        return word != null;
    }

    int pendingBodies() {
        return pending.size();
    }

    void startWord(boolean stripTabs) {
        word = new HeredocWord(stripTabs);
    }

    /** Feeds the delimiter word; false when the word ended before {@code c}. */
    boolean accept(char c) {
        return word.accept(c);
    }

    /** Ends the delimiter word and queues its body; returns why the script cannot be followed, or null. */
    String finishWord() {
        HeredocWord ended = word;
        word = null;
        if (ended.isEmpty()) {
            return "the script has '<<' without a here-document delimiter";
        }
        pending.add(ShellFrame.heredoc(ended.delimiter(), ended.quoted(), ended.stripTabs));
        return null;
    }

    /** The next body to read, once the line with its {@code <<} has ended; null when there is none. */
    ShellFrame nextBody() {
        return pending.poll();
    }

    /** The innermost body open in the stack, or null. */
    static ShellFrame innermost(Deque<ShellFrame> stack) {
        for (ShellFrame frame : stack) {
            if (frame.isHeredoc()) {
                return frame;
            }
        }
        return null;
    }

    /**
     * Follows the raw lines of a body. In an unquoted body a backslash-newline joins two lines, so the next line
     * is not a delimiter line; {@code nested} tells whether a quote or substitution is open inside the body.
     */
    static Line follow(ShellFrame body, char c, boolean nested) {
        if (c != '\n') {
            body.line.append(c);
            return Line.CONTINUES;
        }
        if (body.kind == ShellFrame.Kind.HEREDOC && body.lineEndsWithEscape()) {
            if (nested) {
                return Line.AMBIGUOUS;
            }
            body.line.setLength(body.line.length() - 1);
            return Line.CONTINUES;
        }
        if (body.lineEndsHeredoc()) {
            return Line.ENDS;
        }
        body.line.setLength(0);
        return Line.CONTINUES;
    }
}
