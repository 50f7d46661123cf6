/** The {@code gateway:} section of {@code helix.yaml}: its records, its parser and its reloading. */
@NullMarked
package dev.helix.gateway.config;

import org.jspecify.annotations.NullMarked;
