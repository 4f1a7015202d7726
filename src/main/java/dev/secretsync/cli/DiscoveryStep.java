package dev.secretsync.cli;

import dev.secretsync.config.AccountFacts;
import dev.secretsync.config.CircuitBreakerConfig;
import dev.secretsync.config.ConfigException;
import dev.secretsync.config.DynamicTargetConfig;
import dev.secretsync.config.SecretSyncConfig;
import dev.secretsync.config.TargetGenerator;
import dev.secretsync.discovery.Account;
import dev.secretsync.discovery.BlockResult;
import dev.secretsync.discovery.Discovery;
import dev.secretsync.discovery.DiscoveryCache;
import dev.secretsync.discovery.DiscoveryClients;
import dev.secretsync.discovery.DiscoveryException;
import dev.secretsync.engine.RunIds;
import dev.secretsync.observability.Metrics;
import dev.secretsync.resilience.BreakerSettings;
import dev.secretsync.resilience.Breakers;
import dev.secretsync.spi.MergeStore;
import dev.secretsync.spi.ProviderException;
import dev.secretsync.spi.RunContext;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovery as a step of {@code pipeline}, {@code graph} and {@code discover}: lists (or reuses the
 * cached listing of) every {@code dynamic_targets} block, prints one summary line per block and a
 * warning per account no longer matched, and returns the config with the generated targets — which
 * the engine then treats exactly like hand-written ones. A config without {@code dynamic_targets}
 * passes through untouched, with no AWS call.
 */
final class DiscoveryStep {
  private static final Logger LOG = LoggerFactory.getLogger(DiscoveryStep.class);

  /** Listing calls in flight at once: Organizations throttles callers hard (TooManyRequests). */
  private static final int MAX_PARALLEL = 8;

  /**
   * The outcome of a successful step.
   *
   * @param config the config with generated targets
   * @param blocks what each block found
   * @param generated the targets generated, per account
   * @param accountProblems accounts skipped because a placeholder had no value
   */
  record Outcome(
      SecretSyncConfig config,
      List<BlockResult> blocks,
      List<TargetGenerator.Generated> generated,
      List<String> accountProblems) {}

  private DiscoveryStep() {}

  /**
   * Runs discovery; on failure prints the problem(s) to stderr and returns null.
   *
   * @param displayName how config problems name the file
   * @param refresh list afresh even within the cache TTL
   * @param persist record fresh listings (false for dry runs and {@code discover})
   * @param problems receives the failure lines (for {@code -o json})
   */
  static Outcome run(
      CliContext ctx,
      SecretSyncConfig config,
      String displayName,
      boolean refresh,
      boolean persist,
      List<String> problems) {
    if (config.dynamicTargets().isEmpty()) {
      return new Outcome(config, List.of(), List.of(), List.of());
    }
    List<BlockResult> blocks;
    try {
      blocks = discover(ctx, config, refresh, persist);
    } catch (DiscoveryException | ProviderException e) {
      ctx.err().println("error: discovery: " + e.getMessage());
      problems.add("discovery: " + e.getMessage());
      return null;
    }
    Map<String, List<AccountFacts>> matched = new LinkedHashMap<>();
    for (BlockResult b : blocks) {
      matched.put(b.block(), b.matched().stream().map(Account::facts).toList());
      summary(ctx, b);
    }
    TargetGenerator.Result result;
    try {
      result =
          new TargetGenerator(ctx.env(), BuiltInProviders.SUPPORTED)
              .expand(config, matched, displayName);
    } catch (ConfigException e) {
      ctx.err().println("error: " + e.getMessage());
      e.problems().forEach(p -> problems.add(p.toString()));
      return null;
    }
    result.accountProblems().forEach(p -> ctx.err().println("error: " + p));
    return new Outcome(result.config(), blocks, result.generated(), result.accountProblems());
  }

  private static List<BlockResult> discover(
      CliContext ctx, SecretSyncConfig config, boolean refresh, boolean persist) {
    CircuitBreakerConfig cb = config.circuitBreaker();
    Breakers breakers =
        new Breakers(
            new BreakerSettings(
                cb.enabled(), cb.failureThreshold(), cb.window(), cb.timeout(), cb.maxRequests()),
            Clock.systemUTC());
    Metrics metrics = new Metrics(false); // discovery exports none
    int parallel = Math.min(MAX_PARALLEL, config.pipeline().parallelism());
    ExecutorService pool = Executors.newFixedThreadPool(parallel, daemon());
    String runId = RunIds.next();
    MergeStore store = null;
    IntConsumer progress = progress(ctx);
    try (BuiltInProviders registry = new BuiltInProviders(breakers, metrics)) {
      DiscoveryCache cache;
      if ("memory".equals(config.mergeStore().kind())) {
        cache =
            DiscoveryCache.inDirectory(config.baseDir().resolve(".secretsync").resolve("cache"));
      } else {
        RunContext rc =
            new RunContext(
                runId, config.baseDir(), ctx.env(), parallel, pool, !persist, w -> LOG.debug(w));
        store = registry.mergeStore(config.mergeStore(), config, rc);
        cache = DiscoveryCache.inStore(store);
      }
      LongAdder throttled = new LongAdder();
      DiscoveryClients clients =
          new DiscoveryClients(
              config.aws(),
              ctx.env(),
              registry.awsHttpClient(parallel),
              runId,
              (breaker, service) ->
                  new AwsCallObserver(breaker, service, breakers, metrics, throttled));
      Discovery discovery = new Discovery(clients::open, cache, pool, Clock.systemUTC(), progress);
      List<BlockResult> out = new ArrayList<>();
      for (DynamicTargetConfig d : config.dynamicTargets().values()) {
        out.add(discovery.run(d, refresh, persist));
      }
      return out;
    } finally {
      if (ctx.terminal()) {
        ctx.err().print("\r\033[K");
        ctx.err().flush();
      }
      if (store != null) {
        store.close();
      }
      pool.shutdownNow();
    }
  }

  /** A live count on a terminal while a large organisation is listed; nothing elsewhere. */
  private static IntConsumer progress(CliContext ctx) {
    if (!ctx.terminal()) {
      return n -> {};
    }
    return n -> {
      synchronized (ctx.err()) {
        ctx.err().print("\rdiscovering accounts: " + n + " listed");
        ctx.err().flush();
      }
    };
  }

  /** {@code discovery B: 60 accounts seen, 6 matched, 54 excluded (5 status, 49 tags) …}. */
  private static void summary(CliContext ctx, BlockResult b) {
    Map<String, Integer> byFilter = new TreeMap<>();
    b.excluded().forEach(e -> byFilter.merge(e.filter(), 1, Integer::sum));
    List<String> parts = new ArrayList<>();
    byFilter.forEach((k, v) -> parts.add(v + " " + k));
    ctx.err()
        .println(
            "discovery "
                + b.block()
                + ": "
                + b.seen()
                + " accounts seen, "
                + b.matched().size()
                + " matched, "
                + b.excluded().size()
                + " excluded"
                + (parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")")
                + (b.fromCache()
                    ? "; from cache, listed "
                        + Duration.between(b.listedAt(), Clock.systemUTC().instant()).toMinutes()
                        + " min ago (--refresh-discovery lists again)"
                    : "; listed now"));
    for (Account a : b.noLongerMatched()) {
      ctx.err()
          .println(
              "warning: account "
                  + a.id()
                  + (a.name().isEmpty() ? "" : " (" + a.name() + ")")
                  + " is no longer matched by dynamic_targets."
                  + b.block()
                  + "; its target is no longer synced and its secrets were left as they are");
    }
  }

  private static java.util.concurrent.ThreadFactory daemon() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "discovery-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
