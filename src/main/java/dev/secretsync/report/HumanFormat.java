package dev.secretsync.report;

import dev.secretsync.core.Change;
import dev.secretsync.core.ChangeKind;
import dev.secretsync.core.ChangeOutcome;
import dev.secretsync.core.FieldChange;
import dev.secretsync.core.KeyError;
import dev.secretsync.core.RunReport;
import dev.secretsync.core.TargetResult;
import java.util.EnumMap;
import java.util.Map;

/**
 * The default output for people: per target, a header with counts and one line per change ({@code
 * +} add, {@code ~} update, {@code -} delete, {@code ?} orphan, {@code !} error), then a summary.
 * Unchanged secrets are counted, not listed. Changes that failed or were never attempted are marked
 * so; the counts are what the target confirmed. Values are masked unless {@code --show-values}.
 */
final class HumanFormat implements ReportFormat {

  @Override
  public String render(RunReport report, RenderOptions o) {
    StringBuilder sb = new StringBuilder();
    String title = report.dryRun() ? "Plan" : "Sync";
    sb.append("SecretSync ")
        .append(title.toLowerCase())
        .append(Texts.mode(report))
        .append(" — run ")
        .append(report.runId())
        .append(report.dryRun() ? " (dry run: nothing will be written)" : "")
        .append("\n\n");
    for (TargetResult r : report.targets()) {
      target(sb, r, report.dryRun(), o);
    }
    for (String w : report.warnings()) {
      sb.append("warning: ").append(w).append('\n');
    }
    for (String p : report.problems()) {
      sb.append("error: ").append(p).append('\n');
    }
    if (o.diff()) {
      sb.append(kinds(report));
    }
    long failed = report.targets().stream().filter(TargetResult::failed).count();
    sb.append(report.dryRun() ? "Plan: " : "Done: ")
        .append(Texts.planSummary(report.summary(), report.dryRun()))
        .append(" — ")
        .append(report.targets().size())
        .append(report.targets().size() == 1 ? " target" : " targets")
        .append(failed > 0 ? ", " + failed + " not ok" : "")
        .append(", ")
        .append(report.duration().toMillis())
        .append(" ms\n");
    if (report.dryRun()) {
      sb.append(
          report.hasChanges()
              ? "Dry run: nothing was written. Run without --dry-run to apply.\n"
              : "Dry run: nothing was written, and there is nothing to apply.\n");
    } else if (!report.hasChanges() && !report.failed()) {
      sb.append("Everything is up to date.\n");
    }
    return sb.toString();
  }

  private void target(StringBuilder sb, TargetResult r, boolean dryRun, RenderOptions o) {
    sb.append(paint(o, r.failed() ? "31" : "1", "Target " + r.target()))
        .append(" (")
        .append(r.type());
    if (r.bundleSize() >= 0) {
      sb.append(", ").append(r.bundleSize()).append(r.bundleSize() == 1 ? " secret" : " secrets");
    }
    sb.append("): ");
    switch (r.status()) {
      case FAILED -> {
        sb.append(paint(o, "31", "FAILED: " + r.message()));
        if (r.plan() != null) {
          // What did reach the target before it failed (or nothing, for a refusal).
          sb.append(" (").append(Texts.planSummary(r.summary(), dryRun)).append(')');
        }
        sb.append('\n');
      }
      case SKIPPED -> sb.append(paint(o, "33", r.message())).append('\n');
      case MERGED -> sb.append("merged").append('\n');
      default -> {
        sb.append(Texts.planSummary(r.summary(), dryRun));
        if (!r.message().isEmpty()) {
          sb.append(" — ").append(paint(o, "33", r.message()));
        }
        sb.append('\n');
      }
    }
    if (r.plan() != null) {
      int width =
          r.plan().changes().stream()
              .filter(c -> c.kind() != ChangeKind.UNCHANGED)
              .mapToInt(c -> c.name().length())
              .max()
              .orElse(0);
      TargetResult.Outcomes outcomes = r.outcomes();
      for (Change c : r.plan().changes()) {
        if (c.kind() != ChangeKind.UNCHANGED) {
          change(sb, c, outcomes.of(c), o, Math.min(width, 60));
        }
      }
    }
    for (KeyError e : r.errors()) {
      sb.append("  ")
          .append(paint(o, "31", "! " + e.name()))
          .append("  ")
          .append(e.message())
          .append('\n');
    }
    sb.append('\n');
  }

  private void change(
      StringBuilder sb, Change c, ChangeOutcome outcome, RenderOptions o, int width) {
    String color =
        switch (c.kind().category()) {
          case ADDED -> "32";
          case UPDATED -> "33";
          case DELETED -> "31";
          default -> "36";
        };
    sb.append("  ")
        .append(paint(o, color, c.kind().symbol() + " " + c.name()))
        .append(" ".repeat(Math.max(0, width - c.name().length())))
        .append("  ")
        .append(c.kind().label());
    if (!c.reason().isEmpty()) {
      sb.append(": ").append(c.reason());
    }
    // Only what did not happen is marked: a line without a mark was applied (or, dry, planned).
    if (outcome == ChangeOutcome.FAILED || outcome == ChangeOutcome.NOT_ATTEMPTED) {
      sb.append(" — ").append(paint(o, "31", Texts.outcome(outcome)));
    }
    sb.append('\n');
    if (o.diff()) {
      int pathWidth = c.fields().stream().mapToInt(f -> f.path().length()).max().orElse(0);
      for (FieldChange f : c.fields()) {
        // Side by side, old → new, so a reader sees at a glance which fields move and how.
        String marker =
            switch (f.kind()) {
              case ADDED -> "+";
              case REMOVED -> "-";
              case CHANGED -> "~";
            };
        sb.append("      ")
            .append(marker)
            .append(' ')
            .append(f.path())
            .append(':')
            .append(" ".repeat(Math.max(0, Math.min(pathWidth, 40) - f.path().length()) + 1))
            .append(paint(o, "31", side(f.kind() == FieldChange.Kind.ADDED, f.before(), o)))
            .append(" → ")
            .append(paint(o, "32", side(f.kind() == FieldChange.Kind.REMOVED, f.after(), o)))
            .append('\n');
      }
    }
  }

  /** One side of a field line: the (masked) value, or {@code (none)} where the field is absent. */
  private static String side(boolean absent, Object value, RenderOptions o) {
    return absent ? Texts.ABSENT : Texts.value(value, o.showValues());
  }

  /** {@code By kind: 3 update, 2 create, 1 delete} over every target, for {@code --diff}. */
  private static String kinds(RunReport report) {
    Map<ChangeKind, Integer> counts = new EnumMap<>(ChangeKind.class);
    for (TargetResult r : report.targets()) {
      if (r.plan() == null) {
        continue;
      }
      TargetResult.Outcomes outcomes = r.outcomes();
      for (Change c : r.plan().changes()) {
        ChangeOutcome out = outcomes.of(c);
        if (c.kind() != ChangeKind.UNCHANGED
            && out != ChangeOutcome.FAILED
            && out != ChangeOutcome.NOT_ATTEMPTED) {
          counts.merge(c.kind(), 1, Integer::sum);
        }
      }
    }
    if (counts.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder("By kind: ");
    counts.forEach((k, n) -> sb.append(n).append(' ').append(k.label()).append(", "));
    sb.setLength(sb.length() - 2);
    return sb.append('\n').toString();
  }

  private static String paint(RenderOptions o, String code, String text) {
    return o.color() ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
  }
}
