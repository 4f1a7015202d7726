package dev.secretsync.engine;

import dev.secretsync.config.SecretSyncConfig;
import dev.secretsync.config.TargetConfig;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which shard syncs which target. Targets are grouped by {@linkplain WriteDomains write domain} and
 * each domain goes to the shard with the highest rendezvous score {@code hash(domain, shard)}:
 * every process computes the same assignment from the config alone, with no coordinator, and
 * changing the shard count from N to N+1 moves only the domains the new shard wins (about 1/(N+1)
 * of them).
 */
public final class ShardPlan {
  private final int count;
  private final Map<String, String> domainOfTarget = new LinkedHashMap<>();
  private final Map<String, Integer> shardOfDomain = new LinkedHashMap<>();

  private ShardPlan(int count) {
    this.count = count;
  }

  /** Assigns every target of {@code config} to one of {@code count} shards. */
  public static ShardPlan of(SecretSyncConfig config, Map<String, String> env, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("the shard count must be at least 1");
    }
    ShardPlan plan = new ShardPlan(count);
    for (TargetConfig t : config.targets().values()) {
      String domain = WriteDomains.of(t, config, env);
      plan.domainOfTarget.put(t.name(), domain);
      plan.shardOfDomain.computeIfAbsent(domain, d -> winner(d, count));
    }
    return plan;
  }

  /** The number of shards. */
  public int count() {
    return count;
  }

  /** The shard that syncs {@code target}. */
  public int shardOf(String target) {
    Integer s = shardOfDomain.get(domainOfTarget.get(target));
    if (s == null) {
      throw new IllegalArgumentException("unknown target " + target);
    }
    return s;
  }

  /** The write domain of {@code target}. */
  public String domainOf(String target) {
    return domainOfTarget.get(target);
  }

  /** The targets shard {@code index} syncs, in config order. */
  public Set<String> targetsOf(int index) {
    Set<String> out = new LinkedHashSet<>();
    domainOfTarget.forEach(
        (target, domain) -> {
          if (shardOfDomain.get(domain) == index) {
            out.add(target);
          }
        });
    return out;
  }

  /** The write domains shard {@code index} owns, in config order. */
  public List<String> domainsOf(int index) {
    List<String> out = new ArrayList<>();
    shardOfDomain.forEach(
        (domain, shard) -> {
          if (shard == index) {
            out.add(domain);
          }
        });
    return out;
  }

  /** The shard with the highest score for {@code domain}. */
  static int winner(String domain, int count) {
    int best = 0;
    long bestScore = Long.MIN_VALUE;
    for (int i = 0; i < count; i++) {
      long score = score(domain, i);
      // Ties (vanishingly rare) go to the lower index, so every process agrees.
      if (score > bestScore) {
        best = i;
        bestScore = score;
      }
    }
    return best;
  }

  /**
   * A stable 64-bit score of (domain, shard). SHA-256 rather than {@code hashCode}: it must be the
   * same in every JVM and on every platform, and spread domains evenly. Domains are names, not
   * secret values, so an unkeyed digest is fine here.
   */
  private static long score(String domain, int shard) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] d = md.digest((domain + "\n" + shard).getBytes(StandardCharsets.UTF_8));
      return ByteBuffer.wrap(d, 0, Long.BYTES).getLong();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
