package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.secretsync.testkit.CliHarness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code secretsync completion}: the bash script is sourced by a real bash and asked to complete.
 */
class CompletionTest {
  private static final Path BASH = Path.of("/bin/bash");

  @TempDir Path dir;

  /** Sources the script and prints what completing {@code words} (last one partial) offers. */
  private List<String> complete(Path script, String... words) throws Exception {
    String line = String.join(" ", words);
    String probe =
        "source "
            + script
            + " 2>/dev/null\n"
            + "COMP_WORDS=("
            + quoteAll(words)
            + ")\n"
            + "COMP_CWORD=$((${#COMP_WORDS[@]}-1))\n"
            + "COMP_LINE='"
            + line
            + "'\n"
            + "COMP_POINT=${#COMP_LINE}\n"
            + "func=$(complete -p secretsync | sed -n 's/.* -F \\([^ ]*\\) .*/\\1/p')\n"
            + "\"$func\" 2>/dev/null\n"
            + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
    Process p =
        new ProcessBuilder(BASH.toString(), "--norc", "--noprofile", "-c", probe)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return out.lines().filter(s -> !s.isEmpty()).toList();
  }

  private static String quoteAll(String... words) {
    StringBuilder sb = new StringBuilder();
    for (String w : words) {
      sb.append(" '").append(w).append('\'');
    }
    return sb.toString().trim();
  }

  private Path script(String shell) throws IOException {
    CliHarness.Result r = new CliHarness(dir).run("completion", shell);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    Path file = dir.resolve("secretsync." + shell);
    Files.writeString(file, r.stdout(), StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void bashCompletesCommandsOptionsAndOutputFormats() throws Exception {
    assumeTrue(Files.isExecutable(BASH), "needs bash");
    Path script = script("bash");

    List<String> commands = complete(script, "secretsync", "");
    List<String> partial = complete(script, "secretsync", "val");
    List<String> options = complete(script, "secretsync", "pipeline", "--dr");
    List<String> formats = complete(script, "secretsync", "pipeline", "-o", "");
    List<String> levels = complete(script, "secretsync", "validate", "--log-level", "");
    List<String> shells = complete(script, "secretsync", "completion", "");

    assertThat(commands)
        .contains("pipeline", "validate", "graph", "agent", "version", "completion");
    assertThat(partial).containsExactly("validate");
    assertThat(options).containsExactly("--dry-run");
    assertThat(formats).containsExactly("human", "json", "github", "compact");
    assertThat(levels).containsExactly("trace", "debug", "info", "warn", "error");
    assertThat(shells).containsExactly("bash", "zsh", "fish");
  }

  @Test
  void zshGetsTheBashScriptThroughBashcompinit() throws Exception {
    Path bash = script("bash");
    Path zsh = script("zsh");

    assertThat(Files.readString(zsh)).isEqualTo(Files.readString(bash)).contains("bashcompinit");
  }

  @Test
  void fishScriptListsTheSameCommandsAndValues() throws Exception {
    String fish = Files.readString(script("fish"));

    assertThat(fish)
        .contains("complete -c secretsync -n __fish_use_subcommand -a pipeline -d ")
        .contains("complete -c secretsync -n __fish_use_subcommand -a completion -d ")
        .contains(
            "-n '__fish_seen_subcommand_from pipeline' -s o -l output -r -a 'human json github"
                + " compact'")
        .contains("-n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'")
        .contains("${VAR} references")
        .doesNotContain("DEFAULT-VALUE")
        .doesNotContain("$${");
  }

  @Test
  void unknownShellIsAUsageError() {
    CliHarness.Result r = new CliHarness(dir).run("completion", "tcsh");

    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.stderr()).contains("tcsh").contains("bash, zsh, fish");
  }
}
