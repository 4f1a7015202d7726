package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.testkit.AwsEmulator;
import dev.secretsync.testkit.CliHarness;
import dev.secretsync.testkit.TestKeys;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --dry-run --diff} on a Secrets Manager target shows the masked field lines of updates, as
 * file targets do, reading the live values only when {@code --diff} asks for them.
 */
class AwsDiffTest {
  @TempDir Path dir;
  CliHarness cli;
  AwsEmulator aws;

  @BeforeEach
  void start() {
    cli = new CliHarness(dir);
    aws = AwsEmulator.start();
    cli.write(
        "secretsync.yaml",
        """
        sources:
          src: {file: {path: src}}
        aws: {region: us-east-1, endpoint: %s, role_pattern: "arn:aws:iam::{{account_id}}:role/S"}
        targets:
          T: {imports: [src], account_id: "111111111111"}
        """
            .formatted(aws.endpoint()));
    cli.write(
        "src/app.json", "{\"user\": \"svc\", \"password\": \"old-pass-1\", \"gone\": \"g-1\"}");
    cli.write("src/other.json", "{\"k\": \"same-1\"}");
  }

  @AfterEach
  void stop() {
    aws.close();
  }

  @Test
  void dryRunDiffShowsMaskedFieldLinesForAwsUpdates() {
    assertThat(run().exitCode()).isZero();
    cli.write("src/app.json", "{\"user\": \"svc\", \"password\": \"new-pass-2\", \"port\": 5432}");
    aws.resetCounters();

    CliHarness.Result plain = run("--dry-run");
    long readsWithoutDiff = aws.count("secretsmanager.BatchGetSecretValue");
    CliHarness.Result diff = run("--dry-run", "--diff");

    assertThat(readsWithoutDiff).isZero();
    assertThat(aws.count("secretsmanager.BatchGetSecretValue")).isEqualTo(1);
    assertThat(aws.count("secretsmanager.GetSecretValue")).isZero();
    assertThat(plain.stdout()).doesNotContain("password");
    assertThat(diff.stdout())
        .contains("~ app")
        .contains("      - gone:     •••• → (none)")
        .contains("      ~ password: •••• → ••••")
        .contains("      + port:     (none) → ••••")
        .doesNotContain("user:");
    for (String value : new String[] {"old-pass-1", "new-pass-2", "5432", "g-1", "svc"}) {
      assertThat(diff.all()).doesNotContain(value);
    }
    assertThat(aws.writeCount()).isZero();
  }

  private CliHarness.Result run(String... extra) {
    String[] args = new String[extra.length + 3];
    args[0] = "pipeline";
    args[1] = "-c";
    args[2] = "secretsync.yaml";
    System.arraycopy(extra, 0, args, 3, extra.length);
    // A configured fingerprint key: no key secret is read, so every value read is --diff's.
    return cli.run(
        Map.of(
            "AWS_ACCESS_KEY_ID",
            "AKIDEXAMPLE",
            "AWS_SECRET_ACCESS_KEY",
            "not-a-real-key",
            "SECRETSYNC_FINGERPRINT_KEY",
            TestKeys.TEXT),
        args);
  }
}
