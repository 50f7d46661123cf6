/**
 * API keys: {@code hx_} secrets stored only as hashes, roles, each key's LLM budget and per-minute limits, bootstrap
 * of the first admin key, and the keys API.
 */
@NullMarked
package dev.helix.auth;

import org.jspecify.annotations.NullMarked;
