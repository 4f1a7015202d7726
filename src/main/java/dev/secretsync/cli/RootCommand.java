package dev.secretsync.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code secretsync}: prints help; the work is in the subcommands. */
@Command(
    name = "secretsync",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = {
      "Makes your secrets converge: reads Vault/OpenBao and local files, deep-merges layered"
          + " sources per target, plans the changes, and applies them to AWS Secrets Manager,"
          + " GitHub and local files.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  secretsync pipeline --config secretsync.yaml --dry-run     # show the plan",
      "  secretsync pipeline --config secretsync.yaml               # apply it",
      "  secretsync validate --config secretsync.yaml               # check the config offline",
      "  secretsync graph --config secretsync.yaml --format mermaid # draw the targets",
      "",
      "Every option can also be set as SECRETSYNC_<OPTION> (e.g. SECRETSYNC_CONFIG,"
          + " SECRETSYNC_DRY_RUN=true).",
      "Exit codes: 0 success, 1 failure, 2 usage error; with --exit-code: 0 no changes,"
          + " 1 changes, 2 failure."
    })
final class RootCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  RootCommand(CliContext ctx) {}

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return ExitCodes.USAGE;
  }
}
