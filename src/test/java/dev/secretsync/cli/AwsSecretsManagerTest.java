package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.testkit.AwsSecretView;
import dev.secretsync.testkit.CliHarness;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The AWS Secrets Manager target end to end: file sources → CLI → SDK → AwsEmulator. */
class AwsSecretsManagerTest extends AwsTestBase {

  @Test
  void seedScenarioCreatesTheRightSecretsInTheRightAccounts() throws Exception {
    CliHarness.Result r = pipeline();
    assertThat(r.exitCode()).as(r.toString()).isZero();

    Map<String, Object> expected = dev.secretsync.testkit.SeedFixture.expectedStagingDatabase();
    for (String account : List.of(STAGING, PRODUCTION, DEMO)) {
      assertThat(synced(account)).hasSize(7);
      assertThat(value(account, "config/database")).isEqualTo(expected);
    }
    AwsSecretView staging = secret(STAGING, "config/database");
    assertThat(staging.tags())
        .containsEntry("secretsync:managed-by", "secretsync")
        .containsEntry("secretsync:target", "Staging")
        .containsEntry("team", "platform");
    assertThat(staging.description()).contains("Managed by SecretSync (target Staging)");
    assertThat(staging.current().orElseThrow().versionId()).matches("[0-9a-f]{64}");
    assertThat(secret(PRODUCTION, "config/database").tags())
        .containsEntry("secretsync:target", "Production");
    assertThat(aws.secrets(AwsEmulatorDefaults.DEFAULT, REGION)).isEmpty();
    assertThat(aws.count("sts.AssumeRole")).isEqualTo(3);
    assertThat(aws.roleSessionNames()).allMatch(n -> n.matches("secretsync-[0-9a-f]{8}"));
  }

  @Test
  void secondRunIsFreeOfWritesAndValueReads() {
    assertThat(pipeline().exitCode()).isZero();
    aws.resetCounters();

    CliHarness.Result r = pipeline("--exit-code");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(aws.writeCount()).isZero();
    assertThat(aws.count("secretsmanager.GetSecretValue"))
        .as("only each account's fingerprint key")
        .isEqualTo(3);
    assertThat(aws.count("secretsmanager.BatchGetSecretValue")).isZero();
    assertThat(aws.count("secretsmanager.ListSecrets")).as("one page per target").isEqualTo(3);
    assertThat(aws.count("sts.AssumeRole")).as("one per account").isEqualTo(3);
    assertThat(r.stdout()).contains("Everything is up to date");
  }

  @Test
  void oneChangedSourceValueIsOnePutPerInheritingTarget() {
    assertThat(pipeline().exitCode()).isZero();
    cli.write(
        "sources/analytics/config/api.json", "{\"base_url\": \"https://api2\", \"timeout_ms\": 1}");
    aws.resetCounters();

    CliHarness.Result r = pipeline();
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(aws.count("secretsmanager.PutSecretValue")).isEqualTo(3);
    assertThat(aws.writeCount()).isEqualTo(3);
    for (String account : List.of(STAGING, PRODUCTION, DEMO)) {
      assertThat(secret(account, "config/api").currentValue()).contains("https://api2");
    }
  }

  @Test
  void outOfBandEditIsDriftThatApplyRestores() throws Exception {
    assertThat(pipeline().exitCode()).isZero();
    aws.modifyOutOfBand(PRODUCTION, REGION, "config/tools", "{\"dbt_version\": \"0.0.1\"}");

    CliHarness.Result plan = pipeline("--dry-run", "--exit-code");
    assertThat(plan.exitCode()).isEqualTo(1);
    assertThat(plan.stdout()).contains("~ config/tools").contains("changed outside secretsync");
    assertThat(aws.count("secretsmanager.BatchGetSecretValue"))
        .as("value read only for the drifted one")
        .isEqualTo(1);

    assertThat(pipeline().exitCode()).isZero();
    assertThat(value(PRODUCTION, "config/tools")).containsEntry("dbt_version", "1.5.0");
    assertConverged();
  }

  @Test
  void revertAtoBtoAEndsWithACurrent() throws Exception {
    String a = "{\"dbt_version\": \"1.5.0\"}";
    String b = "{\"dbt_version\": \"2.0.0\"}";
    cli.write("sources/data-engineers/config/tools.json", a);
    assertThat(pipeline().exitCode()).isZero();
    cli.write("sources/data-engineers/config/tools.json", b);
    assertThat(pipeline().exitCode()).isZero();
    assertThat(value(STAGING, "config/tools")).containsEntry("dbt_version", "2.0.0");
    cli.write("sources/data-engineers/config/tools.json", a);

    CliHarness.Result plan = pipeline("--dry-run");
    assertThat(plan.stdout()).contains("revert");
    CliHarness.Result r = pipeline();
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(value(STAGING, "config/tools")).containsEntry("dbt_version", "1.5.0");
    assertThat(secret(STAGING, "config/tools").versions()).hasSize(2);
    assertConverged();
  }

  @Test
  void removedKeysAreOrphansUnderRetainDeletedUnderDeleteAndCapped() throws Exception {
    assertThat(pipeline().exitCode()).isZero();
    Files.delete(dir.resolve("sources/data-engineers/team/members.json"));

    CliHarness.Result retain = pipeline();
    assertThat(retain.exitCode()).as(retain.toString()).isZero();
    assertThat(retain.stdout()).contains("? team/members").contains("3 orphaned");
    assertThat(secret(STAGING, "team/members").scheduledForDeletion()).isFalse();

    cli.write("secretsync.yaml", awsConfig("deletion: {policy: delete, recovery_window_days: 7}"));
    CliHarness.Result delete = pipeline();
    assertThat(delete.exitCode()).as(delete.toString()).isZero();
    assertThat(secret(STAGING, "team/members").scheduledForDeletion()).isTrue();
    assertThat(secret(PRODUCTION, "team/members").scheduledForDeletion())
        .as("retain there")
        .isFalse();

    // Bring it back: the scheduled secret is restored rather than re-created.
    cli.write("sources/data-engineers/team/members.json", "{\"leads\": [\"alice\"]}");
    CliHarness.Result restore = pipeline();
    assertThat(restore.exitCode()).as(restore.toString()).isZero();
    assertThat(restore.stdout()).contains("restore");
    assertThat(secret(STAGING, "team/members").scheduledForDeletion()).isFalse();
  }

  @Test
  void unmanagedSecretIsLeftAloneUnlessAdopted() throws Exception {
    aws.seedSecret(
        STAGING, REGION, "config/database", "{\"host\": \"hand-made\"}", Map.of("owner", "dba"));
    CliHarness.Result r = pipeline();
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains("! config/database")
        .contains("not managed by secretsync")
        .contains("adopt_unmanaged: true");
    assertThat(secret(STAGING, "config/database").currentValue()).contains("hand-made");
    assertThat(secret(STAGING, "config/api").tags()).containsEntry("secretsync:target", "Staging");

    cli.write("secretsync.yaml", awsConfig("adopt_unmanaged: true"));
    CliHarness.Result adopted = pipeline();
    assertThat(adopted.exitCode()).as(adopted.toString()).isZero();
    assertThat(value(STAGING, "config/database")).containsEntry("host", "engineers-db.internal");
    assertThat(secret(STAGING, "config/database").tags())
        .containsEntry("secretsync:managed-by", "secretsync")
        .containsEntry("owner", "dba");
    assertConverged();
  }

  @Test
  void binaryOnlySecretsInTheAccountCrashNothing() {
    aws.seedBinarySecret(STAGING, REGION, "blob", new byte[] {1, 2, 3}, Map.of());
    assertThat(pipeline().exitCode()).isZero();
    assertConverged();
  }

  @Test
  void ambientCredentialsForAnotherAccountAreRefused() {
    cli.write(
        "secretsync.yaml",
        """
        sources:
          analytics: {file: {path: sources/analytics}}
        aws: {region: us-east-1, endpoint: %s}
        targets:
          Staging: {imports: [analytics], account_id: "111111111111"}
        """
            .formatted(aws.endpoint()));
    CliHarness.Result r = pipeline();
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains(
            "wants account 111111111111 but the AWS credentials belong to account 000000000000");
    assertThat(aws.writeCount()).isZero();
  }

  @Test
  void adoptUnmanagedNeverTakesOverAnotherTargetsSecret() {
    cli.write(
        "secretsync.yaml",
        """
        sources:
          analytics: {file: {path: sources/analytics}}
        aws: {region: us-east-1, endpoint: %s, role_pattern: "arn:aws:iam::{{account_id}}:role/S"}
        targets:
          A: {imports: [analytics], account_id: "111111111111"}
          B: {imports: [A], account_id: "111111111111", adopt_unmanaged: true}
        """
            .formatted(aws.endpoint()));
    CliHarness.Result r = pipeline();
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout()).contains("this secret is managed by target \"A\"");
    assertThat(secret(STAGING, "config/api").tags()).containsEntry("secretsync:target", "A");
  }
}
