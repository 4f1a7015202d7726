package dev.secretsync.engine;

import dev.secretsync.core.Summary;
import dev.secretsync.core.TargetResult;
import dev.secretsync.observability.TraceSpan;
import java.util.Locale;

/** The attributes the engine puts on its spans: names, counts and outcomes, never a value. */
final class RunSpans {
  private RunSpans() {}

  /** Change counts as {@code secretsync.changes.<kind>}. */
  static void counts(TraceSpan span, Summary s) {
    span.set("secretsync.changes.added", s.added())
        .set("secretsync.changes.updated", s.updated())
        .set("secretsync.changes.deleted", s.deleted())
        .set("secretsync.changes.orphaned", s.orphaned())
        .set("secretsync.changes.unchanged", s.unchanged())
        .set("secretsync.changes.failed", s.failed())
        .set("secretsync.changes.not_attempted", s.notAttempted());
  }

  /** A finished target: status, key count, change counts; an error status when it failed. */
  static void target(TraceSpan span, TargetResult r) {
    span.set("secretsync.status", r.status().name().toLowerCase(Locale.ROOT))
        .set("secretsync.keys", r.bundleSize());
    counts(span, r.summary());
    if (r.failed()) {
      span.error(r.message());
    }
  }
}
