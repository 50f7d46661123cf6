/**
 * Who a caller is and what it may do: the {@link dev.helix.access.Principal} a request runs as and its
 * {@link dev.helix.access.Role}. Plain values that depend on nothing else in Helix, so the HTTP edge and the
 * configuration may name them; the keys that produce principals live in {@link dev.helix.auth}.
 */
@NullMarked
package dev.helix.access;

import org.jspecify.annotations.NullMarked;
