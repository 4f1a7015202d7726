package dev.secretsync.plan;

import dev.secretsync.core.Change;
import dev.secretsync.core.Fingerprint;
import java.util.Objects;

/**
 * One change of a saved plan: what the dry run planned for one secret, without values.
 *
 * @param kind {@code create}, {@code update}, … ({@code ChangeKind} label)
 * @param key the bundle key
 * @param name the target-side name
 * @param before the target's keyed fingerprint of the live value, or {@code null}
 * @param after the target's keyed fingerprint of the desired value, or {@code null}
 * @param reason the planner's explanation (never a value)
 */
public record PlannedChange(
    String kind, String key, String name, String before, String after, String reason) {

  /** Validates required parts. */
  public PlannedChange {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(name, "name");
    reason = reason == null ? "" : reason;
  }

  /** The saved form of {@code c}. */
  public static PlannedChange of(Change c) {
    return new PlannedChange(
        c.kind().label(), c.key().path(), c.name(), hex(c.before()), hex(c.after()), c.reason());
  }

  /**
   * Whether {@code other} (planned now) acts on the same live state as this one: same kind, key and
   * before. The after fingerprint is left out: the merged bundle is compared separately, and a
   * target that had no fingerprint key yet when the plan was made (its first run) plans with a key
   * for that run alone.
   */
  public boolean sameStateAs(PlannedChange other) {
    return kind.equals(other.kind) && key.equals(other.key) && Objects.equals(before, other.before);
  }

  private static String hex(Fingerprint f) {
    return f == null ? null : f.hex();
  }
}
