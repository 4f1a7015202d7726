package dev.secretsync.provider.memory;

import dev.secretsync.core.Bundle;
import dev.secretsync.core.Fingerprint;
import dev.secretsync.core.FingerprintKey;
import dev.secretsync.spi.MergeStore;
import dev.secretsync.spi.ProviderException;
import dev.secretsync.spi.RunContext;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The default merge store: bundles live in memory for the run. {@code --sync-only} has nothing to
 * read from it, so that mode needs a persistent store.
 */
public final class MemoryMergeStore implements MergeStore {
  private final Map<String, StoredBundle> bundles = new ConcurrentHashMap<>();
  private final AtomicLong versions = new AtomicLong();
  private final FingerprintKey key;

  /** A store for one run: its fingerprints use the configured key, else a key for this run. */
  public MemoryMergeStore(RunContext ctx) {
    this.key = ctx.configuredKey().orElseGet(FingerprintKey::generate);
  }

  @Override
  public Fingerprint fingerprint(Bundle bundle) {
    return bundle.fingerprint(key);
  }

  @Override
  public Optional<StoredVersion> describe(String target) {
    return load(target).map(StoredBundle::version);
  }

  @Override
  public Optional<StoredBundle> load(String target) {
    return Optional.ofNullable(bundles.get(target));
  }

  @Override
  public synchronized StoredVersion save(
      String target, Bundle bundle, Optional<String> expectedVersion) {
    String current = describe(target).map(StoredVersion::version).orElse(null);
    if (!Objects.equals(current, expectedVersion.orElse(null))) {
      throw new ProviderException(
          "memory", "save", false, "merge store changed underneath this run for target " + target);
    }
    StoredVersion v =
        new StoredVersion(Long.toString(versions.incrementAndGet()), fingerprint(bundle));
    bundles.put(target, new StoredBundle(bundle, v));
    return v;
  }

  @Override
  public boolean persistent() {
    return false;
  }

  @Override
  public String describe() {
    return "memory";
  }
}
