package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.provider.vault.VaultCliFixture;
import dev.secretsync.testkit.CliHarness;
import dev.secretsync.testkit.VaultEmulator;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Vault merge store ({@code merge_store.vault}) through the CLI. */
class VaultMergeStoreTest {
  static final String CONFIG =
      """
      sources:
        analytics: {vault: {mount: analytics}}
        data-engineers: {vault: {mount: data-engineers}}
      merge_store: {vault: {mount: merged}}
      """
          + VaultSourceTest.TARGETS;

  @TempDir Path dir;
  VaultCliFixture fx;
  VaultEmulator vault;
  Map<String, String> env;

  @BeforeEach
  void start() {
    fx = new VaultCliFixture(dir);
    vault = fx.vault();
    fx.seed(2);
    vault.mountKv("merged", 2);
    env = fx.appRoleEnv();
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  @Test
  void mergeOnlyStoresOneSecretPerKeyAndSyncOnlyReadsThemBack() {
    CliHarness.Result merge = fx.pipeline(env, CONFIG, "--merge-only");
    assertThat(merge.exitCode()).as(merge.toString()).isZero();
    assertThat(dir.resolve("out")).doesNotExist();
    assertThat(vault.listKeys("merged"))
        .contains(
            "manifests/Staging",
            "manifests/Production",
            "manifests/Demo",
            "targets/Staging/config/database",
            "targets/Demo/nested/deep/level1/level2/config");
    assertThat(vault.read("merged", "targets/Production/config/database").orElseThrow())
        .containsEntry("host", "engineers-db.internal")
        .containsEntry("port", 5433);
    assertThat(vault.read("merged", "manifests/Staging").orElseThrow())
        .containsKeys("bundle_fingerprint", "keys")
        .doesNotContainKey("data");

    // The sources become unreadable: --sync-only must not need them.
    vault.denyPath("analytics/").denyPath("data-engineers/");
    vault.resetCounters();
    CliHarness.Result sync = fx.pipeline(env, CONFIG, "--sync-only");
    assertThat(sync.exitCode()).as(sync.toString()).isZero();
    assertThat(fx.readJson("out/demo/config/database.json"))
        .containsEntry("host", "engineers-db.internal");
    assertThat(fx.secretFiles("out/staging")).isEqualTo(7);
    assertThat(vault.count("kv.list")).isZero();
    assertThat(vault.count("kv.read"))
        .as("the store's fingerprint key + 3 manifests + 3 x 7 secrets")
        .isEqualTo(1 + 3 + 21);
  }

  /** Without history, a key removed from a bundle is deleted at once. */
  static final String NO_HISTORY =
      CONFIG.replace(
          "merge_store: {vault: {mount: merged}}",
          "merge_store: {vault: {mount: merged}, history: {keep: 0}}");

  @Test
  void onlyChangedKeysAreWrittenAndRemovedKeysDeleted() {
    assertThat(fx.pipeline(env, NO_HISTORY).exitCode()).isZero();
    assertThat(vault.read("merged", "manifests/Demo")).isPresent();

    vault.resetCounters();
    CliHarness.Result again = fx.pipeline(env, NO_HISTORY);
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(vault.count("kv.write")).as("nothing changed, nothing written").isZero();

    fx.put("analytics", "config/api", Map.of("base_url", "https://api-v2.internal"));
    vault.resetCounters();
    CliHarness.Result changed = fx.pipeline(env, NO_HISTORY);
    assertThat(changed.exitCode()).as(changed.toString()).isZero();
    assertThat(vault.count("kv.write")).as("1 key + 1 manifest per target").isEqualTo(6);
    assertThat(vault.read("merged", "targets/Demo/config/api").orElseThrow())
        .containsEntry("base_url", "https://api-v2.internal");

    vault.softDeleteLatest("data-engineers", "team/members");
    vault.resetCounters();
    CliHarness.Result removed = fx.pipeline(env, NO_HISTORY);
    assertThat(removed.exitCode()).as(removed.toString()).isZero();
    assertThat(vault.count("kv.delete")).isEqualTo(3);
    assertThat(vault.count("kv.write")).as("the manifests").isEqualTo(3);
    assertThat(vault.listKeys("merged")).noneMatch(k -> k.endsWith("team/members"));
  }

  @Test
  void aVersionWrittenByHandNeverReachesALoad() {
    assertThat(fx.pipeline(env, CONFIG, "--merge-only").exitCode()).isZero();
    // A newer version nobody committed (by hand, or by a run that lost the manifest race).
    vault.put("merged", "targets/Staging/config/tools", Map.of("dbt_version", "9.9.9"));
    CliHarness.Result r = fx.pipeline(env, CONFIG, "--sync-only", "--targets", "Staging");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(fx.readJson("out/staging/config/tools.json")).containsEntry("dbt_version", "1.5.0");
  }

  @Test
  void aDestroyedStoredVersionIsRefusedAndMergeOnlyRepairsIt() {
    assertThat(fx.pipeline(env, CONFIG, "--merge-only").exitCode()).isZero();
    vault.destroyLatest("merged", "targets/Staging/config/tools");
    CliHarness.Result r = fx.pipeline(env, CONFIG, "--sync-only", "--targets", "Staging");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains("the stored bundle of target Staging is damaged")
        .contains("\"config/tools\" cannot be read at version 1")
        .contains("run `secretsync pipeline --merge-only` to store it again");

    // What the message says works: describe() sees the damage, so the save is not skipped.
    vault.resetCounters();
    CliHarness.Result repair = fx.pipeline(env, CONFIG, "--merge-only", "--targets", "Staging");
    assertThat(repair.exitCode()).as(repair.toString()).isZero();
    assertThat(vault.count("kv.write")).as("the destroyed key + the manifest").isEqualTo(2);
    CliHarness.Result again = fx.pipeline(env, CONFIG, "--sync-only", "--targets", "Staging");
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(fx.readJson("out/staging/config/tools.json")).containsEntry("dbt_version", "1.5.0");
  }

  @Test
  void aKvVersionOneMountIsRejected() {
    vault.mountKv("merged-v1", 1);
    CliHarness.Result r = fx.pipeline(env, CONFIG.replace("mount: merged}", "mount: merged-v1}"));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout()).contains("the Vault merge store needs KV version 2");
  }
}
