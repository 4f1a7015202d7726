package dev.secretsync.provider.s3;

import dev.secretsync.core.Bundle;
import dev.secretsync.core.HistoryEntry;
import dev.secretsync.spi.BundleHistory;
import dev.secretsync.spi.HistoryDocument;
import dev.secretsync.spi.HistoryOrigin;
import dev.secretsync.spi.KeptKey;
import dev.secretsync.spi.ProviderException;
import dev.secretsync.spi.RunContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The S3 store's history: one object per saved version, {@code
 * <prefix>history/<target>/<utc-time>-<fp12>.json} (see {@link HistoryDocument}), holding the entry
 * and a copy of the bundle, encrypted like the bundle objects (SSE-KMS with the store's key, else
 * SSE-S3). Names sort by time, so one listing gives the versions in order.
 *
 * <p>Recording a save costs a listing, one GET (the newest entry, for its version number), one PUT
 * and, beyond {@code keep}, one DeleteObjects for the pruned entries.
 */
final class S3History implements BundleHistory {
  private final S3StoreSettings settings;
  private final S3Client s3;
  private final KeptKey key;
  private final RunContext ctx;
  private final int keep;

  S3History(S3StoreSettings settings, S3Client s3, KeptKey key, RunContext ctx, int keep) {
    this.settings = settings;
    this.s3 = s3;
    this.key = key;
    this.ctx = ctx;
    this.keep = keep;
  }

  /** Records the save of {@code bundle} and prunes the entries beyond {@code keep}. */
  void record(String target, Bundle bundle, HistoryOrigin origin) {
    List<String> names = list(target);
    int latest = names.isEmpty() ? 0 : read(target, names.get(names.size() - 1)).version();
    HistoryEntry entry = HistoryDocument.entry(latest + 1, origin, bundle, key.get());
    String objectKey = settings.historyPrefix(target) + HistoryDocument.name(entry);
    PutObjectRequest.Builder req =
        PutObjectRequest.builder()
            .bucket(settings.bucket())
            .key(objectKey)
            .contentType("application/json");
    if (settings.kmsKeyId().isEmpty()) {
      req.serverSideEncryption(ServerSideEncryption.AES256);
    } else {
      req.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(settings.kmsKeyId());
    }
    try {
      s3.putObject(
          req.build(), RequestBody.fromBytes(HistoryDocument.encode(target, entry, bundle)));
    } catch (SdkException e) {
      throw S3Failures.of("PutObject", settings, objectKey, e);
    }
    names.add(objectKey);
    prune(names);
  }

  private void prune(List<String> names) {
    int excess = names.size() - keep;
    if (excess <= 0) {
      return;
    }
    List<ObjectIdentifier> old =
        names.subList(0, excess).stream()
            .map(k -> ObjectIdentifier.builder().key(k).build())
            .toList();
    try {
      DeleteObjectsResponse r =
          s3.deleteObjects(
              b ->
                  b.bucket(settings.bucket())
                      .delete(Delete.builder().objects(old).quiet(true).build()));
      if (r.hasErrors() && !r.errors().isEmpty()) {
        ctx.warnings()
            .warn(
                settings.location()
                    + ": "
                    + r.errors().size()
                    + " old history entries could not be pruned ("
                    + r.errors().get(0).code()
                    + "); the next save tries again");
      }
    } catch (SdkException e) {
      ctx.warnings()
          .warn(
              settings.location()
                  + ": pruning old history entries failed ("
                  + e.getClass().getSimpleName()
                  + "); the next save tries again");
    }
  }

  /** The object keys of {@code target}'s entries, oldest first. */
  private List<String> list(String target) {
    String folder = settings.historyPrefix(target);
    List<String> keys = new ArrayList<>();
    try {
      s3.listObjectsV2Paginator(b -> b.bucket(settings.bucket()).prefix(folder)).contents().stream()
          .map(S3Object::key)
          .filter(k -> k.endsWith(".json") && k.indexOf('/', folder.length()) < 0)
          .forEach(keys::add);
    } catch (SdkException e) {
      throw S3Failures.of("ListObjectsV2", settings, folder, e);
    }
    keys.sort(Comparator.naturalOrder());
    return keys;
  }

  private HistoryDocument.Parsed parsed(String target, String objectKey) {
    byte[] body;
    try {
      body = s3.getObjectAsBytes(b -> b.bucket(settings.bucket()).key(objectKey)).asByteArray();
    } catch (SdkException e) {
      throw S3Failures.of("GetObject", settings, objectKey, e);
    }
    try {
      return HistoryDocument.decode(target, body);
    } catch (IllegalArgumentException e) {
      throw damaged(objectKey, e.getMessage());
    }
  }

  private HistoryEntry read(String target, String objectKey) {
    return parsed(target, objectKey).entry();
  }

  @Override
  public List<HistoryEntry> entries(String target) {
    // One GET per entry, in parallel: the listing holds names, not versions or actors.
    List<CompletableFuture<HistoryEntry>> reads =
        list(target).stream()
            .map(k -> CompletableFuture.supplyAsync(() -> read(target, k), ctx.ioExecutor()))
            .toList();
    List<HistoryEntry> out = new ArrayList<>();
    for (CompletableFuture<HistoryEntry> f : reads) {
      try {
        out.add(f.join());
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
    out.sort(Comparator.comparingInt(HistoryEntry::version).reversed());
    return out;
  }

  @Override
  public Bundle bundle(String target, HistoryEntry entry) {
    String objectKey = settings.historyPrefix(target) + HistoryDocument.name(entry);
    try {
      return parsed(target, objectKey).bundle(key.get());
    } catch (IllegalArgumentException e) {
      throw damaged(objectKey, e.getMessage());
    }
  }

  private ProviderException damaged(String objectKey, String why) {
    return new ProviderException(
        "s3",
        "history",
        false,
        "history entry " + settings.url(objectKey) + " is damaged: " + why + "; delete it");
  }
}
