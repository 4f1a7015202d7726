package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.testkit.CliHarness;
import dev.secretsync.testkit.S3MockProxy;
import dev.secretsync.testkit.S3MockServer;
import dev.secretsync.testkit.SeedFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code pipeline --dry-run --plan-file} then {@code apply} in a fresh invocation, over the AWS
 * emulator with an S3 merge store: exactly the planned writes, and nothing at all when the plan is
 * stale, edited, or too old.
 */
class SavedPlanTest extends AwsTestBase {
  private static final String PLANNED = "planned-pw-1111";
  private static final String LATER = "later-pw-2222";
  private static final String NEW_VALUE = "brand-new-3333";

  private final S3MockServer s3mock = S3MockServer.shared();
  private S3MockProxy proxy;

  @BeforeEach
  void useS3AndSyncOnce() {
    proxy = S3MockProxy.to(s3mock.endpoint());
    useS3(s3mock.newBucket("plans"));
    assertThat(pipeline().exitCode()).isZero();
    cli.write("sources/data-engineers/credentials/snowflake.json", password(PLANNED));
    cli.write("sources/data-engineers/config/feature.json", "{\"flag\": \"" + NEW_VALUE + "\"}");
  }

  @AfterEach
  void closeProxy() {
    proxy.close();
  }

  private void useS3(String bucket) {
    cli.write(
        "secretsync.yaml",
        awsConfig("")
            + "merge_store:\n  s3: {bucket: "
            + bucket
            + ", prefix: merged/, endpoint: \""
            + proxy.endpoint()
            + "\", path_style: true, region: us-east-1}\n");
  }

  private static String password(String value) {
    return "{\"user\": \"svc_snowflake\", \"password\": \"" + value + "\"}";
  }

  private CliHarness.Result plan() {
    CliHarness.Result r = pipeline("--dry-run", "--plan-file", "plan.json");
    assertThat(r.all()).doesNotContain(PLANNED).doesNotContain(NEW_VALUE);
    return r;
  }

  private CliHarness.Result apply(String... extra) {
    List<String> args =
        new ArrayList<>(List.of("apply", "plan.json", "--config", "secretsync.yaml"));
    args.addAll(List.of(extra));
    CliHarness.Result r = cli.run(env(), args.toArray(String[]::new));
    assertNoSecretValues(r);
    assertThat(r.all()).doesNotContain(PLANNED).doesNotContain(LATER).doesNotContain(NEW_VALUE);
    return r;
  }

  private String planText() throws IOException {
    return Files.readString(dir.resolve("plan.json"), StandardCharsets.UTF_8);
  }

  private int planned(String text, String kind) {
    Matcher m = Pattern.compile("\"kind\" : \"" + kind + "\"").matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  @Test
  void applyInAFreshInvocationMakesExactlyThePlannedWrites() throws IOException {
    CliHarness.Result planned = plan();
    String text = planText();
    aws.resetCounters();

    CliHarness.Result applied = apply();

    assertThat(planned.exitCode()).as(planned.toString()).isZero();
    assertThat(planned.stderr()).contains("Plan saved to plan.json (6 changes in 3 targets)");
    assertThat(planned(text, "update")).isEqualTo(3);
    assertThat(planned(text, "create")).isEqualTo(3);
    assertThat(applied.exitCode()).as(applied.toString()).isZero();
    assertThat(aws.count("secretsmanager.PutSecretValue")).isEqualTo(3);
    assertThat(aws.count("secretsmanager.CreateSecret")).isEqualTo(3);
    assertThat(aws.writeCount()).isEqualTo(6);
    for (String account : List.of(STAGING, PRODUCTION, DEMO)) {
      assertThat(aws.currentValue(account, REGION, "credentials/snowflake")).contains(PLANNED);
      assertThat(aws.currentValue(account, REGION, "config/feature")).contains(NEW_VALUE);
    }
  }

  @Test
  void thePlanFileHoldsFingerprintsAndNamesButNoValue() throws IOException {
    plan();

    byte[] bytes = Files.readAllBytes(dir.resolve("plan.json"));
    String text = new String(bytes, StandardCharsets.UTF_8);

    for (String value :
        Stream.concat(
                SeedFixture.secretValues().stream(), Stream.of(PLANNED, NEW_VALUE, "svc_snowflake"))
            .toList()) {
      assertThat(text).as("plan file must not contain a value").doesNotContain(value);
    }
    assertThat(text)
        .contains("\"format_version\" : 1")
        .contains("\"tool_version\"")
        .contains("\"created_at\"")
        .contains("\"bundle_fingerprint\"")
        .contains("\"name\" : \"credentials/snowflake\"")
        .contains("\"data-engineers\" : \"")
        .contains("\"signature\"");
    try (Stream<java.nio.file.Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no temp file left beside the plan")
          .noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  @Test
  void aSourceChangedAfterPlanningMakesThePlanStaleAndNothingIsWritten() {
    plan();
    cli.write("sources/data-engineers/credentials/snowflake.json", password(LATER));
    aws.resetCounters();
    proxy.clear();

    CliHarness.Result r = apply();

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.stderr())
        .contains(
            "error: stale plan: the sources changed since it was made (target Staging, 1 key;"
                + " changed: data-engineers)")
        .contains("error: the plan was not applied: nothing was written");
    assertThat(aws.writeCount()).isZero();
    assertThat(proxy.count("PUT", "")).as("merge store untouched").isZero();
  }

  @Test
  void aTargetChangedOutOfBandAfterPlanningIsRefused() {
    plan();
    aws.modifyOutOfBand(PRODUCTION, REGION, "config/api", "{\"endpoint\": \"elsewhere\"}");
    aws.resetCounters();

    CliHarness.Result r = apply();

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.stderr())
        .contains("error: stale plan: Production changed out of band: 1 secret (config/api)");
    assertThat(aws.writeCount()).isZero();
  }

  @Test
  void anEditedFingerprintIsRefusedAsNotMatching() throws IOException {
    plan();
    String text = planText();
    Matcher fp = Pattern.compile("\"bundle_fingerprint\" : \"([0-9a-f]{64})\"").matcher(text);
    assertThat(fp.find()).isTrue();
    String edited =
        text.replace(
            fp.group(1), fp.group(1).substring(1) + (fp.group(1).charAt(0) == 'a' ? "b" : "a"));
    cli.write("plan.json", edited);
    aws.resetCounters();

    CliHarness.Result r = apply();

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.stderr())
        .contains("error: plan does not match: the file was changed after it was made");
    assertThat(aws.writeCount()).isZero();
  }

  @Test
  void aChangedConfigMakesThePlanStale() {
    plan();
    cli.write("secretsync.yaml", readConfig() + "# reviewed later\n");
    aws.resetCounters();

    CliHarness.Result r = apply();

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.stderr())
        .contains(
            "error: stale plan: the configuration changed since it was made (secretsync.yaml)");
    assertThat(aws.writeCount()).isZero();
  }

  @Test
  void aPlanOlderThanMaxPlanAgeIsRefused() throws InterruptedException {
    plan();
    Thread.sleep(20);
    aws.resetCounters();

    CliHarness.Result r = apply("--max-plan-age", "10ms");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.stderr())
        .contains("error: plan is too old: it was made ")
        .contains("--max-plan-age 10ms");
    assertThat(aws.writeCount()).isZero();
  }

  @Test
  void exitCodeModeSaysChangesWereApplied() {
    plan();

    CliHarness.Result r = apply("--exit-code");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(apply("--exit-code").exitCode()).as("stale once applied").isEqualTo(2);
  }

  @Test
  void planFileNeedsADryRun() {
    CliHarness.Result r = pipeline("--plan-file", "plan.json");

    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stderr()).contains("error: --plan-file saves the plan of a full dry run");
    assertThat(dir.resolve("plan.json")).doesNotExist();
  }

  @Test
  void aStoreWithoutAKeyOfItsOwnYetCannotSavePlans() {
    useS3(s3mock.newBucket("fresh"));

    CliHarness.Result r = pipeline("--dry-run", "--plan-file", "plan.json");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.stderr())
        .contains("error: no plan file written: the merge store has no fingerprint key yet");
    assertThat(dir.resolve("plan.json")).doesNotExist();
  }

  private String readConfig() {
    try {
      return Files.readString(dir.resolve("secretsync.yaml"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unused")
  private static Map<String, String> none() {
    return Map.of();
  }
}
