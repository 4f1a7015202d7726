package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.config.ConfigSchema;
import dev.secretsync.testkit.CliHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code secretsync init}: a starter that validates and runs, and never an overwrite. */
class InitCommandTest {
  @TempDir Path dir;
  private CliHarness cli;

  @BeforeEach
  void harness() {
    cli = new CliHarness(dir);
  }

  @Test
  void starterConfigPassesValidateAndRuns() throws Exception {
    CliHarness.Result init = cli.run("init");

    CliHarness.Result validate = cli.run("validate");
    CliHarness.Result plan = cli.run("pipeline", "--dry-run");
    String text = Files.readString(dir.resolve("secretsync.yaml"));
    assertThat(init.exitCode()).as(init.toString()).isZero();
    assertThat(init.stdout()).contains("next: secretsync validate --config secretsync.yaml");
    assertThat(text)
        .startsWith("# yaml-language-server: $schema=" + ConfigSchema.ID + "\n")
        .contains("# merge_store:");
    assertThat(validate.exitCode()).as(validate.toString()).isZero();
    assertThat(validate.stdout()).contains("valid — 1 source(s), 1 target(s)");
    assertThat(plan.exitCode()).as(plan.toString()).isZero();
  }

  @Test
  void quickstartExampleIsWrittenIntoANewDirectoryAndApplies() throws Exception {
    CliHarness.Result init = cli.run("init", "--example", "quickstart", "demo");

    CliHarness.Result validate = cli.run("validate", "--config", "demo/secretsync.yaml");
    CliHarness.Result apply = cli.run("pipeline", "--config", "demo/secretsync.yaml");
    assertThat(init.exitCode()).as(init.toString()).isZero();
    assertThat(validate.exitCode()).as(validate.toString()).isZero();
    assertThat(validate.stdout()).contains("2 source(s), 2 target(s)");
    assertThat(apply.exitCode()).as(apply.toString()).isZero();
    assertThat(dir.resolve("demo/out/production")).isDirectory();
    assertThat(Files.readString(dir.resolve("demo/secretsync.yaml")))
        .startsWith("# yaml-language-server: $schema=" + ConfigSchema.ID + "\n");
  }

  @Test
  void quickstartFileListMatchesTheExample() throws Exception {
    Path example = Path.of("examples/quickstart");
    List<String> files;
    try (Stream<Path> walk = Files.walk(example)) {
      files =
          walk.filter(Files::isRegularFile)
              .map(p -> example.relativize(p).toString())
              .filter(p -> p.equals("secretsync.yaml") || p.startsWith("secrets/"))
              .sorted()
              .toList();
    }

    assertThat(InitCommand.QUICKSTART_FILES).containsExactlyInAnyOrderElementsOf(files);
  }

  @Test
  void refusesToOverwriteAndWritesNothing() throws Exception {
    cli.write("secrets/base/config/app.yaml", "mine: true\n");

    CliHarness.Result r = cli.run("init", "--example", "quickstart");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(r.stderr()).contains("app.yaml already exists; init never overwrites");
    assertThat(dir.resolve("secretsync.yaml")).doesNotExist();
    assertThat(Files.readString(dir.resolve("secrets/base/config/app.yaml")))
        .isEqualTo("mine: true\n");
  }

  @Test
  void refusesAnExistingConfig() throws Exception {
    cli.write("secretsync.yaml", "targets: {}\n");

    CliHarness.Result r = cli.run("init");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(Files.readString(dir.resolve("secretsync.yaml"))).isEqualTo("targets: {}\n");
  }

  @Test
  void unknownExampleIsAUsageError() {
    CliHarness.Result r = cli.run("init", "--example", "enterprise");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.stderr()).contains("enterprise").contains("quickstart");
  }
}
