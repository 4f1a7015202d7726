package dev.secretsync.provider.vault;

import dev.secretsync.core.Bundle;
import dev.secretsync.core.HistoryEntry;
import dev.secretsync.spi.BundleHistory;
import dev.secretsync.spi.RunContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The Vault store's history is the KV v2 version list of each target's manifest: every manifest
 * version names the KV versions of the values it held and records who saved it, so it is one entry,
 * and a rollback reads those key versions back. Retention is the manifest's {@code max_versions}
 * (set to {@code keep} at each save). Listing costs one metadata GET and one GET per kept version.
 */
final class VaultHistory implements BundleHistory {
  private final VaultMergeStore store;
  private final RunContext ctx;

  VaultHistory(VaultMergeStore store, RunContext ctx) {
    this.store = store;
    this.ctx = ctx;
  }

  @Override
  public List<HistoryEntry> entries(String target) {
    VaultKv kv = store.kv();
    String path = VaultMergeStore.manifestPath(target);
    SortedMap<Integer, Instant> live = kv.liveVersions(path);
    List<Map.Entry<Integer, Instant>> versions = new ArrayList<>(live.entrySet());
    List<VaultKv.Read> reads =
        VaultParallel.map(ctx, versions, v -> kv.read(path, v.getKey()), "vault.read");
    List<HistoryEntry> out = new ArrayList<>();
    for (int i = 0; i < versions.size(); i++) {
      // A version deleted between the metadata read and this one is simply not listed.
      if (reads.get(i) instanceof VaultKv.Found found) {
        out.add(store.parse(target, found).entry(versions.get(i).getValue()));
      }
    }
    out.sort(Comparator.comparingInt(HistoryEntry::version).reversed());
    return out;
  }

  @Override
  public Bundle bundle(String target, HistoryEntry entry) {
    VaultKv.Read r = store.kv().read(VaultMergeStore.manifestPath(target), entry.version());
    if (!(r instanceof VaultKv.Found found)) {
      throw store.damaged(
          target,
          "manifest version "
              + entry.version()
              + " cannot be read: "
              + ((VaultKv.Skipped) r).reason());
    }
    VaultMergeStore.Check c = store.check(target, store.parse(target, found));
    if (c.bundle() == null) {
      throw store.damaged(
          target,
          "version "
              + entry.version()
              + " cannot be restored: "
              + c.damaged().values().iterator().next()
              + " (the mount's max_versions may have dropped it)");
    }
    return c.bundle();
  }
}
