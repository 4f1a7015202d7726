package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.testkit.CliHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code secretsync validate} on the scope keys of github targets: environment scope writes Actions
 * secrets only, org scope takes visibility and selected repositories, and environments are checked
 * against GitHub's rules — every problem at once, with its place.
 */
class GitHubScopesConfigTest {
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
  void everyScopeWithItsKeysIsValid() {
    assertThat(
            validate(
                    """
                    github:
                      owner: acme
                      repo: api
                      environments:
                        - {name: production, wait_timer: 30, reviewers: [alice, acme/platform],
                           prevent_self_review: true, deployment_branch_policy: protected}
                        - {name: staging, deployment_branch_policy: [main, "release/*"]}
                    """)
                .exitCode())
        .isZero();
    assertThat(
            validate("github: {scope: environment, owner: acme, repo: api, environment: prod}")
                .exitCode())
        .isZero();
    assertThat(
            validate(
                    "github: {scope: org, owner: acme, apps: [actions, dependabot, codespaces],"
                        + " visibility: selected, selected_repositories: [api, web]}")
                .exitCode())
        .isZero();
    assertThat(
            validate(
                    "github: {owner: acme, repo: api,"
                        + " environments: {tiers: default, reviewers: [alice]}}")
                .exitCode())
        .isZero();
  }

  @Test
  void theEnvironmentsAndOrgExampleIsValid() throws Exception {
    CliHarness cli = new CliHarness(dir);
    cli.write(
        "secretsync.yaml",
        Files.readString(Path.of("examples/github-target/environments-and-org.yaml")));

    CliHarness.Result r =
        cli.run(
            Map.of("VAULT_ADDR", "http://127.0.0.1:1", "VAULT_TOKEN", "t"),
            "validate",
            "--config",
            "secretsync.yaml");

    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  @Test
  void environmentScopeRefusesOtherAppsAndNeedsTheEnvironment() {
    CliHarness.Result r =
        validate(
            "github: {scope: environment, owner: acme, repo: api, apps: [actions, dependabot]}");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr())
        .contains(
            "targets.ci.github.apps[1]: GitHub has only Actions secrets per environment, not"
                + " dependabot; use apps: [actions]")
        .contains("targets.ci.github.environment: environment is required with scope: environment");
  }

  @Test
  void orgScopeProblemsAreNamed() {
    CliHarness.Result r =
        validate(
            """
            github:
              scope: org
              owner: acme
              visibility: public
              selected_repositories: [api, "acme/web"]
              environment: prod
              environments: [{name: dev}]
            """);

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr())
        .contains("targets.ci.github.visibility: \"public\" is not one of all, private, selected")
        .contains(
            "targets.ci.github.selected_repositories: selected_repositories applies with"
                + " visibility: selected only")
        .contains(
            "targets.ci.github.selected_repositories[1]: \"acme/web\" is not a repository name")
        .contains("targets.ci.github.environment: environment applies to scope: environment only")
        .contains("targets.ci.github.environments: environments applies to scope: repo");
  }

  @Test
  void environmentRulesAreCheckedAgainstGitHubsLimits() {
    CliHarness.Result r =
        validate(
            """
            github:
              owner: acme
              repo: api
              environments:
                - {name: prod, wait_timer: 50000, reviewers: [a, b, c, d, e, f, g]}
                - {name: PROD, prevent_self_review: true, deployment_branch_policy: sometimes}
            """);

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr())
        .contains("targets.ci.github.environments[0].wait_timer: must be between 0 and 43200")
        .contains("targets.ci.github.environments[0].reviewers: GitHub allows at most 6")
        .contains(
            "targets.ci.github.environments[1].name: environment \"PROD\" is already declared at"
                + " targets.ci.github.environments[0]")
        .contains(
            "targets.ci.github.environments[1].prevent_self_review: prevent_self_review needs reviewers")
        .contains(
            "targets.ci.github.environments[1].deployment_branch_policy: \"sometimes\" is not"
                + " protected, all, or a list of branch patterns");
  }

  @Test
  void tiersWithoutReviewersSayWhoIsMissing() {
    CliHarness.Result r =
        validate("github: {owner: acme, repo: api, environments: {tiers: default}}");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr())
        .contains("targets.ci.github.environments.reviewers: tiers: default needs reviewers:");
  }
}
