package dev.secretsync.engine;

import dev.secretsync.core.Bundle;
import dev.secretsync.core.Change;
import dev.secretsync.core.ChangeKind;
import dev.secretsync.core.Secret;
import dev.secretsync.core.SecretDiff;
import dev.secretsync.core.TargetPlan;
import dev.secretsync.spi.SecretTarget;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the engine changes in a target's plan after the target made it: deletions held back after an
 * incomplete read, and field differences filled in for {@code --diff}.
 */
final class PlanAdjustments {
  private static final Logger LOG = LoggerFactory.getLogger(PlanAdjustments.class);

  private PlanAdjustments() {}

  /**
   * When a source was read incompletely (skipped paths, denied secrets, or nothing at all), a
   * missing key may be missing only from this read: deleting it would lose a secret. Such deletions
   * become orphans for this run, with the reason.
   */
  static TargetPlan holdBackDeletions(TargetPlan plan, String incompleteReason) {
    if (incompleteReason == null
        || plan.changes().stream().noneMatch(c -> c.kind() == ChangeKind.DELETE)) {
      return plan;
    }
    LOG.warn("target {}: deletions held back this run because {}", plan.target(), incompleteReason);
    List<Change> changes = new ArrayList<>();
    for (Change c : plan.changes()) {
      changes.add(
          c.kind() != ChangeKind.DELETE
              ? c
              : Change.of(
                  ChangeKind.ORPHAN,
                  c.key(),
                  c.name(),
                  c.before(),
                  null,
                  "not deleted: " + incompleteReason + "; deletions wait for a complete read"));
    }
    return new TargetPlan(plan.target(), changes, plan.errors());
  }

  /**
   * Fills the field differences of updates the target planned without them (targets whose state
   * holds no values, like Secrets Manager), from values read only now — {@code --diff} is opt-in,
   * so a plain plan still reads none.
   */
  static TargetPlan withFieldDiffs(TargetPlan plan, SecretTarget target, Bundle desired) {
    List<String> names =
        plan.changes().stream()
            .filter(c -> c.kind() == ChangeKind.UPDATE && c.fields().isEmpty())
            .map(Change::name)
            .toList();
    if (names.isEmpty()) {
      return plan;
    }
    Map<String, Secret> live = target.liveValues(names);
    if (live.isEmpty()) {
      return plan;
    }
    List<Change> changes = new ArrayList<>();
    for (Change c : plan.changes()) {
      Secret before = c.kind() == ChangeKind.UPDATE ? live.get(c.name()) : null;
      Secret after = desired.get(c.key());
      changes.add(
          before == null || after == null || !c.fields().isEmpty()
              ? c
              : c.withFields(SecretDiff.between(before, after)));
    }
    return new TargetPlan(plan.target(), changes, plan.errors());
  }
}
