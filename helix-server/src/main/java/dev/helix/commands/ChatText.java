package dev.helix.commands;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Splits chat command text ({@code !state set /a {"x": 1}}) into tokens, or says what is wrong and at which column.
 *
 * <p>Implementation notes — the rules: the text starts with {@code !} (after optional white space) and a name
 * right after it. Tokens are separated by white space. A token is a double-quoted string with JSON escapes; a JSON
 * object or array, kept whole even with spaces inside (brackets are matched, strings inside them skipped); or a
 * bare word up to the next white space. A token {@code name=value} (name starting with a lower-case letter) names
 * its argument; its value follows the same rules. After a closing quote or bracket a space or the end must follow.
 * Columns are 1-based character positions in the whole text. Which tokens form the command name and what the
 * values mean is decided later, against the command's declaration.
 */
final class ChatText {
    /** How a token's value was written. */
    enum Kind {
        BARE,
        QUOTED,
        STRUCTURED
    }

    /**
     * One token.
     *
     * @param column      where the token starts
     * @param valueColumn where its value starts (after {@code name=})
     * @param raw         the token as written
     * @param name        the argument it names, or null for a positional token
     * @param value       the value: the word, the unescaped string, or the JSON text
     * @param kind        how the value was written
     */
    record Token(
            int column,
            int valueColumn,
            String raw,
            @Nullable String name,
            String value,
            Kind kind) {
        boolean named() {
            return name != null;
        }
    }

    private final String text;
    private int pos;

    private ChatText(String text) {
        this.text = text;
    }

    /** The tokens after the {@code !}; the first is the start of the command name. */
    static List<Token> tokenize(String text) {
        return new ChatText(text).tokens();
    }

    private List<Token> tokens() {
        skipSpace();
        if (pos >= text.length() || text.charAt(pos) != '!') {
            throw fail("command text must start with '!' and a command name, e.g. '!help'; got " + shorten(text));
        }
        pos++;
        if (pos >= text.length() || Character.isWhitespace(text.charAt(pos))) {
            throw fail("expected a command name right after the '!' at column " + pos);
        }
        List<Token> out = new ArrayList<>();
        for (skipSpace(); pos < text.length(); skipSpace()) {
            out.add(token());
        }
        return out;
    }

    private Token token() {
        int start = pos;
        String name = namePrefix();
        int valueStart = pos;
        if (pos >= text.length() || Character.isWhitespace(text.charAt(pos))) {
            return new Token(start + 1, valueStart + 1, text.substring(start, pos), name, "", Kind.BARE);
        }
        char c = text.charAt(pos);
        Kind kind;
        String value;
        if (c == '"') {
            kind = Kind.QUOTED;
            value = quoted();
        } else if (c == '{' || c == '[') {
            kind = Kind.STRUCTURED;
            value = structured();
        } else if (c == '}' || c == ']') {
            throw fail("unbalanced '" + c + "' at column " + (pos + 1) + ": there is no opening '"
                    + (c == '}' ? '{' : '[') + "' before it");
        } else {
            kind = Kind.BARE;
            value = bare();
        }
        if (kind != Kind.BARE) {
            requireSeparator(kind);
        }
        return new Token(start + 1, valueStart + 1, text.substring(start, pos), name, value, kind);
    }

    /** Consumes {@code name=} if the token starts with one; returns the name or null. */
    private @Nullable String namePrefix() {
        int i = pos;
        if (i >= text.length() || text.charAt(i) < 'a' || text.charAt(i) > 'z') {
            return null;
        }
        while (i < text.length() && isNameChar(text.charAt(i))) {
            i++;
        }
        if (i >= text.length() || text.charAt(i) != '=') {
            return null;
        }
        String name = text.substring(pos, i);
        pos = i + 1;
        return name;
    }

    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    private String bare() {
        int start = pos;
        while (pos < text.length() && !Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
        return text.substring(start, pos);
    }

    private String quoted() {
        int open = pos++;
        StringBuilder out = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            out.append(c == '\\' ? escape(open) : c);
        }
        throw unterminated(open);
    }

    private char escape(int open) {
        if (pos >= text.length()) {
            throw unterminated(open);
        }
        char c = text.charAt(pos++);
        return switch (c) {
            case '"', '\\', '/' -> c;
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'u' -> unicode();
            default ->
                throw fail("unknown escape '\\" + c + "' at column " + (pos - 1)
                        + "; inside quotes write \\\" for a quote and \\\\ for a backslash");
        };
    }

    private char unicode() {
        int start = pos;
        if (pos + 4 > text.length() || !text.substring(pos, pos + 4).matches("[0-9a-fA-F]{4}")) {
            throw fail("'\\u' at column " + (start - 1) + " must be followed by four hex digits");
        }
        pos += 4;
        return (char) Integer.parseInt(text.substring(start, pos), 16);
    }

    private String structured() {
        int start = pos;
        Deque<Integer> open = new ArrayDeque<>();
        int stringStart = -1;
        for (; pos < text.length(); pos++) {
            char c = text.charAt(pos);
            if (stringStart >= 0) {
                if (c == '\\') {
                    pos++;
                } else if (c == '"') {
                    stringStart = -1;
                }
            } else if (c == '"') {
                stringStart = pos;
            } else if (c == '{' || c == '[') {
                open.push(pos);
            } else if ((c == '}' || c == ']') && close(open, c)) {
                pos++;
                return text.substring(start, pos);
            }
        }
        if (stringStart >= 0) {
            throw unterminated(stringStart);
        }
        int innermost = open.peek();
        char opener = text.charAt(innermost);
        throw fail("unbalanced '" + opener + "' at column " + (innermost + 1) + ": no closing '" + closerOf(opener)
                + "' before the end of the text");
    }

    /** Pops the bracket {@code c} closes; true when that was the outermost one. */
    private boolean close(Deque<Integer> open, char c) {
        int o = open.pop();
        char opener = text.charAt(o);
        if (closerOf(opener) != c) {
            throw fail("'" + c + "' at column " + (pos + 1) + " does not close the '" + opener + "' at column "
                    + (o + 1) + "; expected '" + closerOf(opener) + "'");
        }
        return open.isEmpty();
    }

    private static char closerOf(char opener) {
        return opener == '{' ? '}' : ']';
    }

    private void requireSeparator(Kind kind) {
        if (pos < text.length() && !Character.isWhitespace(text.charAt(pos))) {
            String after = kind == Kind.QUOTED ? "a closing quote" : "a closing '" + text.charAt(pos - 1) + "'";
            throw fail(
                    "expected a space after " + after + " at column " + (pos + 1) + ", got '" + text.charAt(pos) + "'");
        }
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private CommandException unterminated(int open) {
        return fail("unterminated string: the quote at column " + (open + 1) + " is never closed");
    }

    private static CommandException fail(String detail) {
        return CommandException.invalidRequest(detail);
    }

    /** {@code s} in single quotes, cut to 40 characters. */
    static String shorten(String s) {
        return "'" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "'";
    }
}
