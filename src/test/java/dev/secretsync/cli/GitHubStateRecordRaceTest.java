package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.testkit.CliHarness;
import dev.secretsync.testkit.GitHubEmulator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two runs of one github target racing on its state record (two CI jobs of the same pipeline): the
 * emulator starts run A in the middle of run B's first PUT, so A reads, writes and saves the record
 * between B's read and B's save. B's compare-and-set save must notice, and merge its own writes
 * onto A's record instead of clobbering it or forgetting what it wrote — the next run, wanting what
 * both wrote, then finds everything owned and unchanged.
 */
class GitHubStateRecordRaceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  private CliHarness cli;
  private GitHubEmulator gh;

  @BeforeEach
  void setUp() {
    gh = GitHubEmulator.start().repo("acme", "api");
    cli = new CliHarness(dir);
    cli.write(
        "secretsync.yaml",
        """
        sources:
          src: {file: {path: "${SRC}"}}
        merge_store:
          directory: {path: merged}
        targets:
          ci:
            type: github
            imports: [src]
            github: {owner: acme, repo: api}
        """);
    cli.write("a/common.yaml", "token: common-value-1\n");
    cli.write("a/alpha.yaml", "key: alpha-value-1\n");
    cli.write("a/shared.yaml", "value: shared-from-a\n");
    cli.write("b/common.yaml", "token: common-value-1\n");
    cli.write("b/beta.yaml", "key: beta-value-1\n");
    cli.write("b/shared.yaml", "value: shared-from-b\n");
    cli.write("both/common.yaml", "token: common-value-1\n");
    cli.write("both/alpha.yaml", "key: alpha-value-1\n");
    cli.write("both/beta.yaml", "key: beta-value-1\n");
    cli.write("both/shared.yaml", "value: shared-from-b\n");
  }

  @AfterEach
  void stop() {
    gh.close();
  }

  private CliHarness.Result run(String src) {
    return cli.run(
        Map.of("GITHUB_TOKEN", gh.token(), "GITHUB_API_URL", gh.apiUrl(), "SRC", src),
        "pipeline",
        "--config",
        "secretsync.yaml");
  }

  @Test
  void theLoserMergesItsWritesOntoTheWinnersRecordAndTheNextRunWritesNothing() throws IOException {
    AtomicReference<CliHarness.Result> winner = new AtomicReference<>();
    gh.onFirst(
        "actions.put",
        () -> {
          winner.set(run("a"));
          // Whatever B writes from now on is later than A's writes, as on GitHub.
          gh.clock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1)));
        });

    CliHarness.Result loser = run("b");

    assertThat(winner.get().exitCode()).as(winner.get().toString()).isZero();
    assertThat(loser.exitCode()).as(loser.toString()).isZero();
    Map<?, ?> record =
        JSON.readValue(dir.resolve("merged/_record.github.ci.json").toFile(), Map.class);
    assertThat(record.toString())
        .contains("actions/ALPHA_KEY", "actions/BETA_KEY", "actions/COMMON_TOKEN")
        .contains("actions/SHARED_VALUE");
    assertThat(gh.values("acme", "api", "actions"))
        .containsEntry("ALPHA_KEY", "alpha-value-1")
        .containsEntry("BETA_KEY", "beta-value-1")
        .containsEntry("SHARED_VALUE", "shared-from-b");

    gh.resetCounters();
    CliHarness.Result next = run("both");

    assertThat(next.exitCode()).as(next.toString()).isZero();
    assertThat(gh.count("put")).as(next.toString()).isZero();
    assertThat(next.all())
        .doesNotContain("alpha-value-1", "beta-value-1", "shared-from-", "common-value-1");
  }
}
