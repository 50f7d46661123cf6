package dev.helix.realtime;

import dev.helix.access.Principal;
import org.jspecify.annotations.Nullable;

/**
 * Who a real-time client is: the key it authenticated with and the end user it named ({@code X-Helix-User} or
 * {@code ?user=} when it connected), which topics owned by one key and user check.
 *
 * @param principal the key
 * @param user      the end user, or null
 */
public record Subscriber(Principal principal, @Nullable String user) {}
