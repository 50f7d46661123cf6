package dev.helix.storage;

import java.util.regex.Pattern;

/**
 * Statement text made safe and stable to group by: comments dropped, every literal (quoted text, dollar-quoted
 * text, numbers) replaced by {@code ?}, lists of placeholders shortened to {@code (?, ...)}, white space collapsed,
 * and at most {@link #MAX_LENGTH} characters. Bound parameters are never part of a statement's text to begin with;
 * this also removes values written into the text.
 */
final class SqlText {
    /** Longest normalised text kept. */
    static final int MAX_LENGTH = 500;

    private static final Pattern LINE_COMMENT = Pattern.compile("--[^\\n]*");
    private static final Pattern BLOCK_COMMENT = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL);
    private static final Pattern QUOTED = Pattern.compile("'(?:[^']|'')*'?");
    private static final Pattern DOLLAR_QUOTED = Pattern.compile("\\$([A-Za-z_]*)\\$.*?\\$\\1\\$", Pattern.DOTALL);
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w$.\"])[-+]?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?\\b");
    private static final Pattern PLACEHOLDER_LIST = Pattern.compile("\\(\\s*\\?(?:\\s*,\\s*\\?)+\\s*\\)");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private SqlText() {}

    static String normalize(String sql) {
        String s = BLOCK_COMMENT.matcher(sql).replaceAll(" ");
        s = LINE_COMMENT.matcher(s).replaceAll(" ");
        s = DOLLAR_QUOTED.matcher(s).replaceAll("?");
        s = QUOTED.matcher(s).replaceAll("?");
        s = NUMBER.matcher(s).replaceAll("?");
        s = PLACEHOLDER_LIST.matcher(s).replaceAll("(?, ...)");
        s = SPACE.matcher(s).replaceAll(" ").trim();
        return s.length() <= MAX_LENGTH ? s : s.substring(0, MAX_LENGTH - 3) + "...";
    }
}
