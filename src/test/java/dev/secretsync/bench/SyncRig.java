package dev.secretsync.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.testkit.AwsEmulator;
import dev.secretsync.testkit.S3MockProxy;
import dev.secretsync.testkit.S3MockServer;
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
import java.util.function.LongSupplier;

/**
 * One scenario's world: the Vault and AWS emulators in this JVM, S3Mock (child process) behind a
 * counting {@link S3MockProxy}, a {@link PushReceiver} for the CLI's metrics, and a working
 * directory with the config. {@link #measure} runs the CLI in a fresh child JVM and collects what
 * the emulators counted, the phase windows they saw, the CLI's metrics and its JVM figures.
 */
final class SyncRig implements AutoCloseable {
  static final String REGION = "us-east-1";

  /** Secrets Manager and STS operations counted one by one (the rest is "other"). */
  static final List<String> AWS_OPERATIONS =
      List.of(
          "secretsmanager.ListSecrets",
          "secretsmanager.CreateSecret",
          "secretsmanager.PutSecretValue",
          "secretsmanager.UpdateSecretVersionStage",
          "secretsmanager.TagResource",
          "secretsmanager.UntagResource",
          "secretsmanager.RestoreSecret",
          "secretsmanager.DeleteSecret",
          "secretsmanager.DescribeSecret",
          "secretsmanager.GetSecretValue",
          "secretsmanager.BatchGetSecretValue",
          "sts.AssumeRole",
          "sts.GetCallerIdentity");

  final String scenario;
  final Path dir;
  final VaultEmulator vault;
  final AwsEmulator aws;
  final S3MockProxy s3;
  final String bucket;
  final PushReceiver push;

  SyncRig(String scenario) {
    this.scenario = scenario;
    try {
      Path base = Path.of(System.getProperty("bench.dir", "target/bench"));
      this.dir = Files.createDirectories(base.resolve(scenario)).toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.vault = VaultEmulator.start();
    this.aws = AwsEmulator.start();
    S3MockServer s3mock = S3MockServer.shared();
    this.s3 = S3MockProxy.to(s3mock.endpoint());
    this.bucket = s3mock.newBucket("bench");
    this.push = new PushReceiver();
  }

  /** Variables added to every CLI run's environment (e.g. {@code OTEL_*} to trace it). */
  final Map<String, String> extraEnv = new LinkedHashMap<>();

  /** The environment of every CLI run: fake AWS keys, nothing else from this process. */
  Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>(extraEnv);
    env.put("AWS_ACCESS_KEY_ID", "AKIDBENCHMARK");
    env.put("AWS_SECRET_ACCESS_KEY", "not-a-real-secret-key");
    env.put("HOME", dir.toString());
    return env;
  }

  /** The {@code vault:}, {@code merge_store:} and {@code aws:} blocks pointing at the emulators. */
  String commonConfig() {
    return """
        vault:
          address: %s
          auth: {token: {token: %s}}
        merge_store:
          s3: {bucket: %s, prefix: merged/, region: us-east-1, endpoint: "%s", path_style: true}
        aws:
          region: us-east-1
          endpoint: %s
          role_pattern: "arn:aws:iam::{{account_id}}:role/SecretSync"
        """
        .formatted(vault.address(), vault.rootToken(), bucket, s3.endpoint(), aws.endpoint());
  }

  /** Writes {@code secretsync.yaml} (common blocks + {@code rest}). */
  void config(String rest) {
    try {
      Files.writeString(
          dir.resolve("secretsync.yaml"), commonConfig() + rest, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sets emulator latencies and the AWS write quota (0 = none). */
  void settings(Duration vaultLatency, Duration awsLatency, int awsWriteQuota) {
    vault.latency(vaultLatency);
    aws.latency(awsLatency);
    aws.writeQuotaPerSecond(awsWriteQuota);
  }

  /**
   * A preparation run (not measured): fails the scenario unless the CLI succeeds.
   *
   * @return the CLI result
   */
  CliProcess.Result prepare(String label, List<String> jvmFlags) {
    CliProcess.Result r = CliProcess.run(dir, label, jvmFlags, env(), cliArgs());
    if (r.exitCode() != 0) {
      throw new IllegalStateException(
          scenario + ": preparation run " + label + " failed:\n" + r.stderrTail());
    }
    return r;
  }

  List<String> cliArgs() {
    return List.of(
        "pipeline", "--config", "secretsync.yaml", "-o", "json", "--metrics-push-url", push.url());
  }

  /** Runs the CLI once with fresh counters and collects everything. */
  Measured measure(String label, List<String> jvmFlags) {
    vault.resetCounters();
    aws.resetCounters();
    s3.clear();
    push.clear();
    Map<String, LongSupplier> counters = new LinkedHashMap<>();
    counters.put("vault.list", () -> vault.count("kv.list"));
    counters.put("vault.read", () -> vault.count("kv.read"));
    counters.put("vault.all", vault::totalCalls);
    counters.put("aws.sts", () -> aws.count("sts.AssumeRole"));
    counters.put("aws.list", () -> aws.count("secretsmanager.ListSecrets"));
    counters.put("aws.writes", aws::writeCount);
    counters.put("aws.all", aws::totalCalls);
    counters.put("s3.put", () -> s3.count("PUT", ""));
    counters.put("s3.all", () -> s3.calls().size());
    java.util.concurrent.atomic.AtomicReference<ProcessHandle> child =
        new java.util.concurrent.atomic.AtomicReference<>();
    Map<String, LongSupplier> gauges = new LinkedHashMap<>();
    java.util.concurrent.atomic.AtomicLong cliCpu = new java.util.concurrent.atomic.AtomicLong();
    // A finished process has no CPU figure any more: keep the last one seen.
    gauges.put("cpu_ms.cli", () -> cliCpu.accumulateAndGet(cpuMillis(child.get()), Math::max));
    gauges.put("cpu_ms.bench", () -> cpuMillis(ProcessHandle.current()));
    double load = CurvePoint.loadAverage();
    long origin = System.nanoTime();
    CliProcess.Result r;
    CounterTimeline timeline = new CounterTimeline(origin, counters, gauges);
    try {
      r = CliProcess.run(dir, label, jvmFlags, env(), cliArgs(), p -> child.set(p.toHandle()));
    } finally {
      timeline.close();
    }
    return new Measured(this, r, timeline, (r.startNanos() - origin) / 1e6, load);
  }

  private static long cpuMillis(ProcessHandle p) {
    return p == null ? 0 : p.info().totalCpuDuration().map(java.time.Duration::toMillis).orElse(0L);
  }

  /** Every Secrets Manager/STS operation with a non-zero count, plus "other" and "total". */
  Map<String, Object> awsCounts() {
    Map<String, Object> m = new LinkedHashMap<>();
    long known = 0;
    for (String op : AWS_OPERATIONS) {
      long n = aws.count(op);
      known += n;
      if (n > 0) {
        m.put(op, n);
      }
    }
    m.put("other", aws.totalCalls() - known);
    m.put("writes", aws.writeCount());
    m.put("throttled_responses", aws.throttledCount());
    m.put("total", aws.totalCalls());
    return m;
  }

  /** S3 requests through the proxy by method, plus "total". */
  Map<String, Object> s3Counts() {
    Map<String, Object> m = new LinkedHashMap<>();
    for (S3MockProxy.Call c : s3.calls()) {
      m.merge(c.method(), 1L, (a, b) -> (Long) a + (Long) b);
    }
    m.put("total", (long) s3.calls().size());
    return m;
  }

  /** Vault requests by operation, plus "total". */
  Map<String, Object> vaultCounts() {
    Map<String, Object> m = new LinkedHashMap<>(vault.counts());
    m.put("total", vault.totalCalls());
    return m;
  }

  @Override
  public void close() {
    push.close();
    s3.close();
    aws.close();
    vault.close();
  }

  /** One measured CLI run. */
  static final class Measured {
    final SyncRig rig;
    final CliProcess.Result cli;
    final CounterTimeline timeline;
    final double startOffsetMs;
    final Map<String, Object> report;

    /** The machine's one-minute load average when the run started. */
    final double loadBefore;

    @SuppressWarnings("unchecked")
    Measured(
        SyncRig rig,
        CliProcess.Result cli,
        CounterTimeline timeline,
        double startOffsetMs,
        double loadBefore) {
      this.rig = rig;
      this.loadBefore = loadBefore;
      this.cli = cli;
      this.timeline = timeline;
      this.startOffsetMs = startOffsetMs;
      Map<String, Object> parsed;
      String out = cli.stdout();
      int brace = out.indexOf("\n{");
      if (!out.startsWith("{") && brace >= 0) {
        out = out.substring(brace + 1); // skip a JFR banner
      }
      try {
        parsed = new ObjectMapper().readValue(out, Map.class);
      } catch (IOException e) {
        parsed = Map.of();
      }
      this.report = parsed;
    }

    /** A pushed metric's sum over all label sets (0 when absent). */
    double metric(String name) {
      return rig.push.sum(name);
    }

    /** Errors in the CLI's JSON report, over all targets. */
    @SuppressWarnings("unchecked")
    List<String> reportErrors() {
      List<String> out = new ArrayList<>();
      Object targets = report.get("targets");
      if (targets instanceof List<?> list) {
        for (Object t : list) {
          Map<String, Object> tm = (Map<String, Object>) t;
          for (Object e : (List<Object>) tm.getOrDefault("errors", List.of())) {
            out.add(String.valueOf(((Map<String, Object>) e).get("message")));
          }
          Object status = tm.get("status");
          if ("failed".equals(status) || "FAILED".equals(status)) {
            out.add("target " + tm.get("name") + " failed: " + tm.get("message"));
          }
        }
      }
      Object problems = report.get("problems");
      if (problems instanceof List<?> p) {
        p.forEach(x -> out.add(String.valueOf(x)));
      }
      return out;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> summary() {
      Object s = report.get("summary");
      return s instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** The common part of a scenario document. */
    Map<String, Object> describe() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("exit_code", cli.exitCode());
      m.put("load_average_1m", loadBefore);
      m.put("process_wall_ms", CounterTimeline.round(cli.wallNanos() / 1e6));
      Map<String, Object> phases = new LinkedHashMap<>();
      phases.put("pipeline_ms", ms(metric("secretsync_pipeline_duration_seconds_sum")));
      phases.put("merge_ms", ms(metric("secretsync_merge_duration_seconds_sum")));
      phases.put("merge_max_ms", ms(metric("secretsync_merge_duration_seconds_max")));
      phases.put("sync_ms", ms(metric("secretsync_sync_duration_seconds_sum")));
      phases.put("sync_max_ms", ms(metric("secretsync_sync_duration_seconds_max")));
      phases.put("merge_count", metric("secretsync_merge_duration_seconds_count"));
      phases.put(
          "jvm_start_to_first_vault_call_ms",
          CounterTimeline.round(timeline.firstMs("vault.all") - startOffsetMs));
      Map<String, Object> windows = new LinkedHashMap<>();
      for (String w :
          List.of("vault.list", "vault.read", "aws.sts", "aws.list", "aws.writes", "s3.put")) {
        windows.put(w, timeline.window(w));
      }
      double lastList = timeline.lastMs("aws.list");
      double firstWrite = timeline.firstMs("aws.writes");
      if (lastList >= 0 && firstWrite >= 0) {
        windows.put("plan_gap_ms", CounterTimeline.round(firstWrite - lastList));
      }
      phases.put("emulator_windows_ms", windows);
      Map<String, Object> bySecond = new LinkedHashMap<>();
      for (String w : List.of("vault.all", "aws.sts", "aws.list", "aws.writes", "s3.all")) {
        bySecond.put(w, timeline.perSecond(w));
      }
      phases.put("calls_by_second", bySecond);
      m.put("phases", phases);
      Map<String, Object> calls = new LinkedHashMap<>();
      calls.put("vault", rig.vaultCounts());
      calls.put("aws", rig.awsCounts());
      calls.put("s3", rig.s3Counts());
      m.put("calls", calls);
      // The CLI's own view of each remote operation: calls and mean time per call.
      Map<String, Object> seen = new LinkedHashMap<>();
      rig.push
          .byLabels("secretsync_aws_request_duration_seconds_count")
          .forEach(
              (labels, count) -> {
                double sum =
                    rig.push
                        .samples()
                        .getOrDefault("secretsync_aws_request_duration_seconds_sum" + labels, 0.0);
                seen.put("aws" + labels, Map.of("calls", count, "mean_ms", ms(sum / count)));
              });
      rig.push
          .byLabels("secretsync_vault_request_duration_seconds_count")
          .forEach(
              (labels, count) -> {
                double sum =
                    rig.push
                        .samples()
                        .getOrDefault(
                            "secretsync_vault_request_duration_seconds_sum" + labels, 0.0);
                seen.put("vault" + labels, Map.of("calls", count, "mean_ms", ms(sum / count)));
              });
      m.put("cli_call_times", seen);
      Map<String, Object> heap = new LinkedHashMap<>();
      heap.put("peak_heap_mb", mb(cli.stats().get("peak_heap_bytes")));
      heap.put("max_heap_mb", mb(cli.stats().get("max_heap_bytes")));
      heap.put("peak_by_pool_mb", byPool(cli.stats().get("peak_heap_by_pool_bytes")));
      heap.put("gc_count", cli.stats().get("gc_count"));
      heap.put("gc_ms", cli.stats().get("gc_ms"));
      m.put("cli_jvm", heap);
      m.put("cli_cpu_ms", cli.stats().get("cpu_ms"));
      m.put("cli_cpu_ms_by_thread_kind", cpuByThreadKind(cli.stats()));
      m.put("cpu_ms_by_second_cli", timeline.perSecond("cpu_ms.cli"));
      m.put("cpu_ms_by_second_bench_jvm", timeline.perSecond("cpu_ms.bench"));
      m.put("report_summary", summary());
      List<String> errors = reportErrors();
      m.put("report_errors", errors.size());
      m.put("report_errors_sample", errors.subList(0, Math.min(5, errors.size())));
      return m;
    }

    static double ms(double seconds) {
      return CounterTimeline.round(seconds * 1000);
    }

    static double mb(Object bytes) {
      return bytes instanceof Number n ? CounterTimeline.round(n.doubleValue() / (1 << 20)) : -1;
    }

    private static Map<String, Object> byPool(Object pools) {
      Map<String, Object> out = new LinkedHashMap<>();
      if (pools instanceof Map<?, ?> m) {
        m.forEach((k, v) -> out.put(String.valueOf(k), mb(v)));
      }
      return out;
    }
  }

  /**
   * The CLI's CPU split into the JIT compiler, the VM thread (serial GC pauses), threads alive at
   * exit (main, timers) and the run's pools (ended before exit: the rest of the process total).
   */
  private static Map<String, Object> cpuByThreadKind(Map<String, Object> stats) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (!(stats.get("cpu_ms_by_thread_kind") instanceof Map<?, ?> live)
        || !(stats.get("cpu_ms") instanceof Number total)) {
      return out;
    }
    long counted = 0;
    for (Map.Entry<?, ?> e : live.entrySet()) {
      long ms = ((Number) e.getValue()).longValue();
      out.put(String.valueOf(e.getKey()), ms);
      counted += ms;
    }
    out.put("run_pools_ended", Math.max(0, Math.round(total.doubleValue()) - counted));
    return out;
  }
}
