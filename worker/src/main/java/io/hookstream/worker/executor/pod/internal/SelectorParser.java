package io.hookstream.worker.executor.pod.internal;

import io.hookstream.worker.executor.pod.internal.Requirement.Operator;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code executor.pod.selector} with the grammar of {@code kubectl -l}: comma-separated requirements
 * {@code k=v}, {@code k==v}, {@code k!=v}, {@code k in (a,b)}, {@code k notin (a,b)}, {@code k}, {@code !k},
 * {@code k>n}, {@code k<n}. Keys and values are checked as Kubernetes label keys and values. An empty
 * selector is refused: it would select every pod of the namespace.
 */
public final class SelectorParser {

    static final String FIELD = "executor.pod.selector";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern PREFIX =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

    private final String text;
    private int position;

    private SelectorParser(String text) {
        this.text = text;
    }

    /** @throws InvalidSelectorException naming the field, the offending part and what is expected there */
    public static Selector parse(String selector) throws InvalidSelectorException {
        if (selector == null || selector.isBlank()) {
            throw new InvalidSelectorException(FIELD + " is empty: give a label selector such as"
                    + " \"app=my-app,env=prod\" (an empty selector would pick every pod in the namespace)");
        }
        return new SelectorParser(selector).selector();
    }

    private Selector selector() throws InvalidSelectorException {
        List<Requirement> requirements = new ArrayList<>();
        while (true) {
            requirements.add(requirement());
            skipSpaces();
            if (atEnd()) {
                return new Selector(text, requirements);
            }
            expect(',', "',' between requirements");
        }
    }

    private Requirement requirement() throws InvalidSelectorException {
        skipSpaces();
        if (atEnd()) {
            throw error("expected a requirement such as app=web at the end, got nothing");
        }
        if (peek() == '!') {
            position++;
            return new Requirement(key(), Operator.DOES_NOT_EXIST, Set.of());
        }
        String key = key();
        skipSpaces();
        if (atEnd() || peek() == ',') {
            return new Requirement(key, Operator.EXISTS, Set.of());
        }
        if (text.startsWith("!=", position)) {
            position += 2;
            return new Requirement(key, Operator.NOT_IN, Set.of(value(key)));
        }
        if (text.startsWith("==", position)) {
            position += 2;
            return new Requirement(key, Operator.IN, Set.of(value(key)));
        }
        if (peek() == '=') {
            position++;
            return new Requirement(key, Operator.IN, Set.of(value(key)));
        }
        if (peek() == '>' || peek() == '<') {
            Operator operator = peek() == '>' ? Operator.GREATER_THAN : Operator.LESS_THAN;
            position++;
            String bound = value(key);
            if (!bound.matches("-?[0-9]{1,18}")) {
                throw error("'" + key + (operator == Operator.GREATER_THAN ? ">" : "<") + bound
                        + "' needs a whole number after the operator");
            }
            return new Requirement(key, operator, Set.of(bound));
        }
        String word = word();
        if (word.equals("in") || word.equals("notin")) {
            return new Requirement(key, word.equals("in") ? Operator.IN : Operator.NOT_IN, valueSet(key, word));
        }
        throw error("after key '" + key + "' expected one of =, ==, !=, in, notin, >, < or ','"
                + (word.isEmpty() ? "" : ", got '" + word + "'"));
    }

    private Set<String> valueSet(String key, String operator) throws InvalidSelectorException {
        skipSpaces();
        expect('(', "'(' after '" + key + " " + operator + "'");
        Set<String> values = new LinkedHashSet<>();
        while (true) {
            values.add(value(key));
            skipSpaces();
            if (!atEnd() && peek() == ')') {
                position++;
                return values;
            }
            expect(',', "',' or ')' in the values of '" + key + " " + operator + "'");
        }
    }

    private String key() throws InvalidSelectorException {
        skipSpaces();
        String key = word();
        if (key.isEmpty()) {
            throw error("expected a label key" + (atEnd() ? " at the end" : ", got '" + peek() + "'"));
        }
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        String prefix = slash < 0 ? null : key.substring(0, slash);
        if (!NAME.matcher(name).matches()
                || prefix != null
                        && (prefix.length() > 253 || !PREFIX.matcher(prefix).matches())) {
            throw error("'" + key + "' is no valid label key: a name of at most 63 letters, digits, '-', '_' or"
                    + " '.' (starting and ending with a letter or digit), optionally after a DNS prefix and '/'");
        }
        return key;
    }

    private String value(String key) throws InvalidSelectorException {
        skipSpaces();
        String value = word();
        if (!VALUE.matcher(value).matches()) {
            throw error("'" + value + "' (for key '" + key + "') is no valid label value: at most 63 letters,"
                    + " digits, '-', '_' or '.', starting and ending with a letter or digit");
        }
        return value;
    }

    private String word() {
        int start = position;
        while (!atEnd() && isWordChar(peek())) {
            position++;
        }
        return text.substring(start, position);
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' || c == '/';
    }

    private void expect(char wanted, String what) throws InvalidSelectorException {
        skipSpaces();
        if (atEnd() || peek() != wanted) {
            throw error("expected " + what + (atEnd() ? " before the end" : ", got '" + peek() + "'"));
        }
        position++;
    }

    private void skipSpaces() {
        while (!atEnd() && Character.isWhitespace(peek())) {
            position++;
        }
    }

    private boolean atEnd() {
        return position >= text.length();
    }

    private char peek() {
        return text.charAt(position);
    }

    private InvalidSelectorException error(String problem) {
        return new InvalidSelectorException(FIELD + " '" + text + "' is no valid label selector at character "
                + (position + 1) + ": " + problem + " (write it as kubectl -l does, e.g. \"app=my-app,env in"
                + " (prod,staging)\")");
    }
}
