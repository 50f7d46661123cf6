package dev.helix.maintenance;

import dev.helix.testing.HelixServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The maintenance mode end to end on a Helix whose database is PostgreSQL. */
class MaintenanceApiOnPostgresTest extends MaintenanceApiTest {
    private static final RouteList POSTGRES_ROUTES = new RouteList();

    @RegisterExtension
    static HelixServerExtension postgres =
            new HelixServerExtension().onPostgres().feature(POSTGRES_ROUTES);

    @Override
    protected HelixServerExtension server() {
        return postgres;
    }

    @Override
    protected RouteList routes() {
        return POSTGRES_ROUTES;
    }
}
