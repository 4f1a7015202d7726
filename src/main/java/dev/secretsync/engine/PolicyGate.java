package dev.secretsync.engine;

import dev.secretsync.config.SecretSyncConfig;
import dev.secretsync.config.TargetConfig;
import dev.secretsync.core.Bundle;
import dev.secretsync.core.TargetPlan;
import dev.secretsync.spi.RunContext;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Where {@code policies:} meet a run: a target's plan is checked after planning and before
 * applying. {@code warn} violations become run warnings (in every output format); {@code deny}
 * violations refuse the whole target, so it writes nothing — on a dry run the same refusal shows
 * what a real run would do.
 */
final class PolicyGate {
  private PolicyGate() {}

  /** Null when the target may go ahead, else why it may not (one line, no values). */
  static String check(
      SecretSyncConfig config,
      TargetConfig target,
      TargetPlan plan,
      Bundle desired,
      boolean dryRun,
      RunContext ctx,
      Instant now) {
    if (config.policies().isEmpty()) {
      return null;
    }
    List<PolicyCheck.Violation> violations =
        new PolicyCheck(config.policies()).check(target, plan, desired, now);
    violations.stream()
        .filter(v -> !v.deny())
        .forEach(v -> ctx.warnings().warn("target " + target.name() + ": " + v));
    List<PolicyCheck.Violation> denials =
        violations.stream().filter(PolicyCheck.Violation::deny).toList();
    if (denials.isEmpty()) {
      return null;
    }
    return (dryRun ? "would be denied by " : "denied by ")
        + denials.stream().map(PolicyCheck.Violation::toString).collect(Collectors.joining("; "))
        + (dryRun ? "" : "; nothing was written");
  }
}
