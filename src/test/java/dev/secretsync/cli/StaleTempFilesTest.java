package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.testkit.CliHarness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A run killed mid-write (SIGKILL, power loss: no shutdown hook runs) leaves a {@code
 * .secretsync-<digits>.tmp} holding a value; the next apply to that directory removes it — only
 * that exact pattern, only when older than a minute (a younger one may be a concurrent run's).
 */
class StaleTempFilesTest extends LocalPipelineTestBase {
  private static final String LEFTOVER = "leftover-plaintext-4711";

  private Path plant(String relative, Duration age) throws IOException {
    Path p = cli.write(relative, "{\"password\": \"" + LEFTOVER + "\"}");
    Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(age)));
    return p;
  }

  private void changeASource() {
    cli.write(
        "sources/analytics/config/api.json",
        "{\"base_url\": \"https://api.analytics.internal\", \"timeout_ms\": 1000}");
  }

  @Test
  void theNextApplyRemovesOurStaleTempFilesInTheDirectoriesItWrites() throws Exception {
    assertThat(pipeline().exitCode()).isZero();
    Path stale = plant("out/staging/.secretsync-8812731276361.tmp", Duration.ofHours(2));
    Path staleNested = plant("out/staging/config/.secretsync-17.tmp", Duration.ofMinutes(5));
    Path young = plant("out/staging/.secretsync-99.tmp", Duration.ofSeconds(5));
    Path lookAlike = plant("out/staging/.secretsync-manual.tmp", Duration.ofHours(2));
    Path otherTool = plant("out/staging/notes.tmp", Duration.ofHours(2));
    Path elsewhere = plant("elsewhere/.secretsync-5.tmp", Duration.ofHours(2));
    changeASource();

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(stale).doesNotExist();
    assertThat(staleNested).doesNotExist();
    assertThat(young).as("may be a concurrent run's write").exists();
    assertThat(lookAlike).as("not our exact pattern").exists();
    assertThat(otherTool).exists();
    assertThat(elsewhere).as("not a directory this run writes").exists();
    assertThat(r.stderr())
        .contains("removed 1 stale temp file(s) left in " + dir.resolve("out/staging"))
        .contains("removed 1 stale temp file(s) left in " + dir.resolve("out/staging/config"))
        .doesNotContain(LEFTOVER)
        .doesNotContain("8812731276361");
  }

  @Test
  void aDryRunRemovesNothing() throws Exception {
    assertThat(pipeline().exitCode()).isZero();
    Path stale = plant("out/staging/.secretsync-1.tmp", Duration.ofHours(2));
    changeASource();

    assertThat(pipeline("--dry-run").exitCode()).isZero();

    assertThat(stale).exists();
  }

  @Test
  void theDirectoryMergeStoreRemovesOurStaleTempFilesOnItsNextSave() throws Exception {
    cli.write("secretsync.yaml", SEED_CONFIG + "merge_store: {directory: {path: store}}\n");
    assertThat(pipeline().exitCode()).isZero();
    Path stale = plant("store/.secretsync-42.tmp", Duration.ofHours(1));
    changeASource();

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(stale).doesNotExist();
    assertThat(r.stderr())
        .contains("removed 1 stale temp file(s) left in " + dir.resolve("store"))
        .doesNotContain(LEFTOVER);
  }
}
