/** The gateway's exact-match response cache. */
package dev.helix.gateway.cache;
