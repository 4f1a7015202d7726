package dev.secretsync.spi;

import dev.secretsync.core.Bundle;
import dev.secretsync.core.HistoryEntry;
import java.util.List;

/**
 * The saved versions of each target's bundle in a persistent merge store ({@link
 * MergeStore#history()}). Every save that changes a bundle records one entry; the store prunes the
 * oldest beyond {@code merge_store.history.keep}.
 */
public interface BundleHistory {

  /**
   * The entries of {@code target}, newest first (empty when it has none).
   *
   * @throws ProviderException when the history cannot be read
   */
  List<HistoryEntry> entries(String target);

  /**
   * The bundle {@code entry} recorded, for a rollback (secret material).
   *
   * @throws ProviderException when it cannot be read back, or no longer matches its fingerprint
   */
  Bundle bundle(String target, HistoryEntry entry);
}
