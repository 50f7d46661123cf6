/**
 * API keys: {@code hx_} secrets stored only as hashes, roles, bootstrap of the first admin key, and the keys API.
 */
package dev.helix.auth;
