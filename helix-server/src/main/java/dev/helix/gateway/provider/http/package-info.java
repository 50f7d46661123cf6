/**
 * The small HTTP/1.1 client the providers call upstream with: keep-alive connections pooled per origin, each request
 * written in one go, and the answer read as it arrives.
 */
@NullMarked
package dev.helix.gateway.provider.http;

import org.jspecify.annotations.NullMarked;
