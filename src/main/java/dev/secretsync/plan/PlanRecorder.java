package dev.secretsync.plan;

import dev.secretsync.core.Bundle;
import dev.secretsync.core.Change;
import dev.secretsync.core.Secret;
import dev.secretsync.core.SecretKey;
import dev.secretsync.core.TargetPlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Collects what a dry run planned, target by target (from several threads), and turns it into a
 * signed {@link SavedPlan}. Values are fingerprinted as they arrive and never kept.
 */
public final class PlanRecorder {
  private final Map<String, Recorded> targets = new ConcurrentHashMap<>();

  private record Recorded(PlannedTarget target, String keyCheck) {}

  /**
   * Records one planned target.
   *
   * @param key the keyed fingerprints of the run's merge store
   */
  public void record(
      String target,
      String type,
      Bundle desired,
      Map<String, Bundle> sources,
      TargetPlan plan,
      PlanKey key) {
    Map<String, String> keys = new TreeMap<>();
    for (Map.Entry<SecretKey, Secret> e : desired.secrets().entrySet()) {
      keys.put(e.getKey().path(), key.secret(e.getKey(), e.getValue()).hex());
    }
    Map<String, String> sourceFps = new TreeMap<>();
    sources.forEach((name, b) -> sourceFps.put(name, key.bundle(b).hex()));
    List<PlannedChange> changes = new ArrayList<>();
    for (Change c : plan.changes()) {
      changes.add(PlannedChange.of(c));
    }
    targets.put(
        target,
        new Recorded(
            new PlannedTarget(
                target,
                type,
                key.bundle(desired).hex(),
                new TreeMap<>(keys),
                new TreeMap<>(sourceFps),
                changes),
            key.check()));
  }

  /**
   * The signed plan.
   *
   * @param order target names in run order (targets not recorded are left out)
   * @param key the plan key as a fresh look at the merge store sees it: when it differs from the
   *     run's, the store had no key of its own yet and the dry run used one for itself alone
   * @param configText the config file's text
   * @throws PlanException when the run's key will not outlive it
   */
  public SavedPlan build(
      List<String> order,
      PlanKey key,
      Instant createdAt,
      String runId,
      String toolVersion,
      String configPath,
      String configText) {
    String check = key.check();
    List<PlannedTarget> planned = new ArrayList<>();
    for (String name : order) {
      Recorded r = targets.get(name);
      if (r == null) {
        continue;
      }
      if (!r.keyCheck().equals(check)) {
        throw new PlanException(
            "the merge store has no fingerprint key yet, and a dry run does not create one, so no"
                + " later run could check this plan; run `secretsync pipeline` once without"
                + " --dry-run, or set fingerprint_key (SECRETSYNC_FINGERPRINT_KEY)");
      }
      planned.add(r.target());
    }
    SavedPlan unsigned =
        new SavedPlan(
            SavedPlan.FORMAT_VERSION,
            toolVersion,
            createdAt,
            runId,
            configPath,
            PlanSignature.config(key, configText),
            check,
            planned,
            "");
    return PlanSignature.sign(unsigned, key);
  }
}
