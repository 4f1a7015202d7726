package dev.secretsync.spi;

import dev.secretsync.core.Bundle;
import dev.secretsync.core.Fingerprint;
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
   * The fingerprint this store records for {@code bundle} ({@link StoredVersion#fingerprint()}),
   * keyed with the store's {@link KeptKey}, so that an unchanged bundle is not written again.
   */
  Fingerprint fingerprint(Bundle bundle);

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
}
