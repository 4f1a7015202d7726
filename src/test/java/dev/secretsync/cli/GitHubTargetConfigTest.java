package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.testkit.CliHarness;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code secretsync validate} on github targets: every problem of the block at once, with place.
 */
class GitHubTargetConfigTest {
  @TempDir Path dir;

  private CliHarness.Result validate(String target) {
    CliHarness cli = new CliHarness(dir);
    cli.write(
        "secretsync.yaml",
        """
        sources:
          base: {file: {path: ./s}}
        targets:
          ci:
            type: github
            imports: [base]
        %s
        """
            .formatted(target.indent(4).stripTrailing()));
    return cli.run("validate", "--config", "secretsync.yaml");
  }

  @Test
  void aCompleteBlockIsValid() {
    CliHarness.Result r =
        validate(
            "github: {owner: acme, repo: api, apps: [actions, dependabot, codespaces],"
                + " granularity: secret, name_template: \"APP_{key}\", exclude: [\"X_*\"],"
                + " api_url: \"https://ghe.example.com/api/v3\"}");

    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  @Test
  void everyProblemOfTheBlockIsReportedWithItsPlace() {
    CliHarness.Result r =
        validate(
            """
            github:
              scope: org
              repo: api
              apps: [actions, pages]
              name_template: "{key}"
              repository: api
            """);

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.stderr())
        .contains("secretsync.yaml:10:23: targets.ci.github.apps[1]: \"pages\" is not one of")
        .contains("targets.ci.github.repository: unknown key \"repository\"")
        .contains("targets.ci.github.repo: repo does not apply to scope: org")
        .contains("targets.ci.github.owner: owner is required")
        .contains("targets.ci.github.name_template: the template must contain {key} and {field}");
  }

  @Test
  void aGithubTargetWithoutItsBlockSaysWhatItNeeds() {
    CliHarness.Result r = validate("");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.stderr()).contains("targets.ci.github: github targets need a github: block");
  }
}
