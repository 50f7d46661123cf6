package dev.helix.gateway.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.gateway.config.Tier;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Judges how much a chat request asks of a model, in microseconds and without calling one: a score from signals of
 * the last user message (its length, code or a stack trace, words that ask for analysis or proof, several questions
 * at once) and of the request (tools, a long conversation), turned into a {@link Tier}. English words only; the
 * signals and their weights are listed in {@code docs/api.md}, so an operator can predict a request's tier.
 *
 * <p>Implementation notes: only the first {@value #SCANNED_CHARS} characters of the message are searched for words
 * and code (its whole length still counts), so a huge message costs no more than a long one.
 */
public final class Complexity {
    static final int SCANNED_CHARS = 16_384;

    private static final Pattern CODE = Pattern.compile(
            "```|\\b(def|class|function|public|private|static|import|return|const|let|var|SELECT|INSERT|#include)\\b"
                    + "|[{};]\\s*$",
            Pattern.MULTILINE);
    private static final Pattern STACK_TRACE =
            Pattern.compile("Traceback \\(most recent call last\\)|\\bat [\\w$.]+\\([\\w$]+\\.\\w+:\\d+\\)|Exception:");
    private static final Pattern ANALYSIS = words("analy[sz]e|analysis|compare|comparison|trade-?offs?|design|"
            + "architecture|architect|optimi[sz]e|refactor|debug|bug|race condition|deadlock|algorithm|implement|"
            + "evaluate|critique|strategy|plan|explain why|pros and cons|in detail|calculate|estimate");
    private static final Pattern REASONING = words("prove|proof|theorem|lemma|derive|derivation|step by step|"
            + "step-by-step|formally|rigorous|induction|invariant|counterexample|reason through|think through");
    private static final Pattern SMALL_TALK = Pattern.compile(
            "^(hi|hello|hey|thanks|thank you|ok|okay|yes|no|good (morning|evening|night)|bye|cool|great)\\b[\\s!.?]*$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern QUICK_QUESTION =
            Pattern.compile("^(what|who|when|where|which) (is|are|was|were)\\b|^(define|translate)\\b");
    private static final Pattern LIST_ITEM = Pattern.compile("^\\s*(\\d+[.)]|[-*•])\\s+\\S", Pattern.MULTILINE);

    private Complexity() {}

    private static Pattern words(String alternatives) {
        return Pattern.compile("\\b(" + alternatives + ")\\b", Pattern.CASE_INSENSITIVE);
    }

    /** The tier of an OpenAI chat completion request body. */
    public static Tier of(ObjectNode body) {
        JsonNode messages = body.path("messages");
        String last = lastUserText(messages);
        String scanned = last.length() > SCANNED_CHARS ? last.substring(0, SCANNED_CHARS) : last;
        int reasoning = count(REASONING, scanned);
        int score = 1 // a request is ordinary unless something says otherwise
                + lengthScore(last.length())
                + (CODE.matcher(scanned).find() ? 2 : 0)
                + (STACK_TRACE.matcher(scanned).find() ? 2 : 0)
                + Math.min(3, count(ANALYSIS, scanned))
                + Math.min(3, 2 * reasoning)
                + (questions(scanned) >= 3 || count(LIST_ITEM, scanned) >= 3 ? 1 : 0)
                + (body.path("tools").isArray() && !body.path("tools").isEmpty() ? 1 : 0)
                + (messages.size() > 12 ? 1 : 0)
                - (quick(scanned) ? 1 : 0);
        return tier(score, reasoning);
    }

    private static Tier tier(int score, int reasoning) {
        if ((reasoning >= 1 && score >= 4) || score >= 6) {
            return Tier.REASONING;
        }
        if (score >= 3) {
            return Tier.COMPLEX;
        }
        return score >= 1 ? Tier.MEDIUM : Tier.SIMPLE;
    }

    /** Under 40 characters (about 10 tokens): -1; up to 800: 0; up to 3,200: +1; longer: +2. */
    private static int lengthScore(int chars) {
        if (chars < 40) {
            return -1;
        }
        if (chars <= 800) {
            return 0;
        }
        return chars <= 3200 ? 1 : 2;
    }

    /** A greeting, a thank-you, or a short what/who/when question or definition. */
    private static boolean quick(String text) {
        String t = text.strip();
        boolean shortQuestion = t.length() < 120
                && QUICK_QUESTION.matcher(t.toLowerCase(Locale.ROOT)).find();
        return shortQuestion || SMALL_TALK.matcher(t).matches();
    }

    private static int questions(String text) {
        return (int) text.chars().filter(c -> c == '?').count();
    }

    private static int count(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /** The text of the last user message: its content string, or its text parts joined. */
    static String lastUserText(JsonNode messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode m = messages.get(i);
            if ("user".equals(m.path("role").asText())) {
                return text(m.path("content"));
            }
        }
        return "";
    }

    private static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder out = new StringBuilder();
        for (JsonNode part : content) {
            if ("text".equals(part.path("type").asText())) {
                out.append(part.path("text").asText()).append('\n');
            }
        }
        return out.toString();
    }
}
