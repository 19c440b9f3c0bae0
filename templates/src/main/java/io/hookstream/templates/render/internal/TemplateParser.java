package io.hookstream.templates.render.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Builds the nodes of a template from its tokens, enforcing the supported subset of Go templates: fields from
 * the root, constants, the functions of {@link Functions}, pipelines and parentheses. Control actions are
 * refused by name.
 */
final class TemplateParser {

    private static final Set<String> UNSUPPORTED_KEYWORDS =
            Set.of("if", "else", "end", "range", "with", "define", "template", "block", "break", "continue");

    /** Deepest nesting of parentheses: parsing and evaluation recurse, so an unbounded depth overflows the stack. */
    static final int MAX_NESTING = 100;

    private final List<Token> tokens;
    private int index;
    private int nesting;
    private int actionStart;

    private TemplateParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    static List<Node> parse(String source) {
        return new TemplateParser(TemplateLexer.lex(source)).nodes();
    }

    private List<Node> nodes() {
        List<Node> nodes = new ArrayList<>();
        while (!peek().is(Token.Type.EOF)) {
            Token token = next();
            if (token.is(Token.Type.TEXT)) {
                nodes.add(new Node.Text(token.text()));
            } else {
                actionStart = token.offset();
                Pipeline pipeline = pipeline(Token.Type.RIGHT_DELIM);
                Token close = next();
                nodes.add(new Node.Action(
                        pipeline, actionStart, close.offset() + close.text().length()));
            }
        }
        return nodes;
    }

    /** Parses commands up to (not including) the closing token {@code end}. */
    private Pipeline pipeline(Token.Type end) {
        skipSpace();
        if (peek().is(end)) {
            throw error("empty " + (end == Token.Type.RPAREN ? "parentheses" : "action")
                    + ": write a field such as .Name or a function call");
        }
        List<Pipeline.Command> commands = new ArrayList<>();
        while (true) {
            Pipeline.Command command = command(end, !commands.isEmpty());
            commands.add(command);
            skipSpace();
            if (peek().is(end)) {
                return new Pipeline(commands);
            }
            if (!peek().is(Token.Type.PIPE)) {
                throw unexpected(peek());
            }
            next();
            skipSpace();
            if (peek().is(end) || peek().is(Token.Type.PIPE)) {
                throw error("missing function after |");
            }
        }
    }

    private Pipeline.Command command(Token.Type end, boolean piped) {
        List<Expr> operands = new ArrayList<>();
        while (true) {
            operands.add(operand());
            Token after = peek();
            if (after.is(Token.Type.SPACE)) {
                skipSpace();
                if (peek().is(end) || peek().is(Token.Type.PIPE)) {
                    break;
                }
                continue;
            }
            if (after.is(end) || after.is(Token.Type.PIPE)) {
                break;
            }
            throw unexpected(after);
        }
        Expr first = operands.get(0);
        if (!(first instanceof Expr.Function)) {
            if (piped) {
                throw error("cannot pipe a value into " + describe(first) + ": only a function can follow |");
            }
            if (operands.size() > 1) {
                throw error("cannot give arguments to " + describe(first) + ": it is not a function");
            }
        }
        return new Pipeline.Command(operands);
    }

    private Expr operand() {
        Token token = next();
        switch (token.type()) {
            case FIELD -> {
                List<String> names = new ArrayList<>();
                names.add(token.text());
                while (peek().is(Token.Type.FIELD)) {
                    names.add(next().text());
                }
                return new Expr.Field(names, token.offset());
            }
            case DOT -> {
                return new Expr.Dot(token.offset());
            }
            case STRING -> {
                return new Expr.Literal(token.text(), token.offset());
            }
            case NUMBER -> {
                return new Expr.Literal(number(token.text()), token.offset());
            }
            case IDENT -> {
                return identifier(token);
            }
            case LPAREN -> {
                if (++nesting > MAX_NESTING) {
                    throw error("parentheses are nested more than " + MAX_NESTING + " deep; simplify the expression");
                }
                Pipeline inner = pipeline(Token.Type.RPAREN);
                nesting--;
                next();
                if (peek().is(Token.Type.FIELD)) {
                    throw error("field access on a parenthesized value is not supported");
                }
                return new Expr.Group(inner, token.offset());
            }
            default -> throw unexpected(token);
        }
    }

    private Expr identifier(Token token) {
        String name = token.text();
        if (UNSUPPORTED_KEYWORDS.contains(name)) {
            throw error("unsupported action '" + name + "': conditionals, loops and nested templates are not"
                    + " supported in hook templates; compute the value with functions (for example default)"
                    + " or move the logic into the command");
        }
        if (name.equals("true") || name.equals("false")) {
            return new Expr.Literal(Boolean.valueOf(name), token.offset());
        }
        if (name.equals("nil")) {
            throw error("nil is not supported; use an empty string \"\"");
        }
        if (!Functions.exists(name)) {
            throw error("unknown function '" + name + "'; supported functions are " + Functions.names());
        }
        if (peek().is(Token.Type.FIELD)) {
            throw error("field access on the result of " + name + " is not supported");
        }
        return new Expr.Function(name, token.offset());
    }

    private Object number(String text) {
        String digits = text.replace("_", "");
        try {
            if (digits.matches("[+-]?0[xX][0-9a-fA-F]+")) {
                boolean negative = digits.startsWith("-");
                String hex = digits.replaceFirst("^[+-]?0[xX]", "");
                long value = Long.parseLong(hex, 16);
                return negative ? -value : value;
            }
            if (digits.matches("[+-]?[0-9]+")) {
                return Long.parseLong(digits.startsWith("+") ? digits.substring(1) : digits);
            }
            if (digits.matches("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?")) {
                double value = Double.parseDouble(digits);
                if (Double.isInfinite(value)) {
                    throw new NumberFormatException();
                }
                return value;
            }
        } catch (NumberFormatException e) {
            throw error("number out of range: " + text);
        }
        throw error("bad number syntax: " + text);
    }

    private static String describe(Expr expr) {
        if (expr instanceof Expr.Field field) {
            return field.path();
        }
        if (expr instanceof Expr.Dot) {
            return ".";
        }
        if (expr instanceof Expr.Function function) {
            return function.name();
        }
        return expr instanceof Expr.Literal ? "a constant" : "a parenthesized value";
    }

    private void skipSpace() {
        while (peek().is(Token.Type.SPACE)) {
            index++;
        }
    }

    private Token peek() {
        return tokens.get(index);
    }

    private Token next() {
        return tokens.get(index++);
    }

    private TemplateError unexpected(Token token) {
        return switch (token.type()) {
            case RIGHT_DELIM -> error("unexpected }}: a '(' is not closed");
            case RPAREN -> error("unexpected ')' without a matching '('");
            case PIPE -> error("unexpected |: a function call or value must come before it");
            case STRING -> error("unexpected string; operands must be separated by spaces");
            default -> error("unexpected '" + token.text() + "'; operands must be separated by spaces");
        };
    }

    private TemplateError error(String detail) {
        int end = -1;
        for (int k = Math.max(0, index - 1); k < tokens.size(); k++) {
            Token t = tokens.get(k);
            if (t.is(Token.Type.RIGHT_DELIM)) {
                end = t.offset() + t.text().length();
                break;
            }
            if (t.is(Token.Type.LEFT_DELIM) && t.offset() > actionStart) {
                break;
            }
        }
        return new TemplateError(detail, actionStart, end);
    }
}
