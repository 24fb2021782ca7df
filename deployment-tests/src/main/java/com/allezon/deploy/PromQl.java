package com.allezon.deploy;

import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the metric names a PromQL expression selects. Not a full parser: it knows enough of the grammar
 * to tell a metric name from a function, an aggregation, a keyword, a label name in a grouping clause,
 * a string, a duration or a Grafana variable, which is all the dashboards need.
 */
public final class PromQl {

    /** Keywords followed by a parenthesised list of label names, not of expressions. */
    private static final Set<String> LABEL_LIST_KEYWORDS =
            Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
    private static final Set<String> OPERATOR_KEYWORDS =
            Set.of("and", "or", "unless", "bool", "offset", "atan2", "inf", "nan");

    private PromQl() {
    }

    public static Set<String> metricNames(String expression) {
        Set<String> names = new TreeSet<>();
        Scanner s = new Scanner(expression);
        int parentheses = 0;
        while (s.more()) {
            char c = s.peek();
            if (c == '"' || c == '\'' || c == '`') {
                s.skipString();
            } else if (c == '#') {
                s.skipLine();
            } else if (c == '{') {
                names.addAll(namesFromMatchers(s.takeBalanced('{', '}')));
            } else if (c == '[') {
                s.takeBalanced('[', ']');
            } else if (c == '$') {
                s.skipVariable();
            } else if (Character.isDigit(c) || (c == '.' && Character.isDigit(s.peekAt(1)))) {
                s.skipNumberOrDuration();
            } else if (isIdentifierStart(c)) {
                String identifier = s.takeIdentifier();
                s.skipSpaces();
                if (LABEL_LIST_KEYWORDS.contains(identifier) && s.more() && s.peek() == '(') {
                    s.takeBalanced('(', ')');
                } else if (s.more() && s.peek() == '(') {
                    // a function or an aggregation called directly
                } else if (OPERATOR_KEYWORDS.contains(identifier.toLowerCase())) {
                    // an operator written as a word
                } else if (s.nextWordIsOneOf("by", "without")) {
                    // an aggregation with its grouping clause first: sum by (job) (...)
                } else {
                    names.add(identifier);
                }
            } else {
                if (c == '(') {
                    parentheses++;
                } else if (c == ')' && --parentheses < 0) {
                    throw new IllegalArgumentException("unmatched ) in: " + expression);
                }
                s.advance();
            }
        }
        if (parentheses != 0) {
            throw new IllegalArgumentException("unclosed ( in: " + expression);
        }
        return names;
    }

    /** Names given as {@code {__name__="..."}} inside a selector's braces. */
    private static Set<String> namesFromMatchers(String braces) {
        Set<String> names = new TreeSet<>();
        Scanner s = new Scanner(braces.substring(1, braces.length() - 1));
        while (s.more()) {
            s.skipSpaces();
            if (!s.more()) {
                break;
            }
            if (isIdentifierStart(s.peek())) {
                String label = s.takeIdentifier();
                s.skipSpaces();
                String operator = s.takeOperator();
                s.skipSpaces();
                String value = s.more() && (s.peek() == '"' || s.peek() == '\'' || s.peek() == '`') ? s.takeString() : "";
                if (label.equals("__name__") && operator.equals("=")) {
                    names.add(value);
                }
            } else if (s.peek() == '"') {
                // Prometheus 3 allows a quoted metric name as the first item: {"my.metric", job="x"}
                String quoted = s.takeString();
                s.skipSpaces();
                if (!s.more() || s.peek() == ',') {
                    names.add(quoted);
                }
            } else {
                s.advance();
            }
        }
        return names;
    }

    static boolean isIdentifierStart(char c) {
        return Character.isLetter(c) || c == '_' || c == ':';
    }

    static boolean isIdentifierPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == ':';
    }

    private static final class Scanner {
        private final String text;
        private int at;

        Scanner(String text) {
            this.text = text;
        }

        boolean more() {
            return at < text.length();
        }

        char peek() {
            return text.charAt(at);
        }

        char peekAt(int offset) {
            return at + offset < text.length() ? text.charAt(at + offset) : '\0';
        }

        void advance() {
            at++;
        }

        void skipSpaces() {
            while (more() && Character.isWhitespace(peek())) {
                at++;
            }
        }

        void skipLine() {
            while (more() && peek() != '\n') {
                at++;
            }
        }

        void skipString() {
            takeString();
        }

        /** The unquoted content of the string literal at the cursor. */
        String takeString() {
            char quote = peek();
            StringBuilder content = new StringBuilder();
            at++;
            while (more() && peek() != quote) {
                if (peek() == '\\' && quote != '`' && at + 1 < text.length()) {
                    at++;
                }
                content.append(peek());
                at++;
            }
            at++;
            return content.toString();
        }

        String takeIdentifier() {
            int start = at;
            while (more() && isIdentifierPart(peek())) {
                at++;
            }
            return text.substring(start, at);
        }

        String takeOperator() {
            int start = at;
            while (more() && "=!~".indexOf(peek()) >= 0) {
                at++;
            }
            return text.substring(start, at);
        }

        /** Grafana variables: $name, ${name}, ${name:format} and [[name]] never name a metric. */
        void skipVariable() {
            at++;
            if (more() && peek() == '{') {
                while (more() && peek() != '}') {
                    at++;
                }
                at++;
            } else {
                while (more() && isIdentifierPart(peek())) {
                    at++;
                }
            }
        }

        void skipNumberOrDuration() {
            while (more() && (Character.isLetterOrDigit(peek()) || peek() == '.'
                    || ((peek() == '+' || peek() == '-') && (text.charAt(at - 1) == 'e' || text.charAt(at - 1) == 'E')))) {
                at++;
            }
        }

        /** Text from the opening bracket at the cursor to its matching close, both included. */
        String takeBalanced(char open, char close) {
            int start = at;
            int depth = 0;
            while (more()) {
                char c = peek();
                if (c == '"' || c == '\'' || c == '`') {
                    skipString();
                    continue;
                }
                at++;
                if (c == open) {
                    depth++;
                } else if (c == close && --depth == 0) {
                    return text.substring(start, at);
                }
            }
            throw new IllegalArgumentException("no closing " + close + " for the " + open + " at " + start + " in: " + text);
        }

        boolean nextWordIsOneOf(String... words) {
            int end = at;
            while (end < text.length() && isIdentifierPart(text.charAt(end))) {
                end++;
            }
            String next = text.substring(at, end);
            for (String word : words) {
                if (word.equals(next)) {
                    return true;
                }
            }
            return false;
        }
    }
}
