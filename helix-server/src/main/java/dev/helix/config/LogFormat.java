package dev.helix.config;

/** How log lines are written. */
public enum LogFormat {
    TEXT,
    JSON
}
