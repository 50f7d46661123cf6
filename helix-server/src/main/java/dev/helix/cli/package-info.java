/** The {@code helix} command line (picocli): serve, migrate, keys, config check, version. */
@NullMarked
package dev.helix.cli;

import org.jspecify.annotations.NullMarked;
