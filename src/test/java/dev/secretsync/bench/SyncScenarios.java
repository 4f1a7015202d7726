package dev.secretsync.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pipeline scenarios of issue 7: {@code cold-10k}, {@code noop-10k}, {@code one-change-10k}
 * (10,000 secrets of ~1 KiB in 100 Vault folders, one AWS account, S3 merge store) and {@code
 * fanout-100x100} (100 accounts × 100 secrets, each target merging a shared and an own source).
 * Vault latency 2 ms, AWS latency 10 ms, AWS write quota 500/s per account, {@code parallelism:
 * 16}, {@code aws_writes_per_second: 450}.
 */
final class SyncScenarios {
  /** The default size of the one-account scenarios (their names say it: {@code noop-10k}). */
  static final int N = 10_000;

  static final int PARALLELISM = 16;
  static final int WRITES_PER_SECOND = 450;
  static final int WRITE_QUOTA = 500;
  static final Duration VAULT_LATENCY = Duration.ofMillis(2);
  static final Duration AWS_LATENCY = Duration.ofMillis(10);
  static final String ACCOUNT = "111111111111";

  /** The CLI's heap for cold-10k (the bar). */
  static final List<String> SMALL_HEAP = List.of("-Xmx256m");

  private SyncScenarios() {}

  static Map<String, Object> settings(int n, String heap) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("secrets", n);
    s.put("vault_folders", SingleWorld.folders(n));
    s.put("secret_bytes", Workload.TARGET_BYTES);
    s.put("vault_latency_ms", VAULT_LATENCY.toMillis());
    s.put("aws_latency_ms", AWS_LATENCY.toMillis());
    s.put("aws_write_quota_per_s", WRITE_QUOTA);
    s.put("aws_writes_per_second", WRITES_PER_SECOND);
    s.put("parallelism", PARALLELISM);
    s.put("merge_store", "s3 (S3Mock behind a counting proxy)");
    s.put("cli_jvm_flags", jvmFlags(heap));
    return s;
  }

  private static List<String> jvmFlags(String heap) {
    List<String> f = new ArrayList<>(CliProcess.LAUNCHER_FLAGS);
    if (heap != null) {
      f.add(heap);
    }
    return f;
  }

  // ---------------------------------------------------------------- cold-10k

  /** {@code cold-<n>}: an empty account; the CLI at {@code -Xmx256m}. */
  static Map<String, Object> cold(int n) {
    String name = "cold-" + label(n);
    try (SyncRig rig = new SyncRig(name)) {
      SingleWorld.seed(rig, n);
      SingleWorld.measuredSettings(rig);
      SyncRig.Measured m = rig.measure("run", SMALL_HEAP);
      Map<String, Object> doc = header(name, settings(n, "-Xmx256m"), m);
      long writes = rig.aws.writeCount();
      double syncS = m.metric("secretsync_sync_duration_seconds_sum");
      double applyWindow = m.timeline.windowSeconds("aws.writes");
      Map<String, Object> t = throughput(m);
      t.put("writes", writes);
      t.put("writes_per_s_sync_phase", rate(writes, syncS));
      t.put("writes_per_s_apply_window", rate(writes, applyWindow));
      t.put("writes_by_second", m.timeline.perSecond("aws.writes"));
      doc.put("throughput", t);
      Bound b = SingleWorld.coldBound(n);
      doc.put("bound", b.describe());
      doc.put(
          "ratio_to_bound",
          Map.of(
              "writes_per_s",
              round2(rate(writes, syncS) / b.writesPerSecond),
              "pipeline_time",
              round2(m.metric("secretsync_pipeline_duration_seconds_sum") * 1000 / b.totalMs())));
      Bars bars = new Bars();
      bars.atLeast(
          name + " writes/s (sync phase) >= 0.9 x aws_writes_per_second",
          rate(writes, syncS),
          0.9 * WRITES_PER_SECOND);
      bars.equal(
          name + " secrets created (+ the account's fingerprint key)",
          rig.aws.count("secretsmanager.CreateSecret"),
          n + 1);
      long throttleErrors =
          m.reportErrors().stream()
              .filter(e -> e.contains("Throttl") || e.contains("Rate exceeded"))
              .count();
      bars.equal(name + " throttling errors surfaced in the report", throttleErrors, 0);
      bars.equal(name + " report errors", m.reportErrors().size(), 0);
      bars.equal(name + " completes at -Xmx256m (exit code)", m.cli.exitCode(), 0);
      mergeBar(bars, m);
      doc.put("bars", bars.list);
      return doc;
    }
  }

  // ---------------------------------------------------------------- noop-10k / one-change-10k

  /** {@code noop-<n>}: the account synced beforehand, then the same run again. */
  static Map<String, Object> noop(int n) {
    String name = "noop-" + label(n);
    try (SyncRig rig = new SyncRig(name)) {
      SingleWorld.seed(rig, n);
      SingleWorld.syncOnce(rig, n);
      SingleWorld.measuredSettings(rig);
      SyncRig.Measured m = rig.measure("run", List.of());
      Map<String, Object> doc = header(name, settings(n, null), m);
      doc.put("throughput", throughput(m));
      Bound b = SingleWorld.syncedBound(n, 0);
      int pages = (n + 1 + 99) / 100;
      doc.put("bound", b.describe());
      doc.put(
          "ratio_to_bound",
          Map.of(
              "aws_calls",
              round2((double) rig.aws.totalCalls() / b.awsCalls),
              "pipeline_time",
              round2(m.metric("secretsync_pipeline_duration_seconds_sum") * 1000 / b.totalMs())));
      Bars bars = new Bars();
      bars.atMost(
          name + " AWS calls <= (secrets + the key)/100 pages + AssumeRole + the key read",
          rig.aws.totalCalls(),
          pages + 2);
      bars.equal(name + " AWS writes", rig.aws.writeCount(), 0);
      bars.equal(
          name + " value reads (GetSecretValue + BatchGetSecretValue) = the account's key",
          rig.aws.count("secretsmanager.GetSecretValue")
              + rig.aws.count("secretsmanager.BatchGetSecretValue"),
          1);
      bars.equal(name + " S3 PUTs", rig.s3.count("PUT", ""), 0);
      bars.equal(
          name + " Vault LIST + read calls = folders + the mount root + secrets",
          rig.vault.count("kv.list") + rig.vault.count("kv.read"),
          1 + SingleWorld.folders(n) + n);
      // Besides LIST and reads: the KV version preflight and the token lookup (see "calls").
      doc.put(
          "vault_calls_besides_list_and_read",
          rig.vault.totalCalls() - rig.vault.count("kv.list") - rig.vault.count("kv.read"));
      mergeBar(bars, m);
      doc.put("bars", bars.list);
      return doc;
    }
  }

  /** {@code one-change-<n>}: as {@code noop-<n>}, with one source secret changed. */
  static Map<String, Object> oneChange(int n) {
    String name = "one-change-" + label(n);
    try (SyncRig rig = new SyncRig(name)) {
      SingleWorld.seed(rig, n);
      SingleWorld.syncOnce(rig, n);
      int changed = n * 4242 / N; // secret 4242 at the default size
      rig.vault.put("bench", SingleWorld.key(changed, n), Workload.secret(changed, 1));
      SingleWorld.measuredSettings(rig);
      SyncRig.Measured m = rig.measure("run", List.of());
      Map<String, Object> doc = header(name, settings(n, null), m);
      doc.put("throughput", throughput(m));
      Bound b = SingleWorld.syncedBound(n, 1);
      doc.put("bound", b.describe());
      doc.put(
          "ratio_to_bound",
          Map.of(
              "aws_calls",
              round2((double) rig.aws.totalCalls() / b.awsCalls),
              "pipeline_time",
              round2(m.metric("secretsync_pipeline_duration_seconds_sum") * 1000 / b.totalMs())));
      Bars bars = new Bars();
      bars.equal(name + " PutSecretValue calls", rig.aws.count("secretsmanager.PutSecretValue"), 1);
      bars.equal(name + " AWS writes (all kinds)", rig.aws.writeCount(), 1);
      // The changed bundle, and its entry in the store's history (kept by default since the
      // history feature: this bar said 1 and had failed since then).
      long historyPuts =
          rig.s3.calls().stream()
              .filter(c -> c.method().equals("PUT") && c.path().contains("/history/"))
              .count();
      bars.equal(
          name + " S3 PUTs besides history entries (the changed bundle)",
          rig.s3.count("PUT", "") - historyPuts,
          1);
      bars.equal(name + " S3 history entries written", historyPuts, 1);
      bars.atMost(name + " AWS calls", rig.aws.totalCalls(), b.awsCalls);
      mergeBar(bars, m);
      doc.put("bars", bars.list);
      return doc;
    }
  }

  // ---------------------------------------------------------------- fanout-100x100

  /**
   * {@code fanout-<accounts>x<per>}: one target per account, each merging a shared and an own
   * source of {@code per} secrets; cold.
   */
  static Map<String, Object> fanout(int accounts, int per) {
    String name = "fanout-" + accounts + "x" + per;
    try (SyncRig rig = new SyncRig(name)) {
      FanoutWorld.seed(rig, accounts, per);
      rig.settings(VAULT_LATENCY, AWS_LATENCY, WRITE_QUOTA);
      SyncRig.Measured m = rig.measure("run", List.of());
      Map<String, Object> doc = header(name, FanoutWorld.settings(accounts, per), m);
      long writes = rig.aws.writeCount();
      double pipelineS = m.metric("secretsync_pipeline_duration_seconds_sum");
      Map<String, Object> t = throughput(m);
      t.put("writes", writes);
      t.put("writes_per_s_pipeline", rate(writes, pipelineS));
      t.put("writes_per_s_apply_window", rate(writes, m.timeline.windowSeconds("aws.writes")));
      t.put("writes_by_second", m.timeline.perSecond("aws.writes"));
      doc.put("throughput", t);
      int secrets = accounts * per;
      Bound b = FanoutWorld.coldBound(accounts, per);
      doc.put("bound", b.describe());
      double wallRatio = pipelineS * 1000 / b.totalMs();
      doc.put(
          "ratio_to_bound",
          Map.of(
              "aws_calls", round2((double) rig.aws.totalCalls() / b.awsCalls),
              "pipeline_time", round2(wallRatio),
              "process_wall_time", round2(m.cli.wallNanos() / 1e6 / b.totalMs())));
      Map<String, Long> byRole = new TreeMap<>();
      rig.aws.assumeRoleCalls().forEach(c -> byRole.merge(c.roleArn(), 1L, Long::sum));
      long maxPerAccount = byRole.values().stream().mapToLong(Long::longValue).max().orElse(0);
      doc.put("assume_role_roles", byRole.size());
      doc.put("max_assume_role_per_account", maxPerAccount);
      Bars bars = new Bars();
      bars.equal("fanout AssumeRole calls = accounts", rig.aws.count("sts.AssumeRole"), accounts);
      bars.equal("fanout accounts whose role was assumed", byRole.size(), accounts);
      bars.atMost("fanout AssumeRole calls per account", maxPerAccount, 1);
      bars.atMost("fanout AWS calls <= 1.1 x bound", rig.aws.totalCalls(), 1.1 * b.awsCalls);
      bars.atMost("fanout pipeline time (ms) <= 1.5 x bound", pipelineS * 1000, 1.5 * b.totalMs());
      bars.equal(
          "fanout secrets created (+ one fingerprint key per account)",
          rig.aws.count("secretsmanager.CreateSecret"),
          secrets + accounts);
      bars.equal("fanout report errors", m.reportErrors().size(), 0);
      doc.put("bars", bars.list);
      return doc;
    }
  }

  // ---------------------------------------------------------------- shared

  private static Map<String, Object> header(
      String name, Map<String, Object> settings, SyncRig.Measured m) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("scenario", name);
    doc.put("settings", settings);
    doc.putAll(m.describe());
    return doc;
  }

  private static Map<String, Object> throughput(SyncRig.Measured m) {
    Map<String, Object> t = new LinkedHashMap<>();
    long reads = m.rig.vault.count("kv.read");
    t.put("vault_reads", reads);
    t.put("vault_reads_per_s_read_window", rate(reads, m.timeline.windowSeconds("vault.read")));
    t.put(
        "vault_reads_per_s_merge_phase",
        rate(reads, m.metric("secretsync_merge_duration_seconds_max")));
    t.put("vault_reads_by_second", m.timeline.perSecond("vault.read"));
    return t;
  }

  /** Merge phase: Vault reads/s over the read window ≥ 0.6 × parallelism / latency. */
  private static void mergeBar(Bars bars, SyncRig.Measured m) {
    double bound = PARALLELISM * 1000.0 / VAULT_LATENCY.toMillis();
    bars.atLeast(
        "merge phase Vault reads/s >= 0.6 x 16 / 2 ms",
        rate(m.rig.vault.count("kv.read"), m.timeline.windowSeconds("vault.read")),
        0.6 * bound);
  }

  /** {@code 10k} for 10,000, {@code 1k}, {@code 100k}; other sizes as they are. */
  static String label(int n) {
    return n % 1000 == 0 ? n / 1000 + "k" : String.valueOf(n);
  }

  /** {@code 10k} → 10,000, {@code 2500} → 2,500. */
  static int parseSize(String s) {
    String t = s.trim().toLowerCase(java.util.Locale.ROOT);
    int n =
        t.endsWith("k")
            ? Integer.parseInt(t.substring(0, t.length() - 1)) * 1000
            : Integer.parseInt(t);
    if (n < 1) {
      throw new IllegalArgumentException("size must be at least 1: " + s);
    }
    return n;
  }

  static double rate(long n, double seconds) {
    return seconds <= 0 ? 0 : Math.round(n / seconds * 10) / 10.0;
  }

  static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }

  /** The theoretical bound of a scenario: calls and time. */
  static final class Bound {
    long vaultCalls;
    long awsCalls;
    long s3Calls;
    double mergeMs;
    double syncMs;
    double writesPerSecond;
    String note = "";

    double totalMs() {
      return mergeMs + syncMs;
    }

    Map<String, Object> describe() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("vault_calls", vaultCalls);
      m.put("aws_calls", awsCalls);
      if (s3Calls > 0) {
        m.put("s3_calls", s3Calls);
      }
      m.put("merge_ms", CounterTimeline.round(mergeMs));
      m.put("sync_ms", CounterTimeline.round(syncMs));
      m.put("total_ms", CounterTimeline.round(totalMs()));
      if (writesPerSecond > 0) {
        m.put("writes_per_s", writesPerSecond);
      }
      m.put("vault_reads_per_s", PARALLELISM * 1000.0 / VAULT_LATENCY.toMillis());
      m.put("note", note);
      return m;
    }
  }

  /** The bars a scenario is judged by. */
  static final class Bars {
    final List<Map<String, Object>> list = new ArrayList<>();

    void atLeast(String name, double measured, double limit) {
      add(name, measured, ">=", limit, measured >= limit);
    }

    void atMost(String name, double measured, double limit) {
      add(name, measured, "<=", limit, measured <= limit);
    }

    void equal(String name, double measured, double expected) {
      add(name, measured, "==", expected, measured == expected);
    }

    private void add(String name, double measured, String op, double limit, boolean pass) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("bar", name);
      m.put("measured", measured);
      m.put("op", op);
      m.put("limit", Math.round(limit * 100) / 100.0);
      m.put("pass", pass);
      list.add(m);
    }
  }
}
