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
 * one). See {@code docs/performance.md}.
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
          "agent-1k");

  /** System properties a scenario JVM inherits from the runner. */
  private static final List<String> PASSED_ON =
      List.of(
          "secretsync.s3mock.jar",
          "bench.dir",
          "bench.failOnBars",
          "bench.cli.jvmArgs",
          "bench.startup.runs",
          "bench.shards",
          "bench.agent.jobs",
          "bench.agent.window");

  private Bench() {}

  /** {@code Bench [scenario...]} runs each in its own JVM; {@code Bench --run <scenario>} here. */
  public static void main(String[] args) throws Exception {
    if (args.length == 2 && args[0].equals("--run") && SCENARIOS.contains(args[1])) {
      System.exit(runHere(args[1]));
    }
    List<String> selected = new ArrayList<>();
    for (String a : args) {
      for (String s : a.split("[,\\s]+")) {
        if (s.isEmpty()) {
          continue;
        }
        if (s.equals("all")) {
          selected.addAll(SCENARIOS);
        } else if (SCENARIOS.contains(s)) {
          selected.add(s);
        } else {
          System.err.println("bench: unknown scenario " + s + "; one of " + SCENARIOS);
          System.exit(2);
        }
      }
    }
    if (selected.isEmpty()) {
      selected.addAll(SCENARIOS);
    }
    int status = 0;
    for (String s : selected) {
      status = Math.max(status, fork(s));
    }
    System.exit(status);
  }

  private static int fork(String scenario) throws Exception {
    // The scenario's directory exists before its JVM starts (for a JFR file named in jvmArgs).
    Files.createDirectories(Path.of(System.getProperty("bench.dir", "target/bench"), scenario));
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String f : System.getProperty("bench.jvmArgs", "-Xmx1g").trim().split("\\s+")) {
      if (!f.isEmpty()) {
        cmd.add(f.replace("{scenario}", scenario));
      }
    }
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

  private static int runHere(String scenario) throws Exception {
    long t0 = System.nanoTime();
    Map<String, Object> doc =
        switch (scenario) {
          case "cold-10k" -> SyncScenarios.cold10k();
          case "noop-10k" -> SyncScenarios.noop10k();
          case "one-change-10k" -> SyncScenarios.oneChange10k();
          case "fanout-100x100" -> SyncScenarios.fanout();
          case "fanout-sharded" -> ShardedScenario.run();
          case "agent-1k" -> AgentScenario.run();
          default -> StartupScenario.run();
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
    Files.writeString(dir.resolve(scenario + ".json"), json + "\n", StandardCharsets.UTF_8);
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
