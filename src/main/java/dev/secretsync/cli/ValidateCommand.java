package dev.secretsync.cli;

import dev.secretsync.config.SecretSyncConfig;
import dev.secretsync.core.TargetGraph;
import dev.secretsync.engine.Pipeline;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code secretsync validate}: checks a config without touching the network. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check a config file offline: YAML syntax, unknown keys, ${VAR} references, names, imports,"
          + " cycles, ranges. Reports every problem at once, with file:line:column and the config"
          + " path. Makes no network call.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  secretsync validate --config secretsync.yaml",
      "  SECRETSYNC_CONFIG=ci/secretsync.yaml secretsync validate",
      "",
      "Exit codes: 0 valid, 1 invalid, 2 usage error."
    })
final class ValidateCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin ConfigOptions options;

  ValidateCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    LogSetup.configure(options.verbose ? "debug" : "warn", ctx.err());
    SecretSyncConfig config = options.load(ctx);
    if (config == null) {
      return ExitCodes.FAILURE;
    }
    TargetGraph graph = Pipeline.graphOf(config);
    ctx.out()
        .printf(
            "%s: valid — %d source(s), %d target(s) in %d level(s), merge store %s%n",
            options.config,
            config.sources().size(),
            config.targets().size(),
            graph.byLevel().size(),
            config.mergeStore().kind());
    return ExitCodes.OK;
  }
}
