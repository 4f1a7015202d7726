package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.testkit.AwsEmulator;
import dev.secretsync.testkit.AwsSecretView;
import dev.secretsync.testkit.CliHarness;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The seed fixture as file sources syncing to the AWS emulator, one account per target. */
abstract class AwsTestBase extends LocalPipelineTestBase {
  static final String STAGING = "111111111111";
  static final String PRODUCTION = "222222222222";
  static final String DEMO = "333333333333";
  static final String REGION = "us-east-1";

  AwsEmulator aws;

  @BeforeEach
  void startAws() {
    aws = AwsEmulator.start();
    cli.write("secretsync.yaml", awsConfig(""));
  }

  @AfterEach
  void stopAws() {
    aws.close();
  }

  String awsConfig(String stagingExtra) {
    return """
        sources:
          analytics: {file: {path: sources/analytics}}
          data-engineers: {file: {path: sources/data-engineers}}
        aws:
          region: us-east-1
          endpoint: %s
          role_pattern: "arn:aws:iam::{{account_id}}:role/SecretSync"
        targets:
          Staging:
            imports: [analytics, data-engineers]
            account_id: "111111111111"
            tags: {team: platform}
        %s
          Production: {imports: [Staging], account_id: "222222222222"}
          Demo: {imports: [Production], account_id: "333333333333"}
        """
        .formatted(
            aws.endpoint(),
            stagingExtra.isEmpty() ? "" : "    " + stagingExtra.strip().replace("\n", "\n    "));
  }

  Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
    env.put("AWS_SECRET_ACCESS_KEY", "not-a-real-secret-key");
    return env;
  }

  @Override
  CliHarness.Result pipeline(String... extra) {
    String[] args = CliHarness.pipelineArgs(extra);
    CliHarness.Result r = cli.run(env(), args);
    assertNoSecretValues(r);
    return r;
  }

  AwsSecretView secret(String account, String name) {
    return aws.secret(account, REGION, name)
        .orElseThrow(() -> new AssertionError("no secret " + name + " in " + account));
  }

  /** The secrets synced to {@code account} (without secretsync's fingerprint key secret). */
  List<AwsSecretView> synced(String account) {
    return aws.secrets(account, REGION).stream()
        .filter(s -> !s.name().equals("secretsync/fingerprint-key"))
        .toList();
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> value(String account, String name) throws Exception {
    return new ObjectMapper().readValue(secret(account, name).currentValue(), Map.class);
  }

  void assertConverged() {
    CliHarness.Result r = pipeline("--dry-run", "--exit-code");
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }
}
