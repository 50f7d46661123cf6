/**
 * Configuration: the keys ({@link dev.helix.config.ConfigKeys}), their layers (file, environment, flags) and the
 * immutable {@link dev.helix.config.HelixConfig} records, validated once at start.
 */
@NullMarked
package dev.helix.config;

import org.jspecify.annotations.NullMarked;
