/** The {@code helix} command line (picocli): serve, migrate, keys, config check, version. */
package dev.helix.cli;
