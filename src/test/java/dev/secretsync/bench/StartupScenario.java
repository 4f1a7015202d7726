package dev.secretsync.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code startup}: process wall time of {@code target/secretsync --version} and {@code
 * target/secretsync validate} (on a copy of the quickstart), next to the same JVM with the
 * launcher's flags running an empty {@code main}. The three commands take turns (A B C A B C …) so
 * drift on a shared machine hits them alike; medians over {@link #RUNS} runs after {@link #WARMUP}
 * warm-up rounds.
 */
final class StartupScenario {
  static final int RUNS = Integer.getInteger("bench.startup.runs", 10);
  static final int WARMUP = 2;

  private StartupScenario() {}

  static Map<String, Object> run() {
    Path exe = Path.of("target", "secretsync").toAbsolutePath();
    if (!Files.isExecutable(exe)) {
      throw new IllegalStateException(exe + " is missing: run `./mvnw -q -DskipTests package`");
    }
    Path dir = workDir();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path testClasses = Path.of("target", "test-classes").toAbsolutePath();
    Map<String, List<String>> commands = new LinkedHashMap<>();
    List<String> empty = new ArrayList<>(List.of(java));
    empty.addAll(CliProcess.LAUNCHER_FLAGS);
    empty.addAll(List.of("-cp", testClasses.toString(), EmptyMain.class.getName()));
    commands.put("empty_main", empty);
    commands.put("version", List.of(exe.toString(), "--version"));
    commands.put("validate", List.of(exe.toString(), "validate", "--config", "secretsync.yaml"));
    Map<String, List<Double>> times = new LinkedHashMap<>();
    commands.keySet().forEach(k -> times.put(k, new ArrayList<>()));
    for (int round = 0; round < WARMUP + RUNS; round++) {
      for (Map.Entry<String, List<String>> c : commands.entrySet()) {
        double ms = time(c.getValue(), dir, java);
        if (round >= WARMUP) {
          times.get(c.getKey()).add(ms);
        }
      }
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("scenario", "startup");
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("runs", RUNS);
    settings.put("warmup_rounds", WARMUP);
    settings.put("java", System.getProperty("java.version"));
    settings.put("jvm_flags", CliProcess.LAUNCHER_FLAGS);
    settings.put(
        "baseline",
        "java "
            + String.join(" ", CliProcess.LAUNCHER_FLAGS)
            + " -cp target/test-classes "
            + EmptyMain.class.getName());
    settings.put("cpus", Runtime.getRuntime().availableProcessors());
    doc.put("settings", settings);
    Map<String, Object> medians = new LinkedHashMap<>();
    Map<String, Object> all = new LinkedHashMap<>();
    times.forEach(
        (k, v) -> {
          medians.put(k + "_median_ms", CounterTimeline.round(median(v)));
          all.put(k, v.stream().map(CounterTimeline::round).toList());
        });
    doc.put("process_wall", medians);
    doc.put("runs_ms", all);
    double base = median(times.get("empty_main"));
    double version = median(times.get("version"));
    double validate = median(times.get("validate"));
    doc.put(
        "bound", Map.of("version_ms", CounterTimeline.round(2 * base), "note", "2 x empty main"));
    doc.put(
        "ratio_to_bound",
        Map.of(
            "version_over_empty_main", SyncScenarios.round2(version / base),
            "validate_over_empty_main", SyncScenarios.round2(validate / base)));
    SyncScenarios.Bars bars = new SyncScenarios.Bars();
    bars.atMost("startup --version median (ms) <= 2 x empty main", version, 2 * base);
    doc.put("bars", bars.list);
    return doc;
  }

  private static double time(List<String> cmd, Path dir, String java) {
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    // The launcher picks $JAVA_HOME/bin/java: the same JVM as the baseline.
    pb.environment().put("JAVA_HOME", Path.of(java).getParent().getParent().toString());
    pb.environment().remove("JAVA_OPTS");
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    try {
      long t0 = System.nanoTime();
      int code = pb.start().waitFor();
      long t1 = System.nanoTime();
      if (code != 0) {
        throw new IllegalStateException(cmd + " exited with " + code);
      }
      return (t1 - t0) / 1e6;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Path workDir() {
    try {
      Path base = Path.of(System.getProperty("bench.dir", "target/bench"));
      Path dir = Files.createDirectories(base.resolve("startup")).toAbsolutePath();
      Path src = Path.of("examples", "quickstart").toAbsolutePath();
      try (Stream<Path> walk = Files.walk(src)) {
        for (Path p : walk.sorted(Comparator.naturalOrder()).toList()) {
          Path to = dir.resolve(src.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(to);
          } else {
            Files.copy(p, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static double median(List<Double> v) {
    List<Double> s = v.stream().sorted().toList();
    int n = s.size();
    return n == 0 ? 0 : n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }
}
