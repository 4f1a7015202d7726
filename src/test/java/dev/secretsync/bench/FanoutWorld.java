package dev.secretsync.bench;

import static dev.secretsync.bench.SyncScenarios.AWS_LATENCY;
import static dev.secretsync.bench.SyncScenarios.PARALLELISM;
import static dev.secretsync.bench.SyncScenarios.VAULT_LATENCY;
import static dev.secretsync.bench.SyncScenarios.WRITES_PER_SECOND;
import static dev.secretsync.bench.SyncScenarios.WRITE_QUOTA;

import dev.secretsync.bench.SyncScenarios.Bound;
import java.util.Map;

/**
 * The fan-out workload of {@code fanout-<accounts>x<per>} and {@code fanout-sharded}: one target
 * per account (default 100 accounts × 100 secrets), each merging a shared and an own Vault source,
 * one KV v2 mount per source.
 */
final class FanoutWorld {
  static final int ACCOUNTS = Integer.getInteger("bench.fanout.accounts", 100);
  static final int PER_ACCOUNT = Integer.getInteger("bench.fanout.secrets", 100);

  private FanoutWorld() {}

  static String accountId(int a) {
    return String.format("%012d", 200_000_000_000L + a);
  }

  /** Seeds Vault with the default size, writes the config and sets latencies and quota. */
  static void seed(SyncRig rig) {
    seed(rig, ACCOUNTS, PER_ACCOUNT);
  }

  /** Secret {@code i}'s key in every mount: {@code app/s000}, wider above 1,000 per account. */
  static String key(int i, int per) {
    int w = Math.max(3, String.valueOf(per - 1).length());
    return String.format("app/s%0" + w + "d", i);
  }

  static String mount(int a, int accounts) {
    int w = Math.max(3, String.valueOf(accounts - 1).length());
    return String.format("acct%0" + w + "d", a);
  }

  /** Seeds Vault, writes the config and sets the emulators' latencies and quota. */
  static void seed(SyncRig rig, int accounts, int per) {
    // One mount per source, so the shared and the own layer of a secret have the same key
    // (keys are relative to the mount) and deep-merge into one secret.
    rig.vault.mountKv("shared", 2);
    for (int i = 0; i < per; i++) {
      rig.vault.put("shared", key(i, per), Workload.sharedLayer(i));
    }
    StringBuilder sources = new StringBuilder("sources:\n  shared: {vault: {mount: shared}}\n");
    StringBuilder targets = new StringBuilder("targets:\n");
    for (int a = 0; a < accounts; a++) {
      String mount = mount(a, accounts);
      rig.vault.mountKv(mount, 2);
      for (int i = 0; i < per; i++) {
        rig.vault.put(mount, key(i, per), Workload.ownLayer(a, i));
      }
      String own = "own-" + mount.substring(4);
      sources.append(String.format("  %s: {vault: {mount: %s}}%n", own, mount));
      targets.append(
          String.format(
              "  T%s: {imports: [shared, %s], account_id: \"%s\"}%n",
              mount.substring(4), own, accountId(a)));
    }
    rig.config(
        sources
            + targets.toString()
            + "pipeline: {parallelism: %d, aws_writes_per_second: %d}\n"
                .formatted(PARALLELISM, WRITES_PER_SECOND));
    rig.settings(VAULT_LATENCY, AWS_LATENCY, WRITE_QUOTA);
  }

  static Map<String, Object> settings(int accounts, int per) {
    Map<String, Object> s = SyncScenarios.settings(accounts * per, null);
    s.remove("vault_folders");
    s.put("accounts", accounts);
    s.put("secrets_per_account", per);
    s.put("vault_sources", 1 + accounts);
    s.put("vault_mounts", 1 + accounts);
    return s;
  }

  /** Vault calls of any run: per source (= mount) a KV preflight and 2 LISTs; every layer read. */
  private static long vaultCalls(int accounts, int per) {
    return 3L * (1 + accounts) + per + (long) accounts * per;
  }

  private static double mergeMs(int accounts, int per) {
    return vaultCalls(accounts, per) * VAULT_LATENCY.toMillis() / (double) PARALLELISM;
  }

  /** Cold: every account empty. */
  static Bound coldBound(int accounts, int per) {
    Bound b = new Bound();
    int secrets = accounts * per;
    b.vaultCalls = vaultCalls(accounts, per);
    // Per account: AssumeRole, its fingerprint key (GetSecretValue + CreateSecret), 1 ListSecrets
    // page; then one write per secret.
    b.awsCalls = accounts * (1 + 2 + 1L) + secrets;
    b.s3Calls = 2L * accounts; // HEAD + PUT per target bundle
    double awsWork = b.awsCalls * AWS_LATENCY.toMillis() / (double) PARALLELISM;
    double quota = per * 1000.0 / WRITES_PER_SECOND; // one account alone
    b.mergeMs = mergeMs(accounts, per);
    b.syncMs = Math.max(awsWork, quota);
    b.writesPerSecond =
        Math.min(
            PARALLELISM * 1000.0 / AWS_LATENCY.toMillis(), (double) WRITES_PER_SECOND * accounts);
    b.note =
        "every call's latency spread over 16 concurrent calls: (vault calls x 2 ms + AWS calls x"
            + " 10 ms) / 16, or one account's writes at 450/s if that is longer";
    return b;
  }

  /** Every account synced, {@code changes} secrets changed since. */
  static Bound syncedBound(int accounts, int per, int changes) {
    Bound b = new Bound();
    int pages = (per + 1 + 99) / 100; // each account holds its secrets and secretsync's key
    b.vaultCalls = vaultCalls(accounts, per);
    // Per account: AssumeRole, the key read, its ListSecrets pages; one write per change.
    b.awsCalls = (long) accounts * (2 + pages) + changes;
    b.s3Calls = accounts + 2L * changes; // HEAD per bundle; GET + PUT per changed bundle
    double awsWork = b.awsCalls * AWS_LATENCY.toMillis() / (double) PARALLELISM;
    b.mergeMs = mergeMs(accounts, per);
    // Pages of one account are sequential (each needs the previous page's NextToken).
    b.syncMs = Math.max(awsWork, AWS_LATENCY.toMillis() * (2.0 + pages));
    b.note = "(AWS calls x 10 ms) / 16, or one account's sequential pages if that is longer";
    return b;
  }
}
