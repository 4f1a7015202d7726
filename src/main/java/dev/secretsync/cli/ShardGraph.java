package dev.secretsync.cli;

import dev.secretsync.config.SecretSyncConfig;
import dev.secretsync.engine.RunIds;
import dev.secretsync.engine.ShardPlan;
import dev.secretsync.spi.MergeStore;
import dev.secretsync.spi.RunContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code graph --shards N}: which shard syncs which write domain and target, and how many writes
 * each shard would make on a cold run (the secrets in its targets' bundles, read from a persistent
 * merge store — the only remote reads {@code graph} makes).
 */
final class ShardGraph {
  private ShardGraph() {}

  static String render(SecretSyncConfig config, CliContext ctx, int count) {
    ShardPlan plan = ShardPlan.of(config, ctx.env(), count);
    Map<String, Integer> sizes = bundleSizes(config, ctx);
    StringBuilder sb = new StringBuilder();
    sb.append(count)
        .append(count == 1 ? " shard" : " shards")
        .append(", targets assigned by write domain (rendezvous hashing):\n");
    for (int i = 0; i < count; i++) {
      List<String> domains = plan.domainsOf(i);
      List<String> targets = new ArrayList<>(plan.targetsOf(i));
      sb.append("shard ")
          .append(i)
          .append('/')
          .append(count)
          .append(": ")
          .append(targets.size())
          .append(targets.size() == 1 ? " target, " : " targets, ")
          .append(domains.size())
          .append(domains.size() == 1 ? " write domain" : " write domains")
          .append(", expected writes on a cold run: ")
          .append(expected(targets, sizes))
          .append('\n');
      for (String domain : domains) {
        sb.append("  ").append(domain).append(": ");
        List<String> inDomain = new ArrayList<>();
        targets.stream().filter(t -> domain.equals(plan.domainOf(t))).forEach(inDomain::add);
        sb.append(String.join(", ", inDomain)).append('\n');
      }
    }
    return sb.toString();
  }

  private static String expected(List<String> targets, Map<String, Integer> sizes) {
    if (sizes == null) {
      return "unknown (no persistent merge store to read bundle sizes from)";
    }
    int total = 0;
    int unknown = 0;
    for (String t : targets) {
      Integer n = sizes.get(t);
      if (n == null) {
        unknown++;
      } else {
        total += n;
      }
    }
    return total + (unknown == 0 ? "" : " (+ " + unknown + " target(s) not merged yet)");
  }

  /** Secrets per target in the merge store, or null when there is none to read. */
  private static Map<String, Integer> bundleSizes(SecretSyncConfig config, CliContext ctx) {
    if ("memory".equals(config.mergeStore().kind())) {
      return null;
    }
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (BuiltInProviders registry = new BuiltInProviders()) {
      RunContext run =
          new RunContext(
              RunIds.next(),
              config.baseDir(),
              ctx.env(),
              1,
              pool,
              true,
              w -> {},
              config.fingerprintKey());
      Map<String, Integer> sizes = new LinkedHashMap<>();
      try (MergeStore store = registry.mergeStore(config.mergeStore(), config, run)) {
        for (String t : config.targets().keySet()) {
          Optional<MergeStore.StoredBundle> b = store.load(t);
          b.ifPresent(stored -> sizes.put(t, stored.bundle().size()));
        }
      }
      return sizes;
    } catch (RuntimeException e) {
      ctx.err()
          .println("warning: cannot read bundle sizes from the merge store: " + e.getMessage());
      return null;
    } finally {
      pool.shutdownNow();
    }
  }
}
