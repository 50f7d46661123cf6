/** The gateway's exact-match response cache. */
@NullMarked
package dev.helix.gateway.cache;

import org.jspecify.annotations.NullMarked;
