package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.testkit.AwsSecretView;
import dev.secretsync.testkit.CliHarness;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tags removed from {@code tags:}, replicas and tag limits, end to end through the CLI. */
class AwsTagsAndReplicasTest extends AwsTestBase {
  private static final String WRONG_REGION_KEY = "arn:aws:kms:us-east-1:111111111111:key/k-1";
  private static final String EU_KEY = "arn:aws:kms:eu-west-1:111111111111:key/k-2";

  private void stagingTags(String tags, String extra) {
    String config = awsConfig(extra).replace("tags: {team: platform}", "tags: " + tags);
    cli.write("secretsync.yaml", config);
  }

  @Test
  void aTagRemovedFromConfigIsUntaggedWithoutANewVersionAndForeignTagsStay() {
    stagingTags("{team: platform, cost-center: \"42\"}", "");
    assertThat(pipeline().exitCode()).isZero();
    aws.tagOutOfBand(STAGING, REGION, "config/api", "owner", "someone-else");
    String version = secret(STAGING, "config/api").current().orElseThrow().versionId();
    stagingTags("{team: platform}", "");
    aws.resetCounters();

    CliHarness.Result plan = pipeline("--dry-run", "--exit-code");

    assertThat(plan.exitCode()).as(plan.toString()).isEqualTo(1);
    assertThat(plan.stdout()).contains("config/api").contains("tags differ: remove cost-center");
    assertThat(aws.writeCount()).isZero();
    assertThat(secret(STAGING, "config/api").tags()).containsKey("cost-center");

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).as(r.toString()).isZero();
    AwsSecretView api = secret(STAGING, "config/api");
    assertThat(api.tags())
        .doesNotContainKey("cost-center")
        .containsEntry("team", "platform")
        .containsEntry("owner", "someone-else")
        .containsEntry("secretsync:tag-keys", "team");
    assertThat(api.current().orElseThrow().versionId()).isEqualTo(version);
    assertThat(aws.count("secretsmanager.PutSecretValue")).isZero();
    assertThat(aws.count("secretsmanager.UntagResource")).isEqualTo(7);
    assertConverged();
  }

  @Test
  void replicasAreAddedRemovedAndAFailedOneIsReportedWithItsMessage() {
    stagingTags("{team: platform}", "replica_regions: [us-west-2]");
    assertThat(pipeline().exitCode()).isZero();
    assertThat(secret(STAGING, "config/api").replicaRegions()).containsExactly("us-west-2");

    stagingTags(
        "{team: platform}",
        "replica_regions: [us-west-2, {region: eu-west-1, kms_key_id: \""
            + WRONG_REGION_KEY
            + "\"}]");
    CliHarness.Result failed = pipeline();

    assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
    assertThat(failed.stdout() + failed.stderr())
        .contains("the replica in eu-west-1 failed")
        .contains("does not exist in Region eu-west-1");
    assertThat(secret(STAGING, "config/api").tags())
        .as("the failed replica is recorded as ours")
        .containsEntry("secretsync:replica-regions", "eu-west-1 us-west-2");
    CliHarness.Result again = pipeline("--dry-run");
    assertThat(again.stdout() + again.stderr())
        .contains("the replica in eu-west-1 failed")
        .doesNotContain("tags differ");

    stagingTags(
        "{team: platform}",
        "replica_regions: [us-west-2, {region: eu-west-1, kms_key_id: \"" + EU_KEY + "\"}]");
    CliHarness.Result fixed = pipeline();

    assertThat(fixed.exitCode()).as(fixed.toString()).isZero();
    assertThat(secret(STAGING, "config/api").replicaRegions())
        .containsExactlyInAnyOrder("us-west-2", "eu-west-1");
    aws.resetCounters();
    CliHarness.Result noOp = pipeline("--exit-code");
    assertThat(noOp.exitCode()).as(noOp.toString()).isZero();
    assertThat(aws.writeCount()).isZero();
    assertThat(aws.count("secretsmanager.DescribeSecret"))
        .as(
            "ListSecrets has no ReplicationStatus: one describe per replicated secret (Staging),"
                + " and the other targets' secrets written seconds ago are confirmed once each"
                + " (the listing may lag); none is described twice")
        .isEqualTo(7 + 14);

    stagingTags("{team: platform}", "");
    CliHarness.Result removed = pipeline();

    assertThat(removed.exitCode()).as(removed.toString()).isZero();
    assertThat(synced(STAGING)).allMatch(s -> s.replicaRegions().isEmpty());
    assertThat(aws.count("secretsmanager.RemoveRegionsFromReplication")).isPositive();
    assertConverged();
  }

  @Test
  void anOwnedSecretWithReplicasIsDeletedAfterItsReplicasAreRemoved() throws Exception {
    stagingTags(
        "{team: platform}",
        "replica_regions: [us-west-2]\ndeletion: {policy: delete, recovery_window_days: 7}");
    assertThat(pipeline().exitCode()).isZero();
    Files.delete(dir.resolve("sources/data-engineers/team/members.json"));

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).as(r.toString()).isZero();
    AwsSecretView members = secret(STAGING, "team/members");
    assertThat(members.scheduledForDeletion()).isTrue();
    assertThat(members.replicaRegions()).isEmpty();
  }

  @Test
  void tagsBeyondTheServiceLimitsAreConfigErrorsWithTheirPath() {
    String many =
        String.join(
            ", ", java.util.stream.IntStream.range(0, 48).mapToObj(i -> "t" + i + ": v").toList());
    stagingTags(
        "{\"aws:env\": prod, \"k#1\": v, long: \"" + "x".repeat(256) + "\", " + many + "}", "");

    CliHarness.Result validate = cli.run(env(), "validate", "--config", "secretsync.yaml");
    CliHarness.Result run = pipeline();

    for (CliHarness.Result r : List.of(validate, run)) {
      assertThat(r.exitCode()).as(r.toString()).isNotZero();
      assertThat(r.stderr())
          .contains("targets.Staging.tags.aws:env: tag keys starting with aws: are reserved")
          .contains("targets.Staging.tags.k#1: tag keys may hold letters")
          .contains("targets.Staging.tags.long: the value has 256 characters")
          .contains("targets.Staging.tags: 51 tags plus secretsync's");
    }
    assertThat(aws.totalCalls()).isZero();
  }
}
