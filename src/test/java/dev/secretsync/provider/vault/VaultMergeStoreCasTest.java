package dev.secretsync.provider.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.secretsync.config.VaultConfig;
import dev.secretsync.core.Bundle;
import dev.secretsync.core.Secret;
import dev.secretsync.core.SecretKey;
import dev.secretsync.spi.MergeStore;
import dev.secretsync.spi.ProviderException;
import dev.secretsync.spi.RunContext;
import dev.secretsync.testkit.VaultEmulator;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Compare-and-set of the Vault merge store: two runs cannot silently overwrite each other. */
class VaultMergeStoreCasTest {
  VaultEmulator vault;
  VaultSessions sessions;
  ExecutorService pool;
  RunContext ctx;

  @BeforeEach
  void start() {
    vault = VaultEmulator.start();
    vault.mountKv("merged", 2);
    sessions = new VaultSessions(1);
    pool = Executors.newFixedThreadPool(4);
    ctx =
        new RunContext(
            "test",
            Path.of("."),
            Map.of("VAULT_ADDR", vault.address(), "VAULT_TOKEN", vault.rootToken()),
            4,
            pool,
            false,
            w -> {});
  }

  @AfterEach
  void stop() {
    sessions.close();
    pool.shutdownNow();
    vault.close();
  }

  private MergeStore store() {
    VaultSession session =
        sessions.session(VaultConfig.defaults(), "", "", ctx.env(), ctx.baseDir());
    return new VaultMergeStore(session, "merged", ctx);
  }

  private static Bundle bundle(String value) {
    return Bundle.of(Map.of(SecretKey.of("app/db"), Secret.of(Map.of("password", value))));
  }

  @Test
  void aSaveBasedOnAStaleVersionFails() {
    MergeStore a = store();
    MergeStore b = store();
    MergeStore.StoredVersion first = a.save("T", bundle("one"), Optional.empty());
    assertThat(first.version()).isEqualTo("1");
    assertThat(b.describe("T")).hasValueSatisfying(v -> assertThat(v.version()).isEqualTo("1"));

    a.save("T", bundle("two"), Optional.of("1"));
    assertThatThrownBy(() -> b.save("T", bundle("three"), Optional.of("1")))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("merge store changed underneath this run")
        .hasMessageNotContaining("three");
    assertThatThrownBy(() -> b.save("T", bundle("three"), Optional.empty()))
        .hasMessageContaining("changed underneath");
    assertThat(b.load("T").orElseThrow().bundle()).isEqualTo(bundle("two"));
  }

  @Test
  void theManifestWriteIsCheckAndSet() throws Exception {
    MergeStore a = store();
    a.save("T", bundle("one"), Optional.empty());
    // Another writer slips in between our manifest read and our manifest write: while our key
    // write is in flight (slowed down), the manifest gets a new version behind our back.
    vault.latency(java.time.Duration.ofMillis(100));
    vault.resetCounters();
    Thread other =
        new Thread(
            () -> {
              while (vault.count("kv.write") < 1) {
                Thread.onSpinWait();
              }
              vault.put(
                  "merged",
                  "manifests/T",
                  Map.of("bundle_fingerprint", "0".repeat(64), "keys", Map.of()));
            });
    other.start();
    assertThatThrownBy(() -> a.save("T", bundle("two"), Optional.of("1")))
        .hasMessageContaining("merge store changed underneath this run");
    other.join(5_000);
    assertThat(vault.count("kv.read")).as("one manifest read").isEqualTo(1);
    assertThat(vault.count("kv.write")).as("the key, then the refused manifest").isEqualTo(2);
    assertThat(vault.read("merged", "manifests/T").orElseThrow())
        .containsEntry("bundle_fingerprint", "0".repeat(64));
  }

  @Test
  void aHandDeletedManifestIsReplacedNotStuck() {
    MergeStore a = store();
    a.save("T", bundle("one"), Optional.empty());
    vault.softDeleteLatest("merged", "manifests/T");
    assertThat(a.describe("T")).isEmpty();
    MergeStore.StoredVersion v = a.save("T", bundle("two"), Optional.empty());
    assertThat(v.version()).isEqualTo("2");
    assertThat(a.load("T").orElseThrow().bundle()).isEqualTo(bundle("two"));
  }
}
