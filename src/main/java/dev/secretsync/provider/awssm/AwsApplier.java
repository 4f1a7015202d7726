package dev.secretsync.provider.awssm;

import dev.secretsync.config.TargetConfig;
import dev.secretsync.core.Bundle;
import dev.secretsync.core.Change;
import dev.secretsync.core.ChangeKind;
import dev.secretsync.core.KeyError;
import dev.secretsync.core.Secret;
import dev.secretsync.core.TargetPlan;
import dev.secretsync.resilience.RateLimiter;
import dev.secretsync.spi.ApplyAbortedException;
import dev.secretsync.spi.RunContext;
import dev.secretsync.spi.SecretTarget.ApplyResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * Carries out a Secrets Manager plan: writes in parallel (bounded by the run's I/O pool) under the
 * per-account/region write rate limit. Every value write passes the value's fingerprint as {@code
 * ClientRequestToken}. One secret's failure is recorded and the others go on.
 */
final class AwsApplier {
  private static final Logger LOG = LoggerFactory.getLogger(AwsApplier.class);
  private static final String CURRENT = "AWSCURRENT";

  private final TargetConfig config;
  private final AwsPlanner planner;
  private final SecretsManagerClient client;
  private final RateLimiter limiter;
  private final RunContext ctx;

  /**
   * @param planner plans a key again when CreateSecret finds it exists
   */
  AwsApplier(
      TargetConfig config,
      AwsPlanner planner,
      SecretsManagerClient client,
      RateLimiter limiter,
      RunContext ctx) {
    this.config = config;
    this.planner = planner;
    this.client = client;
    this.limiter = limiter;
    this.ctx = ctx;
  }

  /**
   * Applies every write of {@code plan}. This (the target's) thread paces the changes: it takes
   * each change's first write permit from the account's limiter before handing the change to the
   * shared I/O pool, and keeps at most {@code parallelism} of this target's changes queued or
   * running. So a target waiting for its account's quota waits in its own thread: I/O threads never
   * sleep on one account's limiter while other accounts' writes queue behind them (with 100
   * accounts, that head-of-line blocking held the run to one account's rate at a time).
   */
  ApplyResult apply(TargetPlan plan, Bundle desired, AwsTargetState state) {
    List<Change> writes = plan.writes();
    Semaphore window = new Semaphore(Math.max(1, ctx.parallelism()));
    List<Future<KeyError>> results = new ArrayList<>(writes.size());
    List<Change> applied = new ArrayList<>();
    List<KeyError> failures = new ArrayList<>();
    AtomicBoolean stopping = new AtomicBoolean();
    try {
      for (Change c : writes) {
        window.acquire();
        limiter.acquire();
        Permit permit = new Permit();
        try {
          results.add(
              ctx.ioExecutor()
                  .submit(
                      () -> {
                        try {
                          if (stopping.get()) {
                            return NOT_STARTED;
                          }
                          return applyOne(
                              c, desired.get(c.key()), state.byName().get(c.name()), state, permit);
                        } finally {
                          window.release();
                        }
                      }));
        } catch (RuntimeException e) {
          window.release();
          throw e;
        }
      }
      for (int i = 0; i < results.size(); i++) {
        KeyError error = results.get(i).get();
        if (error == null) {
          applied.add(writes.get(i));
        } else {
          failures.add(error);
        }
      }
    } catch (InterruptedException e) {
      // Changes not yet started never start; the ones in flight finish and are counted. (Not
      // Future.cancel: a cancelled future hides whether its write, already sent, succeeded.)
      stopping.set(true);
      throw aborted("interrupted while applying", e, writes, results);
    } catch (ExecutionException e) {
      stopping.set(true);
      Throwable cause = e.getCause();
      String why =
          cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
      throw aborted(why, cause, writes, results);
    }
    return new ApplyResult(applied, failures);
  }

  /** What a change queued before a stop returns instead of running. */
  private static final KeyError NOT_STARTED = new KeyError(null, "", "not started");

  /**
   * The stop of an apply, carrying every change that finished: the report must list the writes that
   * reached the account, not none of them. Waits for changes already in flight (each is at most one
   * round of calls), then restores the interrupt.
   */
  private static ApplyAbortedException aborted(
      String why, Throwable cause, List<Change> writes, List<Future<KeyError>> results) {
    boolean interrupted = Thread.interrupted();
    List<Change> applied = new ArrayList<>();
    List<KeyError> failures = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      try {
        KeyError error = results.get(i).get();
        if (error == NOT_STARTED) {
          continue;
        }
        if (error == null) {
          applied.add(writes.get(i));
        } else {
          failures.add(error);
        }
      } catch (InterruptedException e) {
        interrupted = true;
      } catch (ExecutionException e) {
        // That change threw: neither confirmed nor a per-secret failure; not counted.
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return new ApplyAbortedException(
        "aws:secretsmanager", "write", false, why, cause, new ApplyResult(applied, failures));
  }

  /**
   * The write permit a change's first call may use: taken by {@link #apply} before the change was
   * queued. Every later call of the change (tags, a stage move, a retry round) takes its own.
   */
  private static final class Permit {
    private boolean held = true;
  }

  private void acquire(Permit permit) {
    if (permit.held) {
      permit.held = false;
    } else {
      limiter.acquire();
    }
  }

  /** Rounds of throttling that outlast the SDK's own retries before a secret is given up. */
  private static final int THROTTLE_ROUNDS = 4;

  /**
   * Applies one change; when throttling outlasts the SDK's retries, waits (1 s, 2 s, 4 s, 8 s,
   * jittered) and tries the whole change again — every step is idempotent (writes carry the
   * fingerprint token), so a repeat never duplicates a version.
   */
  private KeyError applyOne(
      Change c, Secret secret, AwsTargetState.Existing ex, AwsTargetState state, Permit permit) {
    for (int round = 0; ; round++) {
      try {
        if (c.kind() == ChangeKind.CREATE) {
          createOrReplan(c, secret, state, permit);
        } else {
          applyOnce(c, secret, ex, permit);
        }
        return null;
      } catch (Refused r) {
        return r.error;
      } catch (AwsMetadataWriter.ReplicaFailed e) {
        return new KeyError(c.key(), c.name(), c.kind().label() + " failed: " + e.getMessage());
      } catch (SdkException e) {
        boolean throttled = e instanceof AwsServiceException ase && ase.isThrottlingException();
        if (!throttled || round == THROTTLE_ROUNDS || !pause(round)) {
          return new KeyError(c.key(), c.name(), c.kind().label() + " failed: " + describe(e));
        }
      }
    }
  }

  private static boolean pause(int round) {
    long base = 1000L << round;
    try {
      Thread.sleep(
          base / 2 + java.util.concurrent.ThreadLocalRandom.current().nextLong(base / 2 + 1));
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Creates the secret. A {@code ResourceExistsException} means the listing did not show a secret
   * that exists: ListSecrets "might not reflect changes from the last five minutes" (e.g. the
   * previous run created it seconds ago). DescribeSecret is current, so the key is planned again
   * against what it returns, by the same rules — an unmanaged or another target's secret is still
   * refused — and that change is carried out instead.
   */
  private void createOrReplan(Change c, Secret secret, AwsTargetState state, Permit p) {
    try {
      create(c, secret, p);
      return;
    } catch (ResourceExistsException e) {
      LOG.debug("{} exists although the listing did not show it; describing it", c.name());
    }
    AwsTargetState.Existing ex;
    try {
      ex = AwsStateReader.existing(client.describeSecret(b -> b.secretId(c.name())));
    } catch (AwsServiceException denied) {
      if (denied.awsErrorDetails() == null
          || !"AccessDeniedException".equals(denied.awsErrorDetails().errorCode())) {
        throw denied;
      }
      // The recommended policy lets DescribeSecret see managed secrets only.
      throw new Refused(
          new KeyError(
              c.key(),
              c.name(),
              "a secret with this name exists in "
                  + state.location().describe()
                  + " but this role may not describe it, so it is not managed by secretsync;"
                  + " left untouched"));
    }
    TargetPlan again =
        planner.plan(
            Bundle.of(Map.of(c.key(), secret)),
            new AwsTargetState(state.location(), Map.of(ex.name(), ex), Map.of(), state.key()));
    if (!again.errors().isEmpty()) {
      throw new Refused(again.errors().get(0));
    }
    for (Change now : again.changes()) {
      if (now.kind() != ChangeKind.CREATE && now.name().equals(c.name())) {
        LOG.info(
            "target {}: {} already existed (the listing was not yet current): {}",
            config.name(),
            c.name(),
            now.kind().label());
        applyOnce(now, secret, ex, p);
      }
    }
  }

  /** A change the fresh state shows must not be made; its per-secret error. */
  private static final class Refused extends RuntimeException {
    private final transient KeyError error;

    Refused(KeyError error) {
      super(error.message(), null, false, false);
      this.error = error;
    }
  }

  private void applyOnce(Change c, Secret secret, AwsTargetState.Existing ex, Permit p) {
    switch (c.kind()) {
      case CREATE -> create(c, secret, p);
      case UPDATE -> {
        putValue(ex.arn(), c, secret, ex.currentVersionId(), p);
        metadata(p).sync(ex);
      }
      case REVERT -> {
        moveCurrent(ex.arn(), c.after().hex(), ex.currentVersionId(), p);
        metadata(p).sync(ex);
      }
      case TAGS -> metadata(p).sync(ex);
      case RESTORE -> {
        acquire(p);
        client.restoreSecret(b -> b.secretId(ex.arn()));
        if (!c.after().hex().equals(ex.currentVersionId())) {
          putValue(ex.arn(), c, secret, ex.currentVersionId(), p);
        }
        metadata(p).sync(ex);
      }
      case DELETE -> metadata(p).delete(ex.arn());
      default -> {}
    }
  }

  private void create(Change c, Secret secret, Permit p) {
    acquire(p);
    CreateSecretResponse r =
        client.createSecret(
            b -> {
              b.name(c.name())
                  .clientRequestToken(c.after().hex())
                  .secretString(secret.canonicalJson())
                  .description(AwsNames.description(config))
                  .tags(tags());
              if (!config.kmsKeyId().isEmpty()) {
                b.kmsKeyId(config.kmsKeyId());
              }
              if (!config.replicaRegions().isEmpty()) {
                b.addReplicaRegions(AwsMetadataWriter.replicaTypes(config.replicaRegions()));
              }
            });
    AwsMetadataWriter.checkReplicas(r.replicationStatus());
  }

  private AwsMetadataWriter metadata(Permit p) {
    return new AwsMetadataWriter(config, client, () -> acquire(p));
  }

  /**
   * Writes a new value version. When our token already names an older version (the value went A → B
   * → A), the service returns that version without making it current: move the stage.
   */
  private void putValue(String arn, Change c, Secret secret, String currentVersionId, Permit p) {
    acquire(p);
    PutSecretValueResponse r =
        client.putSecretValue(
            b ->
                b.secretId(arn)
                    .clientRequestToken(c.after().hex())
                    .secretString(secret.canonicalJson()));
    if (!r.hasVersionStages() || !r.versionStages().contains(CURRENT)) {
      moveCurrent(arn, c.after().hex(), currentVersionId, p);
    }
  }

  private void moveCurrent(String arn, String toVersion, String fromVersion, Permit p) {
    acquire(p);
    client.updateSecretVersionStage(
        b -> {
          b.secretId(arn).versionStage(CURRENT).moveToVersionId(toVersion);
          if (fromVersion != null && !fromVersion.equals(toVersion)) {
            b.removeFromVersionId(fromVersion);
          }
        });
  }

  private List<Tag> tags() {
    return AwsMetadataWriter.tagList(AwsNames.desiredTags(config));
  }

  /**
   * One line: the call's context ({@code [req=…] secretsmanager.PutSecretValue at path "x" after
   * 12ms (retries: 0): }) when the call observer attached it, then the AWS error code, message and
   * AWS request id — or the open breaker's message. Never request content.
   */
  static String describe(SdkException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof dev.secretsync.resilience.CircuitOpenException open) {
        return open.getMessage();
      }
    }
    String prefix = "";
    for (Throwable s : e.getSuppressed()) {
      if (s.getClass().getSimpleName().equals("CallContext")) {
        prefix = s.getMessage();
      }
    }
    if (e instanceof AwsServiceException ase && ase.awsErrorDetails() != null) {
      return prefix
          + ase.awsErrorDetails().errorCode()
          + ": "
          + ase.awsErrorDetails().errorMessage()
          + " (aws request id "
          + ase.requestId()
          + ")";
    }
    return prefix + e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
