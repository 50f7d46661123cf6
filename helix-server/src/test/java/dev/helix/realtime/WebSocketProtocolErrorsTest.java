package dev.helix.realtime;

import static dev.helix.realtime.RawWebSocket.BINARY;
import static dev.helix.realtime.RawWebSocket.CLOSE;
import static dev.helix.realtime.RawWebSocket.FIN;
import static dev.helix.realtime.RawWebSocket.PING;
import static dev.helix.realtime.RawWebSocket.TEXT;
import static dev.helix.realtime.RawWebSocket.bytes;
import static dev.helix.realtime.RawWebSocket.closePayload;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.helix.internal.Json;
import dev.helix.testing.Await;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixServerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A client that breaks the WebSocket protocol (RFC 6455) gets a close frame with the code for what it did, 1002
 * (protocol error) or 1007 (invalid payload), and then the connection ends; the server answers nothing else into
 * the upgraded connection and carries on serving others.
 */
@Timeout(60)
class WebSocketProtocolErrorsTest {
    private static final int PROTOCOL_ERROR = 1002;
    private static final int INVALID_PAYLOAD = 1007;

    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension();

    private final HelixClient client = server.client();

    private RawWebSocket open() {
        return RawWebSocket.open(client.base(), "/api/v1/realtime", client.adminKey());
    }

    private void assertClosedWith(RawWebSocket ws, int code) {
        RawWebSocket.Frame close = ws.closeFrame();
        assertThat(close.closeCode())
                .as("close code, reason '%s'", close.text())
                .isEqualTo(code);
        assertThat(close.payload().length).isLessThanOrEqualTo(125);
        assertStillServing();
    }

    private void assertStillServing() {
        try (RawWebSocket other = open()) {
            other.sendText("{\"type\":\"ping\"}");
            assertThat(other.next(TEXT).text()).contains("\"pong\"");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0x3, 0x4, 0x5, 0x6, 0x7, 0xB, 0xC, 0xD, 0xE, 0xF})
    void aReservedOpcodeIsAProtocolError(int opcode) {
        try (RawWebSocket ws = open()) {
            ws.send(FIN | opcode, bytes(1, 2, 3));
            assertClosedWith(ws, PROTOCOL_ERROR);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0x40, 0x20, 0x10, 0x70})
    void reservedBitsWithoutAnExtensionAreAProtocolError(int rsv) {
        try (RawWebSocket ws = open()) {
            ws.send(FIN | rsv | TEXT, "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8));
            assertClosedWith(ws, PROTOCOL_ERROR);
        }
    }

    @Test
    void anUnmaskedFrameIsAProtocolError() {
        try (RawWebSocket ws = open()) {
            ws.sendUnmasked(FIN | TEXT, "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8));
            assertClosedWith(ws, PROTOCOL_ERROR);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {PING, CLOSE, 0xA})
    void aFragmentedControlFrameIsAProtocolError(int opcode) {
        try (RawWebSocket ws = open()) {
            ws.send(opcode, opcode == CLOSE ? closePayload(1000, new byte[0]) : bytes(1));
            assertClosedWith(ws, PROTOCOL_ERROR);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {PING, CLOSE, 0xA})
    void aControlFrameOver125BytesIsAProtocolError(int opcode) {
        try (RawWebSocket ws = open()) {
            ws.send(FIN | opcode, opcode == CLOSE ? closePayload(1000, new byte[124]) : new byte[126]);
            assertClosedWith(ws, PROTOCOL_ERROR);
        }
    }

    @Test
    void aContinuationWithNothingToContinueIsAProtocolError() {
        try (RawWebSocket ws = open()) {
            ws.send(FIN, "{}".getBytes(StandardCharsets.UTF_8));
            assertClosedWith(ws, PROTOCOL_ERROR);
        }
    }

    @Test
    void aNewMessageInsideAFragmentedOneIsAProtocolError() {
        try (RawWebSocket ws = open()) {
            ws.send(TEXT, "{\"type\":".getBytes(StandardCharsets.UTF_8));
            ws.send(FIN | TEXT, "{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8));
            assertClosedWith(ws, PROTOCOL_ERROR);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ff", "c0af", "eda080", "f4908080", "e282", "cebae1bdb9cf83cebcceb5eda080656469746564"})
    void invalidUtf8InATextMessageIsInvalidPayload(String hex) {
        try (RawWebSocket ws = open()) {
            ws.send(FIN | TEXT, java.util.HexFormat.of().parseHex(hex));
            assertClosedWith(ws, INVALID_PAYLOAD);
        }
    }

    @Test
    void invalidUtf8SplitAcrossFragmentsIsInvalidPayload() {
        try (RawWebSocket ws = open()) {
            ws.send(TEXT, bytes('"', 0xF0, 0x9F));
            ws.send(FIN, bytes(0x98, '"'));
            assertClosedWith(ws, INVALID_PAYLOAD);
        }
    }

    @Test
    void aCharacterSplitAcrossFragmentsArrivesWhole() throws Exception {
        byte[] message = "{\"type\":\"subscribe\",\"topic\":\"été-😀\"}".getBytes(StandardCharsets.UTF_8);
        try (RawWebSocket ws = open()) {
            for (int i = 0; i < message.length; i++) {
                boolean last = i == message.length - 1;
                ws.send((last ? FIN : 0) | (i == 0 ? TEXT : 0), new byte[] {message[i]});
            }
            JsonNode error = Json.mapper().readTree(ws.next(TEXT).text());
            assertThat(error.get("code").asText()).isEqualTo("unknown-topic");
            assertThat(error.get("message").asText()).contains("'été-😀'");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535})
    void aCloseWithAnInvalidCodeIsAProtocolError(int code) {
        try (RawWebSocket ws = open()) {
            ws.sendClose(closePayload(code, "bye".getBytes(StandardCharsets.UTF_8)));
            assertClosedWith(ws, PROTOCOL_ERROR);
        }
    }

    @Test
    void aOneByteClosePayloadIsAProtocolError() {
        try (RawWebSocket ws = open()) {
            ws.sendClose(bytes(0x03));
            assertClosedWith(ws, PROTOCOL_ERROR);
        }
    }

    @Test
    void aCloseReasonThatIsNotUtf8IsInvalidPayload() {
        try (RawWebSocket ws = open()) {
            ws.sendClose(closePayload(1000, bytes(0xCE, 0xBA, 0xFF)));
            assertClosedWith(ws, INVALID_PAYLOAD);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 1001, 1003, 1007, 1011, 1014, 3000, 4999})
    void aValidCloseIsAnsweredWithANormalClose(int code) {
        try (RawWebSocket ws = open()) {
            ws.sendClose(closePayload(code, "bye".getBytes(StandardCharsets.UTF_8)));
            assertClosedWith(ws, 1000);
        }
    }

    @Test
    void anEmptyCloseIsAnsweredWithANormalClose() {
        try (RawWebSocket ws = open()) {
            ws.sendClose(new byte[0]);
            assertClosedWith(ws, 1000);
        }
    }

    @Test
    void aConnectionClosedForAProtocolErrorLeavesTheHub() {
        int before = connections();
        try (RawWebSocket ws = open()) {
            ws.sendText("{\"type\":\"subscribe\",\"topic\":\"state\"}");
            ws.next(TEXT);
            ws.send(FIN | 0x3, new byte[0]);
            assertThat(ws.closeFrame().closeCode()).isEqualTo(PROTOCOL_ERROR);
        }
        Await.until(Duration.ofSeconds(5), this::connections, n -> n <= before);
        assertThat(connections()).isEqualTo(before);
    }

    @Test
    void aFrameOverTheMessageSizeIsTooBigAndIsNotRead() {
        try (RawWebSocket ws = open()) {
            ws.sendRaw(bytes(FIN | TEXT, 0x80 | 127, 0, 0, 1, 0, 0, 0, 0, 0));
            RawWebSocket.Frame close = ws.closeFrame();
            assertThat(close.closeCode()).isEqualTo(1009);
            assertThat(close.text()).contains("realtime.maxMessageSize");
        }
    }

    @Test
    void aLengthWithItsTopBitSetIsAProtocolError() {
        try (RawWebSocket ws = open()) {
            ws.sendRaw(bytes(FIN | TEXT, 0x80 | 127, 0x80, 0, 0, 0, 0, 0, 0, 1));
            assertClosedWith(ws, PROTOCOL_ERROR);
        }
    }

    @Test
    void aPingBetweenTheFragmentsOfAMessageIsAnsweredAndTheMessageArrives() {
        try (RawWebSocket ws = open()) {
            ws.send(TEXT, "{\"type\":".getBytes(StandardCharsets.UTF_8));
            ws.send(FIN | PING, "hi".getBytes(StandardCharsets.UTF_8));
            ws.send(FIN, "\"ping\"}".getBytes(StandardCharsets.UTF_8));
            assertThat(ws.next(0xA).text()).isEqualTo("hi");
            assertThat(ws.next(TEXT).text()).isEqualTo("{\"type\":\"pong\"}");
        }
    }

    @Test
    void aClientThatNeverAnswersACloseIsDisconnected() {
        try (RawWebSocket ws = open()) {
            ws.send(FIN | BINARY, bytes(1, 2));
            long start = System.nanoTime();
            assertThat(ws.next(CLOSE).closeCode()).isEqualTo(1003);
            assertThat(ws.endOfStream()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isLessThan(Duration.ofMillis(WebSocketConnection.CLOSE_ANSWER_MILLIS + 3_000));
        }
    }

    @Test
    void aBinaryMessageIsStillRefusedAsUnsupported() {
        try (RawWebSocket ws = open()) {
            ws.send(FIN | BINARY, bytes(1, 2));
            assertClosedWith(ws, 1003);
        }
    }

    private int connections() {
        return client.get("/status")
                .json()
                .get("collective")
                .get("realtimeConnections")
                .asInt();
    }
}
