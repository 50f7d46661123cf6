/** Helix: the backend for collectives of AI agents. {@link dev.helix.Helix} is the entry point. */
@NullMarked
package dev.helix;

import org.jspecify.annotations.NullMarked;
