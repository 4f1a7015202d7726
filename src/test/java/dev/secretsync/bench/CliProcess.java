package dev.secretsync.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the CLI in a fresh child JVM ({@link BenchCli} on this JVM's class path) with the launcher's
 * JVM flags ({@code -XX:+UseSerialGC -XX:TieredStopAtLevel=1}, as {@code target/secretsync} runs)
 * plus the scenario's, so the CLI's heap and CPU are measured apart from the emulators, which stay
 * in the benchmark JVM. Extra JVM flags for every child: system property {@code bench.cli.jvmArgs}
 * (space-separated), e.g. {@code -XX:StartFlightRecording=filename=cli.jfr}.
 */
final class CliProcess {
  /** The flags {@code src/main/launcher/secretsync.sh} passes. */
  static final List<String> LAUNCHER_FLAGS = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

  private CliProcess() {}

  /**
   * A finished child run.
   *
   * @param exitCode its exit code
   * @param startNanos {@link System#nanoTime()} just before the process was started
   * @param wallNanos process wall time (start to exit)
   * @param stats what {@link BenchCli} wrote (heap, GC, CPU), empty if it died first
   * @param stdout the CLI's stdout (the report; a JFR banner, if any, comes first)
   * @param stderr the CLI's stderr (the log)
   */
  record Result(
      int exitCode,
      long startNanos,
      long wallNanos,
      Map<String, Object> stats,
      String stdout,
      Path stderr) {
    String stderrTail() {
      try {
        List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
      } catch (IOException e) {
        return "(no stderr: " + e + ")";
      }
    }
  }

  /** This JVM's class path with absolute entries (the child runs in another directory). */
  static String absoluteClassPath() {
    StringBuilder sb = new StringBuilder();
    for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      if (!e.isEmpty()) {
        sb.append(sb.length() == 0 ? "" : java.io.File.pathSeparator)
            .append(Path.of(e).toAbsolutePath());
      }
    }
    return sb.toString();
  }

  /**
   * Runs the CLI and waits for it.
   *
   * @param dir working directory (config, logs)
   * @param label file name stem for stdout/stderr/stats under {@code dir}
   * @param jvmFlags scenario JVM flags (e.g. {@code -Xmx256m}), after the launcher's
   * @param env the child's whole environment
   * @param args CLI arguments
   */
  static Result run(
      Path dir, String label, List<String> jvmFlags, Map<String, String> env, List<String> args) {
    return run(dir, label, jvmFlags, env, args, p -> {});
  }

  /** {@link #run(Path, String, List, Map, List)}, telling {@code onStart} the started process. */
  static Result run(
      Path dir,
      String label,
      List<String> jvmFlags,
      Map<String, String> env,
      List<String> args,
      java.util.function.Consumer<Process> onStart) {
    Path out = dir.resolve(label + ".stdout");
    Path err = dir.resolve(label + ".stderr");
    Path stats = dir.resolve(label + ".stats.json");
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(LAUNCHER_FLAGS);
    cmd.addAll(jvmFlags);
    String extra = System.getProperty("bench.cli.jvmArgs", "").trim();
    if (!extra.isEmpty()) {
      for (String f : extra.split("\\s+")) {
        cmd.add(f.replace("{label}", label));
      }
    }
    cmd.add("-Dbench.stats=" + stats);
    if (Boolean.getBoolean("bench.cli.executable")) {
      cmd.addAll(ExecutableClassPath.flags());
      cmd.add("-cp");
      cmd.add(ExecutableClassPath.classPath());
    } else {
      cmd.add("-cp");
      cmd.add(absoluteClassPath());
    }
    cmd.add(BenchCli.class.getName());
    cmd.addAll(args);
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    try {
      Files.deleteIfExists(stats);
      long start = System.nanoTime();
      Process p = pb.start();
      onStart.accept(p);
      int code = p.waitFor();
      long wall = System.nanoTime() - start;
      @SuppressWarnings("unchecked")
      Map<String, Object> s =
          Files.exists(stats) ? new ObjectMapper().readValue(stats.toFile(), Map.class) : Map.of();
      return new Result(code, start, wall, s, Files.readString(out, StandardCharsets.UTF_8), err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
