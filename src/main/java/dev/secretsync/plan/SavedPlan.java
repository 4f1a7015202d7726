package dev.secretsync.plan;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A plan saved by {@code pipeline --dry-run --plan-file} for {@code apply}: what each target would
 * get, as keyed fingerprints, names and change kinds — never a value, so the file is safe to post
 * in a pull request or keep as a CI artifact. Its {@link #signature} is the plan key's fingerprint
 * of everything else in it, so an edited plan is refused.
 *
 * @param formatVersion the file format ({@link #FORMAT_VERSION})
 * @param toolVersion the secretsync version that made it
 * @param createdAt when it was made
 * @param runId the id of the dry run that made it
 * @param configPath the config file as it was named on the command line (informational)
 * @param configFingerprint the plan key's fingerprint of the config file's text
 * @param keyCheck names the plan key without revealing it ({@link PlanKey#check()})
 * @param targets the synced targets in run order
 * @param signature the plan key's fingerprint of the rest of the document
 */
public record SavedPlan(
    int formatVersion,
    String toolVersion,
    Instant createdAt,
    String runId,
    String configPath,
    String configFingerprint,
    String keyCheck,
    List<PlannedTarget> targets,
    String signature) {

  /** The format this version writes and reads. */
  public static final int FORMAT_VERSION = 1;

  /** Validates required parts and copies the target list. */
  public SavedPlan {
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(configFingerprint, "configFingerprint");
    Objects.requireNonNull(keyCheck, "keyCheck");
    targets = List.copyOf(targets);
  }

  /** The target named {@code name}, if the plan has it. */
  public Optional<PlannedTarget> target(String name) {
    return targets.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /** Number of changes that write, over all targets. */
  public long writes() {
    return targets.stream().mapToLong(PlannedTarget::writes).sum();
  }
}
