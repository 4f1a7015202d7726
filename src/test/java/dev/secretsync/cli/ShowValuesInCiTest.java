package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import dev.secretsync.testkit.CliHarness;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code --show-values} prints plaintext, so a CI run refuses it unless explicitly allowed. */
class ShowValuesInCiTest extends LocalPipelineTestBase {
  private static final String ROTATED = "rotated-pw-42";

  @BeforeEach
  void changeOneValue() {
    assertThat(pipeline().exitCode()).isZero();
    cli.write(
        "sources/data-engineers/credentials/snowflake.json", "{\"password\": \"" + ROTATED + "\"}");
  }

  private CliHarness.Result showValues(Map<String, String> env, String... extra) {
    String[] args = new String[6 + extra.length];
    System.arraycopy(
        new String[] {
          "pipeline", "--config", "secretsync.yaml", "--dry-run", "--diff", "--show-values"
        },
        0,
        args,
        0,
        6);
    System.arraycopy(extra, 0, args, 6, extra.length);
    return cli.run(env, args);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "CI, true",
    "CI, 1",
    "GITHUB_ACTIONS, true",
    "GITLAB_CI, true",
    "BUILDKITE, true",
    "CIRCLECI, true",
    "TRAVIS, true",
    "TF_BUILD, True",
    "DRONE, true",
    "JENKINS_URL, https://jenkins.example/",
    "TEAMCITY_VERSION, 2024.12",
    "CODEBUILD_BUILD_ID, build:1234",
    "BITBUCKET_BUILD_NUMBER, 17"
  })
  void aCiRunRefusesShowValuesWithOneLineSayingHowToOverride(String variable, String value) {
    CliHarness.Result r = showValues(Map.of(variable, value));

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.stdout()).isEmpty();
    assertThat(r.stderr().lines())
        .singleElement(STRING)
        .startsWith(
            "error: --show-values prints secret values in plain text, and this looks like a CI run ("
                + variable)
        .endsWith(
            "; pass --i-know-this-is-ci (or set SECRETSYNC_ALLOW_SHOW_VALUES_IN_CI=true) if"
                + " the log is private");
    assertNoSecretValues(r);
    assertThat(r.all()).doesNotContain(ROTATED);
  }

  @Test
  void showValuesFromTheEnvironmentIsRefusedInCiToo() {
    CliHarness.Result r =
        cli.run(
            Map.of("CI", "true", "SECRETSYNC_SHOW_VALUES", "true"),
            "pipeline",
            "--config",
            "secretsync.yaml",
            "--dry-run",
            "--diff");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.all()).doesNotContain(ROTATED);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({"CI, false", "CI, 0", "CI, ''", "GITHUB_ACTIONS, false", "JENKINS_URL, ''"})
  void markersThatSayNotCiLeaveShowValuesAlone(String variable, String value) {
    CliHarness.Result r = showValues(Map.of(variable, value));

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).contains("\"" + ROTATED + "\"");
  }

  @Test
  void theOverrideFlagAllowsShowValuesInCi() {
    CliHarness.Result r = showValues(Map.of("CI", "true"), "--i-know-this-is-ci");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).contains("\"" + ROTATED + "\"");
  }

  @Test
  void theOlderOverrideFlagIsAnAlias() {
    CliHarness.Result r = showValues(Map.of("GITHUB_ACTIONS", "true"), "--allow-show-values-in-ci");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).contains("\"" + ROTATED + "\"");
  }

  @Test
  void theOverrideVariableAllowsShowValuesInCi() {
    CliHarness.Result r =
        showValues(Map.of("CI", "true", "SECRETSYNC_ALLOW_SHOW_VALUES_IN_CI", "true"));

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).contains("\"" + ROTATED + "\"");
  }

  @Test
  void theOverrideAloneRevealsNothing() {
    CliHarness.Result r =
        cli.run(
            Map.of("CI", "true"),
            "pipeline",
            "--config",
            "secretsync.yaml",
            "--dry-run",
            "--diff",
            "--allow-show-values-in-ci");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.all()).doesNotContain(ROTATED);
  }
}
