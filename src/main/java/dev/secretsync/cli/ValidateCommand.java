package dev.secretsync.cli;

import dev.secretsync.config.SecretSyncConfig;
import dev.secretsync.core.TargetGraph;
import dev.secretsync.engine.Pipeline;
import dev.secretsync.provider.vault.VaultCheck;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code secretsync validate}: checks a config offline, and Vault access with {@code
 * --check-vault}.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check a config file offline: YAML syntax, unknown keys, $${VAR} references, names, imports,"
          + " cycles, ranges. Reports every problem at once, with file:line:column and the config"
          + " path. Makes no network call unless --check-vault is given.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  secretsync validate --config secretsync.yaml",
      "  SECRETSYNC_CONFIG=ci/secretsync.yaml secretsync validate",
      "  VAULT_ADDR=https://vault:8200 secretsync validate --check-vault",
      "",
      "Exit codes: 0 valid, 1 invalid, 2 usage error."
    })
final class ValidateCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin ConfigOptions options;

  @Option(
      names = "--check-vault",
      description =
          "Also log in to Vault and check that every Vault source's mount exists and its paths"
              + " can be listed (one login; the token is revoked afterwards).")
  boolean checkVault;

  ValidateCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    LogSetup.configure(options.level("warn"), ctx.err());
    SecretSyncConfig config = options.load(ctx);
    if (config == null) {
      return ExitCodes.FAILURE;
    }
    if (checkVault) {
      List<String> problems = VaultCheck.check(config, ctx.env());
      if (!problems.isEmpty()) {
        problems.forEach(p -> ctx.err().println("error: " + p));
        ctx.err().printf("%s: %d Vault problem(s)%n", options.config, problems.size());
        return ExitCodes.FAILURE;
      }
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
    if (!config.agent().secrets().isEmpty()) {
      ctx.out().printf("agent: %d job(s), templates parsed%n", config.agent().secrets().size());
    }
    if (checkVault) {
      ctx.out().printf("Vault: %d source(s) checked, all reachable%n", VaultCheck.sources(config));
    }
    return ExitCodes.OK;
  }
}
