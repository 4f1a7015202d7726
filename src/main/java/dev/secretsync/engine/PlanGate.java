package dev.secretsync.engine;

import dev.secretsync.core.Bundle;
import dev.secretsync.core.Fingerprint;
import dev.secretsync.core.TargetPlan;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Sees each synced target's merged bundle and plan after planning and before anything is applied,
 * and may hold the target back. Saved plans use it twice: to record what a dry run planned, and to
 * refuse a target whose sources or live state no longer match what was reviewed. Called from
 * several targets at once.
 */
@FunctionalInterface
public interface PlanGate {
  /** Lets every target through. */
  PlanGate NONE = planned -> Optional.empty();

  /**
   * @param planned the target as it is about to be applied
   * @return why the plan must not be applied (the target then fails with that message and writes
   *     nothing), or empty to go ahead
   */
  Optional<String> check(Planned planned);

  /**
   * One target, planned.
   *
   * @param target the target's name
   * @param type its type
   * @param desired the merged bundle (secret material: never log it)
   * @param sources the bundles of the sources it imports directly, by source name (empty with
   *     {@code --sync-only})
   * @param plan the plan that would be applied
   * @param keyed the merge store's keyed fingerprint of a bundle ({@code MergeStore#fingerprint})
   */
  record Planned(
      String target,
      String type,
      Bundle desired,
      Map<String, Bundle> sources,
      TargetPlan plan,
      Function<Bundle, Fingerprint> keyed) {
    /** Copies the source map. */
    public Planned {
      sources = Map.copyOf(sources);
    }
  }
}
