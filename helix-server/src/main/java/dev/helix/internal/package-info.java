/** Small helpers shared by every feature: ids, JSON, secrets. Not part of Helix's API. */
package dev.helix.internal;
