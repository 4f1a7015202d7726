package dev.secretsync.provider.awssm;

import dev.secretsync.config.TargetConfig;
import dev.secretsync.core.Bundle;
import dev.secretsync.core.FingerprintKey;
import dev.secretsync.core.TargetPlan;
import dev.secretsync.spi.ProviderException;
import dev.secretsync.spi.RunContext;
import dev.secretsync.spi.SecretTarget;
import dev.secretsync.spi.TargetState;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * An AWS Secrets Manager account and region ({@code type: aws_secretsmanager}). One secret per
 * bundle key, named {@code name_prefix + key}, value = canonical JSON, tagged {@code
 * secretsync:managed-by=secretsync} and {@code secretsync:target=<name>}. Only secrets carrying
 * those tags are ever changed or deleted, unless {@code adopt_unmanaged}.
 */
public final class SecretsManagerTarget implements SecretTarget {
  private final TargetConfig config;
  private final AwsClients clients;
  private final RunContext ctx;
  private final AwsLocation location;

  /**
   * @param config the target's config
   * @param aws the {@code aws:} config
   * @param clients the run's shared clients
   * @param ctx the run
   */
  public SecretsManagerTarget(
      TargetConfig config,
      dev.secretsync.config.AwsConfig aws,
      AwsClients clients,
      RunContext ctx) {
    this.config = config;
    this.clients = clients;
    this.ctx = ctx;
    this.location = AwsLocation.of(config, aws, ctx.env());
  }

  @Override
  public TargetState current() {
    try {
      checkAccount();
      FingerprintKey key = clients.fingerprintKey(location, ctx);
      return new AwsStateReader(config, clients.secretsManager(location), ctx).read(location, key);
    } catch (SdkException e) {
      throw failure("list", e);
    }
  }

  /** With ambient credentials, refuse to write into another account than the configured one. */
  private void checkAccount() {
    if (location.roleArn() != null || config.accountId().isEmpty()) {
      return;
    }
    String actual = clients.ambientAccount(location.region());
    if (!config.accountId().equals(actual)) {
      throw new ProviderException(
          "aws:secretsmanager",
          "configure",
          false,
          "target "
              + config.name()
              + " wants account "
              + config.accountId()
              + " but the AWS credentials belong to account "
              + actual
              + "; set role_arn or aws.role_pattern to assume a role in "
              + config.accountId());
    }
  }

  @Override
  public TargetPlan plan(Bundle desired, TargetState current) {
    return new AwsPlanner(config).plan(desired, (AwsTargetState) current);
  }

  @Override
  public ApplyResult apply(TargetPlan plan, Bundle desired, TargetState current) {
    try {
      return new AwsApplier(
              config, clients.secretsManager(location), clients.writeLimiter(location), ctx)
          .apply(plan, desired, (AwsTargetState) current);
    } catch (SdkException e) {
      throw failure("apply", e);
    }
  }

  private ProviderException failure(String operation, SdkException e) {
    return new ProviderException(
        "aws:secretsmanager",
        operation,
        e.retryable(),
        "secretsmanager "
            + operation
            + " in "
            + location.describe()
            + ": "
            + AwsApplier.describe(e),
        e);
  }

  @Override
  public void close() {}
}
