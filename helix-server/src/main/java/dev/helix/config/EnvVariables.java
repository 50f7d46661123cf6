package dev.helix.config;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Replaces {@code ${NAME}} and {@code ${NAME:-default}} in config values with environment variables. */
public final class EnvVariables {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private EnvVariables() {}

    /**
     * {@code text} with every variable replaced; throws a {@link ConfigException} naming {@code where} (e.g. the
     * key and file line) when a variable without default is not set.
     */
    public static String interpolate(String where, String text, Map<String, String> env) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String value = env.get(m.group(1));
            if (value == null) {
                value = m.group(2);
            }
            if (value == null) {
                throw new ConfigException("invalid configuration: " + where + " refers to ${" + m.group(1)
                        + "}, which is not set in the environment; set it or write ${" + m.group(1)
                        + ":-default}");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
