package dev.secretsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.testkit.CliHarness;
import dev.secretsync.testkit.SeedFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Vault sources against real servers of each flavour: Vault before 1.17 (a dead token's 403 says
 * only "permission denied"), a current Vault (adds "invalid token") and OpenBao. Each reads the
 * seed fixture from KV v1 and v2 mounts with an AppRole login, outlives a short-lived AppRole token
 * in the middle of a run, and refuses an expired user token with one clear error. File targets, so
 * only the Vault side is real. Skipped where no Docker engine runs.
 */
@RealServices
class VaultFlavoursIT {
  @TempDir Path dir;

  final String suffix = UUID.randomUUID().toString().substring(0, 8);

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {ItServices.VAULT_PRE_117, ItServices.VAULT_CURRENT, ItServices.OPENBAO})
  void theSeedScenarioReadsKvV1AndV2MountsWithAnAppRoleLogin(String image) {
    ItServices.VaultServer vault = ItServices.vault(image);
    VaultAdmin admin = vault.admin();
    admin.seed(suffix, true);
    VaultAdmin.AppRole role = admin.appRole(suffix, Duration.ofMinutes(5), Duration.ofMinutes(10));
    ItCli cli = appRoleCli(vault.address(), role);

    CliHarness.Result r =
        cli.config(
                """
                vault:
                  auth: {approle: {mount: approle-%1$s, role_id: "${ROLE_ID}", secret_id: "${SECRET_ID}"}}
                sources:
                  analytics: {vault: {mount: analytics-%1$s}}
                  data-engineers: {vault: {mount: data-engineers-%1$s}}
                  shared: {vault: {mount: shared-%1$s}}
                targets:
                  Staging: {type: file, path: out/staging, imports: [analytics, data-engineers, shared]}
                """
                    .formatted(suffix))
            .pipeline();

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(cli.secretFiles("out/staging")).isEqualTo(10);
    assertThat(cli.readJson("out/staging/config/database.json"))
        .isEqualTo(SeedFixture.expectedStagingDatabase());
    assertThat(cli.readJson("out/staging/credentials/aws.json"))
        .as("from the KV v1 mount")
        .isEqualTo(SeedFixture.sources().get("shared").get("credentials/aws"));
    CliHarness.Result plan = cli.pipeline("--dry-run", "--exit-code");
    assertThat(plan.exitCode()).as("converged: " + plan).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {ItServices.VAULT_PRE_117, ItServices.VAULT_CURRENT, ItServices.OPENBAO})
  void anAppRoleTokenThatExpiresMidRunIsReplacedAndTheRunCompletes(String image) {
    ItServices.VaultServer vault = ItServices.vault(image);
    VaultAdmin admin = vault.admin();
    String mount = "bulk-" + suffix;
    admin.mountKv(mount, 2);
    int secrets = 30;
    for (int i = 0; i < secrets; i++) {
      admin.put(mount, 2, "s" + i, Map.of("v", "bulk-secret-" + suffix + "-" + i));
    }
    // The token cannot live past token_max_ttl however often it is renewed; 150 ms per request at
    // parallelism 1 stretches the ~32 requests of the run well past it.
    Duration maxTtl = Duration.ofSeconds(3);
    VaultAdmin.AppRole role = admin.appRole(suffix, Duration.ofSeconds(2), maxTtl);
    ItCli cli;
    CliHarness.Result r;
    long started = System.nanoTime();
    try (LatencyProxy proxy = LatencyProxy.start(vault.address(), Duration.ofMillis(150))) {
      cli = appRoleCli(proxy.address(), role).secret("bulk-secret-" + suffix);
      r =
          cli.config(
                  """
                  vault:
                    auth: {approle: {mount: approle-%1$s, role_id: "${ROLE_ID}", secret_id: "${SECRET_ID}"}}
                  sources:
                    bulk: {vault: {mount: bulk-%1$s}}
                  targets:
                    T: {type: file, path: out/t, imports: [bulk]}
                  """
                      .formatted(suffix))
              .pipeline("--parallelism", "1");
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

    assertThat(elapsed).as("the run outlived the token").isGreaterThan(maxTtl);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.all()).doesNotContain("skipped folder").doesNotContain("skipped secret");
    assertThat(cli.secretFiles("out/t")).as("no secret skipped as forbidden").isEqualTo(secrets);
    for (int i = 0; i < secrets; i++) {
      assertThat(cli.readJson("out/t/s" + i + ".json"))
          .isEqualTo(Map.of("v", "bulk-secret-" + suffix + "-" + i));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {ItServices.VAULT_PRE_117, ItServices.VAULT_CURRENT, ItServices.OPENBAO})
  void anExpiredUserTokenIsOneClearErrorNotAPileOfSkippedPaths(String image) {
    ItServices.VaultServer vault = ItServices.vault(image);
    VaultAdmin admin = vault.admin();
    admin.seed(suffix, false);
    String token = admin.childToken(Duration.ofSeconds(1));
    VaultAdmin.sleep(Duration.ofMillis(2500));
    ItCli cli =
        new ItCli(dir)
            .env("VAULT_ADDR", vault.address())
            .env("VAULT_TOKEN", token)
            .secret(token, vault.rootToken());

    CliHarness.Result r =
        cli.config(
                """
                sources:
                  analytics: {vault: {mount: analytics-%1$s}}
                  data-engineers: {vault: {mount: data-engineers-%1$s}}
                targets:
                  Staging: {type: file, path: out/staging, imports: [analytics, data-engineers]}
                """
                    .formatted(suffix))
            .pipeline();

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.all()).contains("Vault rejected the token (from VAULT_TOKEN)");
    assertThat(r.all()).doesNotContain("skipped folder").doesNotContain("skipped secret");
    assertThat(cli.secretFiles("out/staging")).isZero();
  }

  private ItCli appRoleCli(String address, VaultAdmin.AppRole role) {
    return new ItCli(dir)
        .env("VAULT_ADDR", address)
        .env("ROLE_ID", role.roleId())
        .env("SECRET_ID", role.secretId())
        .secret(role.secretId());
  }
}
