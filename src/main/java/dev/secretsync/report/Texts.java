package dev.secretsync.report;

import dev.secretsync.core.CanonicalJson;
import dev.secretsync.core.ChangeOutcome;
import dev.secretsync.core.Fingerprint;
import dev.secretsync.core.RunReport;
import dev.secretsync.core.Summary;
import dev.secretsync.core.TargetResult;

/** Phrases shared by the text formats. */
final class Texts {
  /** What a masked value shows: the same for every value, so its length reveals nothing. */
  static final String MASK = "••••";

  /** One side of a field difference where the field does not exist. */
  static final String ABSENT = "(none)";

  private Texts() {}

  static String summary(Summary s) {
    return s.toString();
  }

  static String planSummary(Summary s, boolean dryRun) {
    if (!dryRun) {
      return summary(s);
    }
    return s.added()
        + " to add, "
        + s.updated()
        + " to update, "
        + s.deleted()
        + " to delete, "
        + s.orphaned()
        + " orphaned, "
        + s.unchanged()
        + " unchanged"
        + (s.failed() > 0 ? ", " + s.failed() + " failed" : "")
        + (s.notAttempted() > 0 ? ", " + s.notAttempted() + " not attempted" : "");
  }

  /** {@code failed}, {@code not attempted}, … */
  static String outcome(ChangeOutcome o) {
    return o.label().replace('_', ' ');
  }

  static String status(TargetResult r) {
    return r.status().name().toLowerCase(java.util.Locale.ROOT);
  }

  static String mode(RunReport report) {
    return switch (report.mode()) {
      case FULL -> "";
      case MERGE_ONLY -> " (merge only)";
      case SYNC_ONLY -> " (sync only)";
    };
  }

  static String fp(Fingerprint f) {
    return f == null ? null : f.shortHex();
  }

  static String value(Object v, boolean show) {
    if (!show) {
      return MASK;
    }
    return CanonicalJson.write(v);
  }
}
