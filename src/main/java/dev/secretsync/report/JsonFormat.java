package dev.secretsync.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.secretsync.core.Change;
import dev.secretsync.core.ChangeKind;
import dev.secretsync.core.ChangeOutcome;
import dev.secretsync.core.FieldChange;
import dev.secretsync.core.KeyError;
import dev.secretsync.core.RunReport;
import dev.secretsync.core.Summary;
import dev.secretsync.core.TargetResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Machine-readable report, schema version 1 (documented in {@code docs/output.md}). Never contains
 * values: changes carry short fingerprints and the paths of changed fields only. Unchanged secrets
 * are counted, not listed.
 */
public final class JsonFormat implements ReportFormat {
  /** Bumped on any incompatible change to the document's shape. */
  public static final int SCHEMA_VERSION = 1;

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Override
  public String render(RunReport report, RenderOptions options) {
    try {
      return MAPPER.writeValueAsString(toJson(report)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the JSON report", e);
    }
  }

  /** The report as JSON-shaped maps (also used for the GitHub {@code report-json} file). */
  public static Map<String, Object> toJson(RunReport report) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("schema_version", SCHEMA_VERSION);
    root.put("run_id", report.runId());
    root.put("started", report.started().toString());
    root.put("duration_ms", report.duration().toMillis());
    root.put("dry_run", report.dryRun());
    root.put("mode", report.mode().name().toLowerCase(Locale.ROOT));
    root.put("ok", !report.failed());
    root.put("summary", counts(report.summary(), true));
    List<Object> targets = new ArrayList<>();
    report.targets().forEach(t -> targets.add(target(t)));
    root.put("targets", targets);
    root.put("problems", report.problems());
    root.put("warnings", report.warnings());
    return root;
  }

  /**
   * A summary's counts under the report's names and in its order. {@code withTotal} adds {@code
   * changes} (their sum), as the report has it; notification bodies leave it out.
   */
  public static Map<String, Object> counts(Summary s, boolean withTotal) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("added", s.added());
    m.put("updated", s.updated());
    m.put("deleted", s.deleted());
    m.put("orphaned", s.orphaned());
    m.put("unchanged", s.unchanged());
    m.put("failed", s.failed());
    if (withTotal) {
      m.put("changes", s.changes());
    }
    m.put("not_attempted", s.notAttempted());
    return m;
  }

  private static Map<String, Object> target(TargetResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", r.target());
    m.put("type", r.type());
    m.put("status", Texts.status(r));
    m.put("message", r.message());
    m.put("secrets", r.bundleSize() < 0 ? null : r.bundleSize());
    m.put("duration_ms", r.duration().toMillis());
    m.put("summary", counts(r.summary(), true));
    List<Object> changes = new ArrayList<>();
    if (r.plan() != null) {
      // Built once per target, not per change: a lookup per change was quadratic (3 s for 10,000).
      TargetResult.Outcomes outcomes = r.outcomes();
      for (Change c : r.plan().changes()) {
        if (c.kind() != ChangeKind.UNCHANGED) {
          changes.add(change(c, outcomes.of(c)));
        }
      }
    }
    m.put("changes", changes);
    List<Object> errors = new ArrayList<>();
    for (KeyError e : r.errors()) {
      Map<String, Object> em = new LinkedHashMap<>();
      em.put("key", e.key() == null ? null : e.key().path());
      em.put("name", e.name());
      em.put("message", e.message());
      errors.add(em);
    }
    m.put("errors", errors);
    return m;
  }

  private static Map<String, Object> change(Change c, ChangeOutcome outcome) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("action", c.kind().label());
    m.put("key", c.key().path());
    m.put("name", c.name());
    m.put("before", Texts.fp(c.before()));
    m.put("after", Texts.fp(c.after()));
    m.put("reason", c.reason());
    m.put("applied", outcome == ChangeOutcome.APPLIED);
    m.put("outcome", outcome.label());
    List<Object> fields = new ArrayList<>();
    for (FieldChange f : c.fields()) {
      fields.add(Map.of("path", f.path(), "change", f.kind().name().toLowerCase(Locale.ROOT)));
    }
    m.put("fields", fields);
    return m;
  }
}
