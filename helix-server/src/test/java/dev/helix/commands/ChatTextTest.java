package dev.helix.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.helix.commands.ChatText.Kind;
import dev.helix.commands.ChatText.Token;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatTextTest {
    private static List<String> values(String text) {
        return ChatText.tokenize(text).stream().map(Token::value).toList();
    }

    private static void assertRejected(String text, String detailPart) {
        assertThatThrownBy(() -> ChatText.tokenize(text))
                .isInstanceOfSatisfying(
                        CommandException.class,
                        e -> assertThat(e.kind()).isEqualTo(CommandException.Kind.INVALID_REQUEST))
                .hasMessageContaining(detailPart);
    }

    @Test
    void splitsWordsOnWhiteSpace() {
        assertThat(values("!state set /a 1")).containsExactly("state", "set", "/a", "1");
        assertThat(values("  !ping  \t ")).containsExactly("ping");
        assertThat(values("!say it's\nfine")).containsExactly("say", "it's", "fine");
    }

    @Test
    void quotedStringsKeepSpacesAndUnescape() {
        List<Token> tokens = ChatText.tokenize("!say \"hello world\" \"a \\\"b\\\" \\\\ \\n \\u00e9\" \"\"");
        assertThat(tokens).extracting(Token::value).containsExactly("say", "hello world", "a \"b\" \\ \n é", "");
        assertThat(tokens.get(1).kind()).isEqualTo(Kind.QUOTED);
        assertThat(tokens.get(1).column()).isEqualTo(6);
    }

    @Test
    void jsonObjectsAndArraysAreOneTokenEvenWithSpaces() {
        List<Token> tokens = ChatText.tokenize("!state set /a {\"x\": 1, \"y\": [1, 2], \"z\": \"} ]\"} [ [ ], {} ]");
        assertThat(tokens)
                .extracting(Token::value)
                .containsExactly("state", "set", "/a", "{\"x\": 1, \"y\": [1, 2], \"z\": \"} ]\"}", "[ [ ], {} ]");
        assertThat(tokens.get(3).kind()).isEqualTo(Kind.STRUCTURED);
    }

    @Test
    void namedArgumentsTakeAnyValueForm() {
        List<Token> tokens = ChatText.tokenize("!echo text=\"a b\" data={\"k\": [1]} count=3 empty= /x=y");
        assertThat(tokens).extracting(Token::name).containsExactly(null, "text", "data", "count", "empty", null);
        assertThat(tokens).extracting(Token::value).containsExactly("echo", "a b", "{\"k\": [1]}", "3", "", "/x=y");
        assertThat(tokens.get(2).valueColumn()).isEqualTo(23);
    }

    @Test
    void textMustStartWithABangAndAName() {
        assertRejected(
                "state /harmony",
                "command text must start with '!' and a command name, e.g. '!help'; got " + "'state /harmony'");
        assertRejected("", "must start with '!'");
        assertRejected("!", "expected a command name right after the '!' at column 1");
        assertRejected("! ping", "expected a command name right after the '!' at column 1");
    }

    @Test
    void unterminatedStringsSayWhereTheyStart() {
        assertRejected("!say \"hello", "unterminated string: the quote at column 6 is never closed");
        assertRejected("!say \"hello\\", "the quote at column 6 is never closed");
        assertRejected("!x {\"a\": \"b}", "the quote at column 10 is never closed");
    }

    @Test
    void unbalancedBracketsSayWhereAndWhat() {
        assertRejected(
                "!state set /a {\"x\": [1, 2}",
                "'}' at column 26 does not close the '[' at column 21; " + "expected ']'");
        assertRejected("!state set /a {\"x\": 1", "unbalanced '{' at column 15: no closing '}' before the end");
        assertRejected("!state set /a ]", "unbalanced ']' at column 15: there is no opening '['");
    }

    @Test
    void tokensMustBeSeparated() {
        assertRejected("!say \"a\"b", "expected a space after a closing quote at column 9, got 'b'");
        assertRejected("!x {}[]", "expected a space after a closing '}' at column 6, got '['");
    }

    @Test
    void badEscapesAreNamed() {
        assertRejected("!say \"a\\qb\"", "unknown escape '\\q' at column 8");
        assertRejected("!say \"\\u12\"", "'\\u' at column 7 must be followed by four hex digits");
    }
}
