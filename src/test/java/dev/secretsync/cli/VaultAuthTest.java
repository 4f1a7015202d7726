package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.provider.vault.VaultCliFixture;
import dev.secretsync.testkit.CliHarness;
import dev.secretsync.testkit.VaultEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vault logins through the CLI: one login per run, token revocation, user tokens, every auth
 * method, wrong credentials, renewal and re-login when a token dies mid-run.
 */
class VaultAuthTest {
  static final String THREE_SOURCES =
      """
      sources:
        analytics: {vault: {mount: analytics}}
        data-engineers: {vault: {mount: data-engineers}}
        shared: {vault: {mount: shared}}
      targets:
        # Separate top directories: concurrent targets race creating a shared new parent
        # (AtomicFiles.createDirectories, provider.file).
        A: {type: file, path: out-a, imports: [analytics, shared]}
        B: {type: file, path: out-b, imports: [data-engineers, shared]}
        C: {type: file, path: out-c, imports: [A, B]}
      """;

  @TempDir Path dir;
  VaultCliFixture fx;
  VaultEmulator vault;

  @BeforeEach
  void start() {
    fx = new VaultCliFixture(dir);
    vault = fx.vault();
    fx.seed(2);
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  @Test
  void appRoleLogsInOncePerRunForEverySourceAndRevokesItsToken() {
    CliHarness.Result r =
        fx.pipeline(
            fx.env("ROLE", VaultCliFixture.ROLE_ID, "SECRET", VaultCliFixture.SECRET_ID),
            """
            vault:
              auth: {approle: {role_id: "${ROLE}", secret_id: "${SECRET}"}}
            """
                + THREE_SOURCES,
            "--parallelism",
            "8");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(fx.secretFiles("out-c")).isEqualTo(10);
    assertThat(vault.count("auth.login")).isEqualTo(1);
    assertThat(vault.count("token.revoke")).isEqualTo(1);
    String token =
        vault.requests().stream()
            .filter(q -> q.operation().equals("token.revoke"))
            .findFirst()
            .orElseThrow()
            .header("x-vault-token");
    assertThat(vault.requests().stream().filter(q -> token.equals(q.header("x-vault-token"))))
        .as("the one token served every source")
        .hasSize((int) (vault.totalCalls() - 1));
    assertThat(r.all()).doesNotContain(token);
  }

  @Test
  void aUserTokenIsLookedUpOnceAndNeverRevokedNorRenewed() {
    String token = vault.createToken();
    CliHarness.Result r = fx.pipeline(fx.env("VAULT_TOKEN", token), THREE_SOURCES);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(vault.count("token.lookup")).isEqualTo(1);
    assertThat(vault.count("auth.login")).isZero();
    assertThat(vault.count("token.revoke")).isZero();
    assertThat(vault.count("token.renew")).isZero();
    assertThat(r.all()).doesNotContain(token);
  }

  @Test
  void tokenFromTheHomeDirectoryFile() throws Exception {
    Path home = Files.createDirectories(dir.resolve("home"));
    Files.writeString(home.resolve(".vault-token"), vault.rootToken() + "\n");
    CliHarness.Result r = fx.pipeline(fx.env("HOME", home.toString()), THREE_SOURCES);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(fx.secretFiles("out-c")).isEqualTo(10);
  }

  @Test
  void noCredentialsAtAllSaysWhatToSet() {
    CliHarness.Result r = fx.pipeline(fx.env(), THREE_SOURCES);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains("no Vault credentials: configure vault.auth, or set VAULT_TOKEN");
    assertThat(vault.totalCalls()).isZero();
  }

  @Test
  void aWrongUserTokenIsOneClearError() {
    CliHarness.Result r = fx.pipeline(fx.env("VAULT_TOKEN", "hvs.not-a-real-token"), THREE_SOURCES);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .containsPattern(
            "Vault rejected the token \\(from VAULT_TOKEN\\) at http://127.0.0.1:\\d+ as invalid,"
                + " expired or revoked: \\[req=[0-9a-f]{8}] vault.lookup at path \"auth/token/lookup-self\""
                + " after \\d+ms \\(retries: 0\\): permission denied; invalid token");
    assertThat(vault.count("token.lookup")).as("looked up once for the run").isEqualTo(1);
    assertThat(r.all()).doesNotContain("hvs.not-a-real-token");
  }

  @Test
  void wrongAppRoleCredentialsNameTheMethodMountAndVaultsError() {
    CliHarness.Result r =
        fx.pipeline(
            fx.env("VAULT_ROLE_ID", "role-7d1f", "VAULT_SECRET_ID", "wrong"), THREE_SOURCES);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .containsPattern(
            "Vault login with approle \\(mount \"approle\"\\) at http://127.0.0.1:\\d+ failed:"
                + " \\[req=[0-9a-f]{8}] vault.login at path \"auth/approle/login\" after \\d+ms"
                + " \\(retries: 0\\): invalid role or secret ID");
    assertThat(vault.count("auth.login")).as("one failed login, not one per source").isEqualTo(1);
  }

  @Test
  void kubernetesLoginReadsTheServiceAccountTokenFile() throws Exception {
    Files.writeString(dir.resolve("sa-token"), "k8s-jwt-value-0042\n");
    vault.addKubernetesRole("k8s", "sync", "k8s-jwt-value-0042");
    CliHarness.Result r =
        fx.pipeline(
            fx.env(),
            """
            vault:
              auth: {kubernetes: {role: sync, mount: k8s, token_file: sa-token}}
            """
                + THREE_SOURCES);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(vault.count("auth.login")).isEqualTo(1);
    assertThat(vault.count("token.revoke")).isEqualTo(1);
    assertThat(r.all()).doesNotContain("k8s-jwt-value-0042");
  }

  @Test
  void jwtLoginTakesTheTokenFromAnEnvironmentVariableOrAFile() throws Exception {
    vault.addJwtRole("jwt", "ci", "gh-oidc-jwt-0099");
    String cfg =
        """
        vault:
          auth: {jwt: {role: ci, %s}}
        """
            + THREE_SOURCES;
    CliHarness.Result env =
        fx.pipeline(
            fx.env("ACTIONS_ID_TOKEN", "gh-oidc-jwt-0099"),
            cfg.formatted("token_env: ACTIONS_ID_TOKEN"));
    assertThat(env.exitCode()).as(env.toString()).isZero();
    assertThat(env.all()).doesNotContain("gh-oidc-jwt-0099");

    Files.writeString(dir.resolve("jwt"), "gh-oidc-jwt-0099");
    CliHarness.Result file = fx.pipeline(fx.env(), cfg.formatted("token_file: jwt"));
    assertThat(file.exitCode()).as(file.toString()).isZero();

    CliHarness.Result wrong =
        fx.pipeline(
            fx.env("ACTIONS_ID_TOKEN", "forged"), cfg.formatted("token_env: ACTIONS_ID_TOKEN"));
    assertThat(wrong.exitCode()).isEqualTo(1);
    assertThat(wrong.stdout())
        .contains("Vault login with jwt (mount \"jwt\")")
        .contains("failed to verify id token signature");
    assertThat(vault.count("auth.login")).isEqualTo(3);
  }

  @Test
  void aTokenRevokedMidRunIsReplacedByANewLoginAndTheRunSucceeds() throws Exception {
    vault.mountKv("bulk", 2);
    for (int i = 0; i < 40; i++) {
      fx.put("bulk", "s" + i, Map.of("v", "bulk-secret-" + i));
    }
    vault.latency(Duration.ofMillis(10));
    AtomicBoolean revoked = new AtomicBoolean();
    Thread killer =
        new Thread(
            () -> {
              while (vault.count("kv.read") < 5) {
                Thread.onSpinWait();
              }
              vault.revokeAllTokens();
              revoked.set(true);
            });
    killer.setDaemon(true);
    killer.start();
    CliHarness.Result r =
        fx.pipeline(
            fx.appRoleEnv(),
            """
            sources:
              bulk: {vault: {mount: bulk}}
            targets:
              T: {type: file, path: out/t, imports: [bulk]}
            """,
            "--parallelism",
            "4");
    killer.join(5_000);
    assertThat(revoked).isTrue();
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(fx.secretFiles("out/t")).isEqualTo(40);
    assertThat(vault.count("auth.login")).as("one re-login, shared by the threads").isEqualTo(2);
    assertThat(r.stderr()).contains("Vault token expired or was revoked mid-run; logging in again");
    assertThat(vault.count("token.revoke")).isEqualTo(1);
  }

  @Test
  void anExpiredTokenMidRunIsReplacedToo() {
    vault.mountKv("bulk", 2);
    for (int i = 0; i < 10; i++) {
      fx.put("bulk", "s" + i, Map.of("v", "bulk-secret-" + i));
    }
    // The login's token dies 0 ms after the mount lookup: listing and reads need a new one.
    Thread killer =
        new Thread(
            () -> {
              while (vault.count("sys.mounts") < 1) {
                Thread.onSpinWait();
              }
              vault.expireTokensAfter(Duration.ZERO);
            });
    killer.setDaemon(true);
    killer.start();
    vault.latency(Duration.ofMillis(20));
    CliHarness.Result r =
        fx.pipeline(
            fx.appRoleEnv(),
            """
            sources:
              bulk: {vault: {mount: bulk}}
            targets:
              T: {type: file, path: out/t, imports: [bulk]}
            """);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(fx.secretFiles("out/t")).isEqualTo(10);
    assertThat(vault.count("auth.login")).isEqualTo(2);
  }

  @Test
  void aTokenNearTheEndOfItsLeaseIsRenewed() {
    vault.tokenTtl(Duration.ofSeconds(2));
    vault.mountKv("bulk", 2);
    for (int i = 0; i < 80; i++) {
      fx.put("bulk", "s" + i, Map.of("v", "bulk-secret-" + i));
    }
    vault.latency(Duration.ofMillis(50));
    CliHarness.Result r =
        fx.pipeline(
            fx.appRoleEnv(),
            """
            sources:
              bulk: {vault: {mount: bulk}}
            targets:
              T: {type: file, path: out/t, imports: [bulk]}
            """,
            "--parallelism",
            "2");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(fx.secretFiles("out/t")).isEqualTo(80);
    assertThat(vault.count("token.renew")).isGreaterThanOrEqualTo(1);
    assertThat(vault.count("auth.login")).isEqualTo(1);
    assertThat(r.stderr()).contains("token renewed");
  }

  @Test
  void aFailedRenewalAndReloginKeepTheTokenAndTheRunSucceeds() {
    vault.tokenTtl(Duration.ofSeconds(6));
    vault.mountKv("bulk", 2);
    for (int i = 0; i < 100; i++) {
      fx.put("bulk", "s" + i, Map.of("v", "bulk-secret-" + i));
    }
    // Renewal starts 4 s in, with 2 s of lease left. Once logged in, the first renewal fails (every
    // retry of it) and so does the fresh login
    // tried after it: one bad moment of Vault's, not a reason to fail the rest of the run.
    Thread injector =
        new Thread(
            () -> {
              while (vault.count("sys.mounts") < 1) {
                Thread.onSpinWait();
              }
              vault.failNextForPath("auth/token/renew-self", 3, 500);
              vault.failNextForPath("auth/approle/login", 3, 500);
            });
    injector.setDaemon(true);
    injector.start();
    vault.latency(Duration.ofMillis(60));
    CliHarness.Result r =
        fx.pipeline(
            fx.appRoleEnv(),
            """
            sources:
              bulk: {vault: {mount: bulk}}
            targets:
              T: {type: file, path: out/t, imports: [bulk]}
            """,
            "--parallelism",
            "1");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(fx.secretFiles("out/t")).isEqualTo(100);
    assertThat(r.stderr())
        .contains("Vault token renewal failed")
        .contains("keeping the current token")
        .contains("token renewed");
    assertThat(vault.count("token.renew")).as("3 failed attempts, then a renewal").isGreaterThan(3);
    assertThat(vault.count("auth.login")).as("the first login + the failed one").isEqualTo(1 + 3);
  }
}
