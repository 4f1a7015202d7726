package dev.secretsync.cli;

import dev.secretsync.agent.StatusJson;
import dev.secretsync.config.AgentConfig;
import dev.secretsync.config.SecretSyncConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code secretsync isready}: exit 0 when the agent's status file says ready, else 1. For {@code
 * HEALTHCHECK} in images without curl; reads a file, opens no connection.
 */
@Command(
    name = "isready",
    mixinStandardHelpOptions = true,
    description = {
      "Exit 0 when the agent is ready (every required job has rendered once), 1 otherwise."
          + " Reads the agent's status file; a file not updated for 30s counts as not ready.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  secretsync isready --status-file /run/secretsync/status.json",
      "  secretsync isready --config agent.yaml       # the file named by agent.status_file"
    })
final class IsReadyCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Option(
      names = "--status-file",
      paramLabel = "FILE",
      description = "The agent's status file (default: agent.status_file of --config).")
  String statusFile;

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "Config file whose agent.status_file to read.")
  String config;

  IsReadyCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    Path file;
    if (statusFile != null) {
      file = ctx.resolve(statusFile);
    } else if (config != null) {
      ConfigOptions o = new ConfigOptions();
      o.config = config;
      SecretSyncConfig c = o.load(ctx);
      if (c == null) {
        return ExitCodes.FAILURE;
      }
      file = c.resolve(c.agent().statusFile());
    } else {
      file = Path.of(AgentConfig.DEFAULT_STATUS_FILE);
    }
    String reason = StatusJson.notReadyReason(file, Instant.now());
    if (reason != null) {
      ctx.err().println(reason);
      return ExitCodes.FAILURE;
    }
    ctx.out().println("ready");
    return ExitCodes.OK;
  }
}
