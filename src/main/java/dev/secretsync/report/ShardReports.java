package dev.secretsync.report;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Combines the JSON reports of a sharded run ({@code pipeline --shard I/N --report-file …}) into
 * the report one unsharded run would have written: every synced target once, totals summed over
 * them, the run failed when any shard failed or is missing. Works on the documents rather than on
 * {@code RunReport}s because a report lists changes, not the unchanged secrets behind its counts.
 */
public final class ShardReports {
  private static final List<String> COUNTS =
      List.of(
          "added",
          "updated",
          "deleted",
          "orphaned",
          "unchanged",
          "failed",
          "changes",
          "not_attempted");

  private ShardReports() {}

  /**
   * One report file.
   *
   * @param file where it was read from (for messages)
   * @param doc the parsed JSON document
   */
  public record Input(String file, Map<String, Object> doc) {}

  /**
   * The combined document: the {@code pipeline -o json} shape (schema version 1) plus {@code
   * shards} (one entry per report used) and {@code missing_shards}.
   *
   * @throws IllegalArgumentException naming the file when a document is not a secretsync report
   */
  public static Map<String, Object> combine(List<Input> inputs) {
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("no report files given");
    }
    List<String> problems = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    Map<Integer, Input> byShard = new TreeMap<>();
    List<Input> unsharded = new ArrayList<>();
    Integer count = null;
    for (Input in : inputs) {
      check(in);
      Map<String, Object> shard = map(in.doc().get("shard"));
      if (shard == null) {
        unsharded.add(in);
        continue;
      }
      int index = number(shard.get("index"));
      int n = number(shard.get("count"));
      if (count == null) {
        count = n;
      } else if (count != n) {
        problems.add(
            in.file()
                + ": shard "
                + index
                + "/"
                + n
                + " belongs to a run of "
                + n
                + " shards, the others to "
                + count
                + "; combine the reports of one sharded run");
        continue;
      }
      Input earlier = byShard.get(index);
      if (earlier == null || newer(in, earlier)) {
        if (earlier != null) {
          warnings.add(
              "shard "
                  + index
                  + "/"
                  + n
                  + ": two reports; the newer one ("
                  + in.file()
                  + ") is used");
        }
        byShard.put(index, in);
      } else {
        warnings.add(
            "shard "
                + index
                + "/"
                + n
                + ": two reports; the newer one ("
                + earlier.file()
                + ") is used");
      }
    }
    List<Integer> missing = new ArrayList<>();
    if (count != null) {
      for (int i = 0; i < count; i++) {
        if (!byShard.containsKey(i)) {
          missing.add(i);
          problems.add(
              "shard "
                  + i
                  + "/"
                  + count
                  + ": no report — it did not run or its report file was not collected; re-run"
                  + " it with --shard "
                  + i
                  + "/"
                  + count);
        }
      }
    }
    List<Input> used = new ArrayList<>(byShard.values());
    used.addAll(unsharded);
    return build(used, count, missing, problems, warnings);
  }

  private static Map<String, Object> build(
      List<Input> used,
      Integer count,
      List<Integer> missing,
      List<String> problems,
      List<String> warnings) {
    Map<String, Map<String, Object>> synced = new LinkedHashMap<>();
    Map<String, String> syncedBy = new LinkedHashMap<>();
    Map<String, Map<String, Object>> mergedOnly = new LinkedHashMap<>();
    List<Object> shards = new ArrayList<>();
    Set<String> modes = new LinkedHashSet<>();
    Set<Boolean> dryRuns = new LinkedHashSet<>();
    List<String> runIds = new ArrayList<>();
    Instant start = null;
    Instant end = null;
    boolean ok = problems.isEmpty();
    for (Input in : used) {
      Map<String, Object> doc = in.doc();
      String label = label(in);
      boolean shardOk = Boolean.TRUE.equals(doc.get("ok"));
      ok &= shardOk;
      modes.add(String.valueOf(doc.get("mode")));
      dryRuns.add(Boolean.TRUE.equals(doc.get("dry_run")));
      if (doc.get("run_id") != null) {
        runIds.add(String.valueOf(doc.get("run_id")));
      }
      Instant started = instant(doc.get("started"));
      if (started != null) {
        Instant finished = started.plusMillis(number(doc.get("duration_ms")));
        start = start == null || started.isBefore(start) ? started : start;
        end = end == null || finished.isAfter(end) ? finished : end;
      }
      for (Object p : list(doc.get("problems"))) {
        problems.add(label + ": " + p);
      }
      for (Object w : list(doc.get("warnings"))) {
        warnings.add(label + ": " + w);
      }
      if (!shardOk) {
        problems.add(
            label
                + " failed"
                + (doc.get("run_id") == null ? "" : " (run " + doc.get("run_id") + ")")
                + rerun(doc));
      }
      int targets = 0;
      for (Object o : list(doc.get("targets"))) {
        Map<String, Object> t = map(o);
        String name = String.valueOf(t.get("name"));
        if ("merged".equals(t.get("status"))) {
          mergedOnly.putIfAbsent(name, t);
          continue;
        }
        targets++;
        if (synced.containsKey(name)) {
          ok = false;
          problems.add(
              "target "
                  + name
                  + " was synced by "
                  + syncedBy.get(name)
                  + " and by "
                  + label
                  + "; shards of one run never share a target — were reports of two runs mixed?");
          continue;
        }
        synced.put(name, t);
        syncedBy.put(name, label);
      }
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("file", in.file());
      Map<String, Object> shard = map(doc.get("shard"));
      s.put("index", shard == null ? null : shard.get("index"));
      s.put("count", shard == null ? null : shard.get("count"));
      s.put("run_id", doc.get("run_id"));
      s.put("ok", shardOk);
      s.put("targets", targets);
      shards.add(s);
    }
    List<Object> targets = new ArrayList<>(synced.values());
    mergedOnly.forEach(
        (name, t) -> {
          if (!synced.containsKey(name)) {
            targets.add(t);
          }
        });
    if (dryRuns.size() > 1) {
      warnings.add("some reports are dry runs and some are not; the totals mix plans and writes");
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("schema_version", JsonFormat.SCHEMA_VERSION);
    root.put("run_id", String.join(",", runIds));
    root.put("started", start == null ? null : start.toString());
    root.put("duration_ms", start == null ? 0 : end.toEpochMilli() - start.toEpochMilli());
    root.put("dry_run", !dryRuns.contains(false));
    root.put("mode", modes.size() == 1 ? modes.iterator().next() : "mixed");
    root.put("ok", ok && problems.isEmpty());
    root.put("summary", sum(synced.values()));
    root.put("targets", targets);
    root.put("problems", problems);
    root.put("warnings", warnings);
    root.put("shard_count", count);
    root.put("shards", shards);
    root.put("missing_shards", missing);
    return root;
  }

  private static String rerun(Map<String, Object> doc) {
    Map<String, Object> shard = map(doc.get("shard"));
    return shard == null
        ? ""
        : "; re-run it with --shard " + shard.get("index") + "/" + shard.get("count");
  }

  private static Map<String, Object> sum(Iterable<Map<String, Object>> targets) {
    Map<String, Object> total = new LinkedHashMap<>();
    COUNTS.forEach(k -> total.put(k, 0));
    for (Map<String, Object> t : targets) {
      Map<String, Object> s = map(t.get("summary"));
      if (s != null) {
        COUNTS.forEach(k -> total.put(k, number(total.get(k)) + number(s.get(k))));
      }
    }
    return total;
  }

  private static void check(Input in) {
    Object version = in.doc().get("schema_version");
    if (!(version instanceof Number n) || n.intValue() != JsonFormat.SCHEMA_VERSION) {
      throw new IllegalArgumentException(
          in.file()
              + ": not a secretsync JSON report of schema version "
              + JsonFormat.SCHEMA_VERSION
              + " (write reports with pipeline --report-file or -o json)");
    }
    if (!(in.doc().get("targets") instanceof List<?>) || !in.doc().containsKey("ok")) {
      throw new IllegalArgumentException(
          in.file()
              + ": a secretsync JSON document but not a run report (no targets/ok); write"
              + " reports with pipeline --report-file");
    }
  }

  private static boolean newer(Input a, Input b) {
    Instant x = instant(a.doc().get("started"));
    Instant y = instant(b.doc().get("started"));
    // A report without a start failed before running: a later file in the list wins.
    return x == null || y == null || !x.isBefore(y);
  }

  private static String label(Input in) {
    Map<String, Object> shard = map(in.doc().get("shard"));
    return shard == null ? in.file() : "shard " + shard.get("index") + "/" + shard.get("count");
  }

  private static Instant instant(Object o) {
    if (o == null) {
      return null;
    }
    try {
      return Instant.parse(o.toString());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
  }

  static List<?> list(Object o) {
    return o instanceof List<?> l ? l : List.of();
  }

  static int number(Object o) {
    return o instanceof Number n ? n.intValue() : 0;
  }
}
