package dev.helix.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.helix.internal.Json;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpMediaType;
import io.helidon.webserver.http.ServerRequest;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Reads a JSON request body into a type, answering every way it can be wrong with a problem that says where:
 * wrong content type (415), too large (413), empty, not UTF-8, malformed (with line and column), a member given
 * twice, a number beyond a double's range, unknown or mistyped field.
 */
public final class JsonBody {
    private JsonBody() {}

    /** Reads and binds the body of {@code req}; the body limit is {@code server.maxBodySize}. */
    public static <T> T read(ServerRequest req, Class<T> type) {
        return parse(bytes(req), type);
    }

    /** The raw body of a JSON request, after checking its content type and size. */
    public static byte[] bytes(ServerRequest req) {
        requireJsonContentType(req);
        return readBytes(req);
    }

    /** Binds a body read by {@link #bytes}, with the same errors as {@link #read}. */
    public static <T> T parse(byte[] body, Class<T> type) {
        if (body.length == 0) {
            throw ProblemException.badRequest("the request body is empty; expected a JSON object");
        }
        try {
            T value = Json.mapper().readValue(body, type);
            if (value == null) {
                throw ProblemException.badRequest("the request body is JSON null; expected a JSON object");
            }
            return value;
        } catch (IOException e) {
            throw new ProblemException(describe(e));
        }
    }

    private static void requireJsonContentType(ServerRequest req) {
        String type = req.headers()
                .contentType()
                .map(HttpMediaType::mediaType)
                .map(m -> m.type() + "/" + m.subtype())
                .orElse("")
                .toLowerCase(Locale.ROOT);
        if (!type.equals("application/json") && !type.endsWith("+json")) {
            throw ProblemException.unsupportedMediaType(
                    "expected Content-Type application/json, got " + (type.isEmpty() ? "none" : type));
        }
    }

    private static byte[] readBytes(ServerRequest req) {
        long limit = HttpServer.maxBodySize(req);
        long declared = req.headers()
                .first(HeaderNames.CONTENT_LENGTH)
                .map(Long::parseLong)
                .orElse(-1L);
        if (!req.content().hasEntity()) {
            return new byte[0];
        }
        try (InputStream in = req.content().inputStream()) {
            if (declared > limit) {
                throw tooLarge(in, limit);
            }
            // With a Content-Length the body is read to exactly that size: readNBytes(n) allocates min(n, 16 KiB)
            // and stops at n, instead of a 16 KiB buffer and one more read to find the end, for every request.
            long max = declared >= 0 ? declared : limit + 1;
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max));
            if (bytes.length > limit) {
                throw tooLarge(in, limit);
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The 413 for a body over {@code limit}, after reading and discarding the rest of it (the server lets through at
     * most {@link HttpServer#DRAIN_ALLOWANCE} more): a server that closes with the body unread makes the client's
     * kernel drop the answer with a reset, so the client would see a broken connection instead of the 413.
     */
    private static ProblemException tooLarge(InputStream in, long limit) throws IOException {
        in.transferTo(OutputStream.nullOutputStream());
        return ProblemException.payloadTooLarge(limit);
    }

    private static Problem describe(IOException thrown) {
        // a parser's refusal inside a bound field comes wrapped with the field's path; the parser's own is clearer
        IOException e =
                thrown instanceof JsonMappingException m && m.getCause() instanceof StreamReadException r ? r : thrown;
        String detail;
        if (e instanceof UnrecognizedPropertyException u) {
            String known = u.getKnownPropertyIds().stream()
                    .map(Object::toString)
                    .sorted()
                    .collect(Collectors.joining(", "));
            detail = "unknown field '" + path(u) + "'" + at(u.getLocation()) + "; allowed fields: " + known;
        } else if (e instanceof InvalidFormatException f) {
            detail = "field '" + path(f) + "' has the wrong value " + f.getValue() + at(f.getLocation()) + "; expected "
                    + simpleName(f.getTargetType());
        } else if (e instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
            detail = "field '" + path(m) + "' has the wrong type" + at(m.getLocation()) + "; expected "
                    + simpleName(m.getTargetType());
        } else if (e instanceof MismatchedInputException m) {
            detail = "the request body must be a JSON object" + at(m.getLocation());
        } else if (e instanceof StreamConstraintsException) {
            detail = "the JSON is nested more than " + Json.MAX_DEPTH + " levels deep";
        } else if (e instanceof CharConversionException || e instanceof InputCoercionException || isDuplicate(e)) {
            detail = strictness(e);
        } else if (e instanceof JsonMappingException m && m.getCause() instanceof IllegalArgumentException iae) {
            detail = iae.getMessage();
        } else if (e instanceof JsonProcessingException p) {
            detail = "malformed JSON" + at(p.getLocation()) + ": " + p.getOriginalMessage();
        } else {
            detail = "the request body could not be read: " + e.getMessage();
        }
        return Problem.of(400, "invalid-json", "Invalid JSON body", detail);
    }

    /** What the strict reader refused: bytes that are not UTF-8, a number out of range, a member given twice. */
    private static String strictness(IOException e) {
        if (e instanceof CharConversionException) {
            return "the request body is not valid JSON text: " + e.getMessage();
        }
        if (e instanceof InputCoercionException c) {
            return c.getOriginalMessage() + at(c.getLocation());
        }
        StreamReadException d = (StreamReadException) e;
        return "member '" + Json.memberPath(d.getProcessor().getParsingContext()) + "' appears twice"
                + at(d.getLocation()) + "; a member may appear only once in an object";
    }

    /** Whether {@code e} is Jackson's strict duplicate detection refusing a member (it has no type of its own). */
    private static boolean isDuplicate(IOException e) {
        return e instanceof StreamReadException r
                && r.getProcessor() != null
                && r.getOriginalMessage() != null
                && r.getOriginalMessage().startsWith("Duplicate field '");
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    private static String at(@Nullable JsonLocation loc) {
        return loc == null || loc.getLineNr() < 0
                ? ""
                : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }

    private static String simpleName(@Nullable Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (type.isEnum()) {
            return "one of "
                    + java.util.Arrays.stream(type.getEnumConstants())
                            .map(c -> c.toString().toLowerCase(Locale.ROOT))
                            .collect(Collectors.joining(", "));
        }
        return switch (type.getSimpleName()) {
            case "String" -> "a string";
            case "Integer", "int", "Long", "long" -> "an integer";
            case "Boolean", "boolean" -> "true or false";
            case "Double", "double" -> "a number";
            default -> "a JSON " + (type.isRecord() ? "object" : type.getSimpleName());
        };
    }
}
