package dev.secretsync.cli;

import dev.secretsync.config.SecretSyncConfig;
import dev.secretsync.core.TargetGraph;
import dev.secretsync.engine.Pipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code secretsync validate}: checks a config offline, and with {@code --check-*} the access a run
 * needs (Vault, AWS, the S3 merge store).
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check a config file offline: YAML syntax, unknown keys, $${VAR} references, names, imports,"
          + " cycles, ranges. Reports every problem at once, with file:line:column and the config"
          + " path. Makes no network call unless a --check-* option is given; those checks are"
          + " read-only, except a probe object --check-s3 writes and removes.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  secretsync validate --config secretsync.yaml",
      "  SECRETSYNC_CONFIG=ci/secretsync.yaml secretsync validate",
      "  VAULT_ADDR=https://vault:8200 secretsync validate --check-vault",
      "  secretsync validate --check-all      # Vault, AWS and S3 before the first run",
      "",
      "Exit codes: 0 valid and every requested check passed; 1 the config is invalid or a check"
          + " found a problem (a missing IAM action or trust policy, an unreachable bucket,"
          + " GitHub secrets missing, drifted, unmanaged or no longer desired); 2 usage error."
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

  @Option(
      names = "--check-aws",
      description =
          "Also check every AWS Secrets Manager target: resolve account, region and role, call"
              + " GetCallerIdentity, assume the role and read one ListSecrets page with it;"
              + " a failure names the missing IAM action or trust policy.")
  boolean checkAws;

  @Option(
      names = "--check-s3",
      description =
          "Also check the S3 merge store: HEAD the bucket, write a probe object create-only"
              + " (If-None-Match), check a second such write is refused, and remove the probe.")
  boolean checkS3;

  @Option(
      names = "--check-github",
      description =
          "Also compare every github target with GitHub, writing nothing: desired names missing,"
              + " drifted from the state record, existing unmanaged, or owned but no longer"
              + " desired; each with the command that fixes it.")
  boolean checkGithub;

  @Option(
      names = "--check-all",
      description = "Run every check that applies to the config (Vault, AWS, S3, GitHub).")
  boolean checkAll;

  @Mixin HumanOrJsonOutput output;

  /** The online checks asked for, in the order they run. */
  private List<Preflight> checks() {
    List<Preflight> checks = new ArrayList<>();
    if (checkVault || checkAll) {
      checks.add(Preflight.vault());
    }
    if (checkAws || checkAll) {
      checks.add(Preflight.aws());
    }
    if (checkS3 || checkAll) {
      checks.add(Preflight.s3());
    }
    if (checkGithub || checkAll) {
      checks.add(GitHubPreflight.create(ctx));
    }
    return checks;
  }

  ValidateCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    if (!output.valid(ctx.err())) {
      return ExitCodes.USAGE;
    }
    boolean json = output.json();
    LogSetup.configure(options.level("warn"), ctx.err());
    SecretSyncConfig config = options.load(ctx);
    if (config == null) {
      if (json) {
        ctx.out().print(JsonError.render("invalid config " + options.config, options.problems));
      }
      return ExitCodes.FAILURE;
    }
    // Every check runs even after one fails: all problems at once, as for the config itself.
    List<Preflight.Outcome> outcomes = new ArrayList<>();
    for (Preflight check : checks()) {
      outcomes.add(check.run(config, ctx.env()));
    }
    boolean failed = outcomes.stream().anyMatch(o -> !o.problems().isEmpty());
    if (json) {
      ctx.out().print(ValidateJson.render(options.config, config, outcomes));
      ctx.out().flush();
      return failed ? ExitCodes.FAILURE : ExitCodes.OK;
    }
    for (Preflight.Outcome o : outcomes) {
      o.warnings().forEach(w -> ctx.err().println("warning: " + w));
      o.problems().forEach(p -> ctx.err().println("error: " + p));
      if (!o.problems().isEmpty()) {
        ctx.err().printf("%s: %d %s problem(s)%n", options.config, o.problems().size(), o.title());
      }
    }
    if (failed) {
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
    if (!config.agent().secrets().isEmpty()) {
      ctx.out().printf("agent: %d job(s), templates parsed%n", config.agent().secrets().size());
    }
    outcomes.forEach(o -> ctx.out().println(o.summary()));
    return ExitCodes.OK;
  }
}
