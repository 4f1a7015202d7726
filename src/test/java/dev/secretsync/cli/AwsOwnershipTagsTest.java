package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.testkit.AwsSecretView;
import dev.secretsync.testkit.CliHarness;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Owned secrets are found by their ownership tags, not by name: after a {@code name_prefix} change
 * the secrets under the old prefix still follow the deletion policy, and secrets of a target that
 * is no longer configured (renamed) are reported and never touched.
 */
class AwsOwnershipTagsTest extends AwsTestBase {

  @Test
  void afterANamePrefixChangeTheOldSecretsAreOrphansUnderRetain() {
    assertThat(pipeline().exitCode()).isZero();
    cli.write("secretsync.yaml", awsConfig("name_prefix: v2/"));

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).contains("? config/database").contains("7 orphaned");
    assertThat(names(STAGING)).contains("config/database", "v2/config/database");
    assertThat(aws.secrets(STAGING, REGION)).noneMatch(AwsSecretView::scheduledForDeletion);
  }

  @Test
  void afterANamePrefixChangeTheOldSecretsAreDeletedUnderDeleteWithinMaxDeletes() {
    assertThat(pipeline().exitCode()).isZero();
    cli.write(
        "secretsync.yaml",
        awsConfig("name_prefix: v2/\ndeletion: {policy: delete, max_deletes: 6}"));

    CliHarness.Result refused = pipeline();

    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.stdout()).contains("refusing to delete 7 secrets");
    assertThat(aws.secrets(STAGING, REGION)).noneMatch(AwsSecretView::scheduledForDeletion);

    cli.write(
        "secretsync.yaml",
        awsConfig("name_prefix: v2/\ndeletion: {policy: delete, max_deletes: 7}"));
    CliHarness.Result deleted = pipeline();

    assertThat(deleted.exitCode()).as(deleted.toString()).isZero();
    assertThat(secret(STAGING, "config/database").scheduledForDeletion()).isTrue();
    assertThat(secret(STAGING, "v2/config/database").scheduledForDeletion()).isFalse();
    assertConverged();
  }

  @Test
  void aPrefixedTargetListsOnlyItsPrefixAndOneEmptyTagPageOnANoOpRun() {
    cli.write("secretsync.yaml", awsConfig("name_prefix: v2/"));
    assertThat(pipeline().exitCode()).isZero();
    aws.resetCounters();

    CliHarness.Result r = pipeline("--exit-code");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(aws.count(STAGING, "secretsmanager.ListSecrets"))
        .as("the v2/ page and the tag page of owned secrets outside v2/")
        .isEqualTo(2);
    assertThat(aws.count(PRODUCTION, "secretsmanager.ListSecrets")).isEqualTo(1);
  }

  @Test
  void secretsOfARenamedTargetAreReportedAndNeverDeleted() {
    assertThat(pipeline().exitCode()).isZero();
    cli.write(
        "secretsync.yaml",
        awsConfig("deletion: {policy: delete}")
            .replace("  Staging:", "  Stage:")
            .replace("imports: [Staging]", "imports: [Stage]"));

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains(
            "this secret is managed by target \"Staging\", which is not in the configuration"
                + " (renamed or removed?)")
        .contains("tag it secretsync:target=Stage to hand it over");
    assertThat(synced(STAGING))
        .hasSize(7)
        .noneMatch(AwsSecretView::scheduledForDeletion)
        .allMatch(s -> "Staging".equals(s.tags().get("secretsync:target")));
  }

  @Test
  void secretsOfARenamedTargetOutsideTheBundleAreAWarningOnly() {
    assertThat(pipeline().exitCode()).isZero();
    cli.write("sources/fresh/app.json", "{\"a\": 1}");
    cli.write(
        "secretsync.yaml",
        """
        sources:
          fresh: {file: {path: sources/fresh}}
        aws: {region: us-east-1, endpoint: %s, role_pattern: "arn:aws:iam::{{account_id}}:role/S"}
        targets:
          Stage:
            imports: [fresh]
            account_id: "111111111111"
            deletion: {policy: delete}
        """
            .formatted(aws.endpoint()));

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout())
        .contains("warning: 7 secret(s) in account 111111111111 in us-east-1")
        .containsOnlyOnce(
            "are tagged secretsync:target=Staging, a target not in the configuration (renamed or"
                + " removed?): left untouched and never deleted");
    assertThat(synced(STAGING)).hasSize(8).noneMatch(AwsSecretView::scheduledForDeletion);
  }

  @Test
  void aManagedSecretWithoutATargetTagIsLeftAloneWithAClearMessage() {
    aws.seedSecret(
        STAGING,
        REGION,
        "config/database",
        "{\"host\": \"hand-made\"}",
        Map.of("secretsync:managed-by", "secretsync"));

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains("! config/database")
        .contains("tagged secretsync:managed-by but names no target");
    assertThat(secret(STAGING, "config/database").currentValue()).contains("hand-made");
  }

  private List<String> names(String account) {
    return aws.secrets(account, REGION).stream().map(AwsSecretView::name).toList();
  }
}
