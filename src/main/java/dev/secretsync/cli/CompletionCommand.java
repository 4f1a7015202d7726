package dev.secretsync.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code secretsync completion bash|zsh|fish}: prints a shell completion script. */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Print a shell completion script: commands, options and their fixed values such as -o"
          + " human|json|github|compact. Target names are not completed (the script is static).",
      ""
    },
    footer = {
      "",
      "Install:",
      "  bash: secretsync completion bash > ~/.local/share/bash-completion/completions/secretsync",
      "  zsh:  secretsync completion zsh > \"$${fpath[1]}/_secretsync\"   # or: source <(secretsync"
          + " completion zsh)",
      "  fish: secretsync completion fish > ~/.config/fish/completions/secretsync.fish"
    })
final class CompletionCommand implements Callable<Integer> {
  /** The shells a script is written for. */
  enum Shell {
    bash,
    zsh,
    fish
  }

  private final CliContext ctx;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SHELL", description = "bash, zsh or fish.")
  Shell shell;

  CompletionCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    CommandSpec root = spec.root();
    ctx.out()
        .print(
            switch (shell) {
              // picocli's script is bash that zsh runs through bashcompinit (it says so itself).
              case bash, zsh -> AutoComplete.bash(root.name(), root.commandLine());
              case fish -> FishCompletion.script(root);
            });
    ctx.out().flush();
    return ExitCodes.OK;
  }
}
