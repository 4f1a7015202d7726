package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.provider.vault.VaultCliFixture;
import dev.secretsync.testkit.CliHarness;
import dev.secretsync.testkit.VaultEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Dead tokens on Vault before 1.17, whose 403 for a revoked or expired token says only "permission
 * denied" — the same words as a policy denial: a token the run obtained is replaced, a user's token
 * is one clear error, and denied paths of a valid token stay warnings — with one {@code
 * lookup-self} per burst of 403s, not one per path.
 */
class VaultTokenRejectionTest {
  static final String BULK =
      """
      sources:
        bulk: {vault: {mount: bulk}}
      targets:
        T: {type: file, path: out/t, imports: [bulk]}
      """;

  @TempDir Path dir;
  VaultCliFixture fx;
  VaultEmulator vault;

  @BeforeEach
  void start() {
    fx = new VaultCliFixture(dir);
    vault = fx.vault().preInvalidTokenErrors(true);
    vault.mountKv("bulk", 2);
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  private void bulk(int n) {
    for (int i = 0; i < n; i++) {
      fx.put("bulk", "s" + i, Map.of("v", "bulk-secret-" + i));
    }
  }

  /** Runs {@code action} once {@code when} holds, on a daemon thread. */
  private static Thread after(BooleanSupplier when, Runnable action) {
    Thread t =
        new Thread(
            () -> {
              while (!when.getAsBoolean()) {
                Thread.onSpinWait();
              }
              action.run();
            });
    t.setDaemon(true);
    t.start();
    return t;
  }

  @Test
  void anAppRoleTokenRevokedMidRunIsCheckedOnceAndReplaced() throws Exception {
    bulk(40);
    vault.latency(Duration.ofMillis(10));
    Thread killer = after(() -> vault.count("kv.read") >= 5, vault::revokeAllTokens);

    CliHarness.Result r = fx.pipeline(fx.appRoleEnv(), BULK, "--parallelism", "4");
    killer.join(5_000);

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.all()).doesNotContain("skipped secret");
    assertThat(fx.secretFiles("out/t")).isEqualTo(40);
    assertThat(vault.count("token.lookup"))
        .as("the concurrent 403s share one lookup-self")
        .isEqualTo(1);
    assertThat(vault.count("auth.login")).as("one re-login").isEqualTo(2);
    assertThat(r.stderr()).contains("Vault token expired or was revoked mid-run");
  }

  @Test
  void aUserTokenRevokedMidRunIsOneClearErrorNotAPileOfSkippedSecrets() throws Exception {
    bulk(40);
    String token = vault.createToken();
    vault.latency(Duration.ofMillis(10));
    Thread killer = after(() -> vault.count("kv.read") >= 5, () -> vault.revokeToken(token));

    CliHarness.Result r = fx.pipeline(fx.env("VAULT_TOKEN", token), BULK, "--parallelism", "4");
    killer.join(5_000);

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .containsPattern(
            "Vault rejected the token \\(from VAULT_TOKEN\\) at http://127.0.0.1:\\d+ mid-run: it"
                + " expired or was revoked \\(\\[req=[0-9a-f]{8}] vault.lookup at path"
                + " \"auth/token/lookup-self\" after \\d+ms \\(retries: 0\\): permission denied\\);"
                + " set VAULT_TOKEN to a valid token");
    assertThat(r.all()).doesNotContain("skipped secret");
    assertThat(vault.count("token.lookup")).as("at start, then one check").isEqualTo(2);
    assertThat(dir.resolve("out/t")).doesNotExist();
    assertThat(r.all()).doesNotContain(token);
  }

  @Test
  void deniedPathsOfAValidTokenStayWarningsAndCostOneLookup() {
    bulk(4);
    for (int i = 0; i < 12; i++) {
      fx.put("bulk", "denied/s" + i, Map.of("v", "denied-secret-" + i));
    }
    vault.denyPath("bulk/data/denied/");

    CliHarness.Result r = fx.pipeline(fx.appRoleEnv(), BULK, "--parallelism", "4");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(fx.secretFiles("out/t")).isEqualTo(4);
    assertThat(r.stdout().split("skipped secret \"bulk/denied/", -1)).hasSize(12 + 1);
    assertThat(vault.count("token.lookup")).as("one check for the burst of 403s").isEqualTo(1);
    assertThat(vault.count("auth.login")).as("the token was valid: no re-login").isEqualTo(1);
  }

  @Test
  void aWrongUserTokenSaysTheTokenWasRejectedAndWhatToDo() throws Exception {
    CliHarness.Result env = fx.pipeline(fx.env("VAULT_TOKEN", "hvs.wrong-token-0001"), BULK);

    assertThat(env.exitCode()).isEqualTo(1);
    assertThat(env.stdout())
        .containsPattern(
            "Vault rejected the token \\(from VAULT_TOKEN\\) at http://127.0.0.1:\\d+ as invalid,"
                + " expired or revoked: \\[req=[0-9a-f]{8}] vault.lookup at path"
                + " \"auth/token/lookup-self\" after \\d+ms \\(retries: 0\\): permission denied;"
                + " set VAULT_TOKEN to a valid token \\(e.g. from `vault login`\\)");
    assertThat(env.all()).doesNotContain("does not exist").doesNotContain("hvs.wrong-token-0001");
    assertThat(vault.count("sys.mounts")).as("nothing after the rejected lookup").isZero();

    Path home = Files.createDirectories(dir.resolve("home"));
    Files.writeString(home.resolve(".vault-token"), "hvs.wrong-token-0002\n");
    CliHarness.Result file = fx.pipeline(fx.env("HOME", home.toString()), BULK);
    assertThat(file.exitCode()).isEqualTo(1);
    assertThat(file.stdout())
        .contains("Vault rejected the token (from ~/.vault-token)")
        .contains("run `vault login` to refresh ~/.vault-token");

    CliHarness.Result config =
        fx.pipeline(fx.env(), "vault: {auth: {token: {token: hvs.wrong-token-0003}}}\n" + BULK);
    assertThat(config.exitCode()).isEqualTo(1);
    assertThat(config.stdout())
        .contains("Vault rejected the token (from vault.auth.token)")
        .contains("put a valid token in vault.auth.token.token");
    assertThat(file.all() + config.all())
        .doesNotContain("hvs.wrong-token-0002")
        .doesNotContain("hvs.wrong-token-0003");
  }
}
