/** Helix: the backend for collectives of AI agents. {@link dev.helix.Helix} is the entry point. */
package dev.helix;
