package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.testkit.AwsManualClock;
import dev.secretsync.testkit.CliHarness;
import java.nio.file.Files;
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

  /**
   * Long enough ago to be outside the five-minute window; short enough for the role credentials the
   * emulator issues by its clock (one hour) to stay valid by the SDK's.
   */
  static final Duration OLD = Duration.ofMinutes(10);

  static final String TOOLS = "sources/data-engineers/config/tools.json";
  static final String A = "{\"dbt_version\": \"1.5.0\"}";
  static final String B = "{\"dbt_version\": \"2.0.0\"}";

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
    assertThat(synced(STAGING)).allMatch(s -> s.versions().size() == 1);
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

  @Test
  void aHiddenSecretTheRoleMayNotDescribeIsRefusedClearly() throws Exception {
    aws.seedSecret(STAGING, REGION, "config/database", "{\"host\": \"hand-made\"}", Map.of());
    // The documented least-privilege policy scopes DescribeSecret to managed secrets.
    aws.failNext("secretsmanager.DescribeSecret", 1, 400, "AccessDeniedException");

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains("! config/database")
        .contains("this role may not describe it, so it is not managed by secretsync");
    assertThat(secret(STAGING, "config/database").currentValue()).contains("hand-made");
  }

  @Test
  void aToBToAInsideTheWindowEndsWithALive() throws Exception {
    cli.write(TOOLS, A);
    assertThat(pipeline().exitCode()).isZero();
    clock.advance(Duration.ofSeconds(30));
    cli.write(TOOLS, B);
    assertThat(pipeline().exitCode()).isZero();
    clock.advance(Duration.ofSeconds(2));
    cli.write(TOOLS, A);

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).as(r.toString()).isZero();
    for (String account : List.of(STAGING, PRODUCTION, DEMO)) {
      assertThat(value(account, "config/tools")).containsEntry("dbt_version", "1.5.0");
    }
    clock.advance(LAG);
    assertConverged();
  }

  @Test
  void withAPersistentStoreAToBToAIsCaughtEvenWhenAWasWrittenLongAgo() throws Exception {
    cli.write("secretsync.yaml", "merge_store: {directory: {path: merged}}\n" + awsConfig(""));
    clock.set(Instant.now().minus(Duration.ofMinutes(15)));
    cli.write(TOOLS, A);
    assertThat(pipeline().exitCode()).isZero();
    clock.advance(Duration.ofMinutes(10));
    cli.write(TOOLS, B);
    assertThat(pipeline().exitCode()).isZero();
    clock.advance(Duration.ofSeconds(2));
    cli.write(TOOLS, A);
    aws.resetCounters();

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).as(r.toString()).isZero();
    for (String account : List.of(STAGING, PRODUCTION, DEMO)) {
      assertThat(value(account, "config/tools")).containsEntry("dbt_version", "1.5.0");
    }
    assertThat(aws.count("secretsmanager.DescribeSecret"))
        .as("only the key whose stored value differs, per account")
        .isEqualTo(3);
  }

  @Test
  void aDeletionTheListingDoesNotShowYetIsNotRepeated() throws Exception {
    cli.write("secretsync.yaml", awsConfig("deletion: {policy: delete}"));
    assertThat(pipeline().exitCode()).isZero();
    clock.advance(Duration.ofSeconds(30));
    Files.delete(dir.resolve("sources/data-engineers/team/members.json"));
    assertThat(pipeline().exitCode()).isZero();
    assertThat(secret(STAGING, "team/members").scheduledForDeletion()).isTrue();
    clock.advance(Duration.ofSeconds(2));
    aws.resetCounters();

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(aws.count("secretsmanager.DeleteSecret")).isZero();
    clock.advance(LAG);
    assertConverged();
  }

  @Test
  void aNoOpRunLongAfterTheLastWriteCostsOnlyTheListing() {
    clock.set(Instant.now().minus(OLD));
    assertThat(pipeline().exitCode()).isZero();
    clock.advance(LAG);
    aws.resetCounters();

    CliHarness.Result r = pipeline("--exit-code");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(aws.count("secretsmanager.ListSecrets")).as("one page per target").isEqualTo(3);
    assertThat(aws.totalCalls())
        .as("the listing, the role and each account's fingerprint key only")
        .isEqualTo(3 + 3 + 3);
  }

  @Test
  void insideTheWindowOnlyRecentlyChangedSecretsAreDescribed() {
    clock.set(Instant.now().minus(OLD));
    assertThat(pipeline().exitCode()).isZero();
    clock.set(Instant.now());
    cli.write(TOOLS, B);
    assertThat(pipeline().exitCode()).isZero();
    clock.advance(Duration.ofSeconds(30));
    aws.resetCounters();

    CliHarness.Result r = pipeline("--exit-code");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(aws.count("secretsmanager.DescribeSecret")).isEqualTo(3);
    assertThat(aws.writeCount()).isZero();
  }
}
