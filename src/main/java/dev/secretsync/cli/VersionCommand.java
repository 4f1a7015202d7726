package dev.secretsync.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code secretsync version}: prints the version. Loads nothing else (fast cold start). */
@Command(
    name = "version",
    mixinStandardHelpOptions = true,
    description = "Print the secretsync version and the Java runtime.")
final class VersionCommand implements Callable<Integer> {
  private final CliContext ctx;

  VersionCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    for (String line : Version.lines()) {
      ctx.out().println(line);
    }
    return ExitCodes.OK;
  }

  /** The version lines, read from the build's {@code version.properties}. */
  static final class Provider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return Version.lines();
    }
  }
}
