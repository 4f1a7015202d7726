package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.testkit.CliHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Writes stay under the service quota, and throttling never reaches the user. */
class AwsThrottlingTest extends AwsTestBase {

  @BeforeEach
  void manySecrets() {
    for (int i = 0; i < 250; i++) {
      cli.write("many/s" + i + ".json", "{\"n\": " + i + "}");
    }
    cli.write(
        "secretsync.yaml",
        """
        sources:
          many: {file: {path: many}}
        aws: {region: us-east-1, endpoint: %s, role_pattern: "arn:aws:iam::{{account_id}}:role/S"}
        targets:
          Bulk: {imports: [many], account_id: "111111111111"}
        pipeline: {aws_writes_per_second: 40, parallelism: 16}
        """
            .formatted(aws.endpoint()));
  }

  @Test
  void clientLimitKeepsUnderTheQuota() {
    aws.writeQuotaPerSecond(50);
    CliHarness.Result r = pipeline();
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.all()).doesNotContain("Throttling");
    assertThat(synced(STAGING)).hasSize(250);
    assertConverged();
  }

  @Test
  void forcedThrottlesOnAThirdOfWritesStillConverge() {
    aws.throttleFraction(0.3);
    CliHarness.Result r = pipeline();
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(aws.throttledCount()).isGreaterThan(0);
    assertThat(r.all()).doesNotContain("Throttling");
    // Summarised once, with the count the service answered.
    assertThat(r.stderr())
        .containsOnlyOnce("throttled AWS request(s) retried")
        .contains(aws.throttledCount() + " throttled AWS request(s) retried");
    aws.throttleFraction(0);
    assertThat(synced(STAGING)).hasSize(250);
    assertConverged();
  }
}
