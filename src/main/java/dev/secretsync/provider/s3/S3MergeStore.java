package dev.secretsync.provider.s3;

import dev.secretsync.config.AwsConfig;
import dev.secretsync.config.MergeStoreConfig;
import dev.secretsync.core.Bundle;
import dev.secretsync.core.Fingerprint;
import dev.secretsync.spi.BundleHistory;
import dev.secretsync.spi.HistoryOrigin;
import dev.secretsync.spi.KeptKey;
import dev.secretsync.spi.MergeStore;
import dev.secretsync.spi.ProviderException;
import dev.secretsync.spi.RunContext;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Merge store in an S3 bucket ({@code merge_store.s3}): one object per target, {@code
 * <prefix>bundles/<target>.json}, encrypted with SSE-KMS when a key is configured, else SSE-S3.
 *
 * <p>The version token is the object's ETag. The bundle's keyed fingerprint travels in the user
 * metadata {@code secretsync-fingerprint}, so {@link #describe(String)} is a HEAD. Writes are
 * conditional ({@code If-None-Match: *} to create, {@code If-Match: <etag>} to replace), so two
 * concurrent runs cannot silently overwrite each other; a store that rejects conditional headers
 * gets plain writes after one warning. Thread-safe: targets of a run share one instance.
 */
public final class S3MergeStore implements MergeStore {
  /** User metadata key (sent as {@code x-amz-meta-secretsync-fingerprint}). */
  static final String FINGERPRINT_METADATA = "secretsync-fingerprint";

  private static final Logger LOG = LoggerFactory.getLogger(S3MergeStore.class);

  private final S3StoreSettings settings;
  private final S3Client s3;
  private final RunContext.Warnings warnings;
  private final AtomicBoolean conditionalWrites = new AtomicBoolean(true);
  private final KeptKey fingerprintKey;
  private final RunContext ctx;
  private final S3History history;

  /** A store without history. */
  public S3MergeStore(S3StoreSettings settings, S3Client s3, RunContext ctx) {
    this(settings, s3, ctx, 0);
  }

  /**
   * @param settings where the store lives
   * @param s3 the client (closed by {@link #close()})
   * @param ctx the run: where the one "no conditional writes" warning goes, the configured
   *     fingerprint key (else the store keeps its own, see {@link S3KeyObject}), dry run
   * @param keepHistory versions kept per target ({@link S3History}); 0 records none
   */
  public S3MergeStore(S3StoreSettings settings, S3Client s3, RunContext ctx, int keepHistory) {
    this.settings = settings;
    this.s3 = s3;
    this.ctx = ctx;
    this.warnings = ctx.warnings();
    this.fingerprintKey =
        KeptKey.of(ctx, () -> S3KeyObject.loadOrCreate(s3, settings, !ctx.dryRun()));
    this.history =
        keepHistory > 0 ? new S3History(settings, s3, fingerprintKey, ctx, keepHistory) : null;
  }

  @Override
  public Optional<BundleHistory> history() {
    return Optional.ofNullable(history);
  }

  @Override
  public StoredVersion save(String target, Bundle bundle, Optional<String> expectedVersion) {
    return save(target, bundle, expectedVersion, HistoryOrigin.of(ctx));
  }

  /** Stores the bundle, then records it in the history (records kept beside bundles have none). */
  @Override
  public StoredVersion save(
      String target, Bundle bundle, Optional<String> expectedVersion, HistoryOrigin origin) {
    StoredVersion stored = saveBundle(target, bundle, expectedVersion);
    if (history != null && !target.startsWith(RECORD_PREFIX)) {
      history.record(target, bundle, origin);
    }
    return stored;
  }

  @Override
  public Fingerprint fingerprint(Bundle bundle) {
    return bundle.fingerprint(fingerprintKey.get());
  }

  /**
   * The store for {@code merge_store.s3}, with fallbacks from {@code aws} and the run's
   * environment, on the registry's shared HTTP client.
   *
   * @throws ProviderException when the settings are incomplete (no region, bad endpoint)
   */
  public static S3MergeStore create(
      MergeStoreConfig.S3 config,
      AwsConfig aws,
      RunContext ctx,
      SdkHttpClient http,
      Function<String, ExecutionInterceptor> observer,
      int keepHistory) {
    S3StoreSettings settings = S3StoreSettings.resolve(config, aws, ctx.env());
    return new S3MergeStore(
        settings,
        S3Clients.create(settings, ctx.env(), http, observer.apply("aws:s3:" + settings.bucket())),
        ctx,
        keepHistory);
  }

  @Override
  public Optional<StoredVersion> describe(String target) {
    String key = settings.key(target);
    HeadObjectResponse head;
    try {
      head = s3.headObject(b -> b.bucket(settings.bucket()).key(key));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (AwsServiceException e) {
      // A HEAD answer has no body, so a missing bucket is a bare 404 too: report "nothing
      // stored"; the conditional write that follows names the bucket properly.
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw S3Failures.of("HeadObject", settings, key, e);
    } catch (SdkException e) {
      throw S3Failures.of("HeadObject", settings, key, e);
    }
    String fp = head.hasMetadata() ? head.metadata().get(FINGERPRINT_METADATA) : null;
    return Optional.of(
        new StoredVersion(head.eTag(), Fingerprint.isFingerprint(fp) ? new Fingerprint(fp) : null));
  }

  @Override
  public Optional<StoredBundle> load(String target) {
    String key = settings.key(target);
    ResponseBytes<GetObjectResponse> object;
    try {
      object = s3.getObjectAsBytes(b -> b.bucket(settings.bucket()).key(key));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (SdkException e) {
      throw S3Failures.of("GetObject", settings, key, e);
    }
    Bundle bundle;
    try {
      bundle = BundleDocument.decode(target, object.asByteArrayUnsafe(), fingerprintKey.get());
    } catch (BundleDocument.Damaged e) {
      throw new ProviderException(
          "s3",
          "GetObject",
          false,
          "merge store object "
              + settings.url(key)
              + " is damaged: "
              + e.getMessage()
              + "; re-create it with `secretsync pipeline --merge-only`");
    }
    return Optional.of(
        new StoredBundle(bundle, new StoredVersion(object.response().eTag(), fingerprint(bundle))));
  }

  private StoredVersion saveBundle(String target, Bundle bundle, Optional<String> expectedVersion) {
    String key = settings.key(target);
    byte[] body = BundleDocument.encode(target, bundle, fingerprintKey.get());
    boolean conditional = conditionalWrites.get();
    PutObjectResponse response = null;
    for (int retry = 0; response == null; retry++) {
      try {
        response = put(key, bundle, body, expectedVersion, conditional);
      } catch (AwsServiceException e) {
        if (conditional && S3Failures.conditionalWritesUnsupported(e)) {
          fallBackToPlainWrites(e);
          response = plainPut(key, bundle, body, expectedVersion);
        } else if (conditional && S3ConflictRetry.isConflict(e)) {
          if (retry >= S3ConflictRetry.MAX_RETRIES) {
            throw S3ConflictRetry.exhausted(settings.url(key));
          }
          S3ConflictRetry.pause(retry, settings.url(key));
          Optional<StoredVersion> settled = afterConflict(target, bundle, key, expectedVersion);
          if (settled.isPresent()) {
            return settled.get();
          }
          LOG.debug("retrying the write of {} after 409 ConditionalRequestConflict", key);
        } else {
          return alreadyStored(target, bundle, e)
              .orElseThrow(() -> failure(key, expectedVersion, e));
        }
      } catch (SdkException e) {
        throw S3Failures.of("PutObject", settings, key, e);
      }
    }
    LOG.debug("stored bundle of target {} in {} ({})", target, settings.url(key), bundle);
    return new StoredVersion(response.eTag(), fingerprint(bundle));
  }

  /**
   * After a 409, as S3 asks: fetch the object's ETag. Still what this run expected → empty, retry
   * the same conditional write. Already this bundle → that version. Anything else → someone else
   * changed it, as a 412 would have said.
   */
  private Optional<StoredVersion> afterConflict(
      String target, Bundle bundle, String key, Optional<String> expectedVersion) {
    Optional<StoredVersion> now = describe(target);
    if (now.map(StoredVersion::version).equals(expectedVersion)) {
      return Optional.empty();
    }
    if (now.isPresent() && fingerprint(bundle).equals(now.get().fingerprint())) {
      return now;
    }
    throw changedUnderneath(key);
  }

  /**
   * After a failed precondition: when the object now holds exactly this bundle — another run stored
   * the same thing, or the SDK retried a PUT whose first attempt had succeeded — nothing is lost
   * and the save has in effect succeeded.
   */
  private Optional<StoredVersion> alreadyStored(
      String target, Bundle bundle, AwsServiceException e) {
    if (!S3Failures.preconditionFailed(e)) {
      return Optional.empty();
    }
    try {
      return describe(target).filter(v -> fingerprint(bundle).equals(v.fingerprint()));
    } catch (ProviderException unreadable) {
      return Optional.empty(); // report the conflict, not the failed check
    }
  }

  private PutObjectResponse plainPut(
      String key, Bundle bundle, byte[] body, Optional<String> expectedVersion) {
    try {
      return put(key, bundle, body, expectedVersion, false);
    } catch (AwsServiceException e) {
      throw failure(key, expectedVersion, e);
    } catch (SdkException e) {
      throw S3Failures.of("PutObject", settings, key, e);
    }
  }

  private PutObjectResponse put(
      String key, Bundle bundle, byte[] body, Optional<String> expected, boolean conditional) {
    PutObjectRequest.Builder req =
        PutObjectRequest.builder()
            .bucket(settings.bucket())
            .key(key)
            .contentType("application/json")
            .metadata(Map.of(FINGERPRINT_METADATA, fingerprint(bundle).hex()));
    if (settings.kmsKeyId().isEmpty()) {
      req.serverSideEncryption(ServerSideEncryption.AES256);
    } else {
      req.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(settings.kmsKeyId());
    }
    if (conditional) {
      expected.ifPresentOrElse(req::ifMatch, () -> req.ifNoneMatch("*"));
    }
    return s3.putObject(req.build(), RequestBody.fromBytes(body));
  }

  private ProviderException failure(
      String key, Optional<String> expectedVersion, AwsServiceException e) {
    // 412: the object is not what describe() saw. NoSuchKey on If-Match: it was deleted since.
    if (S3Failures.preconditionFailed(e)
        || (expectedVersion.isPresent() && "NoSuchKey".equals(S3Failures.code(e)))) {
      return changedUnderneath(key);
    }
    return S3Failures.of("PutObject", settings, key, e);
  }

  private ProviderException changedUnderneath(String key) {
    return new ProviderException(
        "s3",
        "save",
        false,
        "merge store changed underneath this run: "
            + settings.url(key)
            + " was modified by someone else; re-run");
  }

  private void fallBackToPlainWrites(AwsServiceException e) {
    if (conditionalWrites.compareAndSet(true, false)) {
      warnings.warn(
          "merge store "
              + settings.location()
              + " does not support conditional writes ("
              + (S3Failures.code(e).isEmpty() ? "HTTP " + e.statusCode() : S3Failures.code(e))
              + "); falling back to plain writes — concurrent runs may overwrite each other");
    }
  }

  @Override
  public String describe() {
    return settings.location();
  }

  /** Closes the S3 client; the shared HTTP client stays open for the registry to close. */
  @Override
  public void close() {
    try {
      s3.close();
    } catch (RuntimeException e) {
      LOG.debug("closing the S3 client failed: {}", e.toString());
    }
  }
}
