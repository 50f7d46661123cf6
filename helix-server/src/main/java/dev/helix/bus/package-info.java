/**
 * The event bus: typed {@link dev.helix.bus.Event}s published and subscribed by type pattern, delivered in order to
 * each subscriber, with every subscriber isolated from the publisher and from the others.
 */
@NullMarked
package dev.helix.bus;

import org.jspecify.annotations.NullMarked;
