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
import dev.secretsync.testkit.TestKeys;
import dev.secretsync.testkit.VaultEmulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Vault merge store save is all or nothing: the manifest is the commit, it names the KV version
 * of every key, and a load reads exactly those versions. Per-key writes that Vault refuses, a run
 * that loses the manifest race and a run that dies before its manifest write leave the committed
 * bundle intact, and a later run stores over them.
 */
class VaultMergeStoreAtomicityTest {
  static final String DB = "targets/T/app/db";

  VaultEmulator vault;
  VaultSessions sessions;
  ExecutorService pool;
  RunContext ctx;
  List<String> warnings = new CopyOnWriteArrayList<>();

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
            warnings::add,
            Optional.of(TestKeys.KEY));
  }

  @AfterEach
  void stop() {
    sessions.close();
    pool.shutdownNow();
    vault.close();
  }

  private VaultSession session() {
    return sessions.session(VaultConfig.defaults(), "", "", ctx.env(), ctx.baseDir());
  }

  /** A new store, as a new run would open it. */
  private MergeStore store() {
    return new VaultMergeStore(session(), "merged", ctx);
  }

  /** {@code app/db} with {@code value}, plus further keys as path, value pairs. */
  private static Bundle bundle(String value, String... more) {
    Map<SecretKey, Secret> m = new LinkedHashMap<>();
    m.put(SecretKey.of("app/db"), Secret.of(Map.of("password", value)));
    for (int i = 0; i < more.length; i += 2) {
      m.put(SecretKey.of(more[i]), Secret.of(Map.of("v", more[i + 1])));
    }
    return Bundle.of(m);
  }

  private static Bundle loaded(MergeStore store) {
    return store.load("T").orElseThrow().bundle();
  }

  private void requireCheckAndSet() {
    VaultResponse r =
        session()
            .send(VaultCall.post("vault.config", "merged/config", Map.of("cas_required", true)));
    assertThat(r.ok()).as(r.describeError()).isTrue();
  }

  @Test
  void aMountWithCasRequiredGetsEveryKeyWritten() {
    requireCheckAndSet();
    MergeStore store = store();
    store.save("T", bundle("one", "app/old", "x"), Optional.empty());
    assertThat(vault.read("merged", DB).orElseThrow()).containsEntry("password", "one");
    assertThat(loaded(store())).isEqualTo(bundle("one", "app/old", "x"));

    vault.resetCounters();
    MergeStore next = store();
    MergeStore.StoredVersion v = next.describe("T").orElseThrow();
    assertThat(v.fingerprint()).isEqualTo(bundle("one", "app/old", "x").fingerprint(TestKeys.KEY));
    next.save("T", bundle("two", "app/new", "y"), Optional.of(v.version()));
    assertThat(vault.count("kv.write")).as("2 changed keys + the manifest").isEqualTo(3);
    assertThat(vault.count("kv.metadata")).as("cas from the manifest, no lookups").isZero();
    assertThat(loaded(store())).isEqualTo(bundle("two", "app/new", "y"));
    assertThat(vault.listKeys("merged")).doesNotContain("targets/T/app/old");
  }

  @Test
  void aRefusedKeyWriteFailsTheSaveAndLeavesTheCommittedBundle() {
    MergeStore store = store();
    store.save("T", bundle("one"), Optional.empty());
    vault.failNextForPath("merged/data/" + DB, 1, 400);
    assertThatThrownBy(() -> store().save("T", bundle("two"), Optional.of("1")))
        .isInstanceOf(ProviderException.class)
        .hasMessageContaining("invalid request");
    assertThat(vault.read("merged", "manifests/T")).isPresent();
    MergeStore after = store();
    assertThat(after.describe("T").orElseThrow())
        .isEqualTo(new MergeStore.StoredVersion("1", bundle("one").fingerprint(TestKeys.KEY)));
    assertThat(loaded(after)).isEqualTo(bundle("one"));

    store().save("T", bundle("two"), Optional.of("1"));
    assertThat(loaded(store())).isEqualTo(bundle("two"));
  }

  @Test
  void theLoserOfAConcurrentSaveNeverLeaksIntoALoad() throws Exception {
    requireCheckAndSet();
    store().save("T", bundle("one", "app/old", "x"), Optional.empty());
    MergeStore a = store();
    MergeStore b = store();
    assertThat(a.describe("T").orElseThrow().version()).isEqualTo("1");
    assertThat(b.describe("T").orElseThrow().version()).isEqualTo("1");

    // B reads manifest v1 and sends its key write (slowed down); meanwhile A, which also saw v1,
    // saves completely. B's key write then lands on top of A's, and B's manifest write loses.
    vault.latency(Duration.ofMillis(500));
    vault.resetCounters();
    CompletableFuture<MergeStore.StoredVersion> runB =
        CompletableFuture.supplyAsync(() -> b.save("T", bundle("three"), Optional.of("1")));
    while (vault.count("kv.write") < 1) {
      Thread.onSpinWait();
    }
    vault.latency(Duration.ZERO);
    assertThat(a.save("T", bundle("two", "app/old", "x"), Optional.of("1")).version())
        .isEqualTo("2");
    assertThatThrownBy(() -> runB.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(ProviderException.class)
        .hasMessageContaining("merge store changed underneath this run");
    assertThat(vault.read("merged", DB).orElseThrow())
        .as("B's value is the latest version of the key")
        .containsEntry("password", "three");

    // The committed manifest is A's, and so is everything a load or describe sees; the key B
    // dropped from its bundle was not deleted, as B never committed.
    MergeStore reader = store();
    assertThat(reader.describe("T").orElseThrow())
        .isEqualTo(
            new MergeStore.StoredVersion(
                "2", bundle("two", "app/old", "x").fingerprint(TestKeys.KEY)));
    assertThat(loaded(reader)).isEqualTo(bundle("two", "app/old", "x"));

    // B runs again and stores its bundle over the leftover version.
    MergeStore again = store();
    MergeStore.StoredVersion seen = again.describe("T").orElseThrow();
    again.save("T", bundle("three"), Optional.of(seen.version()));
    assertThat(loaded(store())).isEqualTo(bundle("three"));
    assertThat(vault.listKeys("merged")).doesNotContain("targets/T/app/old");
  }

  @Test
  void aRunThatDiesBeforeItsManifestWriteLeavesTheCommittedBundle() throws Exception {
    store().save("T", bundle("one"), Optional.empty());
    // The manifest write fails once the run's key writes are under way (its manifest read has
    // been answered by then).
    vault.latency(Duration.ofMillis(300));
    vault.resetCounters();
    Thread injector =
        new Thread(
            () -> {
              while (vault.count("kv.write") < 1) {
                Thread.onSpinWait();
              }
              vault.failNextForPath("merged/data/manifests/T", 1, 400);
            });
    injector.start();
    assertThatThrownBy(() -> store().save("T", bundle("two", "app/new", "y"), Optional.of("1")))
        .isInstanceOf(ProviderException.class);
    injector.join(5_000);
    vault.latency(Duration.ZERO);
    assertThat(vault.read("merged", DB).orElseThrow()).containsEntry("password", "two");
    assertThat(vault.read("merged", "targets/T/app/new")).isPresent();

    MergeStore reader = store();
    assertThat(reader.describe("T").orElseThrow())
        .isEqualTo(new MergeStore.StoredVersion("1", bundle("one").fingerprint(TestKeys.KEY)));
    assertThat(loaded(reader)).isEqualTo(bundle("one"));

    // The next run writes over the orphaned versions (existing key and new key alike).
    MergeStore next = store();
    next.save("T", bundle("two", "app/new", "y"), Optional.of(next.describe("T").get().version()));
    assertThat(loaded(store())).isEqualTo(bundle("two", "app/new", "y"));
    assertThat(store().describe("T").orElseThrow().fingerprint())
        .isEqualTo(bundle("two", "app/new", "y").fingerprint(TestKeys.KEY));
  }

  @Test
  void describeReportsNoFingerprintForABundleLoadWouldRefuseAndTheNextSaveRepairsIt() {
    MergeStore first = store();
    first.save("T", bundle("one", "app/other", "x"), Optional.empty());
    vault.destroyLatest("merged", DB);
    assertThatThrownBy(() -> store().load("T"))
        .hasMessageContaining("is damaged")
        .hasMessageContaining("\"app/db\" cannot be read at version 1");

    MergeStore next = store();
    MergeStore.StoredVersion v = next.describe("T").orElseThrow();
    assertThat(v.version()).isEqualTo("1");
    assertThat(v.fingerprint()).as("not the fingerprint of a bundle load refuses").isNull();
    vault.resetCounters();
    next.save("T", bundle("one", "app/other", "x"), Optional.of("1"));
    assertThat(vault.count("kv.write")).as("the damaged key + the manifest").isEqualTo(2);
    assertThat(loaded(store())).isEqualTo(bundle("one", "app/other", "x"));
  }
}
