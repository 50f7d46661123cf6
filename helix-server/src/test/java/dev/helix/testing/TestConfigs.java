package dev.helix.testing;

import dev.helix.access.Role;
import dev.helix.config.HelixConfig;

/** Small changes to a test configuration that several test classes make. */
public final class TestConfigs {
    private TestConfigs() {}

    /** {@code config} with {@code messaging.consumeRole} set to {@code role}. */
    public static HelixConfig consumeRole(HelixConfig config, Role role) {
        HelixConfig.Messaging m = config.messaging();
        return config.toBuilder()
                .messaging(new HelixConfig.Messaging(
                        m.visibility(), m.maxWait(), m.priorityStep(), m.defaultTtl(), m.maxDataSize(), role))
                .build();
    }
}
