package dev.secretsync.report;

import dev.secretsync.core.CanonicalJson;
import dev.secretsync.core.ChangeOutcome;
import dev.secretsync.core.Fingerprint;
import dev.secretsync.core.RunReport;
import dev.secretsync.core.Summary;
import dev.secretsync.core.TargetResult;
import java.util.Locale;

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
    return r.status().name().toLowerCase(Locale.ROOT);
  }

  static String mode(RunReport report) {
    return switch (report.mode()) {
      case FULL -> "";
      case MERGE_ONLY -> " (merge only)";
      case SYNC_ONLY -> " (sync only)";
      case ROLLBACK -> " (rollback)";
    };
  }

  /** Text for a Markdown table cell or list item: no column breaks, line breaks or HTML tags. */
  static String md(String s) {
    return s.replace("|", "\\|").replace("\n", " ").replace("<", "&lt;");
  }

  /**
   * The head of a step summary's per-target table; {@code notAttempted} adds that column (a
   * combined report's shard documents do not count it).
   */
  static String countsTableHead(boolean notAttempted) {
    return notAttempted
        ? "| Target | Status | Added | Updated | Deleted | Orphaned | Unchanged | Failed"
            + " | Not attempted |\n|---|---|---:|---:|---:|---:|---:|---:|---:|\n"
        : "| Target | Status | Added | Updated | Deleted | Orphaned | Unchanged | Failed |\n"
            + "|---|---|---:|---:|---:|---:|---:|---:|\n";
  }

  /** One row of {@link #countsTableHead}'s table; {@code target} and {@code status} are escaped. */
  static String countsRow(String target, String status, Summary s, boolean notAttempted) {
    StringBuilder sb = new StringBuilder("| ");
    sb.append(md(target)).append(" | ").append(md(status));
    for (int n :
        new int[] {s.added(), s.updated(), s.deleted(), s.orphaned(), s.unchanged(), s.failed()}) {
      sb.append(" | ").append(n);
    }
    if (notAttempted) {
      sb.append(" | ").append(s.notAttempted());
    }
    return sb.append(" |\n").toString();
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
