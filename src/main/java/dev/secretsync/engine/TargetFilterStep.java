package dev.secretsync.engine;

import dev.secretsync.config.SecretSyncConfig;
import dev.secretsync.config.SourceConfig;
import dev.secretsync.config.TargetConfig;
import dev.secretsync.config.TargetFilters;
import dev.secretsync.core.Bundle;
import dev.secretsync.core.KeyFilter;
import dev.secretsync.core.Secret;
import dev.secretsync.core.SecretKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step of a target's merge: its filters turn the merged bundle into the desired one (what
 * is stored and synced). Targets that import this one inherit the merged bundle, unfiltered — a
 * filter says what one destination receives, not what its heirs may build on.
 *
 * <p>{@code match_metadata} is decided per key from the Vault sources the key comes from (directly
 * or through imported targets), in merge order: their {@code custom_metadata} maps merge like
 * scalars (a later source's value wins), file sources and overrides add nothing. Metadata is read
 * only for the keys the include/exclude conditions kept.
 */
final class TargetFilterStep {
  private static final Logger LOG = LoggerFactory.getLogger(TargetFilterStep.class);

  private final SecretSyncConfig config;
  private final SourceCache sources;

  TargetFilterStep(SecretSyncConfig config, SourceCache sources) {
    this.config = config;
    this.sources = sources;
  }

  /** The keys of {@code merged} that {@code target}'s filters keep. */
  Bundle apply(TargetConfig target, Bundle merged) {
    TargetFilters f = target.filters();
    if (f.isEmpty()) {
      return merged;
    }
    KeyFilter filter = KeyFilter.of(f.include().paths(), f.excludeKeys(), f.matchMetadata());
    Map<SecretKey, Secret> kept = new TreeMap<>();
    merged
        .secrets()
        .forEach(
            (k, v) -> {
              if (filter.selectsKey(k)) {
                kept.put(k, v);
              }
            });
    if (filter.needsMetadata() && !kept.isEmpty()) {
      Map<SecretKey, Map<String, String>> metadata = metadata(target, kept.keySet());
      kept.keySet().removeIf(k -> !filter.metadataMatches(metadata.getOrDefault(k, Map.of())));
    }
    LOG.info(
        "target {}: filters keep {} of {} key(s){}",
        target.name(),
        kept.size(),
        merged.size(),
        filter.needsMetadata() ? " (custom_metadata read for the candidates)" : "");
    return Bundle.of(kept);
  }

  private Map<SecretKey, Map<String, String>> metadata(
      TargetConfig target, Set<SecretKey> candidates) {
    Map<SecretKey, Map<String, String>> out = new HashMap<>();
    for (String source : vaultSourcesInMergeOrder(target.name(), new HashSet<>())) {
      Bundle read = sources.get(source).join();
      List<SecretKey> here = candidates.stream().filter(k -> read.get(k) != null).toList();
      if (here.isEmpty()) {
        continue;
      }
      sources
          .customMetadata(source, here)
          .forEach((k, m) -> out.computeIfAbsent(k, x -> new HashMap<>()).putAll(m));
    }
    return out;
  }

  /** The Vault sources {@code name}'s bundle is built from, depth first in import order. */
  private List<String> vaultSourcesInMergeOrder(String name, Set<String> visiting) {
    List<String> out = new ArrayList<>();
    TargetConfig t = config.targets().get(name);
    if (t == null || !visiting.add(name)) {
      return out;
    }
    for (String imp : t.imports()) {
      SourceConfig s = config.sources().get(imp);
      if (s == null) {
        out.addAll(vaultSourcesInMergeOrder(imp, visiting));
      } else if (s.vault() != null) {
        out.add(imp);
      }
    }
    visiting.remove(name);
    return out;
  }
}
