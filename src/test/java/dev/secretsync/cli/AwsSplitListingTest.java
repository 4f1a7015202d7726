package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.testkit.AwsEmulator;
import dev.secretsync.testkit.CliHarness;
import dev.secretsync.testkit.TestKeys;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large listing is split into parallel ListSecrets streams (name-prefix filters plus a negated
 * rest) and sees exactly what one listing would: an unmanaged clash inside a stream's prefix, owned
 * orphans inside and outside the prefixes, strangers, and a name equal to a split point.
 */
class AwsSplitListingTest {
  private static final String ACCOUNT = "111111111111";
  private static final String REGION = "us-east-1";
  private static final int SERVICES = 12;
  private static final int PER_SERVICE = 100;

  @TempDir java.nio.file.Path dir;
  private CliHarness cli;
  private AwsEmulator aws;

  @BeforeEach
  void start() throws Exception {
    cli = new CliHarness(dir);
    aws = AwsEmulator.start(ACCOUNT);
    for (int s = 0; s < SERVICES; s++) {
      for (int k = 0; k < PER_SERVICE; k++) {
        cli.write(
            String.format("app/svc%02d/key%03d.json", s, k), "{\"v\": " + (s * 1000 + k) + "}");
      }
    }
    cli.write(
        "secretsync.yaml",
        """
        sources:
          app: {file: {path: app}}
        aws:
          region: us-east-1
          endpoint: %s
        targets:
          T: {imports: [app], account_id: "%s", deletion: {policy: retain}}
        """
            .formatted(aws.endpoint(), ACCOUNT));
  }

  @AfterEach
  void stop() {
    aws.close();
  }

  private CliHarness.Result run(String... extra) {
    String[] args = CliHarness.pipelineArgs(extra);
    return cli.run(
        Map.of(
            "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE",
            "AWS_SECRET_ACCESS_KEY", "not-a-real-secret-key",
            "SECRETSYNC_FINGERPRINT_KEY", TestKeys.TEXT),
        args);
  }

  private static Map<String, String> owned() {
    return Map.of("secretsync:managed-by", "secretsync", "secretsync:target", "T");
  }

  @Test
  void parallelStreamsSeeClashesOrphansAndStrangersExactlyOnce() {
    aws.seedSecret(ACCOUNT, REGION, "svc03/key005", "{\"hand\":\"made\"}", Map.of());
    aws.seedSecret(ACCOUNT, REGION, "svc07/retired", "{\"v\":1}", owned());
    aws.seedSecret(ACCOUNT, REGION, "legacy/retired", "{\"v\":2}", owned());
    aws.seedSecret(ACCOUNT, REGION, "zzz/someone-elses", "{\"v\":3}", Map.of());
    aws.seedSecret(ACCOUNT, REGION, "svc0", "{\"v\":4}", owned()); // a split point's exact name
    CliHarness.Result first = run("-o", "json");

    assertThat(first.exitCode()).as(first.all()).isEqualTo(1); // the clash is a per-key error
    assertThat(first.stdout())
        .contains("svc03/key005")
        .contains("not managed by secretsync")
        .contains("\"name\" : \"svc07/retired\"")
        .contains("\"name\" : \"legacy/retired\"")
        .contains("\"name\" : \"svc0\"")
        .doesNotContain("zzz/someone-elses");
    assertThat(aws.secrets(ACCOUNT, REGION)).hasSize(SERVICES * PER_SERVICE + 4);

    aws.resetCounters();
    aws.latency(Duration.ofMillis(20));
    CliHarness.Result again = run("-o", "json", "--dry-run");
    assertThat(again.stdout()).contains("\"unchanged\" : " + (SERVICES * PER_SERVICE - 1));
    assertThat(again.stdout()).contains("\"orphaned\" : 3");
    // 1,205 secrets: 13 pages in one listing; the split may end a few streams on partial pages.
    assertThat(aws.count("secretsmanager.ListSecrets"))
        .isLessThanOrEqualTo((SERVICES * PER_SERVICE + 5 + 99) / 100 + 3);
    assertThat(aws.maxConcurrent("secretsmanager.ListSecrets"))
        .as("listing streams answered at the same time")
        .isGreaterThan(1);
    assertThat(aws.writeCount()).isZero();
  }

  @Test
  void aNamePrefixIsKeptAndOwnedSecretsOutsideItAreStillFound() throws Exception {
    cli.write(
        "secretsync.yaml",
        """
        sources:
          app: {file: {path: app}}
        aws:
          region: us-east-1
          endpoint: %s
        targets:
          T: {imports: [app], account_id: "%s", name_prefix: "prod/"}
        """
            .formatted(aws.endpoint(), ACCOUNT));
    aws.seedSecret(ACCOUNT, REGION, "old/svc01/key001", "{\"v\":1}", owned());
    aws.seedSecret(ACCOUNT, REGION, "svc01/key001", "{\"v\":1}", Map.of());
    CliHarness.Result r = run("-o", "json");

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(r.stdout()).contains("\"added\" : " + SERVICES * PER_SERVICE);
    assertThat(r.stdout()).contains("old/svc01/key001");
    List<String> names = aws.secrets(ACCOUNT, REGION).stream().map(s -> s.name()).toList();
    assertThat(names).contains("prod/svc11/key099", "svc01/key001", "old/svc01/key001");
    aws.resetCounters();
    aws.latency(Duration.ofMillis(20));
    CliHarness.Result again = run("-o", "json", "--dry-run", "--exit-code");
    assertThat(again.exitCode()).as(again.all()).isZero();
    assertThat(again.stdout()).contains("\"unchanged\" : " + SERVICES * PER_SERVICE);
    assertThat(aws.maxConcurrent("secretsmanager.ListSecrets")).isGreaterThan(1);
  }
}
