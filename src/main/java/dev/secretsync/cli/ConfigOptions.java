package dev.secretsync.cli;

import dev.secretsync.config.ConfigException;
import dev.secretsync.config.ConfigLoader;
import dev.secretsync.config.SecretSyncConfig;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Options every config-reading command shares: {@code --config} and {@code --verbose}. */
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
