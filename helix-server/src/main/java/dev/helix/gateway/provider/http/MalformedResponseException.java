package dev.helix.gateway.provider.http;

import java.io.IOException;

/** The upstream answered something that is not valid HTTP/1.1: a broken status line, header or body framing. */
public final class MalformedResponseException extends IOException {
    MalformedResponseException(String message) {
        super(message);
    }
}
