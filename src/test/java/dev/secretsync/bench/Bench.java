package dev.secretsync.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark runner: starts one fresh JVM per scenario ({@code Bench --run <scenario>}, same
 * class path, JVM flags from {@code -Dbench.jvmArgs}, default {@code -Xmx1g}), which prints the
 * scenario's JSON document on stdout and writes it to {@code target/bench/<scenario>.json}.
 * Benchmarks, not tests: a missed bar is reported ({@code "pass": false}) but fails the run only
 * with {@code -Dbench.failOnBars=true}.
 *
 * <pre>
 * scripts/bench.sh [scenario...]       # or: ./mvnw -q -Pbench verify [-Dbench.scenarios=a,b]
 * </pre>
 *
 * Scenarios: {@code cold-10k}, {@code noop-10k}, {@code one-change-10k}, {@code fanout-100x100},
 * {@code fanout-sharded}, {@code startup}, {@code agent-1k} (no argument or {@code all}: every
 * one); the sync scenarios at other sizes ({@code noop-100k}, {@code fanout-1000x10}); {@code
 * curves}, the scaling curves ({@link Curves}). See {@code docs/performance.md}.
 */
public final class Bench {
  static final List<String> SCENARIOS =
      List.of(
          "cold-10k",
          "noop-10k",
          "one-change-10k",
          "fanout-100x100",
          "fanout-sharded",
          "startup",
          "agent-1k",
          "tracing-10k");

  /**
   * Sized scenarios: {@code noop-50k}, {@code cold-1k}, {@code one-change-2500}, {@code
   * fanout-10x1000}.
   */
  private static final Pattern SIZED =
      Pattern.compile("(cold|noop|one-change)-(\\d+k?)|(fanout)-(\\d+)x(\\d+)");

  /** Prefix of a curve point's scenario name: {@code curve:single-10kx1}. */
  static final String CURVE = "curve:";

  /** System properties a scenario JVM inherits from the runner. */
  private static final List<String> PASSED_ON =
      List.of(
          "secretsync.s3mock.jar",
          "bench.dir",
          "bench.failOnBars",
          "bench.cli.jvmArgs",
          "bench.cli.executable",
          "bench.cli.jar",
          "bench.startup.runs",
          "bench.shards",
          "bench.agent.jobs",
          "bench.agent.window",
          "bench.tracing.runs",
          "bench.tracing.only",
          "bench.curves.probes");

  private Bench() {}

  /**
   * {@code Bench [--sizes 1k,10k] [--accounts 1,100] [scenario...]} runs each in its own JVM;
   * {@code Bench --run <scenario>} here. A bare {@code cold}, {@code noop} or {@code one-change}
   * runs at each of {@code --sizes} (default 10k: today's {@code noop-10k}); a bare {@code fanout}
   * at each total of {@code --sizes} split over each of {@code --accounts} (default 100: {@code
   * fanout-100x100}); {@code curves} measures the scaling curves ({@link Curves}) at {@code
   * --sizes} (default 1k,10k,50k,100k) × 1 account and 10k × {@code --accounts} (default
   * 1,10,100,1000).
   */
  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("--run")) {
      System.exit(runHere(args[1]));
    }
    List<String> sizes = null;
    List<String> accounts = null;
    List<String> selected = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--sizes") || a.equals("--accounts")) {
        if (i + 1 == args.length) {
          usage("bench: " + a + " needs a list, e.g. " + a + " 1k,10k");
        }
        List<String> list = List.of(args[++i].split(","));
        if (a.equals("--sizes")) {
          sizes = list;
        } else {
          accounts = list;
        }
        continue;
      }
      for (String s : a.split("[,\\s]+")) {
        if (!s.isEmpty()) {
          selected.add(s);
        }
      }
    }
    List<String> expanded = new ArrayList<>();
    try {
      for (String s : selected.isEmpty() ? List.of("all") : selected) {
        expanded.addAll(expand(s, sizes, accounts));
      }
    } catch (IllegalArgumentException e) {
      usage("bench: " + e.getMessage());
    }
    int status = 0;
    for (String s : expanded) {
      status =
          Math.max(
              status,
              s.equals("curves")
                  ? Curves.run(
                      sizes == null ? Curves.SIZES : sizes,
                      accounts == null ? Curves.ACCOUNTS : accounts)
                  : fork(s, List.of()));
    }
    System.exit(status);
  }

  private static void usage(String message) {
    System.err.println(message);
    System.exit(2);
  }

  /** The scenario names one argument stands for. */
  static List<String> expand(String s, List<String> sizes, List<String> accounts) {
    List<String> sz = sizes == null ? List.of("10k") : sizes;
    List<String> out = new ArrayList<>();
    if (s.equals("all")) {
      return SCENARIOS;
    }
    if (SCENARIOS.contains(s) || s.equals("curves") || SIZED.matcher(s).matches()) {
      return List.of(s);
    }
    if (List.of("cold", "noop", "one-change").contains(s)) {
      for (String n : sz) {
        out.add(s + "-" + SyncScenarios.label(SyncScenarios.parseSize(n)));
      }
      return out;
    }
    if (s.equals("fanout")) {
      for (String n : sz) {
        int total = SyncScenarios.parseSize(n);
        for (String a : accounts == null ? List.of("100") : accounts) {
          int acc = Integer.parseInt(a.trim());
          if (acc < 1 || total % acc != 0) {
            throw new IllegalArgumentException(
                n + " secrets do not split evenly into " + a + " accounts");
          }
          out.add("fanout-" + acc + "x" + total / acc);
        }
      }
      return out;
    }
    throw new IllegalArgumentException(
        "unknown scenario "
            + s
            + "; one of "
            + SCENARIOS
            + ", cold, noop, one-change, fanout"
            + " (sized: noop-50k, fanout-10x1000), curves");
  }

  /** Where a scenario's JSON and directory go, under {@code bench.dir}. */
  static String stem(String scenario) {
    return scenario.startsWith(CURVE) ? "curves/" + scenario.substring(CURVE.length()) : scenario;
  }

  static int fork(String scenario, List<String> extraJvmArgs) throws Exception {
    // The scenario's directory exists before its JVM starts (for a JFR file named in jvmArgs).
    Files.createDirectories(
        Path.of(System.getProperty("bench.dir", "target/bench"), stem(scenario)));
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String f : System.getProperty("bench.jvmArgs", "-Xmx1g").trim().split("\\s+")) {
      if (!f.isEmpty()) {
        cmd.add(f.replace("{scenario}", stem(scenario)));
      }
    }
    cmd.addAll(extraJvmArgs);
    for (String p : PASSED_ON) {
      if (System.getProperty(p) != null) {
        cmd.add("-D" + p + "=" + System.getProperty(p));
      }
    }
    cmd.addAll(List.of("-cp", CliProcess.absoluteClassPath(), Bench.class.getName()));
    cmd.addAll(List.of("--run", scenario));
    System.err.println("bench: " + scenario + " (fresh JVM)");
    int code = new ProcessBuilder(cmd).inheritIO().start().waitFor();
    if (code != 0) {
      System.err.println("bench: " + scenario + " exited with " + code);
    }
    return code;
  }

  private static Map<String, Object> sized(String scenario) {
    if (scenario.startsWith(CURVE)) {
      return CurvePoint.run(scenario.substring(CURVE.length()));
    }
    Matcher m = SIZED.matcher(scenario);
    if (!m.matches()) {
      throw new IllegalArgumentException("unknown scenario " + scenario);
    }
    if (m.group(3) != null) {
      return SyncScenarios.fanout(Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)));
    }
    int n = SyncScenarios.parseSize(m.group(2));
    return switch (m.group(1)) {
      case "cold" -> SyncScenarios.cold(n);
      case "noop" -> SyncScenarios.noop(n);
      default -> SyncScenarios.oneChange(n);
    };
  }

  private static int runHere(String scenario) throws Exception {
    long t0 = System.nanoTime();
    Map<String, Object> doc =
        switch (scenario) {
          case "fanout-sharded" -> ShardedScenario.run();
          case "agent-1k" -> AgentScenario.run();
          case "startup" -> StartupScenario.run();
          case "tracing-10k" -> TracingScenario.run();
          default -> sized(scenario);
        };
    Map<String, Object> out = new LinkedHashMap<>(doc);
    out.put("scenario_seconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      out.put("bench_jvm_cpu_ms", Math.round(os.getProcessCpuTime() / 1e6));
    }
    String json =
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out);
    System.out.println(json);
    System.out.flush();
    Path dir = Files.createDirectories(Path.of(System.getProperty("bench.dir", "target/bench")));
    Files.writeString(dir.resolve(stem(scenario) + ".json"), json + "\n", StandardCharsets.UTF_8);
    boolean missed =
        doc.get("bars") instanceof List<?> bars
            && bars.stream()
                .anyMatch(b -> b instanceof Map<?, ?> m && Boolean.FALSE.equals(m.get("pass")));
    if (missed) {
      System.err.println("bench " + scenario + ": some bars were not met (see \"bars\")");
      if (Boolean.getBoolean("bench.failOnBars")) {
        return 1;
      }
    }
    // S3Mock's shutdown hook stops its child process.
    return 0;
  }
}
