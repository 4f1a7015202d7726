package dev.secretsync.engine;

import dev.secretsync.core.Change;
import dev.secretsync.core.ChangeKind;
import dev.secretsync.core.FieldChange;
import dev.secretsync.core.Fingerprint;
import dev.secretsync.core.HistoryEntry;
import dev.secretsync.core.TargetPlan;
import dev.secretsync.spi.BundleHistory;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * For {@code --dry-run --diff}: tells, for each updated key, which history version its stored value
 * comes from — {@code v5 (2026-11-20 10:30 by alice) → new; changed fields: password} — so a
 * reviewer sees what the change replaces. Names of fields only, never values.
 */
final class VersionContext {
  private static final Logger LOG = LoggerFactory.getLogger(VersionContext.class);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  private VersionContext() {}

  /** {@code plan} with the version context added to the reason of each update. */
  static TargetPlan annotate(TargetPlan plan, BundleHistory history) {
    if (plan.changes().stream().noneMatch(c -> c.kind() == ChangeKind.UPDATE)) {
      return plan;
    }
    List<HistoryEntry> entries;
    try {
      entries = history.entries(plan.target());
    } catch (RuntimeException e) {
      // Context for a reviewer, not part of the plan: without it the plan is still right.
      LOG.warn(
          "target {}: history unreadable, no version context: {}", plan.target(), e.getMessage());
      return plan;
    }
    if (entries.isEmpty()) {
      return plan;
    }
    List<Change> out = new ArrayList<>();
    for (Change c : plan.changes()) {
      HistoryEntry since = c.kind() == ChangeKind.UPDATE ? since(entries, c.key().path()) : null;
      out.add(since == null ? c : c.withReason(c.reason() + "; " + describe(since, c.fields())));
    }
    return new TargetPlan(plan.target(), out, plan.errors());
  }

  /** {@code v5 (2026-11-20 10:30 by alice) → new; changed fields: password}. */
  static String describe(HistoryEntry since, List<FieldChange> fields) {
    String text =
        "v"
            + since.version()
            + " ("
            + TIME.format(since.time())
            + " by "
            + since.actor()
            + ") → new";
    if (!fields.isEmpty()) {
      text +=
          "; changed fields: "
              + fields.stream().map(FieldChange::path).collect(Collectors.joining(", "));
    }
    return text;
  }

  /**
   * The oldest version of the unbroken run of newest versions holding the key's latest stored
   * value: where that value was introduced (entries are newest first).
   */
  static HistoryEntry since(List<HistoryEntry> newestFirst, String key) {
    Fingerprint current = newestFirst.get(0).keys().get(key);
    if (current == null) {
      return null;
    }
    HistoryEntry since = newestFirst.get(0);
    for (HistoryEntry e : newestFirst) {
      if (!current.equals(e.keys().get(key))) {
        break;
      }
      since = e;
    }
    return since;
  }
}
