package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.provider.vault.VaultCliFixture;
import dev.secretsync.testkit.AwsEmulator;
import dev.secretsync.testkit.CliHarness;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failing AWS endpoint opens only its own breaker: Vault reads and file targets go on. */
class BreakerIsolationTest {
  @TempDir Path dir;
  VaultCliFixture fx;
  AwsEmulator aws;

  @BeforeEach
  void start() {
    fx = new VaultCliFixture(dir);
    aws = AwsEmulator.start();
  }

  @AfterEach
  void stop() {
    aws.close();
    fx.close();
  }

  @Test
  void onlyTheAwsBreakerOpensWhileVaultReadsGoOn() {
    StringBuilder yaml =
        new StringBuilder(
            """
            aws: {region: us-east-1, endpoint: %s, role_pattern: "arn:aws:iam::{{account_id}}:role/S"}
            pipeline: {parallelism: 1}
            sources:
            """
                .formatted(aws.endpoint()));
    for (int i = 1; i <= 6; i++) {
      fx.vault().mountKv("m" + i, 2);
      fx.put("m" + i, "s", Map.of("v", "isolation-value-" + i));
      yaml.append("  m").append(i).append(": {vault: {mount: m").append(i).append("}}\n");
    }
    yaml.append("targets:\n");
    for (int i = 1; i <= 6; i++) {
      yaml.append("  A")
          .append(i)
          .append(": {imports: [m")
          .append(i)
          .append("], account_id: \"111111111111\", name_prefix: a")
          .append(i)
          .append("/}\n");
      yaml.append("  F")
          .append(i)
          .append(": {type: file, path: out-")
          .append(i)
          .append(", imports: [m")
          .append(i)
          .append("]}\n");
    }
    aws.failNext("secretsmanager.ListSecrets", 10_000, 503, "ServiceUnavailable");
    Map<String, String> env =
        fx.env(
            "VAULT_TOKEN", fx.vault().rootToken(),
            "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
            "AWS_SECRET_ACCESS_KEY", "not-a-secret");

    CliHarness.Result r = fx.pipeline(env, yaml.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.all())
        .contains("circuit breaker for AWS Secrets Manager in 111111111111/us-east-1 is open");
    assertThat(r.all()).doesNotContain("circuit breaker for Vault").doesNotContain("of Vault at");
    assertThat(fx.vault().count("kv.read")).as("every Vault secret read").isEqualTo(6);
    for (int i = 1; i <= 6; i++) {
      assertThat(r.stdout()).contains("Target F" + i + " (file, 1 secret): 1 added");
    }
  }
}
