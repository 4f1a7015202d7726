package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.testkit.CliHarness;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code --log-level} and {@code SECRETSYNC_LOG_LEVEL}, beside {@code -v}. */
class LogLevelTest extends LocalPipelineTestBase {
  private static final String DEBUG_LINE = "DEBUG SourceCache: source analytics: listing";

  @Test
  void logLevelDebugShowsDebugLines() {
    CliHarness.Result r = pipeline("--dry-run", "--log-level", "debug");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stderr()).contains(DEBUG_LINE);
  }

  @Test
  void defaultLevelHidesDebugLines() {
    CliHarness.Result r = pipeline("--dry-run");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stderr()).doesNotContain("DEBUG");
  }

  @Test
  void environmentVariableSetsTheLevel() {
    CliHarness.Result r =
        cli.run(
            Map.of("SECRETSYNC_LOG_LEVEL", "DEBUG"),
            "pipeline",
            "--config",
            "secretsync.yaml",
            "--dry-run");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stderr()).contains(DEBUG_LINE);
  }

  @Test
  void commandLineLevelWinsOverVerbose() {
    CliHarness.Result r = pipeline("--dry-run", "-v", "--log-level", "error");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stderr()).doesNotContain("DEBUG");
  }

  @Test
  void verboseWinsOverTheEnvironmentVariable() {
    CliHarness.Result r =
        cli.run(
            Map.of("SECRETSYNC_LOG_LEVEL", "error"),
            "pipeline",
            "--config",
            "secretsync.yaml",
            "--dry-run",
            "-v");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stderr()).contains(DEBUG_LINE);
  }

  @Test
  void invalidLevelIsAUsageError() {
    CliHarness.Result r = pipeline("--dry-run", "--log-level", "loud");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.stderr())
        .contains("--log-level")
        .contains("loud")
        .contains("trace, debug, info, warn, error");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void invalidEnvironmentLevelIsAUsageError() {
    CliHarness.Result r =
        cli.run(
            Map.of("SECRETSYNC_LOG_LEVEL", "verbose"), "validate", "--config", "secretsync.yaml");

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.stderr()).contains("--log-level").contains("verbose");
  }
}
