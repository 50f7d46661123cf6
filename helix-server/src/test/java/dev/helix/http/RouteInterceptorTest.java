package dev.helix.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.helix.testing.HelixClient;
import dev.helix.testing.HelixServerExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Interceptors run around routes in their order, after the caller is admitted, and may answer themselves. */
class RouteInterceptorTest {
    static final List<String> SEEN = new CopyOnWriteArrayList<>();

    @RegisterExtension
    static HelixServerExtension server = new HelixServerExtension()
            .feature(routes -> routes.get("/api/v1/test/intercepted", (req, res) -> {
                        SEEN.add("handler");
                        Responses.ok(res, java.util.Map.of("ok", true));
                    })
                    .intercept(20, (req, res, route, next) -> {
                        SEEN.add("inner " + route.template() + " "
                                + Requests.principal(req).role().id());
                        next.proceed(req, res);
                    })
                    .intercept(10, (req, res, route, next) -> {
                        SEEN.add("outer " + route.access());
                        if (req.query().contains("stop")) {
                            throw ProblemException.conflict("stopped by an interceptor");
                        }
                        next.proceed(req, res);
                    }));

    private final HelixClient client = server.client();

    @Test
    void interceptorsRunOutermostFirstAroundTheHandler() {
        SEEN.clear();
        assertThat(client.get("/api/v1/test/intercepted").status()).isEqualTo(200);
        assertThat(SEEN).containsExactly("outer AUTHENTICATED", "inner /api/v1/test/intercepted admin", "handler");
    }

    @Test
    void anInterceptorCanAnswerInsteadOfTheHandler() {
        SEEN.clear();
        assertThat(client.get("/api/v1/test/intercepted?stop").status()).isEqualTo(409);
        assertThat(SEEN).containsExactly("outer AUTHENTICATED");
    }

    @Test
    void unauthenticatedCallsNeverReachInterceptors() {
        SEEN.clear();
        assertThat(client.get("/api/v1/test/intercepted", null).status()).isEqualTo(401);
        assertThat(SEEN).isEmpty();
    }
}
