package dev.helix.gateway.provider.anthropic;

import static dev.helix.gateway.provider.format.TranslationFixtures.CLOCK;
import static dev.helix.gateway.provider.format.TranslationFixtures.NOW;
import static dev.helix.gateway.provider.format.TranslationFixtures.assertJson;
import static dev.helix.gateway.provider.format.TranslationFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.gateway.provider.format.TranslationFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnthropicFormatTest {
    private static ObjectNode request(String chat) {
        return AnthropicFormat.toMessagesRequest(json(chat), "claude-sonnet-4-5", false);
    }

    private static void assertRefused(String chat, String message) {
        TranslationFixtures.assertRefused(() -> request(chat), message);
    }

    // ---- requests ----

    @Test
    void aPlainConversationMovesSystemAndDeveloperMessagesToTheTopLevelSystemPrompt() {
        ObjectNode out = AnthropicFormat.toMessagesRequest(json("""
                {"model": "helix-smart", "messages": [
                  {"role": "system", "content": "You are terse."},
                  {"role": "developer", "content": [{"type": "text", "text": "Answer in French."}]},
                  {"role": "user", "content": "Hello"},
                  {"role": "assistant", "content": "Bonjour"},
                  {"role": "user", "content": [{"type": "text", "text": "How are you?"}]}
                ]}"""), "claude-sonnet-4-5", true);
        assertJson(out, """
                {"model": "claude-sonnet-4-5", "max_tokens": 4096, "stream": true,
                 "system": "You are terse.\\n\\nAnswer in French.",
                 "messages": [
                   {"role": "user", "content": [{"type": "text", "text": "Hello"}]},
                   {"role": "assistant", "content": [{"type": "text", "text": "Bonjour"}]},
                   {"role": "user", "content": [{"type": "text", "text": "How are you?"}]}
                 ]}""");
    }

    @Test
    void samplingLimitsStopSequencesAndUserMapAndUnknownFieldsAreIgnored() {
        ObjectNode out = request("""
                {"messages": [{"role": "user", "content": "Hi"}],
                 "max_tokens": 100, "max_completion_tokens": 200, "temperature": 0.3, "top_p": 0.9,
                 "stop": ["END", "STOP"], "user": "user-42", "n": 1,
                 "presence_penalty": 0.5, "seed": 7, "logit_bias": {"1": 2}, "stream_options": {"include_usage": true},
                 "some_future_field": {"x": 1}}""");
        assertJson(out, """
                {"model": "claude-sonnet-4-5", "max_tokens": 200, "stream": false,
                 "messages": [{"role": "user", "content": [{"type": "text", "text": "Hi"}]}],
                 "temperature": 0.3, "top_p": 0.9, "stop_sequences": ["END", "STOP"],
                 "metadata": {"user_id": "user-42"}}""");
    }

    @Test
    void legacyMaxTokensAndAStringStopAreAccepted() {
        ObjectNode out = request("""
                {"messages": [{"role": "user", "content": "Hi"}], "max_tokens": 50, "stop": "\\n\\n"}""");
        assertThat(out.get("max_tokens").asInt()).isEqualTo(50);
        assertJson(out.get("stop_sequences"), "[\"\\n\\n\"]");
    }

    @Test
    void aTopPOfOneIsLeftOutBecauseItChangesNothing() {
        ObjectNode out = request("""
                {"messages": [{"role": "user", "content": "Hi"}], "temperature": 0.7, "top_p": 1}""");
        assertThat(out.get("temperature").asDouble()).isEqualTo(0.7);
        assertThat(out.has("top_p")).isFalse();
    }

    @Test
    void optionalFieldsGivenAsNullAreTreatedAsAbsent() {
        ObjectNode out = request("""
                {"messages": [{"role": "user", "content": "Hi", "name": null}], "max_tokens": null,
                 "temperature": null, "stop": null, "tools": null, "tool_choice": null, "user": null,
                 "response_format": null}""");
        assertJson(out, """
                {"model": "claude-sonnet-4-5", "max_tokens": 4096, "stream": false,
                 "messages": [{"role": "user", "content": [{"type": "text", "text": "Hi"}]}]}""");
    }

    @Test
    void imagesBecomeBase64OrUrlSourcesAndPdfFilesBecomeDocuments() {
        ObjectNode out = request("""
                {"messages": [{"role": "user", "content": [
                  {"type": "text", "text": "Compare these"},
                  {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo=", "detail": "high"}},
                  {"type": "image_url", "image_url": {"url": "https://example.com/cat.jpg"}},
                  {"type": "file", "file": {"filename": "a.pdf", "file_data": "data:application/pdf;base64,JVBERi0x"}}
                ]}]}""");
        assertJson(out.get("messages"), """
                [{"role": "user", "content": [
                  {"type": "text", "text": "Compare these"},
                  {"type": "image", "source": {"type": "base64", "media_type": "image/png", "data": "iVBORw0KGgo="}},
                  {"type": "image", "source": {"type": "url", "url": "https://example.com/cat.jpg"}},
                  {"type": "document", "source": {"type": "base64", "media_type": "application/pdf",
                                                  "data": "JVBERi0x"}}
                ]}]""");
    }

    @Test
    void toolCallsBecomeToolUseBlocksAndToolMessagesMergeIntoOneUserMessageOfToolResults() {
        ObjectNode out = request("""
                {"messages": [
                  {"role": "user", "content": "Weather in Paris and Rome?"},
                  {"role": "assistant", "content": "Checking both.", "tool_calls": [
                    {"id": "call_1", "type": "function",
                     "function": {"name": "get_weather", "arguments": "{\\"city\\": \\"Paris\\"}"}},
                    {"id": "call_2", "type": "function",
                     "function": {"name": "get_weather", "arguments": "{\\"city\\": \\"Rome\\", \\"days\\": 2}"}}
                  ]},
                  {"role": "tool", "tool_call_id": "call_1", "content": "18C, sunny"},
                  {"role": "tool", "tool_call_id": "call_2", "content": [{"type": "text", "text": "21C"}]},
                  {"role": "user", "content": "And tomorrow?"}
                ]}""");
        assertJson(out.get("messages"), """
                [
                  {"role": "user", "content": [{"type": "text", "text": "Weather in Paris and Rome?"}]},
                  {"role": "assistant", "content": [
                    {"type": "text", "text": "Checking both."},
                    {"type": "tool_use", "id": "call_1", "name": "get_weather", "input": {"city": "Paris"}},
                    {"type": "tool_use", "id": "call_2", "name": "get_weather", "input": {"city": "Rome", "days": 2}}
                  ]},
                  {"role": "user", "content": [
                    {"type": "tool_result", "tool_use_id": "call_1", "content": "18C, sunny"},
                    {"type": "tool_result", "tool_use_id": "call_2", "content": [{"type": "text", "text": "21C"}]},
                    {"type": "text", "text": "And tomorrow?"}
                  ]}
                ]""");
    }

    @Test
    void anAssistantMessageWithOnlyToolCallsAndNoArgumentsGetsAnEmptyInput() {
        ObjectNode out = request("""
                {"messages": [
                  {"role": "user", "content": "What time is it?"},
                  {"role": "assistant", "content": null,
                   "tool_calls": [{"id": "call_9", "type": "function", "function": {"name": "now", "arguments": ""}}]},
                  {"role": "tool", "tool_call_id": "call_9", "content": ""}
                ]}""");
        assertJson(out.get("messages"), """
                [
                  {"role": "user", "content": [{"type": "text", "text": "What time is it?"}]},
                  {"role": "assistant", "content": [{"type": "tool_use", "id": "call_9", "name": "now", "input": {}}]},
                  {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "call_9"}]}
                ]""");
    }

    @Test
    void consecutiveMessagesOfTheSameRoleAreMergedAndEmptyOnesSkipped() {
        ObjectNode out = request("""
                {"messages": [
                  {"role": "user", "content": "First"},
                  {"role": "user", "content": "Second"},
                  {"role": "assistant", "content": ""},
                  {"role": "user", "content": [{"type": "text", "text": ""}, {"type": "text", "text": "Third"}]},
                  {"role": "assistant",
                   "content": [{"type": "text", "text": "A"}, {"type": "refusal", "refusal": "No."}]},
                  {"role": "assistant", "content": "B"}
                ]}""");
        assertJson(out.get("messages"), """
                [
                  {"role": "user", "content": [{"type": "text", "text": "First"}, {"type": "text", "text": "Second"},
                                               {"type": "text", "text": "Third"}]},
                  {"role": "assistant", "content": [{"type": "text", "text": "A"}, {"type": "text", "text": "No."},
                                                    {"type": "text", "text": "B"}]}
                ]""");
    }

    @Test
    void toolResultsAreMovedAheadOfTextInAMergedUserMessage() {
        ObjectNode out = request("""
                {"messages": [
                  {"role": "assistant", "content": null,
                   "tool_calls": [{"id": "t1", "type": "function", "function": {"name": "f", "arguments": "{}"}}]},
                  {"role": "user", "content": "Here is the result:"},
                  {"role": "tool", "tool_call_id": "t1", "content": "42"}
                ]}""");
        assertJson(out.get("messages").get(1), """
                {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t1", "content": "42"},
                                             {"type": "text", "text": "Here is the result:"}]}""");
    }

    @Test
    void toolsMapToInputSchemasAndAutoToolChoiceIsKept() {
        ObjectNode out = request("""
                {"messages": [{"role": "user", "content": "Hi"}], "tool_choice": "auto",
                 "tools": [
                   {"type": "function", "function": {"name": "get_weather", "description": "Current weather",
                     "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                                    "required": ["city"], "additionalProperties": false},
                     "strict": true}},
                   {"type": "function", "function": {"name": "now"}}
                 ]}""");
        assertJson(out.get("tools"), """
                [
                  {"name": "get_weather", "description": "Current weather",
                   "input_schema": {"type": "object", "properties": {"city": {"type": "string"}},
                                    "required": ["city"], "additionalProperties": false}},
                  {"name": "now", "input_schema": {"type": "object", "properties": {}}}
                ]""");
        assertJson(out.get("tool_choice"), "{\"type\": \"auto\"}");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "\"required\"                                          | {\"type\": \"any\"}",
                "\"none\"                                              | {\"type\": \"none\"}",
                "{\"type\": \"function\", \"function\": {\"name\": \"f\"}} | {\"type\": \"tool\", \"name\": \"f\"}",
            })
    void toolChoiceMaps(String choice, String expected) {
        ObjectNode out = request("""
                {"messages": [{"role": "user", "content": "Hi"}], "tool_choice": %s,
                 "tools": [{"type": "function", "function": {"name": "f"}}]}""".formatted(choice));
        assertJson(out.get("tool_choice"), expected);
        assertThat(out.get("tools")).hasSize(1);
    }

    @Test
    void withoutToolChoiceNoneIsSentAndTurningOffParallelCallsDisablesParallelToolUse() {
        String hi = "{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}], ";
        String tools = "\"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"f\"}}]";
        assertThat(request(hi + tools + "}").has("tool_choice")).isFalse();
        assertJson(
                request(hi + "\"parallel_tool_calls\": false, " + tools + "}").get("tool_choice"),
                "{\"type\": \"auto\", \"disable_parallel_tool_use\": true}");
        assertJson(
                request(hi + "\"parallel_tool_calls\": false, \"tool_choice\": \"required\", " + tools + "}")
                        .get("tool_choice"),
                "{\"type\": \"any\", \"disable_parallel_tool_use\": true}");
        assertThat(request(hi + "\"tool_choice\": \"auto\"}").has("tool_choice"))
                .isFalse();
    }

    @Test
    void jsonResponseFormatsBecomeASystemInstruction() {
        ObjectNode object = request("""
                {"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}],
                 "response_format": {"type": "json_object"}}""");
        assertThat(object.get("system").asText()).startsWith("Be brief.\n\nRespond with a single valid JSON object");
        ObjectNode schema = request("""
                {"messages": [{"role": "user", "content": "Hi"}],
                 "response_format": {"type": "json_schema", "json_schema": {"name": "answer", "strict": true,
                   "schema": {"type": "object", "properties": {"n": {"type": "integer"}}}}}}""");
        assertThat(schema.get("system").asText())
                .contains("JSON Schema (named \"answer\")")
                .endsWith("{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}}}");
        assertThat(request("""
                {"messages": [{"role": "user", "content": "Hi"}], "response_format": {"type": "text"}}""").has("system")).isFalse();
    }

    @Test
    void argumentsThatAreNotJsonAreRefusedNamingTheField() {
        assertRefused("""
                {"messages": [
                  {"role": "user", "content": "Hi"},
                  {"role": "user", "content": "Again"},
                  {"role": "assistant", "tool_calls": [
                    {"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{\\"a\\": "}}]}
                ]}""", "messages[2].tool_calls[0].function.arguments is not valid JSON");
        assertRefused("""
                {"messages": [{"role": "assistant", "tool_calls": [
                    {"id": "c1", "type": "function", "function": {"name": "f", "arguments": "[1, 2]"}}]}]}""", "messages[0].tool_calls[0].function.arguments must be a JSON object, got array");
    }

    @Test
    void requestsAnthropicCannotServeAreRefusedWithClearMessages() {
        assertRefused(
                "{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}], \"n\": 2}",
                "n > 1 is not supported by anthropic deployments");
        assertRefused("""
                {"messages": [{"role": "user", "content": [
                  {"type": "input_audio", "input_audio": {"data": "UklGR", "format": "wav"}}]}]}""", "messages[0].content[0].type 'input_audio' is not supported by anthropic deployments here");
        assertRefused(
                """
                {"messages": [{"role": "user", "content": [{"type": "file", "file": {"file_id": "file-abc"}}]}]}""",
                "messages[0].content[0].file.file_data is required: anthropic deployments cannot read OpenAI file ids");
        assertRefused(
                """
                {"messages": [{"role": "user", "content": [
                  {"type": "file", "file": {"file_data": "data:text/csv;base64,YSxi"}}]}]}""",
                "messages[0].content[0].file.file_data has media type text/csv; anthropic deployments accept"
                        + " application/pdf files");
        assertRefused(
                "{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}], \"temperature\": 1.5}",
                "temperature must be between 0 and 1 for anthropic deployments, got 1.5");
        assertRefused("""
                {"messages": [{"role": "user", "content": "Hi"}],
                 "tools": [{"type": "custom", "custom": {"name": "grep"}}]}""", "tools[0].type 'custom' is not supported by anthropic deployments here");
        assertRefused("""
                {"messages": [{"role": "user", "content": "Hi"}],
                 "functions": [{"name": "f", "parameters": {}}]}""", "functions (deprecated function calling) is not supported; use tools");
    }

    @Test
    void malformedRequestsAreRefusedNamingTheFieldNeverWithANullPointer() {
        assertRefused("{}", "messages must be a non-empty array");
        assertRefused("{\"messages\": []}", "messages must be a non-empty array");
        assertRefused("{\"messages\": [{\"content\": \"Hi\"}]}", "messages[0].role is required");
        assertRefused(
                "{\"messages\": [{\"role\": \"robot\", \"content\": \"Hi\"}]}",
                "messages[0].role 'robot' is not one of system, developer, user, assistant, tool");
        assertRefused(
                "{\"messages\": [{\"role\": \"user\", \"content\": 42}]}",
                "messages[0].content must be a string or an array of content parts");
        assertRefused(
                "{\"messages\": [{\"role\": \"tool\", \"content\": \"42\"}]}", "messages[0].tool_call_id is required");
        assertRefused(
                "{\"messages\": [{\"role\": \"function\", \"name\": \"f\", \"content\": \"42\"}]}",
                "messages[0].role 'function' (deprecated function calling) is not supported; use tools and tool"
                        + " messages");
        assertRefused(
                "{\"messages\": [{\"role\": \"system\", \"content\": \"Only a system prompt\"}]}",
                "messages has no user or assistant content to send");
        assertRefused("""
                {"messages": [{"role": "user",
                               "content": [{"type": "image_url", "image_url": {"url": "ftp://x/y.png"}}]}]}""", "messages[0].content[0].image_url.url must be a data: URL or an http(s) URL");
        assertRefused(
                """
                {"messages": [{"role": "user",
                               "content": [{"type": "image_url", "image_url": {"url": "data:image/png,abc"}}]}]}""",
                "messages[0].content[0].image_url.url must be a base64 data: URL (data:<media type>;base64,<data>)");
        assertRefused("""
                {"messages": [{"role": "user", "content": [{"type": "image_url", "image_url": {}}]}]}""", "messages[0].content[0].image_url.url is required");
        assertRefused(
                "{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}], \"stop\": [\"a\", 3]}",
                "stop[1] must be a string");
        assertRefused(
                "{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}], \"max_tokens\": 0}",
                "max_tokens must be a positive integer, got 0");
        assertRefused("""
                {"messages": [{"role": "user", "content": "Hi"}], "response_format": {"type": "yaml"}}""", "response_format.type 'yaml' is not one of text, json_object, json_schema");
        assertRefused("""
                {"messages": [{"role": "assistant",
                               "tool_calls": [{"type": "function", "function": {"name": "f"}}]}]}""", "messages[0].tool_calls[0].id is required");
        assertThatThrownBy(() -> AnthropicFormat.toMessagesRequest(null, "m", false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- responses ----

    @Test
    void aResponseWithTextThinkingAndToolUseBecomesAChatCompletion() {
        ObjectNode out = AnthropicFormat.toChatCompletion(json("""
                {"id": "msg_01XFDUDYJgAACzvnptvVoYEL", "type": "message", "role": "assistant",
                 "model": "claude-sonnet-4-5-20250929",
                 "content": [
                   {"type": "thinking", "thinking": "The user wants weather...", "signature": "EqQBCgIYAh"},
                   {"type": "text", "text": "Let me check "},
                   {"type": "text", "text": "the weather."},
                   {"type": "tool_use", "id": "toolu_01A09q90qw90lq917835lq9", "name": "get_weather",
                    "input": {"location": "San Francisco, CA", "unit": "celsius"}}
                 ],
                 "stop_reason": "tool_use", "stop_sequence": null,
                 "usage": {"input_tokens": 2095, "output_tokens": 503, "cache_creation_input_tokens": 100,
                           "cache_read_input_tokens": 1800}}"""), "helix-smart", CLOCK);
        assertJson(out, """
                {"id": "chatcmpl-msg_01XFDUDYJgAACzvnptvVoYEL", "object": "chat.completion",
                 "created": %d, "model": "helix-smart",
                 "choices": [{"index": 0, "logprobs": null, "finish_reason": "tool_calls",
                   "message": {"role": "assistant", "content": "Let me check the weather.", "tool_calls": [
                     {"id": "toolu_01A09q90qw90lq917835lq9", "type": "function",
                      "function": {"name": "get_weather",
                                   "arguments": "{\\"location\\":\\"San Francisco, CA\\",\\"unit\\":\\"celsius\\"}"}}
                   ]}}],
                 "usage": {"prompt_tokens": 3995, "completion_tokens": 503, "total_tokens": 4498,
                           "prompt_tokens_details": {"cached_tokens": 1800},
                           "completion_tokens_details": {"reasoning_tokens": 0}}}""".formatted(NOW.getEpochSecond()));
    }

    @Test
    void aToolOnlyResponseHasNullContent() {
        ObjectNode out = AnthropicFormat.toChatCompletion(json("""
                {"id": "msg_1", "type": "message", "role": "assistant", "content": [
                   {"type": "tool_use", "id": "toolu_1", "name": "now", "input": {}}],
                 "stop_reason": "tool_use", "usage": {"input_tokens": 10, "output_tokens": 5}}"""), "m");
        JsonNode message = out.at("/choices/0/message");
        assertThat(message.get("content").isNull()).isTrue();
        assertThat(message.at("/tool_calls/0/function/arguments").asText()).isEqualTo("{}");
        assertJson(out.get("usage"), """
                {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15,
                 "prompt_tokens_details": {"cached_tokens": 0},
                 "completion_tokens_details": {"reasoning_tokens": 0}}""");
    }

    @ParameterizedTest
    @CsvSource({
        "end_turn, stop",
        "stop_sequence, stop",
        "max_tokens, length",
        "tool_use, tool_calls",
        "refusal, content_filter",
        "pause_turn, stop",
        "model_context_window_exceeded, length"
    })
    void stopReasonsMapToFinishReasons(String stopReason, String finishReason) {
        ObjectNode out = AnthropicFormat.toChatCompletion(json("""
                {"id": "msg_1", "content": [{"type": "text", "text": "x"}], "stop_reason": "%s"}""".formatted(stopReason)), "m");
        assertThat(out.at("/choices/0/finish_reason").asText()).isEqualTo(finishReason);
    }

    @Test
    void aSparseResponseStillTranslates() {
        ObjectNode out = AnthropicFormat.toChatCompletion(json("{\"content\": []}"), "m", CLOCK);
        assertThat(out.get("id").asText()).matches("chatcmpl-[0-9a-f]{24}");
        assertThat(out.at("/choices/0/message/content").asText()).isEmpty();
        assertThat(out.at("/choices/0/finish_reason").isNull()).isTrue();
        assertThat(out.has("usage")).isFalse();
        assertThatThrownBy(() -> AnthropicFormat.toChatCompletion(json("[]"), "m"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void errorBodiesGiveTheirMessage() {
        assertThat(AnthropicFormat.errorMessage(json("""
                {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}"""))).isEqualTo("Overloaded");
        assertThat(AnthropicFormat.errorMessage(json("{\"type\": \"error\", \"error\": {}}")))
                .isNull();
        assertThat(AnthropicFormat.errorMessage(json("\"Bad Gateway\""))).isNull();
        assertThat(AnthropicFormat.errorMessage(json("{\"error\": \"text\"}"))).isNull();
        assertThat(AnthropicFormat.errorMessage(null)).isNull();
    }
}
