/**
 * Small helpers shared by every feature: ids, JSON, dollar amounts, secrets, the build's version. Not part of
 * Helix's API.
 */
@NullMarked
package dev.helix.internal;

import org.jspecify.annotations.NullMarked;
