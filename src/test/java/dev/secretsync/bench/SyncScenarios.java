package dev.secretsync.bench;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The pipeline scenarios of issue 7: {@code cold-10k}, {@code noop-10k}, {@code one-change-10k}
 * (10,000 secrets of ~1 KiB in 100 Vault folders, one AWS account, S3 merge store) and {@code
 * fanout-100x100} (100 accounts × 100 secrets, each target merging a shared and an own source).
 * Vault latency 2 ms, AWS latency 10 ms, AWS write quota 500/s per account, {@code parallelism:
 * 16}, {@code aws_writes_per_second: 450}.
 */
final class SyncScenarios {
  static final int N = 10_000;
  static final int FOLDERS = 100;
  static final int PARALLELISM = 16;
  static final int WRITES_PER_SECOND = 450;
  static final int WRITE_QUOTA = 500;
  static final Duration VAULT_LATENCY = Duration.ofMillis(2);
  static final Duration AWS_LATENCY = Duration.ofMillis(10);
  static final String ACCOUNT = "111111111111";

  /** The CLI's heap for cold-10k (the bar). */
  static final List<String> SMALL_HEAP = List.of("-Xmx256m");

  private SyncScenarios() {}

  static String key(int i) {
    return String.format("f%03d/s%05d", i % FOLDERS, i);
  }

  private static void seed10k(SyncRig rig) {
    rig.vault.mountKv("bench", 2);
    for (int i = 0; i < N; i++) {
      rig.vault.put("bench", key(i), Workload.secret(i, 0));
    }
  }

  private static String config10k(int writesPerSecond) {
    return """
        sources:
          bench: {vault: {mount: bench}}
        targets:
          T: {imports: [bench], account_id: "%s"}
        pipeline: {parallelism: %d, aws_writes_per_second: %d}
        """
        .formatted(ACCOUNT, PARALLELISM, writesPerSecond);
  }

  /**
   * Brings the account and the merge store in line with the sources, fast (no latency, no quota).
   */
  private static void syncOnce(SyncRig rig) {
    rig.config(config10k(10_000));
    rig.settings(Duration.ZERO, Duration.ZERO, 0);
    // Prepared ten minutes earlier by the emulator clock: the measured run is then one with
    // nothing written recently. Within five minutes of a write, a run also confirms the recently
    // changed secrets with DescribeSecret, because ListSecrets may lag (AwsConsistency). Not
    // further back: the role credentials the emulator issues by its clock last one hour.
    rig.aws.clock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10)));
    rig.prepare("prepare", List.of());
    rig.aws.clock(Clock.systemUTC());
    int there =
        (int)
            rig.aws.secrets(ACCOUNT, SyncRig.REGION).stream()
                .filter(s -> !s.name().equals("secretsync/fingerprint-key"))
                .count();
    if (there != N) {
      throw new IllegalStateException("preparation left " + there + " secrets, not " + N);
    }
  }

  private static void measuredSettings(SyncRig rig) {
    rig.config(config10k(WRITES_PER_SECOND));
    rig.settings(VAULT_LATENCY, AWS_LATENCY, WRITE_QUOTA);
  }

  private static Map<String, Object> settings(String heap) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("secrets", N);
    s.put("vault_folders", FOLDERS);
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

  static Map<String, Object> cold10k() {
    try (SyncRig rig = new SyncRig("cold-10k")) {
      seed10k(rig);
      measuredSettings(rig);
      SyncRig.Measured m = rig.measure("run", SMALL_HEAP);
      Map<String, Object> doc = header("cold-10k", settings("-Xmx256m"), m);
      long writes = rig.aws.writeCount();
      double syncS = m.metric("secretsync_sync_duration_seconds_sum");
      double applyWindow = m.timeline.windowSeconds("aws.writes");
      Map<String, Object> t = throughput(m);
      t.put("writes", writes);
      t.put("writes_per_s_sync_phase", rate(writes, syncS));
      t.put("writes_per_s_apply_window", rate(writes, applyWindow));
      t.put("writes_by_second", m.timeline.perSecond("aws.writes"));
      doc.put("throughput", t);
      Bound b = coldBound();
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
          "cold-10k writes/s (sync phase) >= 0.9 x aws_writes_per_second",
          rate(writes, syncS),
          0.9 * WRITES_PER_SECOND);
      bars.equal(
          "cold-10k secrets created (+ the account's fingerprint key)",
          rig.aws.count("secretsmanager.CreateSecret"),
          N + 1);
      long throttleErrors =
          m.reportErrors().stream()
              .filter(e -> e.contains("Throttl") || e.contains("Rate exceeded"))
              .count();
      bars.equal("cold-10k throttling errors surfaced in the report", throttleErrors, 0);
      bars.equal("cold-10k report errors", m.reportErrors().size(), 0);
      bars.equal("cold-10k completes at -Xmx256m (exit code)", m.cli.exitCode(), 0);
      mergeBar(bars, m);
      doc.put("bars", bars.list);
      return doc;
    }
  }

  static Bound coldBound() {
    Bound b = new Bound();
    b.vaultCalls = 1 + FOLDERS + N;
    // AssumeRole, the account's fingerprint key (a GetSecretValue that finds none, a CreateSecret),
    // one ListSecrets page (empty account), one write each.
    b.awsCalls = 1 + 2 + 1 + N;
    b.mergeMs = listMs() + Math.ceil((double) N / PARALLELISM) * VAULT_LATENCY.toMillis();
    double latencyMs = Math.ceil((double) N / PARALLELISM) * AWS_LATENCY.toMillis();
    double quotaMs = N * 1000.0 / WRITES_PER_SECOND;
    b.syncMs = 4 * AWS_LATENCY.toMillis() + Math.max(latencyMs, quotaMs);
    b.writesPerSecond = Math.min(WRITES_PER_SECOND, PARALLELISM * 1000.0 / AWS_LATENCY.toMillis());
    b.note =
        "merge: root LIST, then 100 folder LISTs and 10,000 reads over 16 connections at 2 ms; sync:"
            + " AssumeRole + one ListSecrets page, then max(10,000 writes / 450 per s, 10,000 x 10 ms"
            + " / 16)";
    return b;
  }

  private static double listMs() {
    return VAULT_LATENCY.toMillis() * (1 + Math.ceil((double) FOLDERS / PARALLELISM));
  }

  // ---------------------------------------------------------------- noop-10k / one-change-10k

  static Map<String, Object> noop10k() {
    try (SyncRig rig = new SyncRig("noop-10k")) {
      seed10k(rig);
      syncOnce(rig);
      measuredSettings(rig);
      SyncRig.Measured m = rig.measure("run", List.of());
      Map<String, Object> doc = header("noop-10k", settings(null), m);
      doc.put("throughput", throughput(m));
      Bound b = new Bound();
      int pages = (N + 1 + 99) / 100; // the account holds N secrets and secretsync's key
      b.vaultCalls = 1 + FOLDERS + N;
      b.awsCalls = pages + 1 + 1; // + AssumeRole + the account's fingerprint key
      b.mergeMs = listMs() + Math.ceil((double) N / PARALLELISM) * VAULT_LATENCY.toMillis();
      // The key, then the pages one after another (each needs the previous page's NextToken).
      b.syncMs = AWS_LATENCY.toMillis() * (2 + pages);
      b.note = "ListSecrets pages are sequential (each needs the previous page's NextToken)";
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
          "noop-10k AWS calls <= (10,000 + the key)/100 pages + AssumeRole + the key read",
          rig.aws.totalCalls(),
          pages + 2);
      bars.equal("noop-10k AWS writes", rig.aws.writeCount(), 0);
      bars.equal(
          "noop-10k value reads (GetSecretValue + BatchGetSecretValue) = the account's key",
          rig.aws.count("secretsmanager.GetSecretValue")
              + rig.aws.count("secretsmanager.BatchGetSecretValue"),
          1);
      bars.equal("noop-10k S3 PUTs", rig.s3.count("PUT", ""), 0);
      bars.equal(
          "noop-10k Vault LIST + read calls = folders (100 + the mount root) + 10,000",
          rig.vault.count("kv.list") + rig.vault.count("kv.read"),
          1 + FOLDERS + N);
      // Besides LIST and reads: the KV version preflight and the token lookup (see "calls").
      doc.put(
          "vault_calls_besides_list_and_read",
          rig.vault.totalCalls() - rig.vault.count("kv.list") - rig.vault.count("kv.read"));
      mergeBar(bars, m);
      doc.put("bars", bars.list);
      return doc;
    }
  }

  static Map<String, Object> oneChange10k() {
    try (SyncRig rig = new SyncRig("one-change-10k")) {
      seed10k(rig);
      syncOnce(rig);
      int changed = 4242;
      rig.vault.put("bench", key(changed), Workload.secret(changed, 1));
      measuredSettings(rig);
      SyncRig.Measured m = rig.measure("run", List.of());
      Map<String, Object> doc = header("one-change-10k", settings(null), m);
      doc.put("throughput", throughput(m));
      Bound b = new Bound();
      int pages = (N + 1 + 99) / 100; // the account holds N secrets and secretsync's key
      b.vaultCalls = 1 + FOLDERS + N;
      b.awsCalls = pages + 1 + 1 + 1; // + AssumeRole + the account's key + the one write
      b.mergeMs = listMs() + Math.ceil((double) N / PARALLELISM) * VAULT_LATENCY.toMillis();
      b.syncMs = AWS_LATENCY.toMillis() * (2 + pages);
      doc.put("bound", b.describe());
      doc.put(
          "ratio_to_bound",
          Map.of(
              "aws_calls",
              round2((double) rig.aws.totalCalls() / b.awsCalls),
              "pipeline_time",
              round2(m.metric("secretsync_pipeline_duration_seconds_sum") * 1000 / b.totalMs())));
      Bars bars = new Bars();
      bars.equal(
          "one-change-10k PutSecretValue calls", rig.aws.count("secretsmanager.PutSecretValue"), 1);
      bars.equal("one-change-10k AWS writes (all kinds)", rig.aws.writeCount(), 1);
      bars.equal("one-change-10k S3 PUTs (the changed bundle)", rig.s3.count("PUT", ""), 1);
      bars.atMost("one-change-10k AWS calls", rig.aws.totalCalls(), b.awsCalls);
      mergeBar(bars, m);
      doc.put("bars", bars.list);
      return doc;
    }
  }

  // ---------------------------------------------------------------- fanout-100x100

  static final int ACCOUNTS = FanoutWorld.ACCOUNTS;
  static final int PER_ACCOUNT = FanoutWorld.PER_ACCOUNT;

  static Map<String, Object> fanout() {
    try (SyncRig rig = new SyncRig("fanout-100x100")) {
      FanoutWorld.seed(rig);
      rig.settings(VAULT_LATENCY, AWS_LATENCY, WRITE_QUOTA);
      SyncRig.Measured m = rig.measure("run", List.of());
      Map<String, Object> s = settings(null);
      s.put("secrets", ACCOUNTS * PER_ACCOUNT);
      s.put("accounts", ACCOUNTS);
      s.put("secrets_per_account", PER_ACCOUNT);
      s.put("vault_sources", 1 + ACCOUNTS);
      s.put("vault_mounts", 1 + ACCOUNTS);
      Map<String, Object> doc = header("fanout-100x100", s, m);
      long writes = rig.aws.writeCount();
      double pipelineS = m.metric("secretsync_pipeline_duration_seconds_sum");
      Map<String, Object> t = throughput(m);
      t.put("writes", writes);
      t.put("writes_per_s_pipeline", rate(writes, pipelineS));
      t.put("writes_per_s_apply_window", rate(writes, m.timeline.windowSeconds("aws.writes")));
      t.put("writes_by_second", m.timeline.perSecond("aws.writes"));
      doc.put("throughput", t);

      Bound b = new Bound();
      int secrets = ACCOUNTS * PER_ACCOUNT;
      // Per source (= mount): its KV version preflight, the root LIST and the app/ LIST; reads.
      b.vaultCalls = 3 * (1 + ACCOUNTS) + PER_ACCOUNT + secrets;
      // Per account: AssumeRole, its fingerprint key (GetSecretValue + CreateSecret), 1 ListSecrets
      // page; then one write per secret.
      b.awsCalls = ACCOUNTS * (1 + 2 + 1) + secrets;
      b.s3Calls = 2 * ACCOUNTS; // HEAD + PUT per target bundle
      double vaultWork = b.vaultCalls * VAULT_LATENCY.toMillis() / (double) PARALLELISM;
      double awsWork = b.awsCalls * AWS_LATENCY.toMillis() / (double) PARALLELISM;
      double quota = PER_ACCOUNT * 1000.0 / WRITES_PER_SECOND; // one account alone
      b.mergeMs = vaultWork;
      b.syncMs = Math.max(awsWork, quota);
      b.writesPerSecond = Math.min(PARALLELISM * 1000.0 / AWS_LATENCY.toMillis(), 450.0 * ACCOUNTS);
      b.note =
          "every call's latency spread over 16 concurrent calls: (vault calls x 2 ms + AWS calls x"
              + " 10 ms) / 16; the per-account quota (100 writes at 450/s = 222 ms) does not bind";
      doc.put("bound", b.describe());
      double wallRatio = pipelineS * 1000 / b.totalMs();
      doc.put(
          "ratio_to_bound",
          Map.of(
              "aws_calls", round2((double) rig.aws.totalCalls() / b.awsCalls),
              "pipeline_time", round2(wallRatio),
              "process_wall_time", round2(m.cli.wallNanos() / 1e6 / b.totalMs())));
      Map<String, Long> byRole = new java.util.TreeMap<>();
      rig.aws.assumeRoleCalls().forEach(c -> byRole.merge(c.roleArn(), 1L, Long::sum));
      long maxPerAccount = byRole.values().stream().mapToLong(Long::longValue).max().orElse(0);
      doc.put("assume_role_roles", byRole.size());
      doc.put("max_assume_role_per_account", maxPerAccount);
      Bars bars = new Bars();
      bars.equal("fanout AssumeRole calls = accounts", rig.aws.count("sts.AssumeRole"), ACCOUNTS);
      bars.equal("fanout accounts whose role was assumed", byRole.size(), ACCOUNTS);
      bars.atMost("fanout AssumeRole calls per account", maxPerAccount, 1);
      bars.atMost("fanout AWS calls <= 1.1 x bound", rig.aws.totalCalls(), 1.1 * b.awsCalls);
      bars.atMost("fanout pipeline time (ms) <= 1.5 x bound", pipelineS * 1000, 1.5 * b.totalMs());
      bars.equal(
          "fanout secrets created (+ one fingerprint key per account)",
          rig.aws.count("secretsmanager.CreateSecret"),
          secrets + ACCOUNTS);
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
