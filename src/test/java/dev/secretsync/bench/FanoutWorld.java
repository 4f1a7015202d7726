package dev.secretsync.bench;

import static dev.secretsync.bench.SyncScenarios.AWS_LATENCY;
import static dev.secretsync.bench.SyncScenarios.PARALLELISM;
import static dev.secretsync.bench.SyncScenarios.VAULT_LATENCY;
import static dev.secretsync.bench.SyncScenarios.WRITES_PER_SECOND;
import static dev.secretsync.bench.SyncScenarios.WRITE_QUOTA;

/**
 * The fan-out workload shared by {@code fanout-100x100} and {@code fanout-sharded}: 100 accounts ×
 * 100 secrets, each target merging a shared and an own Vault source.
 */
final class FanoutWorld {
  static final int ACCOUNTS = Integer.getInteger("bench.fanout.accounts", 100);
  static final int PER_ACCOUNT = Integer.getInteger("bench.fanout.secrets", 100);

  private FanoutWorld() {}

  static String accountId(int a) {
    return String.format("%012d", 200_000_000_000L + a);
  }

  /** Seeds Vault, writes the config and sets the emulators' latencies and quota. */
  static void seed(SyncRig rig) {
    // One mount per source, so the shared and the own layer of a secret have the same key
    // (keys are relative to the mount) and deep-merge into one secret.
    rig.vault.mountKv("shared", 2);
    for (int i = 0; i < PER_ACCOUNT; i++) {
      rig.vault.put("shared", String.format("app/s%03d", i), Workload.sharedLayer(i));
    }
    StringBuilder sources = new StringBuilder("sources:\n  shared: {vault: {mount: shared}}\n");
    StringBuilder targets = new StringBuilder("targets:\n");
    for (int a = 0; a < ACCOUNTS; a++) {
      String mount = String.format("acct%03d", a);
      rig.vault.mountKv(mount, 2);
      for (int i = 0; i < PER_ACCOUNT; i++) {
        rig.vault.put(mount, String.format("app/s%03d", i), Workload.ownLayer(a, i));
      }
      sources.append(String.format("  own-%03d: {vault: {mount: %s}}%n", a, mount));
      targets.append(
          String.format(
              "  T%03d: {imports: [shared, own-%03d], account_id: \"%s\"}%n", a, a, accountId(a)));
    }
    rig.config(
        sources
            + targets.toString()
            + "pipeline: {parallelism: %d, aws_writes_per_second: %d}\n"
                .formatted(PARALLELISM, WRITES_PER_SECOND));
    rig.settings(VAULT_LATENCY, AWS_LATENCY, WRITE_QUOTA);
  }
}
