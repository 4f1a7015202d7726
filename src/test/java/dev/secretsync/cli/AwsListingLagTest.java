package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.testkit.AwsManualClock;
import dev.secretsync.testkit.CliHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Runs against an eventually consistent ListSecrets: "ListSecrets might not reflect changes from
 * the last five minutes. You can get more recent information for a specific secret by calling
 * DescribeSecret." The emulator lists the state of 20 s ago, as the independent stub that found
 * these failures did.
 */
class AwsListingLagTest extends AwsTestBase {
  static final Duration LAG = Duration.ofSeconds(20);

  final AwsManualClock clock = new AwsManualClock(Instant.now());

  @BeforeEach
  void lagTheListing() {
    aws.clock(clock);
    aws.listingLag(LAG);
  }

  @Test
  void aQuickReRunAfterCreatingUpdatesInsteadOfFailingOnResourceExists() throws Exception {
    assertThat(pipeline().exitCode()).isZero();
    clock.advance(Duration.ofSeconds(2));
    cli.write("sources/data-engineers/config/tools.json", "{\"dbt_version\": \"2.0.0\"}");

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).doesNotContain("ResourceExistsException");
    for (String account : List.of(STAGING, PRODUCTION, DEMO)) {
      assertThat(value(account, "config/tools")).containsEntry("dbt_version", "2.0.0");
      assertThat(secret(account, "config/tools").versions()).hasSize(2);
    }
    clock.advance(LAG);
    assertConverged();
  }

  @Test
  void aQuickReRunWithUnchangedValuesWritesNoNewVersion() {
    assertThat(pipeline().exitCode()).isZero();
    clock.advance(Duration.ofSeconds(2));
    aws.resetCounters();

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(aws.count("secretsmanager.PutSecretValue")).isZero();
    assertThat(aws.secrets(STAGING, REGION)).allMatch(s -> s.versions().size() == 1);
  }

  @Test
  void aSecretHiddenByTheLagIsStillRefusedWhenUnmanaged() throws Exception {
    aws.seedSecret(
        STAGING, REGION, "config/database", "{\"host\": \"hand-made\"}", Map.of("owner", "dba"));

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains("! config/database")
        .contains("not managed by secretsync")
        .contains("adopt_unmanaged: true")
        .doesNotContain("ResourceExistsException");
    assertThat(secret(STAGING, "config/database").currentValue()).contains("hand-made");
    assertThat(secret(STAGING, "config/database").tags()).doesNotContainKey("secretsync:target");
  }
}
