package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.testkit.CliHarness;
import dev.secretsync.testkit.GitHubEmulator;
import dev.secretsync.testkit.SeedFixture;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the github target's CLI tests share: a {@link GitHubEmulator} (the repository {@code
 * acme/api} unless {@link #emulator()} says otherwise), the seed's file sources under {@code
 * sources/}, a CLI in a temporary directory with a token for the emulator in its environment, and
 * {@link #checkedRun} — a run whose output is checked for every seeded value and every sealed box
 * the emulator received. A subclass's own {@code @BeforeEach} runs after this set-up.
 */
abstract class GitHubTestBase {
  @TempDir Path dir;
  CliHarness cli;
  GitHubEmulator gh;

  /** The CLI's environment: the emulator's API URL and token (mutable: tests change it). */
  Map<String, String> env;

  /** The emulator for each test; override to add repositories, accounts or apps. */
  GitHubEmulator emulator() {
    return GitHubEmulator.start().repo("acme", "api");
  }

  @BeforeEach
  void startGitHub() {
    gh = emulator();
    cli = new CliHarness(dir);
    SeedFixture.writeFileSources(dir.resolve("sources"));
    env = new HashMap<>(Map.of("GITHUB_TOKEN", gh.token(), "GITHUB_API_URL", gh.apiUrl()));
  }

  @AfterEach
  void stopGitHub() {
    gh.close();
  }

  /** Runs the CLI with {@link #env}; no seeded value and no sealed box may be in its output. */
  CliHarness.Result checkedRun(String... args) {
    CliHarness.Result r = cli.run(env, args);
    for (String value : SeedFixture.secretValues()) {
      assertThat(r.all()).as("no secret value in output").doesNotContain(value);
    }
    for (String box : gh.receivedSealedBoxes()) {
      assertThat(r.all()).as("no sealed box in output").doesNotContain(box);
    }
    return r;
  }

  /** {@code pipeline --config secretsync.yaml} and {@code extra}, checked. */
  CliHarness.Result checkedPipeline(String... extra) {
    String[] args = CliHarness.pipelineArgs(extra);
    return checkedRun(args);
  }
}
