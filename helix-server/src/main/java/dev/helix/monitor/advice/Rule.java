package dev.helix.monitor.advice;

import java.util.Optional;

/**
 * One tuning rule: looks at the figures and gives advice when they call for it. A rule gives none when there is
 * too little traffic to judge (each rule says its minimum). Rules are pure functions of the figures.
 */
@FunctionalInterface
public interface Rule {
    Optional<Recommendation> evaluate(Figures figures);
}
