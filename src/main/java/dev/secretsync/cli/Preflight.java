package dev.secretsync.cli;

import dev.secretsync.config.SecretSyncConfig;
import dev.secretsync.provider.awssm.AwsCheck;
import dev.secretsync.provider.github.GitHubCheck;
import dev.secretsync.provider.s3.S3Check;
import dev.secretsync.provider.vault.VaultCheck;
import java.util.List;
import java.util.Map;

/**
 * One online check of {@code validate --check-*}: what a run needs from one service, checked before
 * the first run. Checks are read-only, except the probe object {@code --check-s3} writes and
 * removes; a check that does not apply to the config (no Vault source, no AWS target) reports that
 * it checked nothing instead of failing.
 */
interface Preflight {
  /**
   * What a check found.
   *
   * @param name the service, as in the option name ({@code vault}, {@code aws}, {@code s3})
   * @param problems failures, one line each, saying what is missing and where
   * @param warnings things to know that do not fail the check
   * @param findings GitHub's per-name findings (for {@code -o json}); empty for other checks
   * @param summary one line for a passed check
   */
  record Outcome(
      String name,
      List<String> problems,
      List<String> warnings,
      List<GitHubCheck.Finding> findings,
      String summary) {
    public Outcome {
      problems = List.copyOf(problems);
      warnings = List.copyOf(warnings);
      findings = List.copyOf(findings);
    }

    public Outcome(String name, List<String> problems, List<String> warnings, String summary) {
      this(name, problems, warnings, List.of(), summary);
    }

    /** The service as people write it, for human output ("3 Vault problem(s)"). */
    String title() {
      return switch (name) {
        case "vault" -> "Vault";
        case "aws" -> "AWS";
        case "s3" -> "S3";
        case "github" -> "GitHub";
        default -> name;
      };
    }
  }

  /** Runs the check against the services {@code config} names. */
  Outcome run(SecretSyncConfig config, Map<String, String> env);

  /** Vault: login, every Vault source's mount and paths, a Vault merge store's KV version. */
  static Preflight vault() {
    return (config, env) ->
        new Outcome(
            "vault",
            VaultCheck.check(config, env),
            List.of(),
            "Vault: " + VaultCheck.sources(config) + " source(s) checked, all reachable");
  }

  /** AWS: caller identity, role assumption and one ListSecrets page per AWS location. */
  static Preflight aws() {
    return (config, env) -> {
      AwsCheck.Result r = AwsCheck.check(config, env);
      return new Outcome(
          "aws",
          r.problems(),
          List.of(),
          "AWS: "
              + r.locations()
              + " account/region/role location(s) checked, GetCallerIdentity and ListSecrets"
              + " allowed");
    };
  }

  /** S3 merge store: HEAD, a create-only probe write, read back and removed. */
  static Preflight s3() {
    return (config, env) -> {
      S3Check.Result r = S3Check.check(config, env);
      return new Outcome(
          "s3",
          r.problems(),
          r.warnings(),
          config.mergeStore().s3() == null
              ? "S3: no S3 merge store configured, nothing to check"
              : "S3: merge store bucket "
                  + config.mergeStore().s3().bucket()
                  + " readable, writable with conditional writes, probe removed");
    };
  }
}
