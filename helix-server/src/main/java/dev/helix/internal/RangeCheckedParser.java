package dev.helix.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import java.io.IOException;

/**
 * A parser that refuses numbers a double cannot hold (see {@link DoubleRange}) as it reads them, naming the member:
 * without it Jackson reads {@code 1e999} as infinity (written back as the string {@code "Infinity"}) and
 * {@code 1e-999} as {@code 0.0}. Integers beyond a double's range are refused too; smaller big integers are kept.
 *
 * <p>Implementation notes: {@link JsonParserDelegate} forwards only {@code nextToken} and {@code nextValue} straight
 * to the wrapped parser; the other {@code next…} methods of {@link JsonParser} call {@code nextToken}, so checking
 * these two sees every value read. The double is parsed once here and cached by the wrapped parser for the caller.
 */
final class RangeCheckedParser extends JsonParserDelegate {
    RangeCheckedParser(JsonParser parser) {
        super(parser);
    }

    @Override
    public JsonToken nextToken() throws IOException {
        return checked(delegate.nextToken());
    }

    @Override
    public JsonToken nextValue() throws IOException {
        return checked(delegate.nextValue());
    }

    private JsonToken checked(JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_NUMBER_FLOAT) {
            check(token, delegate.getDoubleValue());
        } else if (token == JsonToken.VALUE_NUMBER_INT && delegate.getNumberType() == NumberType.BIG_INTEGER) {
            check(token, delegate.getBigIntegerValue().doubleValue());
        }
        return token;
    }

    private void check(JsonToken token, double value) throws IOException {
        if (!Double.isInfinite(value) && value != 0) {
            return;
        }
        String member = Json.memberPath(getParsingContext());
        String where = member.isEmpty() ? "" : "in member '" + member + "'";
        String problem = DoubleRange.problem(delegate.getText(), value, where);
        if (problem != null) {
            throw new InputCoercionException(this, problem, token, Double.TYPE);
        }
    }
}
