package dev.secretsync.engine;

import dev.secretsync.config.SecretSyncConfig;
import dev.secretsync.core.SecretKey;
import dev.secretsync.spi.ProviderRegistry;
import dev.secretsync.spi.RunContext;
import dev.secretsync.spi.SecretSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Custom metadata of source secrets, for {@code match_metadata}: each (source, key) is read at most
 * once per run however many targets filter on it, and only when asked — a run without such a filter
 * makes no metadata call. Sources are opened once for this and closed with the run.
 */
final class SourceMetadata implements AutoCloseable {
  private final ProviderRegistry registry;
  private final SecretSyncConfig config;
  private final RunContext ctx;
  private final boolean wanted;
  private final Map<String, SecretSource> open = new HashMap<>();
  private final Map<String, Map<SecretKey, CompletableFuture<Map<String, String>>>> cache =
      new ConcurrentHashMap<>();

  SourceMetadata(ProviderRegistry registry, SecretSyncConfig config, RunContext ctx) {
    this.registry = registry;
    this.config = config;
    this.ctx = ctx;
    this.wanted =
        config.targets().values().stream().anyMatch(t -> !t.filters().matchMetadata().isEmpty());
  }

  /** Whether any target filters on metadata (else sources are closed right after their read). */
  boolean wanted() {
    return wanted;
  }

  /**
   * Keeps {@code source}, already open and read, for metadata calls this run (reusing its login and
   * mount detection); false when one is kept already, and the caller closes its own.
   */
  synchronized boolean keep(String name, SecretSource source) {
    return open.putIfAbsent(name, source) == null;
  }

  /**
   * The custom metadata of {@code keys} in {@code source} (keys without any map to an empty map).
   * Keys another target is reading right now are awaited, not read twice.
   */
  Map<SecretKey, Map<String, String>> of(String source, Collection<SecretKey> keys) {
    Map<SecretKey, CompletableFuture<Map<String, String>>> known =
        cache.computeIfAbsent(source, s -> new ConcurrentHashMap<>());
    Map<SecretKey, CompletableFuture<Map<String, String>>> mine = new TreeMap<>();
    Map<SecretKey, CompletableFuture<Map<String, String>>> wanted = new TreeMap<>();
    for (SecretKey k : keys) {
      CompletableFuture<Map<String, String>> f = new CompletableFuture<>();
      CompletableFuture<Map<String, String>> existing = known.putIfAbsent(k, f);
      if (existing == null) {
        mine.put(k, f);
      }
      wanted.put(k, existing == null ? f : existing);
    }
    if (!mine.isEmpty()) {
      fetch(source, mine);
    }
    Map<SecretKey, Map<String, String>> out = new TreeMap<>();
    wanted.forEach((k, f) -> out.put(k, join(f)));
    return out;
  }

  private void fetch(String source, Map<SecretKey, CompletableFuture<Map<String, String>>> mine) {
    try {
      SecretSource s = source(source);
      Map<SecretKey, Map<String, String>> got;
      // A source is called from one thread at a time (SecretSource's contract).
      synchronized (s) {
        got = s.customMetadata(new ArrayList<>(mine.keySet()));
      }
      mine.forEach((k, f) -> f.complete(Map.copyOf(got.getOrDefault(k, Map.of()))));
    } catch (RuntimeException e) {
      mine.values().forEach(f -> f.completeExceptionally(e));
      throw e;
    }
  }

  private synchronized SecretSource source(String name) {
    return open.computeIfAbsent(name, n -> registry.source(config.sources().get(n), config, ctx));
  }

  private static Map<String, String> join(CompletableFuture<Map<String, String>> f) {
    try {
      return f.join();
    } catch (RuntimeException e) {
      throw Errors.unwrap(e) instanceof RuntimeException re ? re : e;
    }
  }

  @Override
  public synchronized void close() {
    List<SecretSource> sources = new ArrayList<>(open.values());
    open.clear();
    sources.forEach(SecretSource::close);
  }
}
