/**
 * Tuning advice: {@link dev.helix.monitor.advice.Rule}s, one class each, that judge the performance
 * {@link dev.helix.monitor.advice.Figures} and say what to change, with the evidence and the setting; the
 * {@link dev.helix.monitor.advice.Advisor} runs them all.
 */
@NullMarked
package dev.helix.monitor.advice;

import org.jspecify.annotations.NullMarked;
