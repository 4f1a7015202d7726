package dev.secretsync.plan;

import dev.secretsync.config.Durations;
import dev.secretsync.core.Bundle;
import dev.secretsync.core.Change;
import dev.secretsync.core.Secret;
import dev.secretsync.core.SecretKey;
import dev.secretsync.core.TargetPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Decides whether a saved plan is still exactly true, so {@code apply} carries out what was
 * reviewed and nothing else. The whole plan first ({@link #verify}: its age, key, signature and
 * config), then each target as it is planned again ({@link #check}): the same merged bundle, and
 * the same live state under every change — else the plan is stale and nothing is written.
 */
public final class PlanCheck {
  private static final int NAMES_SHOWN = 3;

  private final SavedPlan plan;

  /** Checks against {@code plan}. */
  public PlanCheck(SavedPlan plan) {
    this.plan = plan;
  }

  /**
   * Checks what holds for the whole plan.
   *
   * @param key the plan key as the merge store gives it now
   * @param configText the text of the config file this run uses
   * @param now the current time
   * @param maxAge the oldest plan accepted
   * @throws PlanException saying why the plan cannot be applied
   */
  public void verify(PlanKey key, String configText, Instant now, Duration maxAge) {
    Duration age = Duration.between(plan.createdAt(), now);
    if (age.compareTo(maxAge) > 0) {
      throw new PlanException(
          "plan is too old: it was made "
              + human(age)
              + " ago ("
              + plan.createdAt()
              + "), more than --max-plan-age "
              + Durations.format(maxAge)
              + "; make a new plan");
    }
    if (!plan.keyCheck().equals(key.check())) {
      throw new PlanException(
          "plan does not match: it was made with another fingerprint key (key check "
              + plan.keyCheck()
              + ", this merge store's is "
              + key.check()
              + "); make the plan with the same merge store and fingerprint_key");
    }
    if (!PlanSignature.valid(plan, key)) {
      throw new PlanException(
          "plan does not match: the file was changed after it was made (its signature does not"
              + " cover this content); make a new plan");
    }
    if (!plan.configFingerprint().equals(PlanSignature.config(key, configText))) {
      throw new PlanException(
          "stale plan: the configuration changed since it was made ("
              + plan.configPath()
              + "); nothing was written — make a new plan");
    }
  }

  /** Names of the plan's targets, in run order. */
  public List<String> targets() {
    return plan.targets().stream().map(PlannedTarget::name).toList();
  }

  /**
   * Checks one target planned again now.
   *
   * @return why its plan is stale, or empty when it is exactly what was saved
   */
  public Optional<String> check(
      String target, Bundle desired, Map<String, Bundle> sources, TargetPlan now, PlanKey key) {
    Optional<PlannedTarget> saved = plan.target(target);
    if (saved.isEmpty()) {
      return Optional.of(
          "stale plan: target " + target + " is not in the plan; nothing was written");
    }
    PlannedTarget was = saved.get();
    if (!was.bundle().equals(key.bundle(desired).hex())) {
      int keys = changedKeys(was, desired, key);
      Set<String> changedSources = new TreeSet<>();
      sources.forEach(
          (name, b) -> {
            if (!key.bundle(b).hex().equals(was.sources().get(name))) {
              changedSources.add(name);
            }
          });
      return Optional.of(
          "stale plan: the sources changed since it was made (target "
              + target
              + ", "
              + keys
              + (keys == 1 ? " key" : " keys")
              + (changedSources.isEmpty() ? "" : "; changed: " + String.join(", ", changedSources))
              + "); nothing was written — make a new plan");
    }
    List<String> moved = outOfBand(was, now);
    if (!moved.isEmpty()) {
      return Optional.of(
          "stale plan: "
              + target
              + " changed out of band: "
              + moved.size()
              + (moved.size() == 1 ? " secret" : " secrets")
              + " ("
              + String.join(", ", moved.subList(0, Math.min(NAMES_SHOWN, moved.size())))
              + (moved.size() > NAMES_SHOWN ? ", …" : "")
              + "); nothing was written — make a new plan");
    }
    return Optional.empty();
  }

  private static int changedKeys(PlannedTarget was, Bundle desired, PlanKey key) {
    Map<String, String> now = new TreeMap<>();
    for (Map.Entry<SecretKey, Secret> e : desired.secrets().entrySet()) {
      now.put(e.getKey().path(), key.secret(e.getKey(), e.getValue()).hex());
    }
    Set<String> all = new TreeSet<>(now.keySet());
    all.addAll(was.keys().keySet());
    return (int)
        all.stream().filter(k -> !now.getOrDefault(k, "").equals(was.keys().get(k))).count();
  }

  /** Target-side names whose planned change no longer acts on the same live state. */
  private static List<String> outOfBand(PlannedTarget was, TargetPlan now) {
    Map<String, PlannedChange> before = new HashMap<>();
    was.changes().forEach(c -> before.put(c.name(), c));
    Set<String> moved = new TreeSet<>();
    for (Change c : now.changes()) {
      PlannedChange then = before.remove(c.name());
      if (then == null || !then.sameStateAs(PlannedChange.of(c))) {
        moved.add(c.name());
      }
    }
    moved.addAll(before.keySet());
    now.errors().forEach(e -> moved.add(e.name()));
    return new ArrayList<>(moved);
  }

  private static String human(Duration d) {
    if (d.toDays() > 0) {
      return d.toDays() + "d " + d.toHoursPart() + "h";
    }
    if (d.toHours() > 0) {
      return d.toHours() + "h " + d.toMinutesPart() + "m";
    }
    if (d.toMinutes() > 0) {
      return d.toMinutes() + "m " + d.toSecondsPart() + "s";
    }
    return d.toSeconds() > 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }
}
