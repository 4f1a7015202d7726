package dev.secretsync.provider.awssm;

import dev.secretsync.config.AwsConfig;
import dev.secretsync.config.TargetConfig;
import dev.secretsync.core.Bundle;
import dev.secretsync.core.FingerprintKey;
import dev.secretsync.core.Secret;
import dev.secretsync.core.TargetPlan;
import dev.secretsync.spi.ProviderException;
import dev.secretsync.spi.RunContext;
import dev.secretsync.spi.SecretTarget;
import dev.secretsync.spi.TargetState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
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
  private final Set<String> knownTargets;
  private final AwsPlanner planner;

  /**
   * @param config the target's config
   * @param aws the {@code aws:} config
   * @param knownTargets the names of every configured target
   * @param clients the run's shared clients
   * @param ctx the run
   */
  public SecretsManagerTarget(
      TargetConfig config,
      AwsConfig aws,
      Set<String> knownTargets,
      AwsClients clients,
      RunContext ctx) {
    this.config = config;
    this.clients = clients;
    this.ctx = ctx;
    this.location = AwsLocation.of(config, aws, ctx.env());
    this.knownTargets = Set.copyOf(knownTargets);
    this.planner = new AwsPlanner(config, this.knownTargets);
  }

  @Override
  public TargetState current() {
    return read(List.of());
  }

  @Override
  public TargetState current(Bundle desired) {
    List<String> names = new ArrayList<>(desired.size());
    desired.secrets().keySet().forEach(k -> names.add(k.prefixed(config.namePrefix())));
    return read(names);
  }

  private TargetState read(List<String> expectedNames) {
    try {
      checkAccount();
      FingerprintKey key = clients.fingerprintKey(location, ctx);
      return new AwsStateReader(config, clients.secretsManager(location), ctx)
          .read(location, key, expectedNames);
    } catch (SdkException e) {
      throw failure("list", e);
    }
  }

  @Override
  public TargetState confirm(TargetState current, Bundle desired, Optional<Bundle> previous) {
    try {
      return new AwsStateReader(config, clients.secretsManager(location), ctx)
          .confirm((AwsTargetState) current, desired, previous, Instant.now());
    } catch (SdkException e) {
      throw failure("describe", e);
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
    AwsTargetState state = (AwsTargetState) current;
    reportSecretsOfUnknownTargets(state);
    return planner.plan(desired, state);
  }

  @Override
  public ApplyResult apply(TargetPlan plan, Bundle desired, TargetState current) {
    try {
      return new AwsApplier(
              config,
              planner,
              clients.secretsManager(location),
              clients.writeLimiter(location),
              ctx)
          .apply(plan, desired, (AwsTargetState) current);
    } catch (SdkException e) {
      throw failure("apply", e);
    }
  }

  @Override
  public Map<String, Secret> liveValues(Collection<String> names) {
    try {
      return AwsLiveValues.read(clients.secretsManager(location), names);
    } catch (SdkException e) {
      throw failure("read values for --diff", e);
    }
  }

  /**
   * Secrets tagged for a target that is not configured (renamed or removed) are nobody's: no target
   * deletes or overwrites them. Say so once per run and account/region, not per target.
   */
  private void reportSecretsOfUnknownTargets(AwsTargetState state) {
    Map<String, Integer> byOwner = new TreeMap<>();
    for (AwsTargetState.Existing ex : state.byName().values()) {
      String owner = ex.tags().get(AwsTargetState.TARGET_TAG);
      if (ex.managed()
          && owner != null
          && !ex.scheduledForDeletion()
          && !knownTargets.contains(owner)) {
        byOwner.merge(owner, 1, Integer::sum);
      }
    }
    byOwner.forEach(
        (owner, count) -> {
          if (clients.firstReport(location.accountId() + "/" + location.region() + "/" + owner)) {
            ctx.warnings()
                .warn(
                    count
                        + " secret(s) in "
                        + location.describe()
                        + " are tagged secretsync:target="
                        + owner
                        + ", a target not in the configuration (renamed or removed?): left"
                        + " untouched and never deleted — tag them secretsync:target=<its new"
                        + " name> to hand them over, or delete them yourself");
          }
        });
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
