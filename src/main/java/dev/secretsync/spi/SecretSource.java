package dev.secretsync.spi;

import dev.secretsync.core.Secret;
import dev.secretsync.core.SecretKey;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A place secrets are read from (Vault mount, directory of files). One instance per source per run;
 * not shared between runs.
 *
 * <p>Implementations must be safe to call from one thread at a time; they may parallelise
 * internally using {@link RunContext#ioExecutor()}, bounded by {@link RunContext#parallelism()}.
 */
public interface SecretSource extends AutoCloseable {

  /**
   * Lists every secret key of the source (e.g. a breadth-first walk of a Vault mount).
   *
   * @return validated keys, sorted, never {@code null}
   * @throws ProviderException when the source cannot be listed (the message names where)
   */
  List<SecretKey> list();

  /**
   * Reads the given keys.
   *
   * @return the secrets found; keys that vanished or are deleted since listing are absent (and
   *     logged as warnings), never mapped to {@code null}
   * @throws ProviderException when reading fails
   */
  Map<SecretKey, Secret> read(Collection<SecretKey> keys);

  /**
   * The user-defined metadata of the given keys (Vault KV v2 {@code custom_metadata}), for targets
   * that filter on it ({@code match_metadata}). Called only when such a filter is set, for the keys
   * the other filters kept; implementations make at most one remote call per key, in parallel
   * (bounded). Sources without such metadata (files) keep this default: none.
   *
   * @return metadata per key; a key without metadata maps to an empty map or is absent
   * @throws ProviderException when it cannot be read, or the source cannot hold such metadata (a KV
   *     v1 mount)
   */
  default Map<SecretKey, Map<String, String>> customMetadata(Collection<SecretKey> keys) {
    return Map.of();
  }

  /**
   * Reads one pinned version of {@code key} (Vault KV v2 {@code ?version=N}).
   *
   * @param version 1 or more
   * @return the secret; empty when that version is deleted, destroyed or does not exist (logged as
   *     a warning, as {@link #read} does)
   * @throws ProviderException when reading fails, or when the source keeps no versions (the
   *     default)
   */
  default Optional<Secret> readVersion(SecretKey key, int version) {
    throw new ProviderException(
        "source",
        "read",
        false,
        "this source keeps no versions: remove version, or read from a Vault KV v2 mount");
  }

  /** Releases connections and any credentials the source created. Never throws. */
  @Override
  void close();
}
