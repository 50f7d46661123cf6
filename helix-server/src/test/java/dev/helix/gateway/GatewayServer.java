package dev.helix.gateway;

import dev.helix.Helix;
import dev.helix.config.HelixConfig;
import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixServerExtension;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A whole Helix whose gateway points at mock providers ({@link GatewayFixture}): started before a test class, the
 * mocks reset before each test, everything stopped after the class.
 */
final class GatewayServer implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    final GatewayFixture mocks = new GatewayFixture();
    private final HelixServerExtension helix;

    GatewayServer() {
        this(UnaryOperator.identity());
    }

    /** With {@code change} applied to the configuration after the fixture's file is set. */
    GatewayServer(UnaryOperator<HelixConfig> change) {
        helix = new HelixServerExtension().config(c -> change.apply(mocks.withFile(c)));
    }

    HelixClient client() {
        return helix.client();
    }

    /** The running Helix. */
    Helix helix() {
        return helix.helix();
    }

    /** The running Helix's gateway for calls from inside it. */
    GatewayCalls calls() {
        return java.util.Objects.requireNonNull(helix().gatewayCalls(), "Helix is started");
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        helix.beforeAll(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        mocks.resetMocks();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            helix.afterAll(context);
        } finally {
            mocks.close();
        }
    }
}
