package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.provider.vault.VaultCliFixture;
import dev.secretsync.testkit.CliHarness;
import dev.secretsync.testkit.VaultEmulator;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transient failures, a sealed Vault and an unreachable one, through the CLI. */
class VaultFaultsTest {
  static final String CONFIG =
      """
      sources:
        analytics: {vault: {mount: analytics}}
      targets:
        T: {type: file, path: out/t, imports: [analytics]}
      """;

  @TempDir Path dir;
  VaultCliFixture fx;
  VaultEmulator vault;
  Map<String, String> env;

  @BeforeEach
  void start() {
    fx = new VaultCliFixture(dir);
    vault = fx.vault();
    vault.mountKv("analytics", 2);
    fx.put("analytics", "config/database", Map.of("password", "db-password-5150"));
    fx.put("analytics", "config/api", Map.of("key", "api-key-8080"));
    env = fx.appRoleEnv();
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  @Test
  void twoServerErrorsThenSuccessIsRetriedTransparently() {
    vault.failNextForPath("analytics/data/config/database", 2, 500);
    CliHarness.Result r = fx.pipeline(env, CONFIG);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(fx.readJson("out/t/config/database.json"))
        .containsEntry("password", "db-password-5150");
    assertThat(vault.count("kv.read")).as("3 attempts + 1").isEqualTo(4);
    assertThat(r.stderr()).contains("vault.read GET analytics/data/config/database -> 500");
    // Retries keep the request id, so the attempts of one call can be told apart from others.
    long ids =
        vault.requests().stream()
            .filter(q -> q.path().equals("/v1/analytics/data/config/database"))
            .map(q -> q.header("x-request-id"))
            .distinct()
            .count();
    assertThat(ids).isEqualTo(1);
  }

  @Test
  void throttlingAndADroppedConnectionAreRetriedToo() {
    vault.failNextForPath("analytics/metadata/config", 1, 429);
    CliHarness.Result r = fx.pipeline(env, CONFIG);
    assertThat(r.exitCode()).as(r.toString()).isZero();

    vault.resetCounters();
    // The JDK client resends an idempotent request once after EOF by itself; two drops make one
    // of our attempts fail.
    vault.dropNext(2);
    CliHarness.Result dropped =
        fx.pipeline(fx.env("VAULT_TOKEN", vault.rootToken()), CONFIG.replace("out/t", "out/u"));
    assertThat(dropped.exitCode()).as(dropped.toString()).isZero();
    assertThat(dropped.stderr()).contains("connection failed").contains("retrying");
    assertThat(fx.secretFiles("out/u")).isEqualTo(2);
  }

  @Test
  void persistentServerErrorsFailAfterThreeAttemptsWithTheRequestContext() {
    vault.failNextForPath("analytics/data/config/api", 3, 502);
    CliHarness.Result r = fx.pipeline(env, CONFIG);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .containsPattern(
            "source \"analytics\" failed: \\[req=[0-9a-f]{8}] vault.read at path"
                + " \"analytics/data/config/api\" after \\d+ms \\(retries: 2\\): upstream rate"
                + " limited");
    assertThat(vault.requests().stream().filter(q -> q.path().endsWith("config/api"))).hasSize(3);
  }

  @Test
  void aSealedVaultIsAClearErrorAndExitOne() {
    vault.seal();
    CliHarness.Result r = fx.pipeline(env, CONFIG);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout()).contains("Vault at " + vault.address() + " is sealed");
    assertThat(vault.count("auth.login")).as("sealed is not retried").isEqualTo(1);

    CliHarness.Result withToken = fx.pipeline(fx.env("VAULT_TOKEN", vault.rootToken()), CONFIG);
    assertThat(withToken.exitCode()).isEqualTo(1);
    assertThat(withToken.stdout()).contains("Vault at " + vault.address() + " is sealed");
  }

  @Test
  void sealedInTheMiddleOfReadingFailsTheSource() {
    vault.failNextForPath("analytics/data/config/api", 1, 503);
    CliHarness.Result r = fx.pipeline(env, CONFIG);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .containsPattern(
            "Vault at http://127.0.0.1:\\d+ is sealed \\(\\[req=[0-9a-f]{8}] vault.read at path"
                + " \"analytics/data/config/api\"");
    assertThat(dir.resolve("out/t")).doesNotExist();
  }

  @Test
  void connectionRefusedNamesTheAddress() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String address = "http://127.0.0.1:" + port;
    CliHarness.Result r =
        fx.pipeline(
            Map.of("VAULT_ADDR", address, "VAULT_TOKEN", "hvs.whatever-token-1234"), CONFIG);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains("cannot connect to Vault at " + address + ": connection refused")
        .contains("vault.lookup at path \"auth/token/lookup-self\"");
    assertThat(r.all()).doesNotContain("hvs.whatever-token-1234");
  }

  @Test
  void noAddressAnywhereSaysWhatToSet() {
    CliHarness.Result r = fx.pipeline(Map.of("VAULT_TOKEN", "t"), CONFIG);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout()).contains("no Vault address: set vault.address or VAULT_ADDR");
  }
}
