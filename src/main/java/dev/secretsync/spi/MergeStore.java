package dev.secretsync.spi;

import dev.secretsync.core.Bundle;
import dev.secretsync.core.Fingerprint;
import dev.secretsync.core.Secret;
import dev.secretsync.core.SecretKey;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps each target's merged bundle between the merge and sync phases (and between runs, for {@code
 * --sync-only}). Implementations: memory, directory, S3, Vault.
 *
 * <p>Writes are compare-and-set on a version token so two concurrent runs cannot silently overwrite
 * each other.
 */
public interface MergeStore extends AutoCloseable {

  /**
   * What is stored for {@code target} without reading the bundle body (e.g. an S3 HEAD), or empty.
   */
  Optional<StoredVersion> describe(String target);

  /** The stored bundle for {@code target}, or empty. */
  Optional<StoredBundle> load(String target);

  /**
   * Stores {@code bundle} for {@code target}.
   *
   * @param expectedVersion the version the caller saw ({@link StoredVersion#version()}), or empty
   *     when it saw nothing — the write fails if the store holds something else by now
   * @throws ProviderException with a message saying the store changed underneath this run when the
   *     expected version does not match
   */
  StoredVersion save(String target, Bundle bundle, Optional<String> expectedVersion);

  /**
   * Stores {@code bundle} like {@link #save(String, Bundle, Optional)} and, in a store with a
   * {@link #history()}, records the save as a history entry from {@code origin}. Stores without
   * history ignore {@code origin}.
   */
  default StoredVersion save(
      String target, Bundle bundle, Optional<String> expectedVersion, HistoryOrigin origin) {
    return save(target, bundle, expectedVersion);
  }

  /**
   * The store's history of saved bundles, or empty when it keeps none (the memory store, or {@code
   * merge_store.history.keep: 0}).
   */
  default Optional<BundleHistory> history() {
    return Optional.empty();
  }

  /**
   * The fingerprint this store records for {@code bundle} ({@link StoredVersion#fingerprint()}),
   * keyed with the store's {@link KeptKey}, so that an unchanged bundle is not written again.
   */
  Fingerprint fingerprint(Bundle bundle);

  /**
   * Prefix of the names records are kept under. Target names start with a letter or digit, so a
   * record can never collide with a target's bundle.
   */
  String RECORD_PREFIX = "_record.";

  /** The single key a record's content is kept under inside its bundle. */
  SecretKey RECORD_KEY = SecretKey.of("record");

  /**
   * A small provider record kept beside the bundles — e.g. a write-only target's state (what it
   * wrote, when). Stored as a one-secret bundle named {@link #RECORD_PREFIX} + {@code name}, so
   * every store keeps records the way it keeps bundles (S3 SSE and If-Match, Vault CAS, 0600 files)
   * with the same compare-and-set.
   */
  default Optional<StoredRecord> loadRecord(String name) {
    return load(RECORD_PREFIX + name)
        .map(
            b -> {
              Secret s = b.bundle().get(RECORD_KEY);
              return new StoredRecord(s == null ? Map.of() : s.data(), b.version());
            });
  }

  /**
   * Stores a record (see {@link #loadRecord}).
   *
   * @param expectedVersion the version loaded, or empty when there was none
   * @throws ProviderException when the record changed underneath this run
   */
  default StoredVersion saveRecord(
      String name, Map<String, ?> record, Optional<String> expectedVersion) {
    return save(
        RECORD_PREFIX + name, Bundle.of(Map.of(RECORD_KEY, Secret.of(record))), expectedVersion);
  }

  /**
   * Whether what is saved outlives the run. The memory store does not: a write-only target then
   * cannot remember what it wrote.
   */
  default boolean persistent() {
    return true;
  }

  /** A short description for logs and reports, e.g. {@code s3://bucket/prefix}. */
  String describe();

  /** Releases resources. Never throws. */
  @Override
  default void close() {}

  /**
   * A stored bundle's identity.
   *
   * @param version opaque version token for compare-and-set (ETag, file fingerprint, KV version)
   * @param fingerprint the store's keyed fingerprint of the stored bundle ({@link
   *     #fingerprint(Bundle)}), when the store records it (else null)
   */
  record StoredVersion(String version, Fingerprint fingerprint) {}

  /**
   * A stored bundle with its version.
   *
   * @param bundle the bundle
   * @param version its version
   */
  record StoredBundle(Bundle bundle, StoredVersion version) {}

  /**
   * A stored record with its version.
   *
   * @param content the record (JSON-shaped)
   * @param version its version, for {@link #saveRecord}'s compare-and-set
   */
  record StoredRecord(Map<String, Object> content, StoredVersion version) {}
}
