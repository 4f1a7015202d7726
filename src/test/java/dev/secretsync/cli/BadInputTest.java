package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.testkit.CliHarness;
import dev.secretsync.testkit.SeedFixture;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input: a clear one-line error with location, a non-zero exit, nothing written. */
class BadInputTest extends LocalPipelineTestBase {

  static Stream<Arguments> badConfigs() {
    return Stream.of(
        Arguments.of(
            "malformed YAML",
            "targets:\n  Staging: {type: file, path: out\n",
            "secretsync.yaml:3:1: malformed YAML"),
        Arguments.of(
            "unknown key",
            SEED_CONFIG + "  Extra: {type: file, path: out/x, imports: [analytics], colour: red}\n",
            "secretsync.yaml:11:58: targets.Extra.colour: unknown key \"colour\""),
        Arguments.of(
            "unknown import",
            SEED_CONFIG.replace("imports: [Staging]", "imports: [Stg]"),
            "targets.Production.imports[0]: unknown source or target \"Stg\""),
        Arguments.of(
            "import cycle",
            SEED_CONFIG.replace(
                "imports: [analytics, data-engineers]", "imports: [analytics, Demo]"),
            "circular dependency detected in target inheritance: Demo -> Production -> Staging -> Demo"),
        Arguments.of(
            "unset variable",
            SEED_CONFIG.replace("path: out/staging", "path: ${OUT_DIR}/staging"),
            "secretsync.yaml:7:11: targets.Staging.path: environment variable OUT_DIR is not set"),
        Arguments.of(
            "key with ..",
            SEED_CONFIG.replace(
                "imports: [Production]}",
                "imports: [Production], overrides: {config/../etc: {a: 1}}}"),
            "targets.Demo.overrides.config/../etc: invalid secret key: contains a '..' segment"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badConfigs")
  void badConfigIsOneClearLineAndWritesNothing(String name, String yaml, String expected) {
    cli.write("secretsync.yaml", yaml);
    CliHarness.Result r = pipeline();
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.stderr()).as(r.toString()).contains(expected);
    assertThat(r.stderr().strip().lines()).as(r.toString()).hasSize(1);
    assertThat(r.stderr()).startsWith("error: invalid configuration: ");
    assertThat(r.all()).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(dir.resolve("out")).doesNotExist();

    CliHarness.Result gate = pipeline("--exit-code");
    assertThat(gate.exitCode()).as("failure under --exit-code").isEqualTo(2);
    CliHarness.Result validate = cli.run("validate", "--config", "secretsync.yaml");
    assertThat(validate.exitCode()).isEqualTo(1);
    assertThat(validate.stderr()).contains(expected);
  }

  @Test
  void sourceFileWhoseTopLevelIsAListFailsNamingTheFile() {
    cli.write("sources/analytics/config/list.yaml", "- a\n- b\n");
    CliHarness.Result r = pipeline();
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.all())
        .contains("sources/analytics/config/list.yaml")
        .contains("the top level must be an object")
        .contains("found a list");
    assertThat(r.stdout()).contains("Target Staging").contains("FAILED");
    assertThat(r.stdout()).contains("skipped: depends on failed target Staging");
    assertThat(r.all()).doesNotContain("\tat ");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void malformedSourceFileNamesFileAndLineButNotTheContent() {
    cli.write("sources/analytics/config/broken.json", "{\"password\": \"hunter2-leak\" oops}");
    CliHarness.Result r = pipeline();
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.all())
        .contains("broken.json: not valid JSON at line 1")
        .doesNotContain("hunter2-leak");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    cli.write(
        "secretsync.yaml",
        """
        sources:
          a: {file: {path: x}, vault: {mount: m}}
        targets:
          T: {type: file, imports: [nope], deletion: {policy: sometimes}}
        pipeline: {parallelism: 0}
        """);
    CliHarness.Result r = cli.run("validate", "--config", "secretsync.yaml");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr())
        .contains("problems)")
        .contains("sources.a: a source takes one of vault or file, not both")
        .contains("targets.T.imports[0]: unknown source or target \"nope\"")
        .contains("targets.T.deletion.policy: \"sometimes\" is not one of delete, retain")
        .contains("targets.T.path: file targets need path:")
        .contains("pipeline.parallelism: must be between 1 and 256");
  }

  @Test
  void usageErrorsExitTwoWithHelpHint() {
    CliHarness.Result r = cli.run("pipeline", "--no-such-flag");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stderr()).contains("Unknown option: '--no-such-flag'").contains("--help");
    CliHarness.Result both = cli.run("pipeline", "--merge-only", "--sync-only");
    assertThat(both.exitCode()).isEqualTo(2);
    CliHarness.Result format = cli.run("pipeline", "-c", "secretsync.yaml", "-o", "yaml");
    assertThat(format.exitCode()).isEqualTo(2);
    assertThat(format.stderr()).contains("unknown output format \"yaml\"");
  }

  @Test
  void missingConfigFileSaysHowToPassOne() {
    CliHarness.Result r = cli.run(Map.of(), "pipeline", "--config", "nope.yaml");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr())
        .contains("nope.yaml: config file not found (pass --config or set SECRETSYNC_CONFIG)");
  }

  @Test
  void fixtureHasValuesToLookFor() {
    assertThat(SeedFixture.secretValues())
        .contains("REDACTED-snowflake-pass", "engineers-db.internal");
  }

  @Test
  void roleInAnotherAccountAndABadPushUrlAreCaughtByValidate() {
    cli.write(
        "secretsync.yaml",
        """
        sources:
          a: {file: {path: x}}
        targets:
          T: {imports: [a], account_id: "111111111111", role_arn: "arn:aws:iam::222222222222:role/S"}
        metrics: {push_url: "pushgateway:9091"}
        """);
    CliHarness.Result r = cli.run("validate", "--config", "secretsync.yaml");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr())
        .contains(
            "targets.T.role_arn: the role is in account 222222222222 but account_id is 111111111111")
        .contains("metrics.push_url: has no http:// or https:// in front: expected http(s)://");
  }
}
