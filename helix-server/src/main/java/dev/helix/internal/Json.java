package dev.helix.internal;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one Jackson mapper Helix uses: strict on input and ISO-8601 for times on output. Strict means: bytes must be
 * well-formed UTF-8, a member may appear only once in an object, numbers must fit a double without becoming infinite
 * or 0 ({@link StrictJsonFactory}), unknown fields and trailing tokens are errors and nesting is bounded.
 *
 * <p>Its read and write buffers come from one pool shared by all threads rather than Jackson's default of one set
 * per thread: Helix runs each connection on its own long-lived virtual thread, and per-thread buffers (12–16 KB
 * each) would stay allocated for every open connection.
 */
public final class Json {
    /** Deepest nesting accepted in any JSON input. */
    public static final int MAX_DEPTH = 64;

    private static final ObjectMapper MAPPER = JsonMapper.builder(new StrictJsonFactory(new JsonFactoryBuilder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool())))
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private Json() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * The member a parser is at, as {@code messages[0].role}: the path of {@code context} from the top, objects'
     * members joined by dots and array elements in brackets; empty for the top-level value itself.
     */
    public static String memberPath(JsonStreamContext context) {
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                path.insert(0, "[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else {
                path.insert(0, (c.getParent().inRoot() ? "" : ".") + c.getCurrentName());
            }
        }
        return path.toString();
    }

    /** Serialises {@code value} to UTF-8 JSON bytes; a failure here is a programming error. */
    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (Exception e) {
            throw new IllegalStateException(
                    "cannot serialise " + value.getClass().getName(), e);
        }
    }
}
