package io.hookstream.templates.render.internal;

import io.hookstream.templates.render.internal.ShellFrame.Kind;
import io.hookstream.templates.render.internal.ShellLexer.Insertion;

/** Decides how a value may be inserted at the current position of a {@link ShellLexer}, or why it may not. */
final class InsertionPoint {

    private InsertionPoint() {}

    static Insertion of(ShellLexer lexer) {
        if (lexer.confusion() != null) {
            return reject(lexer.confusion() + ", so no template expression may follow it in the script;"
                    + " pass the value as an argument instead (sh -c '... \"$1\"' sh {{ ... }})");
        }
        if (lexer.expectsHeredocWord()) {
            return reject("a here-document delimiter cannot come from a template expression");
        }
        if (lexer.escaped()) {
            return reject("a template expression cannot follow a backslash in a shell script");
        }
        if (lexer.afterDollar()) {
            return reject("a template expression cannot follow '$' in a shell script");
        }
        if (lexer.inDupTarget()) {
            return reject("a template expression cannot be the target of >& (bash expands that word twice, so the"
                    + " value would run as code); write > FILE 2>&1 instead");
        }
        if (lexer.inTest()) {
            return reject("a template expression inside [[ ... ]] is not supported, because bash evaluates the"
                    + " operands of -eq, -lt and the like as arithmetic, which can run code; use [ ... ] instead");
        }
        ShellFrame top = lexer.top();
        Kind kind = lexer.afterDollarParen() ? Kind.CMDSUB : top.kind;
        if (lexer.inName() && kind != Kind.CMDSUB && top.doubleLike()) {
            return reject("a template expression cannot directly follow $NAME inside double quotes or a"
                    + " here-document, because the value would extend the variable name; write ${NAME}");
        }
        return switch (kind) {
            case TOP, CMDSUB, COMMENT -> quote(ShellQuoter.Context.OUTSIDE);
            case SINGLE -> quote(ShellQuoter.Context.SINGLE);
            case DOUBLE -> quote(ShellQuoter.Context.DOUBLE);
            case HEREDOC -> quote(ShellQuoter.Context.HEREDOC);
            case HEREDOC_LITERAL -> quote(ShellQuoter.Context.VERBATIM);
            case PARAM ->
                top.inDouble
                        ? reject("a template expression inside \"${...}\" is not supported (shells disagree on"
                                + " quoting there); put it outside the ${...} or assign it to a variable first")
                        : quote(ShellQuoter.Context.OUTSIDE);
            case ANSI -> reject("a template expression inside $'...' is not supported; use '...' instead");
            case BACKTICK -> reject("a template expression inside backticks is not supported; use $(...)" + " instead");
            case ARITH ->
                reject("a template expression inside arithmetic ($((...)) or ((...))) is not"
                        + " supported, because the shell would evaluate the value as an expression; assign it to a"
                        + " variable and check it first");
        };
    }

    private static Insertion quote(ShellQuoter.Context context) {
        return new Insertion(context, null);
    }

    private static Insertion reject(String reason) {
        return new Insertion(null, reason);
    }
}
