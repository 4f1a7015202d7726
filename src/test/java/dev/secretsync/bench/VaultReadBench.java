package dev.secretsync.bench;

import dev.secretsync.config.ConfigLoader;
import dev.secretsync.config.SecretSyncConfig;
import dev.secretsync.core.SecretKey;
import dev.secretsync.provider.vault.VaultSessions;
import dev.secretsync.provider.vault.VaultSourceFactory;
import dev.secretsync.spi.RunContext;
import dev.secretsync.spi.SecretSource;
import dev.secretsync.testkit.VaultEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Benchmark, not a test (never asserts timing): lists and reads 2,000 KV v2 secrets in 20 folders
 * from the Vault emulator with 5 ms latency per request, at parallelism 1 (sequential) and higher,
 * and prints one JSON object with the timings and the sequential/parallel ratio.
 *
 * <pre>
 * scripts/bench.sh startup    # builds, and writes the class path to target/bench/classpath.txt
 * java -cp target/test-classes:target/classes:$(cat target/bench/classpath.txt) \
 *     dev.secretsync.bench.VaultReadBench [secrets] [latencyMs] [parallelism...]
 * </pre>
 *
 * <p>Client and emulator share one JVM here; the pipeline scenarios ({@link Bench}) run the CLI in
 * its own JVM.
 */
public final class VaultReadBench {
  private VaultReadBench() {}

  /** Runs the benchmark; arguments: secrets (2000), latency ms (5), parallelisms (1 4 16 32). */
  public static void main(String[] args) throws Exception {
    int secrets = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int latencyMs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    List<Integer> levels = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      levels.add(Integer.parseInt(args[i]));
    }
    if (levels.isEmpty()) {
      levels.addAll(List.of(1, 4, 16, 32));
    }
    try (VaultEmulator vault = VaultEmulator.start()) {
      vault.mountKv("bench", 2).mountKv("warmup", 2);
      for (int i = 0; i < secrets; i++) {
        vault.put("bench", String.format("f%02d/s%04d", i % 20, i), Map.of("v", "value-" + i));
      }
      for (int i = 0; i < 200; i++) {
        vault.put("warmup", "w/s" + i, Map.of("v", i));
      }
      Path dir = Files.createTempDirectory("vault-bench");
      Files.writeString(
          dir.resolve("secretsync.yaml"),
          """
          sources:
            bench: {vault: {mount: bench}}
            warmup: {vault: {mount: warmup}}
          targets:
            T: {type: file, path: out, imports: [bench, warmup]}
          """);
      Map<String, String> env =
          Map.of("VAULT_ADDR", vault.address(), "VAULT_TOKEN", vault.rootToken());
      SecretSyncConfig config =
          new ConfigLoader(env, Set.of("source:vault", "target:file", "store:memory"))
              .load(dir.resolve("secretsync.yaml"), "secretsync.yaml");

      run(config, env, "warmup", 16); // JIT, connection pool, class loading
      vault.latency(Duration.ofMillis(latencyMs));
      StringBuilder json = new StringBuilder();
      json.append(
          String.format(
              Locale.ROOT,
              "{\"secrets\": %d, \"folders\": 20, \"latency_ms\": %d, \"runs\": [",
              secrets,
              latencyMs));
      double sequential = 0;
      double best = Double.MAX_VALUE;
      int bestLevel = 0;
      for (int i = 0; i < levels.size(); i++) {
        int p = levels.get(i);
        vault.resetCounters();
        long[] t = run(config, env, "bench", p);
        double total = (t[0] + t[1]) / 1e6;
        if (p == 1) {
          sequential = total;
        }
        if (total < best) {
          best = total;
          bestLevel = p;
        }
        json.append(
            String.format(
                Locale.ROOT,
                "%s{\"parallelism\": %d, \"list_ms\": %.1f, \"read_ms\": %.1f, \"total_ms\": %.1f,"
                    + " \"lists\": %d, \"reads\": %d}",
                i == 0 ? "" : ", ",
                p,
                t[0] / 1e6,
                t[1] / 1e6,
                total,
                vault.count("kv.list"),
                vault.count("kv.read")));
      }
      json.append(
          String.format(
              Locale.ROOT,
              "], \"best_parallelism\": %d, \"sequential_over_best\": %.2f}",
              bestLevel,
              sequential > 0 ? sequential / best : 0));
      System.out.println(json);
    }
  }

  /** Lists and reads one source; returns {list nanos, read nanos}. */
  private static long[] run(
      SecretSyncConfig config, Map<String, String> env, String source, int parallelism) {
    ExecutorService pool = Executors.newFixedThreadPool(parallelism);
    try (VaultSessions sessions = new VaultSessions()) {
      RunContext ctx =
          new RunContext(
              "bench", config.baseDir(), env, parallelism, pool, false, w -> System.err.println(w));
      try (SecretSource s =
          VaultSourceFactory.create(config.sources().get(source), config, ctx, sessions)) {
        long t0 = System.nanoTime();
        List<SecretKey> keys = s.list();
        long t1 = System.nanoTime();
        int read = s.read(keys).size();
        long t2 = System.nanoTime();
        if (read != keys.size()) {
          throw new IllegalStateException("read " + read + " of " + keys.size());
        }
        return new long[] {t1 - t0, t2 - t1};
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
