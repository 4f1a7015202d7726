package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.provider.vault.VaultCliFixture;
import dev.secretsync.testkit.CliHarness;
import dev.secretsync.testkit.VaultEmulator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** History and rollback with the Vault merge store: each manifest KV version is one version. */
class VaultHistoryTest {
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
    env = new HashMap<>(fx.appRoleEnv());
    env.put("SECRETSYNC_ACTOR", "vault-tester");
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  private static String config(int keep) {
    return VaultMergeStoreTest.CONFIG.replace(
        "merge_store: {vault: {mount: merged}}",
        "merge_store: {vault: {mount: merged}, history: {keep: " + keep + "}}");
  }

  private void sync(int keep) {
    CliHarness.Result r = fx.pipeline(env, config(keep));
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> history(String... extra) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of("history", "--config", "secretsync.yaml", "--target", "Staging", "-o", "json"));
    args.addAll(List.of(extra));
    CliHarness.Result r = fx.run(env, args.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return (List<Map<String, Object>>)
        LocalPipelineTestBase.JSON.readValue(r.stdout(), Map.class).get("versions");
  }

  @Test
  void manifestVersionsAreTheHistoryAndARollbackRestoresARemovedKey() throws Exception {
    sync(50);
    fx.put("analytics", "config/api", Map.of("base_url", "https://api-v2.internal"));
    sync(50);
    vault.softDeleteLatest("data-engineers", "team/members");
    sync(50);
    sync(50);

    List<Map<String, Object>> v = history();

    assertThat(v).extracting(m -> m.get("version")).containsExactly(3, 2, 1);
    assertThat(v).allSatisfy(m -> assertThat(m.get("actor")).isEqualTo("vault-tester"));
    assertThat(v.get(0)).containsEntry("removed", List.of("team/members"));
    assertThat(v.get(1)).containsEntry("changed", List.of("config/api"));
    assertThat(vault.listKeys("merged"))
        .as("kept while a kept version names it")
        .contains("targets/Staging/team/members");

    CliHarness.Result rollback =
        fx.run(env, "rollback", "--config", "secretsync.yaml", "--target", "Staging", "--to", "1");

    assertThat(rollback.exitCode()).as(rollback.toString()).isZero();
    assertThat(fx.readJson("out/staging/team/members.json")).containsKey("leads");
    assertThat(fx.readJson("out/staging/config/api.json"))
        .containsEntry("base_url", "https://api.analytics.internal");
    assertThat(history().get(0)).containsEntry("version", 4).containsEntry("rollback_of", 1);
  }

  @Test
  void keepBoundsTheManifestVersionsAndDeletesValuesNoKeptVersionNames() throws Exception {
    sync(2);
    vault.softDeleteLatest("data-engineers", "team/members");
    sync(2);
    assertThat(vault.listKeys("merged")).contains("targets/Staging/team/members");

    for (int i = 1; i <= 2; i++) {
      fx.put("analytics", "config/api", Map.of("base_url", "https://api-v" + i + ".internal"));
      sync(2);
    }

    assertThat(history()).extracting(m -> m.get("version")).containsExactly(4, 3);
    assertThat(vault.listKeys("merged")).doesNotContain("targets/Staging/team/members");
  }
}
