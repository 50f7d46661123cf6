package dev.helix.gateway.provider.gemini;

import static dev.helix.gateway.provider.format.TranslationFixtures.CLOCK;
import static dev.helix.gateway.provider.format.TranslationFixtures.NOW;
import static dev.helix.gateway.provider.format.TranslationFixtures.assertJson;
import static dev.helix.gateway.provider.format.TranslationFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.helix.gateway.provider.format.TranslationFixtures;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeminiFormatTest {
    private static ObjectNode request(String chat) {
        return GeminiFormat.toGenerateContentRequest(json(chat));
    }

    private static void assertRefused(String chat, String message) {
        TranslationFixtures.assertRefused(() -> request(chat), message);
    }

    // ---- requests ----

    @Test
    void aConversationBecomesContentsWithASystemInstructionAndAGenerationConfig() {
        ObjectNode out = request("""
                {"model": "helix-fast", "stream": true, "messages": [
                  {"role": "system", "content": "You are terse."},
                  {"role": "developer", "content": [{"type": "text", "text": "Answer in French."}]},
                  {"role": "user", "content": "Hello"},
                  {"role": "assistant", "content": "Bonjour"},
                  {"role": "user", "content": "How are you?"}
                 ],
                 "temperature": 1.4, "top_p": 0.95, "max_tokens": 100, "max_completion_tokens": 256,
                 "stop": "END", "n": 2, "seed": 7, "user": "u-1", "presence_penalty": 0.2, "logprobs": false}""");
        assertJson(out, """
                {"contents": [
                   {"role": "user", "parts": [{"text": "Hello"}]},
                   {"role": "model", "parts": [{"text": "Bonjour"}]},
                   {"role": "user", "parts": [{"text": "How are you?"}]}
                 ],
                 "systemInstruction": {"parts": [{"text": "You are terse.\\n\\nAnswer in French."}]},
                 "generationConfig": {"temperature": 1.4, "topP": 0.95, "maxOutputTokens": 256,
                                      "stopSequences": ["END"], "candidateCount": 2, "seed": 7}}""");
    }

    @Test
    void aMinimalRequestHasNoGenerationConfigAndNullsAreAbsent() {
        ObjectNode out = request("""
                {"messages": [{"role": "user", "content": "Hi"}], "max_tokens": null, "stop": null, "tools": null}""");
        assertJson(out, "{\"contents\": [{\"role\": \"user\", \"parts\": [{\"text\": \"Hi\"}]}]}");
    }

    @Test
    void imagesAudioAndFilesBecomeInlineOrFileData() {
        ObjectNode out = request("""
                {"messages": [{"role": "user", "content": [
                  {"type": "text", "text": "Describe"},
                  {"type": "image_url", "image_url": {"url": "data:image/jpeg;base64,/9j/4AAQ"}},
                  {"type": "image_url", "image_url": {"url": "https://example.com/photos/cat.PNG?size=large"}},
                  {"type": "image_url", "image_url": {"url": "https://example.com/render"}},
                  {"type": "input_audio", "input_audio": {"data": "UklGRiQ=", "format": "wav"}},
                  {"type": "file", "file": {"filename": "r.pdf", "file_data": "data:application/pdf;base64,JVBERi0x"}}
                ]}]}""");
        assertJson(out.get("contents"), """
                [{"role": "user", "parts": [
                  {"text": "Describe"},
                  {"inlineData": {"mimeType": "image/jpeg", "data": "/9j/4AAQ"}},
                  {"fileData": {"mimeType": "image/png", "fileUri": "https://example.com/photos/cat.PNG?size=large"}},
                  {"fileData": {"fileUri": "https://example.com/render"}},
                  {"inlineData": {"mimeType": "audio/wav", "data": "UklGRiQ="}},
                  {"inlineData": {"mimeType": "application/pdf", "data": "JVBERi0x"}}
                ]}]""");
    }

    @Test
    void toolCallsBecomeFunctionCallsAndToolMessagesFunctionResponsesNamedFromTheCall() {
        ObjectNode out = request("""
                {"messages": [
                  {"role": "user", "content": "Weather in Paris and Rome?"},
                  {"role": "assistant", "content": null, "tool_calls": [
                    {"id": "call_a", "type": "function",
                     "function": {"name": "get_weather", "arguments": "{\\"city\\": \\"Paris\\"}"},
                     "extra_content": {"google": {"thought_signature": "CtQBAdHtim9"}}},
                    {"id": "call_b", "type": "function", "function": {"name": "get_forecast", "arguments": "{}"}}
                  ]},
                  {"role": "tool", "tool_call_id": "call_a", "content": "{\\"temp\\": 18, \\"sky\\": \\"sunny\\"}"},
                  {"role": "tool", "tool_call_id": "call_b", "content": [{"type": "text", "text": "rain later"}]},
                  {"role": "user", "content": "Thanks"}
                ]}""");
        assertJson(out.get("contents"), """
                [
                  {"role": "user", "parts": [{"text": "Weather in Paris and Rome?"}]},
                  {"role": "model", "parts": [
                    {"functionCall": {"name": "get_weather", "args": {"city": "Paris"}},
                     "thoughtSignature": "CtQBAdHtim9"},
                    {"functionCall": {"name": "get_forecast", "args": {}}}
                  ]},
                  {"role": "user", "parts": [
                    {"functionResponse": {"name": "get_weather",
                                          "response": {"content": {"temp": 18, "sky": "sunny"}}}},
                    {"functionResponse": {"name": "get_forecast", "response": {"content": "rain later"}}},
                    {"text": "Thanks"}
                  ]}
                ]""");
    }

    @Test
    void aReusedToolCallIdTakesTheNameOfTheNearestEarlierCall() {
        ObjectNode out = request("""
                {"messages": [
                  {"role": "user", "content": "Go"},
                  {"role": "assistant", "tool_calls": [{"id": "call_0", "type": "function",
                    "function": {"name": "first", "arguments": "{}"}}]},
                  {"role": "tool", "tool_call_id": "call_0", "content": "1"},
                  {"role": "assistant", "tool_calls": [{"id": "call_0", "type": "function",
                    "function": {"name": "second", "arguments": "{}"}}]},
                  {"role": "tool", "tool_call_id": "call_0", "content": "2"}
                ]}""");
        assertThat(out.at("/contents/2/parts/0/functionResponse/name").asText()).isEqualTo("first");
        assertThat(out.at("/contents/4/parts/0/functionResponse/name").asText()).isEqualTo("second");
        assertThat(out.at("/contents/4/parts/0/functionResponse/response/content")
                        .asInt())
                .isEqualTo(2);
    }

    @Test
    void toolSchemasAreCleanedOfKeywordsGeminiRejects() {
        ObjectNode out = request("""
                {"messages": [{"role": "user", "content": "Hi"}],
                 "tools": [
                   {"type": "function", "function": {"name": "create_event", "description": "Adds an event",
                    "parameters": {
                      "$schema": "http://json-schema.org/draft-07/schema#", "type": "object",
                      "additionalProperties": false, "required": ["title"],
                      "properties": {
                        "title": {"type": "string", "minLength": 1},
                        "url": {"type": "string", "format": "uri"},
                        "start": {"type": "string", "format": "date-time"},
                        "note": {"type": ["string", "null"], "description": "optional"},
                        "kind": {"const": "meeting"},
                        "where": {"oneOf": [{"type": "string"}, {"$ref": "#/$defs/Place"}]},
                        "guests": {"type": "array", "items": {"$ref": "#/$defs/Guest"}, "maxItems": 10}
                      },
                      "$defs": {
                        "Guest": {"type": "object", "additionalProperties": false,
                                  "properties": {"email": {"type": "string", "format": "email"}}},
                        "Place": {"type": "object", "properties": {"lat": {"type": "number", "exclusiveMinimum": -91}}}
                      }}}},
                   {"type": "function", "function": {"name": "now",
                    "parameters": {"type": "object", "properties": {}, "additionalProperties": false}}}
                 ]}""");
        assertJson(out.get("tools"), """
                [{"functionDeclarations": [
                  {"name": "create_event", "description": "Adds an event",
                   "parameters": {"type": "OBJECT", "required": ["title"], "properties": {
                     "title": {"type": "STRING", "minLength": 1},
                     "url": {"type": "STRING"},
                     "start": {"type": "STRING", "format": "date-time"},
                     "note": {"type": "STRING", "nullable": true, "description": "optional"},
                     "kind": {"enum": ["meeting"]},
                     "where": {"anyOf": [{"type": "STRING"},
                                         {"type": "OBJECT", "properties": {"lat": {"type": "NUMBER"}}}]},
                     "guests": {"type": "ARRAY", "maxItems": 10,
                                "items": {"type": "OBJECT", "properties": {"email": {"type": "STRING"}}}}
                   }}},
                  {"name": "now"}
                ]}]""");
        assertThat(out.has("toolConfig")).isFalse();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "\"auto\"     | {\"mode\": \"AUTO\"}",
                "\"none\"     | {\"mode\": \"NONE\"}",
                "\"required\" | {\"mode\": \"ANY\"}",
                "{\"type\": \"function\", \"function\": {\"name\": \"f\"}} "
                        + "| {\"mode\": \"ANY\", \"allowedFunctionNames\": [\"f\"]}",
            })
    void toolChoiceMapsToAFunctionCallingConfig(String choice, String expected) {
        ObjectNode out = request("""
                {"messages": [{"role": "user", "content": "Hi"}], "tool_choice": %s,
                 "tools": [{"type": "function", "function": {"name": "f"}}]}""".formatted(choice));
        assertJson(out.at("/toolConfig/functionCallingConfig"), expected);
    }

    @Test
    void responseFormatsSetTheMimeTypeAndACleanedSchema() {
        ObjectNode object = request("""
                {"messages": [{"role": "user", "content": "Hi"}], "response_format": {"type": "json_object"}}""");
        assertJson(object.get("generationConfig"), "{\"responseMimeType\": \"application/json\"}");
        ObjectNode schema = request("""
                {"messages": [{"role": "user", "content": "Hi"}],
                 "response_format": {"type": "json_schema", "json_schema": {"name": "answer", "strict": true,
                   "schema": {"type": "object", "additionalProperties": false, "required": ["n"],
                              "properties": {"n": {"type": "integer", "exclusiveMaximum": 10}}}}}}""");
        assertJson(schema.get("generationConfig"), """
                {"responseMimeType": "application/json", "responseSchema": {"type": "OBJECT", "required": ["n"],
                  "properties": {"n": {"type": "INTEGER"}}}}""");
    }

    @Test
    void untranslatableRequestsAreRefusedNamingTheField() {
        assertRefused(
                """
                {"messages": [{"role": "user", "content": "Hi"},
                              {"role": "tool", "tool_call_id": "call_x", "content": "1"}]}""",
                "messages[1].tool_call_id 'call_x' matches no tool call of an earlier assistant message; gemini needs"
                        + " that call's function name");
        assertRefused("""
                {"messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "tool_calls": [
                  {"id": "c", "type": "function", "function": {"name": "f", "arguments": "{oops"}}]}]}""", "messages[1].tool_calls[0].function.arguments is not valid JSON");
        assertRefused(
                """
                {"messages": [{"role": "user", "content": [{"type": "file", "file": {"file_id": "file-1"}}]}]}""",
                "messages[0].content[0].file.file_data is required: gemini deployments cannot read OpenAI file ids");
        assertRefused("""
                {"messages": [{"role": "user", "content": [
                  {"type": "input_audio", "input_audio": {"data": "x", "format": "flac"}}]}]}""", "messages[0].content[0].input_audio.format 'flac' is not one of wav, mp3");
        assertRefused("""
                {"messages": [{"role": "user", "content": [{"type": "video_url", "video_url": {"url": "x"}}]}]}""", "messages[0].content[0].type 'video_url' is not supported by gemini deployments here");
        assertRefused("""
                {"messages": [{"role": "system", "content": [{"type": "image_url", "image_url": {"url": "x"}}]},
                              {"role": "user", "content": "Hi"}]}""", "messages[0].content[0].type 'image_url' is not supported by gemini deployments here");
        assertRefused(
                "{\"messages\": [{\"role\": \"function\", \"name\": \"f\", \"content\": \"1\"}]}",
                "messages[0].role 'function' (deprecated function calling) is not supported; use tools and tool"
                        + " messages");
        assertRefused(
                "{\"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}], \"seed\": 1.5}",
                "seed must be a 32-bit integer for gemini deployments, got 1.5");
        assertRefused("{\"messages\": []}", "messages must be a non-empty array");
        assertThatThrownBy(() -> GeminiFormat.toGenerateContentRequest(null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void schemasGeminiCannotExpressAreRefused() {
        String recursive = """
                {"type": "object", "properties": {"child": {"$ref": "#/$defs/Node"}},
                 "$defs": {"Node": {"type": "object", "properties": {"next": {"$ref": "#/$defs/Node"}}}}}""";
        assertRefused(
                tool(recursive),
                "tools[0].function.parameters.properties.child.properties.next.$ref"
                        + " '#/$defs/Node' is recursive; gemini cannot express recursive schemas");
        assertRefused(
                tool("{\"type\": \"object\", \"properties\": {\"a\": {\"$ref\": \"https://x/s.json\"}}}"),
                "tools[0].function.parameters.properties.a.$ref 'https://x/s.json' is not a local #/$defs or"
                        + " #/definitions reference of this schema");
        assertRefused(
                tool("{\"type\": \"object\", \"properties\": {\"a\": {\"type\": [\"string\", \"integer\"]}}}"),
                "tools[0].function.parameters.properties.a.type lists several non-null types"
                        + " [\"string\",\"integer\"], which gemini cannot express; use anyOf");
    }

    private static String tool(String parameters) {
        return """
                {"messages": [{"role": "user", "content": "Hi"}],
                 "tools": [{"type": "function", "function": {"name": "f", "parameters": %s}}]}""".formatted(parameters);
    }

    // ---- responses ----

    @Test
    void aResponseBecomesAChatCompletionWithoutThoughtsAndWithUsage() {
        ObjectNode out = GeminiFormat.toChatCompletion(json("""
                {"candidates": [{"content": {"role": "model", "parts": [
                    {"text": "**Weighing options**", "thought": true},
                    {"text": "Paris is "}, {"text": "the capital."}]},
                  "finishReason": "STOP", "avgLogprobs": -0.1}],
                 "usageMetadata": {"promptTokenCount": 1200, "candidatesTokenCount": 8, "totalTokenCount": 1258,
                   "cachedContentTokenCount": 1024, "thoughtsTokenCount": 50,
                   "promptTokensDetails": [{"modality": "TEXT", "tokenCount": 1200}]},
                 "modelVersion": "gemini-2.5-flash", "responseId": "mKdvaP2lN5fH_uMPhbmW6Qc"}"""), "helix-fast", CLOCK);
        assertJson(out, """
                {"id": "chatcmpl-mKdvaP2lN5fH_uMPhbmW6Qc", "object": "chat.completion", "created": %d,
                 "model": "helix-fast",
                 "choices": [{"index": 0, "logprobs": null, "finish_reason": "stop",
                              "message": {"role": "assistant", "content": "Paris is the capital."}}],
                 "usage": {"prompt_tokens": 1200, "completion_tokens": 58, "total_tokens": 1258,
                           "prompt_tokens_details": {"cached_tokens": 1024},
                           "completion_tokens_details": {"reasoning_tokens": 50}}}""".formatted(NOW.getEpochSecond()));
    }

    @Test
    void functionCallPartsBecomeToolCallsAndStopBecomesToolCalls() {
        ObjectNode out = GeminiFormat.toChatCompletion(json("""
                {"candidates": [{"content": {"role": "model", "parts": [
                    {"functionCall": {"name": "get_weather", "args": {"city": "Paris"}},
                     "thoughtSignature": "CtQBAdHtim9"},
                    {"functionCall": {"name": "now", "id": "fc_7"}}]},
                  "finishReason": "STOP"}],
                 "usageMetadata": {"promptTokenCount": 30, "candidatesTokenCount": 12, "totalTokenCount": 42}}"""), "m", CLOCK);
        JsonNode message = out.at("/choices/0/message");
        assertThat(message.get("content").isNull()).isTrue();
        assertThat(message.at("/tool_calls/0/id").asText()).matches("call_[0-9a-f]{24}");
        assertJson(message.at("/tool_calls/0/function"), """
                {"name": "get_weather", "arguments": "{\\"city\\":\\"Paris\\"}"}""");
        assertJson(message.at("/tool_calls/0/extra_content"), "{\"google\": {\"thought_signature\": \"CtQBAdHtim9\"}}");
        assertJson(message.at("/tool_calls/1"), """
                {"id": "fc_7", "type": "function", "function": {"name": "now", "arguments": "{}"}}""");
        assertThat(out.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(out.at("/usage/total_tokens").asInt()).isEqualTo(42);
        assertThat(out.get("id").asText()).matches("chatcmpl-[0-9a-f]{24}");
    }

    @Test
    void everyCandidateIsAChoice() {
        ObjectNode out = GeminiFormat.toChatCompletion(json("""
                {"candidates": [
                  {"content": {"role": "model", "parts": [{"text": "Heads"}]}, "finishReason": "STOP"},
                  {"content": {"role": "model", "parts": [{"text": "Tails, and more"}]}, "finishReason": "MAX_TOKENS",
                   "index": 1}],
                 "usageMetadata": {"promptTokenCount": 5, "candidatesTokenCount": 7, "totalTokenCount": 12}}"""), "m");
        assertThat(out.get("choices")).hasSize(2);
        assertJson(out.at("/choices/0"), """
                {"index": 0, "logprobs": null, "finish_reason": "stop",
                 "message": {"role": "assistant", "content": "Heads"}}""");
        assertJson(out.at("/choices/1"), """
                {"index": 1, "logprobs": null, "finish_reason": "length",
                 "message": {"role": "assistant", "content": "Tails, and more"}}""");
    }

    @ParameterizedTest
    @CsvSource({
        "STOP, stop",
        "MAX_TOKENS, length",
        "SAFETY, content_filter",
        "RECITATION, content_filter",
        "BLOCKLIST, content_filter",
        "PROHIBITED_CONTENT, content_filter",
        "SPII, content_filter",
        "OTHER, stop",
        "MALFORMED_FUNCTION_CALL, stop"
    })
    void finishReasonsMap(String geminiReason, String finishReason) {
        ObjectNode out = GeminiFormat.toChatCompletion(json("""
                {"candidates": [{"finishReason": "%s"}]}""".formatted(geminiReason)), "m");
        assertThat(out.at("/choices/0/finish_reason").asText()).isEqualTo(finishReason);
        assertThat(out.at("/choices/0/message/content").asText()).isEmpty();
    }

    @Test
    void aBlockedPromptGivesAnEmptyContentFilteredChoice() {
        ObjectNode out = GeminiFormat.toChatCompletion(json("""
                {"promptFeedback": {"blockReason": "SAFETY", "safetyRatings": [
                   {"category": "HARM_CATEGORY_DANGEROUS_CONTENT", "probability": "HIGH"}]},
                 "usageMetadata": {"promptTokenCount": 9, "totalTokenCount": 9}}"""), "m", CLOCK);
        assertJson(out.get("choices"), """
                [{"index": 0, "logprobs": null, "finish_reason": "content_filter",
                  "message": {"role": "assistant", "content": ""}}]""");
        assertThat(out.at("/usage/prompt_tokens").asInt()).isEqualTo(9);
        assertThat(out.at("/usage/completion_tokens").asInt()).isZero();
    }

    // ---- embeddings ----

    @Test
    void embeddingsRequestsBecomeOneBatchRequestPerInput() {
        assertJson(GeminiFormat.toBatchEmbedRequest(json("""
                {"model": "helix-embed", "input": ["first text", "second text"], "dimensions": 768}"""), "gemini-embedding-001"), """
                {"requests": [
                  {"model": "models/gemini-embedding-001", "content": {"parts": [{"text": "first text"}]},
                   "outputDimensionality": 768},
                  {"model": "models/gemini-embedding-001", "content": {"parts": [{"text": "second text"}]},
                   "outputDimensionality": 768}
                ]}""");
        assertJson(
                GeminiFormat.toBatchEmbedRequest(
                        json("{\"input\": \"one\", \"encoding_format\": \"float\"}"), "models/text-embedding-004"),
                """
                {"requests": [{"model": "models/text-embedding-004", "content": {"parts": [{"text": "one"}]}}]}""");
    }

    @Test
    void embeddingsRequestsWithTokensOrUnknownFormatsAreRefused() {
        assertThatThrownBy(() -> GeminiFormat.toBatchEmbedRequest(json("{\"input\": [[1, 2, 3]]}"), "m"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("input[0] must be a string; token arrays cannot be sent to gemini deployments");
        assertThatThrownBy(() -> GeminiFormat.toBatchEmbedRequest(json("{\"input\": []}"), "m"))
                .hasMessage("input must be a string or a non-empty array of strings");
        assertThatThrownBy(() -> GeminiFormat.toBatchEmbedRequest(json("{}"), "m"))
                .hasMessage("input is required");
        JsonNode int8 = json("{\"input\": \"a\", \"encoding_format\": \"int8\"}");
        assertThatThrownBy(() -> GeminiFormat.toBatchEmbedRequest(int8, "m"))
                .hasMessage("encoding_format 'int8' is not one of float, base64");
    }

    @Test
    void embeddingsResponsesBecomeAnOpenAiListAsFloatsOrBase64() {
        JsonNode batch = json("{\"embeddings\": [{\"values\": [0.25, -1.5, 3]}, {\"values\": [1.0]}]}");
        assertJson(GeminiFormat.toEmbeddingsResponse(batch, "helix-embed", 11), """
                {"object": "list", "model": "helix-embed",
                 "data": [{"object": "embedding", "index": 0, "embedding": [0.25, -1.5, 3]},
                          {"object": "embedding", "index": 1, "embedding": [1.0]}],
                 "usage": {"prompt_tokens": 11, "total_tokens": 11}}""");
        String format = GeminiFormat.encodingFormat(json("{\"input\": \"x\", \"encoding_format\": \"base64\"}"));
        ObjectNode encoded = GeminiFormat.toEmbeddingsResponse(batch, "helix-embed", 11, format);
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder()
                        .decode(encoded.at("/data/0/embedding").asText()))
                .order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new float[] {bytes.getFloat(), bytes.getFloat(), bytes.getFloat()})
                .containsExactly(0.25f, -1.5f, 3f);
        assertThat(bytes.hasRemaining()).isFalse();
        assertThat(GeminiFormat.encodingFormat(json("{\"input\": \"x\"}"))).isEqualTo("float");
        assertThatThrownBy(() -> GeminiFormat.toEmbeddingsResponse(json("{\"embeddings\": [{}]}"), "m", 1))
                .hasMessage("embeddings[0].values is missing from the gemini response");
    }

    @Test
    void errorBodiesGiveTheirMessage() {
        String error = """
                {"error": {"code": 400, "message": "API key not valid. Please pass a valid API key.",
                 "status": "INVALID_ARGUMENT"}}""";
        assertThat(GeminiFormat.errorMessage(json(error))).isEqualTo("API key not valid. Please pass a valid API key.");
        assertThat(GeminiFormat.errorMessage(json("[" + error + "]")))
                .isEqualTo("API key not valid. Please pass a valid API key.");
        assertThat(GeminiFormat.errorMessage(json("{\"error\": {\"code\": 500}}")))
                .isNull();
        assertThat(GeminiFormat.errorMessage(json("[]"))).isNull();
        assertThat(GeminiFormat.errorMessage(null)).isNull();
    }
}
