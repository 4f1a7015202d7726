package dev.secretsync.provider.github;

import dev.secretsync.core.Change;
import dev.secretsync.core.KeyError;
import dev.secretsync.core.TargetPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code validate --check-github}: reads a github target's dry-run plan (made by {@link
 * GitHubPlanner} from {@link GitHubStateReader}'s listing and state record, so the check and a run
 * can never disagree) as the validation report of issue 12's user story 3 — per app scope, the
 * desired names that are missing, those that differ from our state record (drift), those that exist
 * unmanaged under the same name, and owned names no longer desired, each with the one line that
 * fixes it. Fingerprints and names only: a plan holds no values.
 */
public final class GitHubCheck {
  private GitHubCheck() {}

  /** What a finding is about. */
  public enum Kind {
    /** Desired, absent in GitHub. */
    MISSING,
    /** Ours, but the value or {@code updated_at} differs from our state record. */
    DRIFT,
    /** Exists under a desired name and is not in our state record. */
    UNMANAGED,
    /** In our state record, no longer desired. */
    NOT_DESIRED,
    /** A desired name GitHub would refuse, or a value too large. */
    INVALID;

    /** Lower-case name, as in the JSON output. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One name that is not as the config wants it.
   *
   * @param target the target
   * @param scope {@code <app>/<NAME>}, or {@code environment/<name>} for a managed environment
   * @param kind what is wrong
   * @param detail why, from the plan (no values)
   * @param remediation one line that fixes it
   * @param failing whether it fails the check (everything but a retained orphan)
   */
  public record Finding(
      String target, String scope, Kind kind, String detail, String remediation, boolean failing) {}

  /**
   * The findings of one target's plan; empty when the target has converged.
   *
   * @param plan the target's dry-run plan
   */
  public static List<Finding> findings(TargetPlan plan) {
    String t = plan.target();
    String run = "run: secretsync pipeline --targets " + t;
    List<Finding> out = new ArrayList<>();
    for (Change c : plan.changes()) {
      switch (c.kind()) {
        case CREATE -> out.add(new Finding(t, c.name(), Kind.MISSING, reason(c), run, true));
        case UPDATE, REVERT, TAGS, RESTORE ->
            out.add(new Finding(t, c.name(), Kind.DRIFT, reason(c), run, true));
        case DELETE -> out.add(new Finding(t, c.name(), Kind.NOT_DESIRED, reason(c), run, true));
        case ORPHAN ->
            out.add(
                new Finding(
                    t,
                    c.name(),
                    Kind.NOT_DESIRED,
                    reason(c),
                    "retained (deletion.policy: retain); to remove it set deletion.policy: delete"
                        + " on target "
                        + t
                        + ", then "
                        + run,
                    false));
        case UNCHANGED -> {}
      }
    }
    for (KeyError e : plan.errors()) {
      boolean unmanaged = e.message().contains("not managed by secretsync");
      out.add(
          new Finding(
              t,
              e.name() == null ? e.key().toString() : e.name(),
              unmanaged ? Kind.UNMANAGED : Kind.INVALID,
              e.message(),
              unmanaged
                  ? "set adopt_unmanaged: true on target "
                      + t
                      + " (or delete or rename the GitHub secret), then "
                      + run
                  : "fix the key or the name template of target " + t + ", then " + run,
              true));
    }
    return out;
  }

  private static String reason(Change c) {
    return c.reason() == null || c.reason().isEmpty()
        ? c.kind().name().toLowerCase(Locale.ROOT)
        : c.reason();
  }
}
