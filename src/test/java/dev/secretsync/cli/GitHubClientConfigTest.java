package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.testkit.CliHarness;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code secretsync validate} on what several github targets share: two targets may not write the
 * same app's secrets of one repository, environment or organisation (the problem names both
 * places), App keys are well-formed and the write limits in range.
 */
class GitHubClientConfigTest {
  @TempDir Path dir;

  private CliHarness.Result validate(String targets) {
    CliHarness cli = new CliHarness(dir);
    cli.write(
        "secretsync.yaml",
        """
        sources:
          base: {file: {path: ./s}}
        targets:
        %s
        """
            .formatted(targets.indent(2).stripTrailing()));
    return cli.run("validate", "--config", "secretsync.yaml");
  }

  @Test
  void twoTargetsWritingTheSameRepositoryAppAreRefusedNamingBoth() {
    CliHarness.Result r =
        validate(
            """
            ci:
              type: github
              imports: [base]
              github: {owner: acme, repo: api, apps: [actions, dependabot]}
            ci-copy:
              type: github
              imports: [base]
              github: {owner: ACME, repo: api, apps: [dependabot]}
            """);

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.stderr())
        .containsOnlyOnce(
            "secretsync.yaml:11:13: targets.ci-copy.github: this target and targets.ci.github"
                + " (secretsync.yaml:7:13) both write the dependabot secrets of ACME/api");
  }

  @Test
  void twoTargetsOnTheSameEnvironmentOrOrganisationAreRefused() {
    CliHarness.Result r =
        validate(
            """
            prod-a: {type: github, imports: [base], github: {scope: environment, owner: acme, repo: api, environment: production}}
            prod-b: {type: github, imports: [base], github: {scope: environment, owner: acme, repo: api, environment: production}}
            org-a: {type: github, imports: [base], github: {scope: org, owner: acme}}
            org-b: {type: github, imports: [base], github: {scope: org, owner: acme, visibility: all}}
            """);

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.stderr())
        .contains(
            "targets.prod-b.github: this target and targets.prod-a.github (secretsync.yaml:4:")
        .contains("both write the actions secrets of acme/api environment production")
        .contains("targets.org-b.github: this target and targets.org-a.github")
        .contains("both write the actions secrets of organisation acme");
  }

  @Test
  void differentAppsEnvironmentsAndRepositoriesMayBeWrittenByDifferentTargets() {
    CliHarness.Result r =
        validate(
            """
            ci: {type: github, imports: [base], github: {owner: acme, repo: api, apps: [actions]}}
            bots: {type: github, imports: [base], github: {owner: acme, repo: api, apps: [dependabot]}}
            web: {type: github, imports: [base], github: {owner: acme, repo: web}}
            staging: {type: github, imports: [base], github: {scope: environment, owner: acme, repo: api, environment: staging}}
            production: {type: github, imports: [base], github: {scope: environment, owner: acme, repo: api, environment: production}}
            """);

    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  @Test
  void appKeysAndWriteLimitsAreChecked() {
    CliHarness.Result r =
        validate(
            """
            ci:
              type: github
              imports: [base]
              github:
                owner: acme
                repo: api
                installation_id: abc
                max_concurrent_writes: 0
                writes_per_minute: 100000
            """);

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.stderr())
        .contains("targets.ci.github.app_id: installation_id and private_key_file need app_id")
        .contains("targets.ci.github.installation_id: \"abc\" is not an installation id")
        .contains("targets.ci.github.max_concurrent_writes: must be between 1 and 100")
        .contains("targets.ci.github.writes_per_minute: must be between 1 and 5000");
  }
}
