package dev.helix.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.config.HelixConfig;
import dev.helix.testing.HelixServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PrivateMetricsTest {
    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension()
            .config(c -> c.toBuilder()
                    .auth(new HelixConfig.Auth(c.auth().adminKey(), false))
                    .build());

    @Test
    void metricsNeedTheAdminRoleWhenNotPublic() {
        assertThat(server.client().get("/metrics", null).status()).isEqualTo(401);
        assertThat(server.client().get("/metrics").status()).isEqualTo(200);
        assertThat(server.client().get("/status", null).status()).isEqualTo(200);
    }
}
