package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.testkit.CliHarness;
import org.junit.jupiter.api.Test;

/**
 * {@code validate --check-aws} through the CLI against the AWS emulator: each AWS location is
 * checked with GetCallerIdentity, AssumeRole and one ListSecrets page, and a denial names the IAM
 * action or trust policy to fix — without writing anything.
 */
class AwsValidateTest extends AwsTestBase {
  private static final ObjectMapper JSON = new ObjectMapper();

  private CliHarness.Result validate(String... extra) {
    String[] args = new String[extra.length + 3];
    args[0] = "validate";
    args[1] = "--config";
    args[2] = "secretsync.yaml";
    System.arraycopy(extra, 0, args, 3, extra.length);
    CliHarness.Result r = cli.run(env(), args);
    assertNoSecretValues(r);
    assertThat(r.all()).doesNotContain("not-a-real-secret-key");
    return r;
  }

  @Test
  void everyLocationIsCheckedWithOneListSecretsPageAndNoWrite() {
    CliHarness.Result r = validate("--check-aws");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).contains("AWS: 3 account/region/role location(s) checked");
    assertThat(aws.count("secretsmanager.ListSecrets")).isEqualTo(3);
    assertThat(aws.count("sts.AssumeRole")).isEqualTo(3);
    assertThat(aws.writeCount()).isZero();
  }

  @Test
  void aRoleThatMayNotListSecretsNamesTheMissingAction() {
    aws.denyAction("arn:aws:iam::222222222222:role/SecretSync", "secretsmanager:ListSecrets");

    CliHarness.Result r = validate("--check-aws");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.stderr())
        .contains("error: targets.Production: ")
        .contains("may not call secretsmanager:ListSecrets")
        .contains("docs/security.md")
        .contains("1 AWS problem(s)")
        .doesNotContain("targets.Staging:");
  }

  @Test
  void aDeniedAssumeRoleNamesTheTrustPolicy() {
    aws.assumeRoleDenied("arn:aws:iam::333333333333:role/SecretSync");

    CliHarness.Result r = validate("--check-aws", "-o", "json");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    JsonNode check = readJson(r).get("checks").get(0);
    assertThat(check.get("name").asText()).isEqualTo("aws");
    assertThat(check.get("problems").get(0).asText())
        .startsWith("targets.Demo: cannot assume arn:aws:iam::333333333333:role/SecretSync")
        .contains("sts:AssumeRole")
        .contains("trust policy");
  }

  private static JsonNode readJson(CliHarness.Result r) {
    try {
      return JSON.readTree(r.stdout());
    } catch (Exception e) {
      throw new AssertionError(r.toString(), e);
    }
  }
}
