package dev.helix.gateway.provider.format;

import static dev.helix.gateway.provider.format.Fields.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * An OpenAI {@code tool_choice}: {@code "auto"}, {@code "required"}, {@code "none"}, or one named function
 * ({@code {type:"function", function:{name}}}).
 *
 * @param mode     which of the four it is
 * @param function the function name for {@link Mode#FUNCTION}, else null
 */
public record ToolChoice(Mode mode, @Nullable String function) {
    /** The kinds of tool choice. */
    public enum Mode {
        /** The model decides. */
        AUTO,
        /** The model must call some tool. */
        REQUIRED,
        /** The model must not call a tool. */
        NONE,
        /** The model must call {@link ToolChoice#function()}. */
        FUNCTION
    }

    /**
     * The request's {@code tool_choice}, or null when not given. A choice typed other than {@code function} is
     * refused in {@code provider}'s name.
     */
    public static @Nullable ToolChoice read(JsonNode chat, String provider) {
        JsonNode choice = Fields.given(chat, "tool_choice");
        if (choice == null) {
            return null;
        }
        if (choice.isTextual()) {
            return new ToolChoice(mode(choice.asText()), null);
        }
        String type = Fields.requiredText(choice, "type", "tool_choice");
        if (!type.equals("function")) {
            throw Fields.unsupportedType("tool_choice", type, provider);
        }
        ObjectNode function = Fields.requiredObject(choice, "function", "tool_choice");
        return new ToolChoice(Mode.FUNCTION, Fields.requiredText(function, "name", "tool_choice.function"));
    }

    private static Mode mode(String choice) {
        return switch (choice) {
            case "auto" -> Mode.AUTO;
            case "required" -> Mode.REQUIRED;
            case "none" -> Mode.NONE;
            default -> throw invalid("tool_choice", "'" + choice + "' is not one of auto, required, none");
        };
    }
}
