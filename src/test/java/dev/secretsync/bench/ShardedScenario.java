package dev.secretsync.bench;

import static dev.secretsync.bench.FanoutWorld.ACCOUNTS;
import static dev.secretsync.bench.FanoutWorld.PER_ACCOUNT;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code fanout-sharded}: the {@code fanout-100x100} workload (cold) run twice on fresh emulators —
 * once by one process, once as the documented two-step pattern: a {@code --merge-only} process,
 * then 4 concurrent {@code --sync-only --shard I/4} processes, then {@code secretsync report}.
 * Reports wall time and calls of both, and their ratio. On a 2-core machine the 4 shard JVMs share
 * the cores with each other and the emulators, so the ratio says what sharding costs here, not what
 * it gains on a fleet of nodes.
 */
final class ShardedScenario {
  static final int SHARDS = Integer.getInteger("bench.shards", 4);

  private ShardedScenario() {}

  static Map<String, Object> run() throws Exception {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("scenario", "fanout-sharded");
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("accounts", ACCOUNTS);
    settings.put("secrets_per_account", PER_ACCOUNT);
    settings.put("shards", SHARDS);
    settings.put("vault_latency_ms", SyncScenarios.VAULT_LATENCY.toMillis());
    settings.put("aws_latency_ms", SyncScenarios.AWS_LATENCY.toMillis());
    settings.put("cores", Runtime.getRuntime().availableProcessors());
    doc.put("settings", settings);

    Map<String, Object> single;
    try (SyncRig rig = new SyncRig("fanout-sharded-single")) {
      FanoutWorld.seed(rig);
      long t0 = System.nanoTime();
      CliProcess.Result r = cli(rig, "single", "pipeline", "-c", "secretsync.yaml", "-o", "json");
      single = figures(rig, System.nanoTime() - t0, List.of(r));
    }
    doc.put("single_process", single);

    Map<String, Object> sharded;
    try (SyncRig rig = new SyncRig("fanout-sharded")) {
      FanoutWorld.seed(rig);
      long t0 = System.nanoTime();
      List<CliProcess.Result> runs = new ArrayList<>();
      runs.add(cli(rig, "merge", "pipeline", "-c", "secretsync.yaml", "--merge-only"));
      long merged = System.nanoTime();
      ExecutorService pool = Executors.newFixedThreadPool(SHARDS);
      try {
        List<Future<CliProcess.Result>> shards = new ArrayList<>();
        for (int i = 0; i < SHARDS; i++) {
          String shard = i + "/" + SHARDS;
          String label = "shard-" + i;
          shards.add(
              pool.submit(
                  () ->
                      cli(
                          rig,
                          label,
                          "pipeline",
                          "-c",
                          "secretsync.yaml",
                          "--sync-only",
                          "--shard",
                          shard,
                          "--report-file",
                          "reports/" + label + ".json")));
        }
        for (Future<CliProcess.Result> f : shards) {
          runs.add(f.get());
        }
      } finally {
        pool.shutdown();
      }
      long synced = System.nanoTime();
      CliProcess.Result report = cli(rig, "report", "report", "reports", "-o", "json");
      sharded = figures(rig, synced - t0, runs);
      sharded.put("merge_wall_ms", Math.round((merged - t0) / 1e6));
      sharded.put("sync_wall_ms", Math.round((synced - merged) / 1e6));
      sharded.put("report_exit_code", report.exitCode());
      int maxWriters = 0;
      for (int a = 0; a < ACCOUNTS; a++) {
        maxWriters = Math.max(maxWriters, rig.aws.writers(FanoutWorld.accountId(a)).size());
      }
      sharded.put("max_processes_writing_one_account", maxWriters);
    }
    doc.put("sharded", sharded);
    double ratio =
        ((Number) sharded.get("wall_ms")).doubleValue()
            / ((Number) single.get("wall_ms")).doubleValue();
    doc.put("wall_ratio_sharded_to_single", SyncScenarios.round2(ratio));
    SyncScenarios.Bars bars = new SyncScenarios.Bars();
    bars.equal(
        "sharded: every secret created once (+ a key per account)",
        ((Number) sharded.get("creates")).longValue(),
        (long) ACCOUNTS * PER_ACCOUNT + ACCOUNTS);
    bars.equal(
        "sharded: processes writing one account",
        (long) (int) sharded.get("max_processes_writing_one_account"),
        1);
    bars.equal(
        "sharded: combined report exit code", (long) (int) sharded.get("report_exit_code"), 0);
    bars.atMost(
        "sharded: Vault reads <= single process",
        ((Number) sharded.get("vault_reads")).doubleValue(),
        ((Number) single.get("vault_reads")).doubleValue());
    doc.put("bars", bars.list);
    return doc;
  }

  private static CliProcess.Result cli(SyncRig rig, String label, String... args) {
    CliProcess.Result r = CliProcess.run(rig.dir, label, List.of(), rig.env(), List.of(args));
    if (r.exitCode() != 0) {
      throw new IllegalStateException(
          "fanout-sharded: " + label + " exited " + r.exitCode() + ":\n" + r.stderrTail());
    }
    return r;
  }

  private static Map<String, Object> figures(
      SyncRig rig, long wallNanos, List<CliProcess.Result> runs) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("wall_ms", Math.round(wallNanos / 1e6));
    m.put("processes", runs.size());
    long cpu = 0;
    for (CliProcess.Result r : runs) {
      if (r.stats().get("cpu_ms") instanceof Number n) {
        cpu += n.longValue();
      }
    }
    m.put("cli_cpu_ms", cpu);
    m.put("aws_calls", rig.aws.totalCalls());
    m.put("aws", rig.awsCounts());
    m.put("creates", rig.aws.count("secretsmanager.CreateSecret"));
    m.put("vault_reads", rig.vault.count("kv.read"));
    m.put("s3_calls", rig.s3Counts().get("total"));
    return m;
  }
}
