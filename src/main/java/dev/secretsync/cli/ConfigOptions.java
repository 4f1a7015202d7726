package dev.secretsync.cli;

import dev.secretsync.config.ConfigException;
import dev.secretsync.config.ConfigLoader;
import dev.secretsync.config.SecretSyncConfig;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * Options every config-reading command shares: {@code --config}, {@code --verbose} and {@code
 * --log-level}.
 */
final class ConfigOptions {
  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      defaultValue = "secretsync.yaml",
      description = "Config file (default: ${DEFAULT-VALUE}; env SECRETSYNC_CONFIG).")
  String config;

  @Option(
      names = {"-v", "--verbose"},
      description = "Debug logging, and stack traces on errors (env SECRETSYNC_VERBOSE).")
  boolean verbose;

  @Option(
      names = "--log-level",
      paramLabel = "LEVEL",
      description =
          "Log level on stderr: trace, debug, info, warn or error (env SECRETSYNC_LOG_LEVEL;"
              + " default: logging.level from the config). Given on the command line it wins over"
              + " -v; -v wins over the environment variable.")
  LogLevel logLevel;

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  /**
   * The log level to use: {@code --log-level} on the command line, else {@code -v} (debug), else
   * {@code SECRETSYNC_LOG_LEVEL}, else {@code fallback} (the config's {@code logging.level}, or the
   * command's own quiet default).
   */
  String level(String fallback) {
    ParseResult parsed = mixee.commandLine().getParseResult();
    boolean onCommandLine = parsed != null && parsed.hasMatchedOption("--log-level");
    if (logLevel != null && (onCommandLine || !verbose)) {
      return logLevel.name();
    }
    return verbose ? LogLevel.debug.name() : fallback;
  }

  /** The problems of the last failed {@link #load}, one line each (for {@code -o json}). */
  List<String> problems = List.of();

  /**
   * Loads the config, or prints every problem to stderr and returns {@code null}.
   *
   * @param ctx the command's context
   */
  SecretSyncConfig load(CliContext ctx) {
    Path file = ctx.resolve(config);
    try {
      return new ConfigLoader(ctx.env(), BuiltInProviders.SUPPORTED).load(file, config);
    } catch (ConfigException e) {
      ctx.err().println("error: " + e.getMessage());
      problems = e.problems().stream().map(Object::toString).toList();
      return null;
    }
  }
}
