package dev.helix.gateway;

import dev.helix.gateway.config.DeploymentConfig;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * How the deployments of one model have fared so far in one request: how often each was tried and failed in a way
 * worth retrying, and which are ruled out (skipped because unavailable when first reached, or failed in a way a
 * retry would not mend). A ruled-out deployment is not tried again for this model.
 */
final class DeploymentTries {
    private final Map<String, Integer> failures = new HashMap<>();
    private final Set<String> ruledOut = new HashSet<>();

    /** How often {@code deployment} was tried and failed retryably. */
    int failures(DeploymentConfig deployment) {
        return failures.getOrDefault(deployment.id(), 0);
    }

    /** Whether {@code deployment} is out for the rest of this model's turn. */
    boolean ruledOut(DeploymentConfig deployment) {
        return ruledOut.contains(deployment.id());
    }

    /** Whether {@code deployment} has not been reached yet: neither tried nor ruled out. */
    boolean untouched(DeploymentConfig deployment) {
        return failures(deployment) == 0 && !ruledOut(deployment);
    }

    /** {@code deployment} failed in a way worth retrying after a backoff. */
    void failedRetryably(DeploymentConfig deployment) {
        failures.merge(deployment.id(), 1, Integer::sum);
    }

    /** {@code deployment} is not to be tried again for this model. */
    void ruleOut(DeploymentConfig deployment) {
        ruledOut.add(deployment.id());
    }
}
