package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.testkit.CliHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** History with the directory store, the memory store's lack of it, and bad {@code keep}s. */
class DirectoryHistoryTest extends LocalPipelineTestBase {

  private void useDirectoryStore(String history) {
    cli.write(
        "secretsync.yaml", SEED_CONFIG + "merge_store:\n  directory: {path: store}\n" + history);
  }

  private List<Path> entries(String target) throws Exception {
    try (Stream<Path> s = Files.list(dir.resolve("store/history/" + target))) {
      return s.sorted().toList();
    }
  }

  private CliHarness.Result history(String... extra) {
    String[] args = new String[extra.length + 5];
    System.arraycopy(
        new String[] {"history", "--config", "secretsync.yaml", "--target", "Production"},
        0,
        args,
        0,
        5);
    System.arraycopy(extra, 0, args, 5, extra.length);
    CliHarness.Result r = cli.run(args);
    assertNoSecretValues(r);
    return r;
  }

  @Test
  void eachChangingRunRecordsAPrivateFileAndKeepPrunesTheOldest() throws Exception {
    useDirectoryStore("  history: {keep: 2}\n");

    for (int i = 1; i <= 3; i++) {
      cli.write("sources/analytics/config/api.json", "{\"timeout_ms\": " + i + "}");
      assertThat(pipeline().exitCode()).isZero();
    }
    assertThat(pipeline().exitCode()).as("a no-op run").isZero();

    assertThat(entries("Production")).hasSize(2);
    for (Path p : entries("Production")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
          .isEqualTo("rw-------");
    }
    CliHarness.Result r = history();
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout()).contains("2 versions, newest first").contains("v3").contains("v2");
    assertThat(r.stdout()).doesNotContain("v1 ");
  }

  @Test
  void rollbackOfAFileTargetRestoresTheOldValue() throws Exception {
    useDirectoryStore("");
    cli.write("sources/analytics/config/api.json", "{\"timeout_ms\": 1}");
    assertThat(pipeline().exitCode()).isZero();
    cli.write("sources/analytics/config/api.json", "{\"timeout_ms\": 2}");
    assertThat(pipeline().exitCode()).isZero();

    CliHarness.Result r =
        cli.run("rollback", "--config", "secretsync.yaml", "--target", "Production", "--to", "v1");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(readJson("out/production/config/api.json")).isEqualTo(Map.of("timeout_ms", 1));
    assertThat(readJson("out/staging/config/api.json"))
        .as("other targets keep their values")
        .isEqualTo(Map.of("timeout_ms", 2));
    assertThat(entries("Production")).hasSize(3);
  }

  @Test
  void theMemoryStoreHasNoHistoryAndSaysSo() {
    CliHarness.Result r = history();

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr())
        .contains("the memory merge store keeps no history")
        .contains("configure merge_store");
  }

  @Test
  void anUnknownTargetIsNamed() {
    useDirectoryStore("");

    CliHarness.Result r = cli.run("history", "--config", "secretsync.yaml", "--target", "Prod");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).contains("unknown target \"Prod\"").contains("Production");
  }

  @Test
  void aKeepOutOfRangeIsAConfigErrorWithItsPath() {
    useDirectoryStore("  history: {keep: -1}\n");

    CliHarness.Result r = cli.run("validate", "--config", "secretsync.yaml");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr())
        .containsPattern("secretsync.yaml:\\d+:\\d+: merge_store.history.keep: -1 is out of range");
  }
}
