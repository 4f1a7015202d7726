package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.testkit.CliHarness;
import dev.secretsync.testkit.GitHubEmulator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GitHub's secondary limits kept on our side: github targets that share a token share its write
 * gate, so however many targets run in parallel, the emulator never sees more PUTs in flight at
 * once than {@code max_concurrent_writes} allows. Counted by the emulator, never timed.
 */
class GitHubWriteLimitsTest {
  @TempDir Path dir;
  private CliHarness cli;
  private GitHubEmulator gh;

  @BeforeEach
  void setUp() {
    gh = GitHubEmulator.start();
    cli = new CliHarness(dir);
    for (int i = 1; i <= 4; i++) {
      gh.repo("acme", "api" + i);
    }
    for (int i = 1; i <= 4; i++) {
      cli.write("src/app" + i + ".yaml", "password: pw-" + i + "\nuser: u" + i + "\n");
    }
    // Writes take a while, so parallel targets overlap at the emulator.
    gh.latency(Duration.ofMillis(150));
  }

  @AfterEach
  void stop() {
    gh.close();
  }

  private void config(String limits) {
    StringBuilder targets = new StringBuilder();
    for (int i = 1; i <= 4; i++) {
      targets.append(
          "  t%d: {type: github, imports: [src], github: {owner: acme, repo: api%d%s}}\n"
              .formatted(i, i, limits));
    }
    cli.write(
        "secretsync.yaml",
        """
        sources:
          src: {file: {path: src}}
        merge_store:
          directory: {path: merged}
        pipeline: {parallelism: 8}
        targets:
        """
            + targets);
  }

  private CliHarness.Result pipeline() {
    return cli.run(
        Map.of("GITHUB_TOKEN", gh.token(), "GITHUB_API_URL", gh.apiUrl()),
        "pipeline",
        "--config",
        "secretsync.yaml");
  }

  @Test
  void targetsSharingATokenNeverHaveMoreWritesInFlightThanConfigured() {
    config(", max_concurrent_writes: 2");

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(gh.count("put")).isEqualTo(4 * 8);
    assertThat(gh.maxWritesInFlight()).isBetween(1, 2);
  }

  @Test
  void oneWriteAtATimeWhenConfiguredSo() {
    config(", max_concurrent_writes: 1, writes_per_minute: 100");

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(gh.maxWritesInFlight()).isEqualTo(1);
  }

  @Test
  void withoutATightLimitTheSameRunOverlapsItsWrites() {
    // The control: proves the emulator counter sees parallel targets' writes overlap, so the
    // assertions above measure the gate and not a pipeline that happens to run targets in turn.
    config(", max_concurrent_writes: 8, writes_per_minute: 1000");

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(gh.maxWritesInFlight()).isGreaterThan(2);
  }
}
