package dev.secretsync.bench;

import static dev.secretsync.bench.SyncScenarios.ACCOUNT;
import static dev.secretsync.bench.SyncScenarios.AWS_LATENCY;
import static dev.secretsync.bench.SyncScenarios.PARALLELISM;
import static dev.secretsync.bench.SyncScenarios.VAULT_LATENCY;
import static dev.secretsync.bench.SyncScenarios.WRITES_PER_SECOND;
import static dev.secretsync.bench.SyncScenarios.WRITE_QUOTA;

import dev.secretsync.bench.SyncScenarios.Bound;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The one-account workload of {@code cold-*}, {@code noop-*} and {@code one-change-*}: {@code n}
 * secrets of ~1 KiB in folders of 100 ({@code f000/s00000}…) on one KV v2 mount, one target in
 * account {@link SyncScenarios#ACCOUNT}, S3 merge store. At the default size ({@code n} = 10,000)
 * it is exactly the world of issue 7's scenarios.
 */
final class SingleWorld {
  private SingleWorld() {}

  static int folders(int n) {
    return Math.max(1, (n + 99) / 100);
  }

  /** Secret number {@code i}'s key: today's {@code f%03d/s%05d}, wider only when needed. */
  static String key(int i, int n) {
    int fw = Math.max(3, String.valueOf(folders(n) - 1).length());
    int sw = Math.max(5, String.valueOf(n - 1).length());
    return String.format("f%0" + fw + "d/s%0" + sw + "d", i % folders(n), i);
  }

  static void seed(SyncRig rig, int n) {
    rig.vault.mountKv("bench", 2);
    for (int i = 0; i < n; i++) {
      rig.vault.put("bench", key(i, n), Workload.secret(i, 0));
    }
  }

  static String config(int writesPerSecond) {
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
  static void syncOnce(SyncRig rig, int n) {
    rig.config(config(10_000));
    rig.settings(Duration.ZERO, Duration.ZERO, 0);
    // Prepared ten minutes earlier by the emulator clock: the measured run is then one with
    // nothing written recently. Within five minutes of a write, a run also confirms the recently
    // changed secrets with DescribeSecret, because ListSecrets may lag (AwsConsistency). Not
    // further back: the role credentials the emulator issues by its clock last one hour.
    rig.aws.clock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10)));
    rig.prepare("prepare", List.of());
    rig.aws.clock(Clock.systemUTC());
    checkSynced(rig, n);
  }

  /** Fails unless the account holds the {@code n} secrets (besides secretsync's own key). */
  static void checkSynced(SyncRig rig, int n) {
    int there =
        (int)
            rig.aws.secrets(ACCOUNT, SyncRig.REGION).stream()
                .filter(s -> !s.name().equals("secretsync/fingerprint-key"))
                .count();
    if (there != n) {
      throw new IllegalStateException("the account holds " + there + " secrets, not " + n);
    }
  }

  static void measuredSettings(SyncRig rig) {
    rig.config(config(WRITES_PER_SECOND));
    rig.settings(VAULT_LATENCY, AWS_LATENCY, WRITE_QUOTA);
  }

  private static double listMs(int n) {
    return VAULT_LATENCY.toMillis() * (1 + Math.ceil((double) folders(n) / PARALLELISM));
  }

  private static double mergeMs(int n) {
    return listMs(n) + Math.ceil((double) n / PARALLELISM) * VAULT_LATENCY.toMillis();
  }

  /** Cold: an empty account, every secret created. */
  static Bound coldBound(int n) {
    Bound b = new Bound();
    b.vaultCalls = 1 + folders(n) + n;
    // AssumeRole, the account's fingerprint key (a GetSecretValue that finds none, a CreateSecret),
    // one ListSecrets page (empty account), one write each.
    b.awsCalls = 1 + 2 + 1 + n;
    b.mergeMs = mergeMs(n);
    double latencyMs = Math.ceil((double) n / PARALLELISM) * AWS_LATENCY.toMillis();
    double quotaMs = n * 1000.0 / WRITES_PER_SECOND;
    b.syncMs = 4 * AWS_LATENCY.toMillis() + Math.max(latencyMs, quotaMs);
    b.writesPerSecond = Math.min(WRITES_PER_SECOND, PARALLELISM * 1000.0 / AWS_LATENCY.toMillis());
    b.note =
        "merge: root LIST, then the folder LISTs and one read per secret over 16 connections at 2"
            + " ms; sync: AssumeRole + one ListSecrets page, then max(writes / 450 per s, writes x"
            + " 10 ms / 16)";
    return b;
  }

  /** A synced account, {@code changes} secrets changed since (one PutSecretValue each). */
  static Bound syncedBound(int n, int changes) {
    Bound b = new Bound();
    int pages = (n + 1 + 99) / 100; // the account holds n secrets and secretsync's key
    b.vaultCalls = 1 + folders(n) + n;
    b.awsCalls = pages + 1 + 1 + changes; // + AssumeRole + the account's key + the writes
    b.mergeMs = mergeMs(n);
    // The key, then the pages one after another (each needs the previous page's NextToken).
    b.syncMs = AWS_LATENCY.toMillis() * (2 + pages);
    b.note = "ListSecrets pages are sequential (each needs the previous page's NextToken)";
    return b;
  }
}
