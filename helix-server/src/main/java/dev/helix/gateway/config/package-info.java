/** The {@code gateway:} section of {@code helix.yaml}: its records, its parser and its reloading. */
package dev.helix.gateway.config;
