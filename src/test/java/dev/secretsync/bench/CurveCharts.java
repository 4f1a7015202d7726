package dev.secretsync.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The charts and the table of {@code curves.json} ({@link Curves}): time, heap, CPU and calls
 * against secrets (one account), and time and calls against accounts (10k secrets), as SVG files
 * ({@link SvgChart}). Also a main, to redraw them from a saved run:
 *
 * <pre>
 * java -cp … dev.secretsync.bench.CurveCharts target/bench/curves/curves.json docs/images/bench
 * </pre>
 *
 * which also prints the Markdown table of docs/performance.md.
 */
final class CurveCharts {
  private static final String[][] RUNS = {
    {"cold", "cold"}, {"noop", "no-op"}, {"one_change", "one change"}
  };

  private CurveCharts() {}

  public static void main(String[] args) throws IOException {
    @SuppressWarnings("unchecked")
    Map<String, Object> doc = new ObjectMapper().readValue(Path.of(args[0]).toFile(), Map.class);
    Path out = Path.of(args.length > 1 ? args[1] : ".");
    Files.createDirectories(out);
    System.err.println("charts: " + write(doc, out));
    System.out.print(table(doc));
  }

  /** Writes every chart of {@code doc} into {@code dir}; returns the files. */
  static List<Path> write(Map<String, Object> doc, Path dir) throws IOException {
    Map<String, SvgChart> charts = charts(doc);
    List<Path> files = new ArrayList<>();
    for (Map.Entry<String, SvgChart> e : charts.entrySet()) {
      Path f = dir.resolve(e.getKey() + ".svg");
      Files.writeString(f, e.getValue().toSvg(), StandardCharsets.UTF_8);
      files.add(f);
    }
    return files;
  }

  static Map<String, SvgChart> charts(Map<String, Object> doc) {
    List<Map<String, Object>> single = points(doc, "single", "secrets");
    List<Map<String, Object>> fanout = points(doc, "fanout", "accounts");
    Map<String, SvgChart> c = new LinkedHashMap<>();
    SvgChart time =
        new SvgChart(
            "Pipeline time against secrets (1 account)", "secrets", "seconds", false, false);
    timeSeries(time, single, "secrets");
    c.put("time-vs-secrets", time);
    SvgChart heap =
        new SvgChart("CLI heap against secrets (1 account)", "secrets", "MB", false, false);
    heap.add("smallest -Xmx (no-op)", series(single, "secrets", CurveCharts::minXmx), false);
    heap.add("peak heap, cold", series(single, "secrets", run("cold", "peak_heap_mb", 1)), true);
    heap.add("peak heap, no-op", series(single, "secrets", run("noop", "peak_heap_mb", 1)), true);
    c.put("heap-vs-secrets", heap);
    SvgChart cpu =
        new SvgChart(
            "CLI CPU time against secrets (1 account)", "secrets", "CPU seconds", false, false);
    for (String[] r : RUNS) {
      cpu.add(r[1], series(single, "secrets", run(r[0], "cli_cpu_ms", 1e-3)), false);
    }
    c.put("cpu-vs-secrets", cpu);
    SvgChart calls =
        new SvgChart("Remote calls against secrets (1 account)", "secrets", "calls", true, true);
    calls.add(
        "Vault calls (every run)", series(single, "secrets", run("noop", "vault_calls", 1)), false);
    for (String[] r : RUNS) {
      calls.add("AWS calls, " + r[1], series(single, "secrets", run(r[0], "aws_calls", 1)), false);
    }
    calls.add("AWS writes, cold", series(single, "secrets", run("cold", "writes", 1)), true);
    calls.add(
        "AWS writes, one change", series(single, "secrets", run("one_change", "writes", 1)), true);
    c.put("calls-vs-secrets", calls);
    SvgChart atime =
        new SvgChart(
            "Pipeline time against accounts (10k secrets)", "accounts", "seconds", true, false);
    timeSeries(atime, fanout, "accounts");
    c.put("time-vs-accounts", atime);
    SvgChart acalls =
        new SvgChart(
            "Remote calls against accounts (10k secrets)", "accounts", "calls", true, true);
    acalls.add(
        "Vault calls (every run)",
        series(fanout, "accounts", run("noop", "vault_calls", 1)),
        false);
    for (String[] r : RUNS) {
      acalls.add(
          "AWS calls, " + r[1], series(fanout, "accounts", run(r[0], "aws_calls", 1)), false);
    }
    acalls.add("S3 calls, cold", series(fanout, "accounts", run("cold", "s3_calls", 1)), true);
    c.put("calls-vs-accounts", acalls);
    SvgChart aheap =
        new SvgChart(
            "CLI heap and CPU against accounts (10k secrets)",
            "accounts",
            "MB / CPU s × 100",
            true,
            false);
    aheap.add("smallest -Xmx (no-op), MB", series(fanout, "accounts", CurveCharts::minXmx), false);
    aheap.add(
        "peak heap, cold, MB", series(fanout, "accounts", run("cold", "peak_heap_mb", 1)), true);
    aheap.add(
        "CLI CPU, cold, s × 100",
        series(fanout, "accounts", run("cold", "cli_cpu_ms", 0.1)),
        false);
    c.put("heap-vs-accounts", aheap);
    return c;
  }

  /**
   * Each run's pipeline time, and the bounds dashed in the same colour (no-op and one change have
   * one bound: the single write is not on the critical path).
   */
  private static void timeSeries(SvgChart c, List<Map<String, Object>> points, String x) {
    for (int i = 0; i < RUNS.length; i++) {
      String[] r = RUNS[i];
      c.add(r[1] + ": measured", series(points, x, run(r[0], "pipeline_ms", 1e-3)), false, i);
    }
    c.add("cold: bound", series(points, x, run("cold", "bound_ms", 1e-3)), true, 0);
    c.add("no-op, one change: bound", series(points, x, run("noop", "bound_ms", 1e-3)), true, 1);
  }

  /** The points of one world, sorted by {@code key}, failed ones left out. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> points(Map<String, Object> doc, String world, String key) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object o : (List<Object>) doc.getOrDefault("points", List.of())) {
      Map<String, Object> p = (Map<String, Object>) o;
      if (world.equals(p.get("world")) && p.get("runs") != null) {
        out.add(p);
      }
    }
    out.sort(Comparator.comparingDouble(p -> ((Number) p.get(key)).doubleValue()));
    return out;
  }

  private static List<double[]> series(
      List<Map<String, Object>> points, String xKey, Function<Map<String, Object>, Double> y) {
    List<double[]> out = new ArrayList<>();
    for (Map<String, Object> p : points) {
      Double v = y.apply(p);
      if (v != null) {
        out.add(new double[] {((Number) p.get(xKey)).doubleValue(), v});
      }
    }
    return out;
  }

  /** A figure of one run of a point, times {@code scale}; null when absent. */
  @SuppressWarnings("unchecked")
  static Function<Map<String, Object>, Double> run(String run, String field, double scale) {
    return p -> {
      Map<String, Object> runs = (Map<String, Object>) p.get("runs");
      Object r = runs == null ? null : runs.get(run);
      Object v = r instanceof Map<?, ?> m ? m.get(field) : null;
      return v instanceof Number n ? n.doubleValue() * scale : null;
    };
  }

  @SuppressWarnings("unchecked")
  static Double minXmx(Map<String, Object> p) {
    Object h = p.get("heap_search");
    Object v = h instanceof Map<?, ?> m ? m.get("min_xmx_mb") : null;
    return v instanceof Number n ? n.doubleValue() : null;
  }

  /** The Markdown table of docs/performance.md: one row per point and run. */
  @SuppressWarnings("unchecked")
  static String table(Map<String, Object> doc) {
    StringBuilder b = new StringBuilder();
    b.append(
        "| secrets × accounts | run | pipeline s (bound) | wall s | AWS calls (bound) | Vault calls |"
            + " writes | CLI CPU s | peak heap MB | smallest -Xmx | load |\n");
    b.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    List<Map<String, Object>> all = new ArrayList<>(points(doc, "single", "secrets"));
    all.addAll(points(doc, "fanout", "accounts"));
    for (Map<String, Object> p : all) {
      String id =
          String.format(
              Locale.ROOT,
              "%s × %s%s",
              SyncScenarios.label(((Number) p.get("secrets")).intValue()),
              p.get("accounts"),
              "fanout".equals(p.get("world")) ? " (fan-out)" : "");
      for (String[] r : RUNS) {
        Map<String, Object> m =
            (Map<String, Object>) ((Map<String, Object>) p.get("runs")).get(r[0]);
        if (m == null) {
          continue;
        }
        Double xmx = minXmx(p);
        boolean exact =
            Boolean.TRUE.equals(((Map<String, Object>) p.get("heap_search")).get("exact"));
        b.append(
            String.format(
                Locale.ROOT,
                "| %s | %s | %.1f (%.1f) | %.1f | %,d (%,d) | %,d | %,d | %.1f | %.0f | %s | %.1f |\n",
                id,
                r[1],
                d(m, "pipeline_ms") / 1000,
                d(m, "bound_ms") / 1000,
                d(m, "wall_ms") / 1000,
                (long) d(m, "aws_calls"),
                (long) d(m, "aws_calls_bound"),
                (long) d(m, "vault_calls"),
                (long) d(m, "writes"),
                d(m, "cli_cpu_ms") / 1000,
                d(m, "peak_heap_mb"),
                r[0].equals("noop")
                    ? (xmx == null ? "–" : (exact ? "" : "≤ ") + xmx.intValue() + " MB")
                    : "",
                d(m, "load_1m_before")));
      }
    }
    return b.toString();
  }

  private static double d(Map<String, Object> m, String k) {
    return m.get(k) instanceof Number n ? n.doubleValue() : Double.NaN;
  }
}
