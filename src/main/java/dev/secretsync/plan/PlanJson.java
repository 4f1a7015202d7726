package dev.secretsync.plan;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The JSON form of a {@link SavedPlan} (documented in docs/plans.md). {@link #body} is what the
 * signature covers: the whole document but the {@code signature} member.
 */
final class PlanJson {
  private PlanJson() {}

  /** The signed part of {@code plan}, in the file's member order. */
  static Map<String, Object> body(SavedPlan plan) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("format_version", plan.formatVersion());
    json.put("tool_version", plan.toolVersion());
    json.put("created_at", plan.createdAt().toString());
    json.put("run_id", plan.runId());
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("path", plan.configPath());
    config.put("fingerprint", plan.configFingerprint());
    json.put("config", config);
    json.put("key_check", plan.keyCheck());
    List<Object> targets = new ArrayList<>();
    for (PlannedTarget t : plan.targets()) {
      Map<String, Object> tj = new LinkedHashMap<>();
      tj.put("name", t.name());
      tj.put("type", t.type());
      tj.put("bundle_fingerprint", t.bundle());
      tj.put("sources", t.sources());
      tj.put("keys", t.keys());
      List<Object> changes = new ArrayList<>();
      for (PlannedChange c : t.changes()) {
        Map<String, Object> cj = new LinkedHashMap<>();
        cj.put("kind", c.kind());
        cj.put("key", c.key());
        cj.put("name", c.name());
        cj.put("before", c.before());
        cj.put("after", c.after());
        cj.put("reason", c.reason());
        changes.add(cj);
      }
      tj.put("changes", changes);
      targets.add(tj);
    }
    json.put("targets", targets);
    return json;
  }

  /** The whole document: the body and its signature. */
  static Map<String, Object> document(SavedPlan plan) {
    Map<String, Object> json = body(plan);
    json.put("signature", plan.signature());
    return json;
  }

  /**
   * Reads a document.
   *
   * @throws PlanException naming the first member that is missing or malformed
   */
  static SavedPlan read(Map<String, Object> json) {
    Object version = json.get("format_version");
    if (!(version instanceof Integer v)) {
      throw new PlanException("it has no format_version: it is not a secretsync plan file");
    }
    if (v != SavedPlan.FORMAT_VERSION) {
      throw new PlanException(
          "it has format_version "
              + v
              + ", and this secretsync reads format_version "
              + SavedPlan.FORMAT_VERSION
              + "; make the plan again with this version");
    }
    Map<String, Object> config = object(json, "config");
    List<PlannedTarget> targets = new ArrayList<>();
    for (Object o : list(json, "targets")) {
      Map<String, Object> t = asObject(o, "targets[]");
      List<PlannedChange> changes = new ArrayList<>();
      for (Object c : list(t, "changes")) {
        Map<String, Object> cj = asObject(c, "changes[]");
        changes.add(
            new PlannedChange(
                text(cj, "kind"),
                text(cj, "key"),
                text(cj, "name"),
                optional(cj, "before"),
                optional(cj, "after"),
                optional(cj, "reason")));
      }
      targets.add(
          new PlannedTarget(
              text(t, "name"),
              text(t, "type"),
              text(t, "bundle_fingerprint"),
              strings(t, "keys"),
              strings(t, "sources"),
              changes));
    }
    return new SavedPlan(
        v,
        optional(json, "tool_version"),
        instant(json, "created_at"),
        optional(json, "run_id"),
        optional(config, "path"),
        text(config, "fingerprint"),
        text(json, "key_check"),
        targets,
        text(json, "signature"));
  }

  private static Instant instant(Map<String, Object> json, String member) {
    try {
      return Instant.parse(text(json, member));
    } catch (DateTimeParseException e) {
      throw new PlanException(member + " is not a UTC time such as 2026-11-20T10:30:00Z");
    }
  }

  private static String text(Map<String, Object> json, String member) {
    if (json.get(member) instanceof String s) {
      return s;
    }
    throw new PlanException("member \"" + member + "\" is missing or not text");
  }

  private static String optional(Map<String, Object> json, String member) {
    Object o = json.get(member);
    if (o == null || o instanceof String) {
      return (String) o;
    }
    throw new PlanException("member \"" + member + "\" is not text");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Map<String, Object> json, String member) {
    return asObject(json.get(member), member);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asObject(Object o, String member) {
    if (o instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new PlanException("member \"" + member + "\" is missing or not an object");
  }

  private static List<?> list(Map<String, Object> json, String member) {
    if (json.get(member) instanceof List<?> l) {
      return l;
    }
    throw new PlanException("member \"" + member + "\" is missing or not a list");
  }

  private static SortedMap<String, String> strings(Map<String, Object> json, String member) {
    SortedMap<String, String> out = new TreeMap<>();
    object(json, member).forEach((k, val) -> out.put(k, val instanceof String s ? s : null));
    if (out.containsValue(null)) {
      throw new PlanException("member \"" + member + "\" holds something other than text");
    }
    return out;
  }
}
