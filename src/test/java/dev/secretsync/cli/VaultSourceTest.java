package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.provider.vault.VaultCliFixture;
import dev.secretsync.testkit.CliHarness;
import dev.secretsync.testkit.VaultEmulator;
import dev.secretsync.testkit.VaultRecordedRequest;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vault sources end to end through the CLI against the Vault emulator: the seed scenario, call
 * counts, KV v1/v2, multi-segment mounts, deleted and denied secrets, key validation and limits.
 * Every run is at {@code --verbose} and checked for leaked values.
 */
class VaultSourceTest {
  static final String TARGETS =
      """
      targets:
        Staging:
          type: file
          path: out/staging
          imports: [analytics, data-engineers]
        Production: {type: file, path: out/production, imports: [Staging]}
        Demo: {type: file, path: out/demo, imports: [Production]}
      """;

  @TempDir Path dir;
  VaultCliFixture fx;
  VaultEmulator vault;

  @BeforeEach
  void start() {
    fx = new VaultCliFixture(dir);
    vault = fx.vault();
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  @Test
  void seedFixtureAsKvV2GivesTheSameBundlesAsTheFileSources() {
    fx.seed(2);
    CliHarness.Result r =
        fx.pipeline(
            fx.appRoleEnv(),
            """
            sources:
              analytics: {vault: {mount: analytics}}
              data-engineers: {vault: {mount: data-engineers}}
            """
                + TARGETS);
    assertThat(r.exitCode()).as(r.toString()).isZero();

    Map<String, Object> expected = dev.secretsync.testkit.SeedFixture.expectedStagingDatabase();
    for (String target : List.of("staging", "production", "demo")) {
      assertThat(fx.readJson("out/" + target + "/config/database.json")).isEqualTo(expected);
      assertThat(fx.readJson("out/" + target + "/credentials/snowflake.json"))
          .containsEntry("warehouse", "COMPUTE_WH");
      assertThat(fx.readJson("out/" + target + "/nested/deep/level1/level2/config.json"))
          .containsEntry("deeply_nested", true);
      assertThat(fx.secretFiles("out/" + target)).isEqualTo(7);
    }
    assertThat(r.stdout()).contains("Target Staging").contains("7 added");
    // 4 + 4 secrets: one GET each; folders: analytics 7, data-engineers 4: one LIST each.
    assertThat(vault.count("kv.read")).isEqualTo(8);
    assertThat(vault.count("kv.list")).isEqualTo(11);
    assertThat(vault.count("sys.mounts")).isEqualTo(2);
    assertThat(vault.count("auth.login")).isEqualTo(1);
    assertThat(vault.count("token.revoke")).isEqualTo(1);
    assertThat(vault.count("kv.metadata")).isZero();
    for (VaultRecordedRequest req : vault.requests()) {
      assertThat(req.header("x-request-id")).as(req.toString()).matches("[0-9a-f]{8}");
    }
  }

  @Test
  void depthFiveAndAThousandSecretsInAHundredFoldersCostOneCallEach() {
    Map<String, String> env = fx.env("VAULT_TOKEN", vault.rootToken());
    vault.mountKv("bulk", 2).mountKv("deep", 1);
    for (int f = 0; f < 100; f++) {
      for (int s = 0; s < 10; s++) {
        fx.put("bulk", String.format("team-%02d/app-%d", f, s), Map.of("v", "bulk-value-" + f + s));
      }
    }
    fx.put("deep", "a/b/c/d/e/leaf", Map.of("v", "deep-value-1"));
    CliHarness.Result r =
        fx.pipeline(
            env,
            """
            vault: {queue_compaction_threshold: 10}
            sources:
              bulk: {vault: {mount: bulk}}
              deep: {vault: {mount: deep}}
            targets:
              All: {type: file, path: out/all, imports: [bulk, deep]}
            """);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(fx.secretFiles("out/all")).isEqualTo(1001);
    assertThat(fx.readJson("out/all/a/b/c/d/e/leaf.json")).containsEntry("v", "deep-value-1");
    // bulk: root + 100 folders; deep: root, a, a/b, a/b/c, a/b/c/d, a/b/c/d/e.
    assertThat(vault.count("kv.list")).isEqualTo(101 + 6);
    assertThat(vault.count("kv.read")).isEqualTo(1001);
    assertThat(vault.count("kv.metadata")).isZero();
    assertThat(vault.count("token.lookup")).isEqualTo(1);
    assertThat(vault.count("token.revoke")).as("a user's token is never revoked").isZero();
    assertThat(r.stderr()).contains("compacted the listing queue from 101 to 0 entries");
  }

  @Test
  void kvV1AndV2MountsDeletedDeniedAndDottedKeys() {
    Map<String, String> env = fx.env("VAULT_TOKEN", vault.rootToken());
    vault.mountKv("legacy", 1).mountKv("teams/data", 2);
    fx.put("legacy", "db/creds", Map.of("user", "legacy-user-9"));
    fx.put("legacy", "app.config", Map.of("mode", "legacy-mode-1"));
    fx.put("teams/data", "svc/api", Map.of("token", "api-token-42"));
    fx.put("teams/data", "svc/old", Map.of("token", "old-token-43"));
    fx.put("teams/data", "svc/gone", Map.of("token", "gone-token-44"));
    fx.put("teams/data", "private/keys", Map.of("token", "private-token-45"));
    vault.softDeleteLatest("teams/data", "svc/old");
    vault.destroyLatest("teams/data", "svc/gone");
    vault.denyPath("teams/data/metadata/private");

    CliHarness.Result r =
        fx.pipeline(
            env,
            """
            sources:
              legacy: {vault: {mount: legacy}}
              teams: {vault: {mount: teams/data}}
            targets:
              T: {type: file, path: out/t, imports: [legacy, teams]}
            """);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(fx.readJson("out/t/app.config.json")).containsEntry("mode", "legacy-mode-1");
    assertThat(fx.readJson("out/t/db/creds.json")).containsEntry("user", "legacy-user-9");
    assertThat(fx.readJson("out/t/svc/api.json")).containsEntry("token", "api-token-42");
    assertThat(fx.secretFiles("out/t")).isEqualTo(3);
    assertThat(r.stderr())
        .contains(
            "source teams: skipped secret \"teams/data/svc/old\": its latest version (1) is deleted")
        .contains(
            "source teams: skipped secret \"teams/data/svc/gone\": its latest version (1) is destroyed")
        .containsPattern(
            "source teams: skipped folder \"teams/data/private/\": \\[req=[0-9a-f]{8}] vault.list"
                + " at path \"teams/data/metadata/private/\" after \\d+ms \\(retries: 0\\):"
                + " permission denied");
    assertThat(r.stdout()).contains("warning: source teams: skipped secret");
    // legacy: root + db; teams: root, svc, private (denied). One GET per listed secret.
    assertThat(vault.count("kv.list")).isEqualTo(5);
    assertThat(vault.count("kv.read")).isEqualTo(5);
  }

  @Test
  void pathsRestrictListingAndKeysStayRelativeToTheMount() {
    Map<String, String> env = fx.env("VAULT_TOKEN", vault.rootToken());
    vault.mountKv("secret", 2);
    fx.put("secret", "team-a/app/db", Map.of("p", "team-a-pass"));
    fx.put("secret", "team-a/web", Map.of("p", "team-a-web"));
    fx.put("secret", "team-b/app/db", Map.of("p", "team-b-pass"));
    CliHarness.Result r =
        fx.pipeline(
            env,
            """
            sources:
              a: {vault: {mount: secret, paths: [team-a/app, "team-a/"], kv_version: "2"}}
              sub: {vault: {mount: secret/team-b}}
            targets:
              A: {type: file, path: out-a, imports: [a]}
              B: {type: file, path: out-b, imports: [sub]}
            """);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(fx.readJson("out-a/team-a/app/db.json")).containsEntry("p", "team-a-pass");
    assertThat(fx.secretFiles("out-a")).isEqualTo(2);
    assertThat(fx.readJson("out-b/app/db.json")).containsEntry("p", "team-b-pass");
    assertThat(fx.secretFiles("out-b")).isEqualTo(1);
    // a: team-a/app/ and team-a/ (app/ already visited); sub: team-b/, team-b/app/.
    assertThat(vault.count("kv.list")).isEqualTo(4);
    assertThat(vault.count("sys.mounts")).as("kv_version: 2 skips detection").isEqualTo(1);
  }

  @Test
  void invalidNamesAreSkippedWithAWarningNamingThePath() {
    Map<String, String> env = fx.env("VAULT_TOKEN", vault.rootToken());
    vault.mountKv("odd", 2);
    fx.put("odd", "ok/fine.name", Map.of("v", "fine-value-1"));
    fx.put("odd", "up/../escape", Map.of("v", "escape-value-1"));
    fx.put("odd", "nul\u0000name", Map.of("v", "nul-value-1"));
    fx.put("odd", "empty//segment", Map.of("v", "empty-value-1"));
    CliHarness.Result r =
        fx.pipeline(
            env,
            """
            sources:
              odd: {vault: {mount: odd}}
            targets:
              T: {type: file, path: out/t, imports: [odd]}
            """);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(fx.readJson("out/t/ok/fine.name.json")).containsEntry("v", "fine-value-1");
    assertThat(fx.secretFiles("out/t")).isEqualTo(1);
    assertThat(r.stderr())
        .contains("skipped folder \"odd/up/../\": the name contains a '..' segment")
        .contains("skipped secret \"odd/nul\\u0000name\": the name contains a NUL character")
        .contains("skipped folder \"odd/empty//\": the name is empty")
        .doesNotContain("has an empty name");
    assertThat(vault.count("kv.read")).isEqualTo(1);
  }

  @Test
  void limitsFailTheSourceNamingTheLimitAndWhere() {
    Map<String, String> env = fx.env("VAULT_TOKEN", vault.rootToken());
    vault.mountKv("deep", 2);
    fx.put("deep", "a/b/c/d/e/leaf", Map.of("v", "deep-value-2"));
    for (int i = 0; i < 6; i++) {
      fx.put("deep", "many/s" + i, Map.of("v", "many-value-" + i));
    }
    String targets =
        """
        sources:
          deep: {vault: {mount: deep}}
        targets:
          T: {type: file, path: out/t, imports: [deep]}
        """;
    CliHarness.Result depth = fx.pipeline(env, "vault: {max_traversal_depth: 3}\n" + targets);
    assertThat(depth.exitCode()).isEqualTo(1);
    assertThat(depth.all())
        .contains("vault.max_traversal_depth (3) exceeded at \"deep/a/b/c/d/\" (depth 4)");

    CliHarness.Result count = fx.pipeline(env, "vault: {max_secrets_per_mount: 5}\n" + targets);
    assertThat(count.exitCode()).isEqualTo(1);
    assertThat(count.all())
        .contains("more than vault.max_secrets_per_mount (5) secrets in mount \"deep\"")
        .contains("(limit hit while listing \"deep/many/\")");
    assertThat(dir.resolve("out/t")).doesNotExist();
  }

  @Test
  void aDeniedMountRootFailsWithTheRequestIdAndPath() {
    Map<String, String> env = fx.env("VAULT_TOKEN", vault.rootToken());
    vault.mountKv("analytics", 2);
    fx.put("analytics", "config/x", Map.of("v", "denied-value-1"));
    vault.denyPath("analytics/metadata");
    CliHarness.Result r =
        fx.pipeline(
            env,
            """
            sources:
              analytics: {vault: {mount: analytics, paths: [config]}}
            targets:
              T: {type: file, path: out/t, imports: [analytics]}
            """);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.all())
        .containsPattern(
            "source \"analytics\" failed: cannot list \"analytics/config/\": \\[req=[0-9a-f]{8}]"
                + " vault.list at path \"analytics/metadata/config/\" after \\d+ms \\(retries: 0\\):"
                + " permission denied");
  }

  @Test
  void aSecretTheTokenMayNotReadIsSkippedWithAWarning() {
    Map<String, String> env = fx.env("VAULT_TOKEN", vault.rootToken());
    vault.mountKv("kv", 2);
    fx.put("kv", "open", Map.of("v", "open-value-1"));
    fx.put("kv", "closed", Map.of("v", "closed-value-1"));
    vault.denyPath("kv/data/closed");
    CliHarness.Result r =
        fx.pipeline(
            env,
            """
            sources:
              kv: {vault: {mount: kv}}
            targets:
              T: {type: file, path: out/t, imports: [kv]}
            """);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(fx.secretFiles("out/t")).isEqualTo(1);
    assertThat(r.stdout())
        .containsPattern(
            "warning: source kv: skipped secret \"kv/closed\": \\[req=[0-9a-f]{8}] vault.read at"
                + " path \"kv/data/closed\" after \\d+ms \\(retries: 0\\): permission denied");
  }

  @Test
  void aMissingMountIsAClearError() {
    Map<String, String> env = fx.env("VAULT_TOKEN", vault.rootToken());
    CliHarness.Result r =
        fx.pipeline(
            env,
            """
            sources:
              nope: {vault: {mount: nope}}
            targets:
              T: {type: file, path: out/t, imports: [nope]}
            """);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.all())
        .contains("mount \"nope\" does not exist at " + vault.address())
        .contains("preflight capability check returned 403");
  }

  @Test
  void perSourceNamespaceGetsItsOwnLogin() {
    vault.mountKv("secret", 2);
    fx.put("secret", "app", Map.of("where", "root-ns-value"));
    vault.namespace("team-a").mountKv("secret", 2).put("secret", "app", Map.of("n", 1));
    vault
        .namespace("team-a")
        .addAppRole("approle", VaultCliFixture.ROLE_ID, VaultCliFixture.SECRET_ID);
    CliHarness.Result r =
        fx.pipeline(
            fx.appRoleEnv(),
            """
            sources:
              root: {vault: {mount: secret}}
              team: {vault: {mount: secret, namespace: team-a}}
            targets:
              R: {type: file, path: out-r, imports: [root]}
              A: {type: file, path: out-a, imports: [team]}
            """);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(fx.readJson("out-r/app.json")).containsEntry("where", "root-ns-value");
    assertThat(fx.readJson("out-a/app.json")).containsEntry("n", 1);
    assertThat(vault.count("auth.login")).isEqualTo(2);
    assertThat(vault.count("token.revoke")).isEqualTo(2);
  }

  @Test
  void perSourceAddressGetsItsOwnClientAndLogin() {
    try (VaultEmulator other = VaultEmulator.start()) {
      other.addAppRole("approle", VaultCliFixture.ROLE_ID, VaultCliFixture.SECRET_ID);
      other.mountKv("remote", 1).put("remote", "x", Map.of("n", 2));
      vault.mountKv("local", 2).put("local", "y", Map.of("n", 1));
      CliHarness.Result r =
          fx.pipeline(
              fx.appRoleEnv(),
              """
              sources:
                local: {vault: {mount: local}}
                remote: {vault: {mount: remote, address: "%s"}}
              targets:
                T: {type: file, path: out/t, imports: [local, remote]}
              """
                  .formatted(other.address()));
      assertThat(r.exitCode()).as(r.toString()).isZero();
      assertThat(fx.readJson("out/t/x.json")).containsEntry("n", 2);
      assertThat(fx.readJson("out/t/y.json")).containsEntry("n", 1);
      assertThat(vault.count("auth.login")).isEqualTo(1);
      assertThat(other.count("auth.login")).isEqualTo(1);
      assertThat(other.count("token.revoke")).isEqualTo(1);
    }
  }

  @Test
  void namesWithCharactersThatNeedEncodingRoundTrip() {
    Map<String, String> env = fx.env("VAULT_TOKEN", vault.rootToken());
    vault.mountKv("kv", 2);
    fx.put("kv", "with space/q?x#y%z", Map.of("v", "encoded-value-1"));
    fx.put("kv", "ünïcødé", Map.of("v", "encoded-value-2"));
    CliHarness.Result r =
        fx.pipeline(
            env,
            """
            sources:
              kv: {vault: {mount: kv}}
            targets:
              T: {type: file, path: out/t, imports: [kv]}
            """);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(fx.readJson("out/t/with space/q?x#y%z.json")).containsEntry("v", "encoded-value-1");
    assertThat(fx.readJson("out/t/ünïcødé.json")).containsEntry("v", "encoded-value-2");
  }

  @Test
  void valuesKeepTheirJsonTypes() {
    Map<String, String> env = new HashMap<>(fx.env("VAULT_TOKEN", vault.rootToken()));
    vault.mountKv("kv", 2);
    Map<String, Object> data =
        Map.of(
            "n",
            42,
            "big",
            12345678901L,
            "f",
            1.5,
            "b",
            true,
            "list",
            List.of(1, "two"),
            "obj",
            Map.of("nested", Map.of("deep", "nested-value-7")));
    fx.put("kv", "typed", data);
    CliHarness.Result r =
        fx.pipeline(
            env,
            """
            sources:
              kv: {vault: {mount: kv}}
            targets:
              T: {type: file, path: out/t, imports: [kv]}
            """);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(fx.readJson("out/t/typed.json")).isEqualTo(data);
    assertThat(r.all()).doesNotContain("nested-value-7");
  }
}
