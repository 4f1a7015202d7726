package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.testkit.CliHarness;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** validate, graph, version and help. */
class CommandsTest extends LocalPipelineTestBase {

  @Test
  void validateSaysWhatItFound() {
    CliHarness.Result r = cli.run("validate", "--config", "secretsync.yaml");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stdout())
        .contains("valid — 2 source(s), 3 target(s) in 3 level(s), merge store memory");
  }

  @Test
  void graphInThreeFormats() {
    CliHarness.Result text = cli.run("graph", "--config", "secretsync.yaml");
    assertThat(text.stdout())
        .contains("level 1:\n  Staging <- analytics, data-engineers")
        .contains("level 3:\n  Demo <- Production");
    CliHarness.Result dot = cli.run("graph", "--config", "secretsync.yaml", "--format", "dot");
    assertThat(dot.stdout())
        .startsWith("digraph secretsync {")
        .contains("\"Staging\" -> \"Production\"");
    CliHarness.Result mermaid =
        cli.run("graph", "--config", "secretsync.yaml", "--format", "mermaid");
    assertThat(mermaid.stdout()).startsWith("graph LR").contains("-->");
  }

  @Test
  void versionAndHelp() {
    CliHarness.Result v = cli.run("--version");
    assertThat(v.exitCode()).isZero();
    assertThat(v.stdout()).startsWith("secretsync ");
    assertThat(cli.run("version").stdout()).startsWith("secretsync ");
    // --version, -V and version answer alike (without building the command tree).
    assertThat(cli.run("-V").stdout()).isEqualTo(v.stdout());
    assertThat(cli.run("version").stdout()).isEqualTo(v.stdout());
    assertThat(v.stdout().lines()).hasSize(2).last().asString().startsWith("java ");
    assertThat(cli.run("version", "--help").stdout()).contains("Usage:").contains("version");
    CliHarness.Result help = cli.run("pipeline", "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.stdout()).contains("--dry-run").contains("Examples:").contains("Exit codes");
    assertThat(cli.run().exitCode()).isEqualTo(2);
  }

  @Test
  void onlyTheNamedSubcommandIsBuiltAndHelpIsUnchanged() {
    CliContext ctx = new CliContext(Map.of(), dir, System.out, System.err, false);
    assertThat(Commands.commandLine(ctx, new String[] {"pipeline", "--dry-run"}).getSubcommands())
        .containsOnlyKeys("pipeline");
    assertThat(Commands.commandLine(ctx, new String[0]).getSubcommands())
        .containsKeys("pipeline", "apply", "validate", "completion", "init")
        .hasSize(14);
    assertThat(Commands.commandLine(ctx, new String[] {"--help"}).getSubcommands()).hasSize(14);
    assertThat(Commands.commandLine(ctx, new String[] {"completion", "bash"}).getSubcommands())
        .hasSize(14);

    // A usage error inside the one built subcommand still names it.
    CliHarness.Result bad = cli.run("pipeline", "--no-such-option");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.stderr()).contains("Run 'secretsync pipeline --help' for usage.");
    // A misspelt subcommand gets the whole tree, so picocli can suggest the right name.
    CliHarness.Result typo = cli.run("pipelne", "--dry-run");
    assertThat(typo.exitCode()).isEqualTo(2);
    assertThat(typo.stderr()).contains("Did you mean: secretsync pipeline?");
    // The root's help lists every subcommand.
    assertThat(cli.run("--help").stdout())
        .contains("pipeline")
        .contains("rollback")
        .contains("init");
    // Completion scripts still cover every command.
    assertThat(cli.run("completion", "bash").stdout()).contains("rollback").contains("discover");
  }
}
