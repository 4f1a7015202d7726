package dev.secretsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.testkit.VaultEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code agent-1k}: {@code secretsync agent} (a child JVM with the launcher's flags) keeping 1,000
 * files fresh, each job with {@code refresh: 10s}, against the Vault emulator. Once every job has
 * rendered, Vault reads are counted per second over a steady-state window: with each delay jittered
 * ±10 % and first refreshes spread over the second half of the period, the rate should sit near
 * 1,000 / 10 s = 100/s without bursts. The agent's CPU over the window and its heap (peak and at
 * exit, from {@link BenchCli}) are reported; then it is stopped with SIGTERM and must exit 0.
 */
final class AgentScenario {
  static final int JOBS = Integer.getInteger("bench.agent.jobs", 1_000);
  static final Duration REFRESH = Duration.ofSeconds(10);
  static final Duration SETTLE = Duration.ofSeconds(15);
  static final Duration WINDOW = Duration.ofSeconds(Integer.getInteger("bench.agent.window", 60));

  private static final ObjectMapper JSON = new ObjectMapper();

  private AgentScenario() {}

  static Map<String, Object> run() throws Exception {
    Path dir = Files.createTempDirectory("bench-agent-");
    try (VaultEmulator vault = VaultEmulator.start().mountKv("secret", 2)) {
      StringBuilder config = new StringBuilder("agent:\n  shutdown_timeout: 10s\n  secrets:\n");
      for (int i = 0; i < JOBS; i++) {
        String key = "app/s%04d".formatted(i);
        vault.put("secret", key, Map.of("user", "u" + i, "password", "bench-pw-" + i));
        config
            .append("    - name: s")
            .append(i)
            .append("\n      vault: {path: secret/")
            .append(key)
            .append("}\n      refresh: ")
            .append(REFRESH.toSeconds())
            .append("s\n      destination: out/s")
            .append(i)
            .append(".env\n      template: \"USER={{ .user }}\\nPASSWORD={{ .password }}\\n\"\n");
      }
      Files.writeString(dir.resolve("agent.yaml"), config, StandardCharsets.UTF_8);
      Map<String, String> env =
          Map.of(
              "VAULT_ADDR", vault.address(),
              "VAULT_TOKEN", vault.rootToken(),
              "PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
      AtomicReference<Map<String, Object>> measured = new AtomicReference<>();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      AtomicLong sigtermAt = new AtomicLong();
      CliProcess.Result result =
          CliProcess.run(
              dir,
              "agent",
              List.of("-Xmx256m"),
              env,
              List.of(
                  "agent",
                  "--config",
                  "agent.yaml",
                  "--health-port",
                  "0",
                  "--status-file",
                  "status.json"),
              p ->
                  // Measure on another thread; CliProcess waits for the exit on this one.
                  CompletableFuture.runAsync(
                      () -> {
                        try {
                          measured.set(measure(dir, vault, p));
                        } catch (Throwable t) {
                          failure.set(t);
                        } finally {
                          sigtermAt.set(System.nanoTime());
                          p.destroy(); // SIGTERM: the agent stops gracefully, BenchCli writes stats
                        }
                      }));
      if (failure.get() != null) {
        throw new IllegalStateException(
            "agent-1k failed: " + failure.get() + "\n" + result.stderrTail(), failure.get());
      }
      double stopMs = (result.startNanos() + result.wallNanos() - sigtermAt.get()) / 1e6;
      return document(measured.get(), result, stopMs);
    }
  }

  /** Waits until ready, settles, then samples Vault reads and the agent's CPU once a second. */
  private static Map<String, Object> measure(Path dir, VaultEmulator vault, Process p)
      throws Exception {
    long t0 = System.nanoTime();
    while (!ready(dir.resolve("status.json"))) {
      if (!p.isAlive() || System.nanoTime() - t0 > Duration.ofMinutes(3).toNanos()) {
        throw new IllegalStateException("the agent did not become ready");
      }
      Thread.sleep(100);
    }
    double readyMs = (System.nanoTime() - t0) / 1e6;
    long startupReads = vault.count("kv.read");
    long startupMounts = vault.count("sys.mounts");
    long startupTotal = vault.totalCalls();
    Thread.sleep(SETTLE.toMillis());
    List<Long> perSecond = new ArrayList<>();
    long reads0 = vault.count("kv.read");
    long total0 = vault.totalCalls();
    long cpu0 = cpuMs(p);
    long prev = reads0;
    long next = System.nanoTime();
    for (int s = 0; s < WINDOW.toSeconds(); s++) {
      next += 1_000_000_000L;
      Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
      long now = vault.count("kv.read");
      perSecond.add(now - prev);
      prev = now;
    }
    long cpu1 = cpuMs(p);
    long reads = prev - reads0;
    long total = vault.totalCalls() - total0;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ready_after_ms", CounterTimeline.round(readyMs));
    m.put("startup_kv_reads", startupReads);
    m.put("startup_mount_lookups", startupMounts);
    m.put("startup_vault_calls", startupTotal);
    m.put("window_seconds", WINDOW.toSeconds());
    m.put("vault_reads_per_second", CounterTimeline.round((double) reads / WINDOW.toSeconds()));
    m.put("vault_calls_per_second", CounterTimeline.round((double) total / WINDOW.toSeconds()));
    m.put("reads_per_second_min", perSecond.stream().mapToLong(Long::longValue).min().orElse(0));
    m.put("reads_per_second_max", perSecond.stream().mapToLong(Long::longValue).max().orElse(0));
    m.put("reads_per_5s_max", max5s(perSecond));
    m.put("reads_per_second", perSecond);
    m.put("agent_cpu_ms_in_window", cpu1 - cpu0);
    m.put(
        "agent_cpu_cores_in_window",
        CounterTimeline.round((cpu1 - cpu0) / (double) WINDOW.toMillis()));
    m.put("agent_rss_bytes_at_window_end", rssBytes(p));
    return m;
  }

  private static Map<String, Object> document(
      Map<String, Object> m, CliProcess.Result result, double stopMs) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("scenario", "agent-1k");
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("jobs", JOBS);
    settings.put("refresh_seconds", REFRESH.toSeconds());
    settings.put("settle_seconds", SETTLE.toSeconds());
    settings.put("agent_jvm_flags", List.of("-Xmx256m"));
    settings.put("cpus", Runtime.getRuntime().availableProcessors());
    doc.put("settings", settings);
    doc.put("steady_state", m);
    Map<String, Object> agent = new LinkedHashMap<>();
    agent.put("exit_code", result.exitCode());
    agent.put("peak_heap_bytes", result.stats().get("peak_heap_bytes"));
    agent.put("heap_used_at_exit_bytes", result.stats().get("heap_used_at_exit_bytes"));
    agent.put("gc_count", result.stats().get("gc_count"));
    agent.put("cpu_ms_total", result.stats().get("cpu_ms"));
    agent.put("process_wall_ms", CounterTimeline.round(result.wallNanos() / 1e6));
    agent.put("exit_after_sigterm_ms", CounterTimeline.round(stopMs));
    doc.put("agent", agent);
    double expected = (double) JOBS / REFRESH.toSeconds();
    double rate = ((Number) m.get("vault_reads_per_second")).doubleValue();
    SyncScenarios.Bars bars = new SyncScenarios.Bars();
    bars.atLeast("agent-1k Vault reads/s >= 85% of jobs/refresh", rate, 0.85 * expected);
    bars.atMost("agent-1k Vault reads/s <= 115% of jobs/refresh", rate, 1.15 * expected);
    // A storm shows in single seconds; a wave (phases bunched within the period) in whole
    // stretches of seconds. A second can also run high when the loaded machine starves the agent
    // and delayed refreshes catch up together, which the 5-second bar smooths over.
    bars.atMost(
        "agent-1k busiest second <= 2x jobs/refresh (no storm)",
        ((Number) m.get("reads_per_second_max")).doubleValue(),
        2 * expected);
    bars.atMost(
        "agent-1k busiest 5 s <= 1.25x jobs/refresh x 5 (no wave)",
        ((Number) m.get("reads_per_5s_max")).doubleValue(),
        1.25 * expected * 5);
    bars.equal("agent-1k exits 0 on SIGTERM", result.exitCode(), 0);
    doc.put("bars", bars.list);
    return doc;
  }

  /** The most reads in any 5 consecutive seconds. */
  private static long max5s(List<Long> perSecond) {
    long max = 0;
    for (int i = 0; i + 5 <= perSecond.size(); i++) {
      long sum = 0;
      for (int j = i; j < i + 5; j++) {
        sum += perSecond.get(j);
      }
      max = Math.max(max, sum);
    }
    return max;
  }

  private static boolean ready(Path status) {
    try {
      JsonNode s = JSON.readTree(Files.readString(status, StandardCharsets.UTF_8));
      return s.path("ready").asBoolean(false);
    } catch (IOException e) {
      return false;
    }
  }

  /** The process's CPU time (user + system) so far, in ms. */
  private static long cpuMs(Process p) {
    return p.info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
  }

  /** Resident set size from /proc (Linux), or -1. */
  private static long rssBytes(Process p) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
        }
      }
    } catch (IOException | UncheckedIOException | NumberFormatException e) {
      // Not Linux, or the process is gone.
    }
    return -1;
  }
}
