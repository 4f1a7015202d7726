package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.testkit.CliHarness;
import dev.secretsync.testkit.GitHubEmulator;
import dev.secretsync.testkit.SeedFixture;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saved plans on a github target: its live state is the state record in the merge store. */
class SavedPlanGitHubTest {
  private static final String ROTATED = "rotated-gh-pw-55";

  @TempDir Path dir;
  private CliHarness cli;
  private GitHubEmulator gh;
  private Map<String, String> env;

  @BeforeEach
  void syncOnceThenChangeASource() {
    gh = GitHubEmulator.start().repo("acme", "api");
    cli = new CliHarness(dir);
    SeedFixture.writeFileSources(dir.resolve("sources"));
    env = Map.of("GITHUB_TOKEN", gh.token(), "GITHUB_API_URL", gh.apiUrl());
    cli.write(
        "secretsync.yaml",
        """
        sources:
          data-engineers: {file: {path: sources/data-engineers}}
        merge_store:
          directory: {path: merged}
        targets:
          Production:
            type: github
            imports: [data-engineers]
            github: {owner: acme, repo: api, apps: [actions, dependabot], writes_per_minute: 1000}
        """);
    assertThat(run("pipeline", "-c", "secretsync.yaml").exitCode()).isZero();
    cli.write(
        "sources/data-engineers/credentials/snowflake.json",
        "{\"user\": \"svc\", \"password\": \"" + ROTATED + "\"}");
    assertThat(
            run("pipeline", "-c", "secretsync.yaml", "--dry-run", "--plan-file", "plan.json")
                .exitCode())
        .isZero();
    gh.resetCounters();
  }

  @AfterEach
  void stop() {
    gh.close();
  }

  private CliHarness.Result run(String... args) {
    CliHarness.Result r = cli.run(env, args);
    for (String value : SeedFixture.secretValues()) {
      assertThat(r.all()).as("no secret value in output").doesNotContain(value);
    }
    assertThat(r.all()).doesNotContain(ROTATED);
    return r;
  }

  @Test
  void thePlannedChangeReachesGitHub() {
    CliHarness.Result r = run("apply", "plan.json", "-c", "secretsync.yaml");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(gh.values("acme", "api", "actions"))
        .containsEntry("CREDENTIALS_SNOWFLAKE_PASSWORD", ROTATED);
    assertThat(gh.values("acme", "api", "dependabot"))
        .containsEntry("CREDENTIALS_SNOWFLAKE_PASSWORD", ROTATED);
  }

  @Test
  void aSecretSetOutOfBandMakesThePlanStale() {
    gh.putOutOfBand("acme", "api", "actions", "CONFIG_DATABASE_HOST", "rogue.example");

    CliHarness.Result r = run("apply", "plan.json", "-c", "secretsync.yaml");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.stderr()).contains("error: stale plan: Production changed out of band: 1 secret");
    assertThat(gh.count("put")).isZero();
    assertThat(gh.values("acme", "api", "actions"))
        .doesNotContainEntry("CREDENTIALS_SNOWFLAKE_PASSWORD", ROTATED);
  }
}
