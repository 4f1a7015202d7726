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

/** {@code validate --check-vault}: logs in, checks mounts and paths, reports every problem. */
class VaultValidateTest {
  static final String CONFIG =
      """
      sources:
        analytics: {vault: {mount: analytics}}
        teams: {vault: {mount: teams/data, paths: [svc, missing]}}
        nope: {vault: {mount: nope}}
        closed: {vault: {mount: closed}}
        legacy: {vault: {mount: legacy, kv_version: "1"}}
      targets:
        T: {type: file, path: out/t, imports: [analytics, teams, nope, closed, legacy]}
      """;

  @TempDir Path dir;
  VaultCliFixture fx;
  VaultEmulator vault;

  @BeforeEach
  void start() {
    fx = new VaultCliFixture(dir);
    vault = fx.vault();
    vault.mountKv("analytics", 2).mountKv("teams/data", 2).mountKv("closed", 2);
    vault.mountKv("legacy", 1);
    fx.put("analytics", "a", Map.of("v", "validate-value-1"));
    fx.put("teams/data", "svc/x", Map.of("v", "validate-value-2"));
    fx.put("closed", "x", Map.of("v", "validate-value-3"));
    fx.put("legacy", "x", Map.of("v", "validate-value-4"));
  }

  @AfterEach
  void stop() {
    fx.close();
  }

  private CliHarness.Result validate(Map<String, String> env, String yaml, String... extra) {
    fx.cli().write("secretsync.yaml", yaml);
    String[] args = new String[3 + extra.length];
    args[0] = "validate";
    args[1] = "--config";
    args[2] = "secretsync.yaml";
    System.arraycopy(extra, 0, args, 3, extra.length);
    return fx.run(env, args);
  }

  @Test
  void reportsEveryProblemOnALineOfItsOwn() {
    vault.denyPath("closed/metadata");
    CliHarness.Result r = validate(fx.appRoleEnv(), CONFIG, "--check-vault");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.stderr().lines().filter(l -> l.startsWith("error: ")))
        .hasSize(3)
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("error: sources.teams.vault.paths[1]: nothing to list at")
                    .contains("\"teams/data/missing/\""))
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("error: sources.nope.vault.mount: mount \"nope\" does not exist"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("error: sources.closed.vault.mount: cannot list \"closed/\"")
                    .contains("permission denied"));
    assertThat(r.stderr()).contains("3 Vault problem(s)");
    assertThat(vault.count("auth.login")).isEqualTo(1);
    assertThat(vault.count("token.revoke")).isEqualTo(1);
    assertThat(vault.count("kv.read")).as("validate reads no secret").isZero();
  }

  @Test
  void allGoodExitsZero() {
    String ok =
        """
        sources:
          analytics: {vault: {mount: analytics}}
          teams: {vault: {mount: teams/data, paths: [svc]}}
        targets:
          T: {type: file, path: out/t, imports: [analytics, teams]}
        """;
    CliHarness.Result r = validate(fx.appRoleEnv(), ok, "--check-vault");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).contains("valid").contains("Vault: 2 source(s) checked, all reachable");
  }

  @Test
  void wrongCredentialsAreOneProblemNotOnePerSource() {
    CliHarness.Result r =
        validate(fx.env("VAULT_ROLE_ID", "x", "VAULT_SECRET_ID", "y"), CONFIG, "--check-vault");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr().lines().filter(l -> l.startsWith("error: "))).hasSize(1);
    assertThat(r.stderr())
        .contains("error: vault: Vault login with approle (mount \"approle\")")
        .contains("invalid role or secret ID");
  }

  @Test
  void checksTheMergeStoreMountToo() {
    String cfg =
        """
        sources:
          analytics: {vault: {mount: analytics}}
        merge_store: {vault: {mount: legacy}}
        targets:
          T: {type: file, path: out/t, imports: [analytics]}
        """;
    CliHarness.Result v1 = validate(fx.appRoleEnv(), cfg, "--check-vault");
    assertThat(v1.exitCode()).isEqualTo(1);
    assertThat(v1.stderr())
        .contains(
            "error: merge_store.vault.mount: \"legacy\" is KV version 1; the store needs KV 2");
    CliHarness.Result missing =
        validate(fx.appRoleEnv(), cfg.replace("mount: legacy", "mount: gone"), "--check-vault");
    assertThat(missing.stderr())
        .contains("error: merge_store.vault.mount: mount \"gone\" does not exist");
    CliHarness.Result ok =
        validate(fx.appRoleEnv(), cfg.replace("mount: legacy", "mount: closed"), "--check-vault");
    assertThat(ok.exitCode()).as(ok.toString()).isZero();
  }

  @Test
  void withoutTheFlagValidateMakesNoNetworkCall() {
    CliHarness.Result r = validate(fx.appRoleEnv(), CONFIG);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(vault.totalCalls()).isZero();
  }
}
