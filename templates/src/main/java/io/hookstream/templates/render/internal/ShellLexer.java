package io.hookstream.templates.render.internal;

import io.hookstream.templates.render.internal.ShellFrame.Kind;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Follows the lexical context of a POSIX shell script (sh, bash, dash, ksh, zsh) one character at a time:
 * quotes, backslashes, {@code $(...)}, {@code ${...}}, backticks, arithmetic, comments and here-documents. It
 * tells in which context a value would be inserted and refuses positions it cannot make safe. When it meets a
 * construct whose end it cannot follow reliably (for example a {@code case} inside {@code $(...)}) it stops
 * following and refuses every later insertion.
 */
public final class ShellLexer {

    /** Where a value would go: a context to quote for, or the reason why no value may go there. */
    public record Insertion(ShellQuoter.Context context, String rejection) {}

    private enum Pending {
        NONE,
        DOLLAR,
        DOLLAR_PAREN,
        PAREN,
        LT,
        LTLT,
        GT
    }

    private final Deque<ShellFrame> stack = new ArrayDeque<>();
    private Pending pending = Pending.NONE;
    private final Heredocs heredocs = new Heredocs();
    private boolean escaped;
    private boolean inName;
    private final ShellWords words = new ShellWords();
    private String confusion;
    /** The frame in which a {@code >&} target word is being read (bash expands that word twice), or null. */
    private ShellFrame dupTarget;
    /** The frame in which a bash {@code [[ ... ]]} test is open, or null. */
    private ShellFrame test;

    public ShellLexer() {
        stack.push(ShellFrame.of(Kind.TOP));
    }

    /** Advances over one character of the script. */
    public void feed(char c) {
        if (confusion != null) {
            return;
        }
        ShellFrame heredoc = Heredocs.innermost(stack);
        Heredocs.Line line =
                heredoc == null ? Heredocs.Line.CONTINUES : Heredocs.follow(heredoc, c, stack.peek() != heredoc);
        if (line == Heredocs.Line.ENDS) {
            closeHeredoc(heredoc);
        } else if (line == Heredocs.Line.AMBIGUOUS) {
            confusion = "the script continues a line with a backslash inside a substitution in a here-document,"
                    + " which sh and bash read differently";
        } else {
            process(c);
        }
    }

    /** The context for a value inserted at the current position. */
    public Insertion insertion() {
        return InsertionPoint.of(this);
    }

    String confusion() {
        return confusion;
    }

    boolean expectsHeredocWord() {
        return heredocs.readingWord() || pending == Pending.LTLT;
    }

    boolean escaped() {
        return escaped;
    }

    boolean afterDollar() {
        return pending == Pending.DOLLAR;
    }

    boolean afterDollarParen() {
        return pending == Pending.DOLLAR_PAREN;
    }

    boolean inName() {
        return inName;
    }

    ShellFrame top() {
        return stack.peek();
    }

    boolean inDupTarget() {
        return dupTarget != null;
    }

    boolean inTest() {
        return test != null;
    }

    /** Whether both lexers are in the same nesting of quotes, substitutions and here-documents. */
    public boolean sameStructure(ShellLexer other) {
        if ((confusion == null) != (other.confusion == null)
                || escaped != other.escaped
                || pending != other.pending
                || heredocs.readingWord() != other.heredocs.readingWord()
                || (dupTarget == null) != (other.dupTarget == null)
                || (test == null) != (other.test == null)
                || heredocs.pendingBodies() != other.heredocs.pendingBodies()
                || stack.size() != other.stack.size()) {
            return false;
        }
        Iterator<ShellFrame> mine = stack.iterator();
        Iterator<ShellFrame> theirs = other.stack.iterator();
        while (mine.hasNext()) {
            if (mine.next().kind != theirs.next().kind) {
                return false;
            }
        }
        return true;
    }

    private void process(char c) {
        if (pending != Pending.NONE && resolvePending(c)) {
            return;
        }
        if (heredocs.readingWord()) {
            if (heredocs.accept(c)) {
                return;
            }
            confusion = heredocs.finishWord();
        }
        if (escaped) {
            escaped = false;
            if (c == '\n') {
                words.lineContinued();
            } else if (stack.peek().kind == Kind.ANSI && c == '\'') {
                confusion = "the script has \\' inside $'...', which sh and bash read differently";
            }
            return;
        }
        if (inName) {
            if (isNameChar(c)) {
                return;
            }
            inName = false;
        }
        ShellFrame top = stack.peek();
        switch (top.kind) {
            case TOP, CMDSUB -> unquoted(top, c);
            case COMMENT -> {
                if (c == '\n') {
                    stack.pop();
                    process(c);
                }
            }
            case SINGLE -> closeOn(c, '\'');
            case ANSI -> {
                if (c == '\\') {
                    escaped = true;
                } else {
                    closeOn(c, '\'');
                }
            }
            case DOUBLE -> {
                if (!closeOn(c, '"')) {
                    expansion(c);
                }
            }
            case BACKTICK -> {
                if (c == '\\') {
                    escaped = true;
                } else {
                    closeOn(c, '`');
                }
            }
            case PARAM -> param(top, c);
            case ARITH -> arithmetic(top, c);
            case HEREDOC -> expansion(c);
            case HEREDOC_LITERAL -> {}
        }
    }

    /** Unquoted text at the top level or inside $(...). */
    private void unquoted(ShellFrame top, char c) {
        if (top == dupTarget && " \t\n;&|<>()".indexOf(c) >= 0 && (!words.atStart() || (c != ' ' && c != '\t'))) {
            dupTarget = null;
        }
        switch (c) {
            case '\\' -> {
                words.escape();
                escaped = true;
            }
            case '\'' -> {
                words.add(c, false);
                stack.push(ShellFrame.of(Kind.SINGLE));
            }
            case '"' -> {
                words.add(c, false);
                stack.push(ShellFrame.of(Kind.DOUBLE));
            }
            case '`' -> {
                words.add(c, false);
                stack.push(ShellFrame.of(Kind.BACKTICK));
            }
            case '$' -> {
                words.add(c, false);
                pending = Pending.DOLLAR;
            }
            case '(' -> {
                boolean atStart = words.atStart();
                endWord();
                if (atStart) {
                    pending = Pending.PAREN;
                } else if (top.kind == Kind.CMDSUB) {
                    top.depth++;
                }
            }
            case ')' -> {
                endWord();
                if (top.kind == Kind.CMDSUB && top.depth == 0) {
                    stack.pop();
                    words.continueWord();
                } else if (top.kind == Kind.CMDSUB) {
                    top.depth--;
                }
            }
            case '<' -> {
                endWord();
                pending = Pending.LT;
            }
            case '>' -> {
                endWord();
                pending = Pending.GT;
            }
            case ' ', '\t', ';', '&', '|' -> endWord();
            case '\n' -> {
                endWord();
                pushNextHeredoc();
            }
            case '#' -> {
                if (words.atStart()) {
                    stack.push(ShellFrame.of(Kind.COMMENT));
                } else {
                    words.add(c, true);
                }
            }
            default -> words.add(c, true);
        }
    }

    /** $, backticks and backslashes inside double quotes and here-documents. */
    private void expansion(char c) {
        if (c == '\\') {
            escaped = true;
        } else if (c == '$') {
            pending = Pending.DOLLAR;
        } else if (c == '`') {
            stack.push(ShellFrame.of(Kind.BACKTICK));
        }
    }

    private void param(ShellFrame top, char c) {
        if (c == '}') {
            stack.pop();
        } else if (c == '\'') {
            if (top.inDouble) {
                confusion = "the script has a single quote inside \"${...}\", which sh and bash read differently";
            } else {
                stack.push(ShellFrame.of(Kind.SINGLE));
            }
        } else if (c == '"') {
            stack.push(ShellFrame.of(Kind.DOUBLE));
        } else {
            expansion(c);
        }
    }

    private void arithmetic(ShellFrame top, char c) {
        if ("'`#<\\".indexOf(c) >= 0) {
            confusion = "the script has quotes, backticks, comments, redirections or backslashes inside $((...)) or"
                    + " ((...)), which shells read differently";
            return;
        }
        if (top.closing) {
            if (c == ')') {
                stack.pop();
            } else {
                confusion = "the script has '$((' or '((' that does not end with '))'";
            }
            return;
        }
        if (c == '(') {
            top.depth++;
        } else if (c == ')' && top.depth > 0) {
            top.depth--;
        } else if (c == ')') {
            top.closing = true;
        } else if (c == '"') {
            stack.push(ShellFrame.of(Kind.DOUBLE));
        } else {
            expansion(c);
        }
    }

    /** Handles the character after '$', '$(', a word-initial '(', '<' or '<<'; true when it is consumed. */
    private boolean resolvePending(char c) {
        Pending p = pending;
        pending = Pending.NONE;
        ShellFrame top = stack.peek();
        switch (p) {
            case DOLLAR -> {
                if (c == '(') {
                    pending = Pending.DOLLAR_PAREN;
                } else if (c == '{') {
                    stack.push(ShellFrame.param(top.doubleLike()));
                } else if (c == '[') {
                    confusion = "the script uses $[...], which bash reads as arithmetic and sh as text";
                } else if (c == '\'' && !top.doubleLike()) {
                    stack.push(ShellFrame.of(Kind.ANSI));
                } else if (isNameChar(c) && !Character.isDigit(c)) {
                    inName = true;
                } else {
                    return "0123456789@*#?-$!".indexOf(c) >= 0;
                }
                return true;
            }
            case DOLLAR_PAREN, PAREN -> {
                if (c == '(') {
                    stack.push(ShellFrame.of(Kind.ARITH));
                    return true;
                }
                if (p == Pending.DOLLAR_PAREN) {
                    stack.push(ShellFrame.of(Kind.CMDSUB));
                    endWord();
                } else if (top.kind == Kind.CMDSUB) {
                    top.depth++;
                }
                return false;
            }
            case LT -> {
                if (c == '<') {
                    pending = Pending.LTLT;
                    return true;
                }
                return false;
            }
            case GT -> {
                if (c == '&') {
                    dupTarget = top;
                }
                return c == '&' || c == '>' || c == '|';
            }
            case LTLT -> {
                if (c == '<') {
                    return true;
                }
                heredocs.startWord(c == '-');
                return c == '-';
            }
            default -> {
                return false;
            }
        }
    }

    private void closeHeredoc(ShellFrame heredoc) {
        while (stack.peek() != heredoc) {
            stack.pop();
            confusion = "a here-document ends inside an unfinished quote or substitution";
        }
        stack.pop();
        escaped = false;
        pending = Pending.NONE;
        inName = false;
        endWord();
        pushNextHeredoc();
    }

    private void pushNextHeredoc() {
        ShellFrame body = heredocs.nextBody();
        if (body != null) {
            stack.push(body);
        }
    }

    private boolean closeOn(char c, char closer) {
        if (c == closer) {
            stack.pop();
            return true;
        }
        return false;
    }

    private void endWord() {
        String word = words.end();
        if ("case".equals(word) && insideCommandSubstitution()) {
            confusion = "the script has a case statement inside $(...), whose end cannot be followed reliably";
        } else if ("[[".equals(word) && test == null) {
            test = stack.peek();
        } else if ("]]".equals(word) && test == stack.peek()) {
            test = null;
        }
    }

    private boolean insideCommandSubstitution() {
        return stack.stream().anyMatch(f -> f.kind == Kind.CMDSUB);
    }

    private static boolean isNameChar(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
