package dev.secretsync.provider.awssm;

import dev.secretsync.core.FingerprintKey;
import dev.secretsync.spi.KeptKey;
import dev.secretsync.spi.ProviderException;
import dev.secretsync.spi.RunContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * The fingerprint key of each AWS account and region, kept there as the secret {@value #NAME}
 * (tagged {@code secretsync:managed-by=secretsync}, {@code secretsync:purpose=fingerprint-key}).
 *
 * <p>Every secret version we write has the keyed fingerprint of its value as version id, and a
 * principal allowed {@code ListSecrets} but not {@code GetSecretValue} sees those ids. Keeping the
 * key as a secret in the same account means that only principals who may read secret values there
 * can read the key — and they could read the values anyway. Read once per account and region per
 * run (one {@code GetSecretValue}); created once, on the first run that writes there (a dry run
 * that finds none plans with a key for this run alone: everything then shows as an update, which
 * the first real run carries out once).
 */
final class AccountKeys {
  /** The name of the key secret in every account and region secretsync writes to. */
  static final String NAME = "secretsync/fingerprint-key";

  static final String PURPOSE_TAG = "secretsync:purpose";

  private static final Logger LOG = LoggerFactory.getLogger(AccountKeys.class);

  private final Map<AwsLocation, KeptKey> keys = new ConcurrentHashMap<>();

  /** The key for {@code loc}, loaded or created with {@code client} on first use in this run. */
  FingerprintKey get(
      AwsLocation loc, RunContext ctx, Function<AwsLocation, SecretsManagerClient> clients) {
    return keys.computeIfAbsent(
            loc, l -> KeptKey.of(ctx, () -> loadOrCreate(clients.apply(l), l, !ctx.dryRun())))
        .get();
  }

  static FingerprintKey loadOrCreate(SecretsManagerClient sm, AwsLocation loc, boolean create) {
    try {
      return loadOrCreateUnchecked(sm, loc, create);
    } catch (ResourceNotFoundException | InvalidRequestException e) {
      throw unusable(loc, e); // only when it vanished between two of our calls
    } catch (SecretsManagerException e) {
      if (e.statusCode() >= 500 || e.isThrottlingException()) {
        throw e; // transient: the breaker and retries deal with it as with any call
      }
      throw unusable(loc, e);
    }
  }

  private static ProviderException unusable(AwsLocation loc, SecretsManagerException e) {
    return new ProviderException(
        "aws:secretsmanager",
        "key",
        false,
        "cannot read or create the fingerprint key secret "
            + NAME
            + " in "
            + loc.describe()
            + ": "
            + AwsApplier.describe(e)
            + " — allow secretsmanager:GetSecretValue, CreateSecret and RestoreSecret on it, or"
            + " set fingerprint_key (see docs/security.md)",
        e);
  }

  private static FingerprintKey loadOrCreateUnchecked(
      SecretsManagerClient sm, AwsLocation loc, boolean create) {
    FingerprintKey existing = load(sm, loc, create);
    if (existing != null) {
      return existing;
    }
    FingerprintKey fresh = FingerprintKey.generate();
    if (!create) {
      return fresh;
    }
    try {
      sm.createSecret(
          b ->
              b.name(NAME)
                  .description(
                      "secretsync's fingerprint key for this account and region: version ids of"
                          + " secrets synced by secretsync are keyed with it. Do not delete.")
                  .secretString(fresh.encoded())
                  .tags(
                      Tag.builder()
                          .key(AwsTargetState.MANAGED_BY)
                          .value(AwsTargetState.MANAGED_BY_VALUE)
                          .build(),
                      Tag.builder().key(PURPOSE_TAG).value("fingerprint-key").build()));
      LOG.info("created the fingerprint key secret {} in {}", NAME, loc.describe());
      return fresh;
    } catch (ResourceExistsException e) {
      // Another run created it first (or it is scheduled for deletion): use what is there.
    }
    FingerprintKey theirs = load(sm, loc, true);
    if (theirs == null) {
      throw new ProviderException(
          "aws:secretsmanager",
          "key",
          true,
          "the fingerprint key secret " + NAME + " in " + loc.describe() + " cannot be read");
    }
    return theirs;
  }

  /** The stored key, or null when there is none (or, in a dry run, none usable without a write). */
  private static FingerprintKey load(SecretsManagerClient sm, AwsLocation loc, boolean mayWrite) {
    String text;
    try {
      text = sm.getSecretValue(b -> b.secretId(NAME)).secretString();
    } catch (ResourceNotFoundException e) {
      return null;
    } catch (InvalidRequestException e) {
      if (!mayWrite) {
        return null;
      }
      // Scheduled for deletion: restore it rather than lose every version id's meaning.
      LOG.warn("restoring the fingerprint key secret {} in {}", NAME, loc.describe());
      sm.restoreSecret(b -> b.secretId(NAME));
      text = sm.getSecretValue(b -> b.secretId(NAME)).secretString();
    }
    try {
      return FingerprintKey.decode(text == null ? "" : text);
    } catch (IllegalArgumentException e) {
      throw new ProviderException(
          "aws:secretsmanager",
          "key",
          false,
          "the fingerprint key secret "
              + NAME
              + " in "
              + loc.describe()
              + " is damaged ("
              + e.getMessage()
              + "); delete it with --force-delete-without-recovery to let secretsync make a new"
              + " key (the next run then writes every secret of this account once)");
    }
  }
}
