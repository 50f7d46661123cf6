/**
 * Configuration: the keys ({@link dev.helix.config.ConfigKeys}), their layers (file, environment, flags) and the
 * immutable {@link dev.helix.config.HelixConfig} records, validated once at start.
 */
package dev.helix.config;
