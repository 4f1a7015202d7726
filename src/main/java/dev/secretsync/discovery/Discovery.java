package dev.secretsync.discovery;

import dev.secretsync.config.DynamicTargetConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Runs discovery for each {@code dynamic_targets} block: reuses the cached listing while it is
 * younger than {@code cache.ttl} and was made with the same settings (zero AWS calls), else lists
 * afresh — Organizations tree and accounts, tags only for accounts that passed status and {@code
 * exclude_accounts} and only when a tag filter or {@code tags.*} placeholder needs them, then the
 * Identity Center filter on the survivors — and records the new listing. Accounts matched before
 * but not now are reported, never acted on: their targets simply stop being generated.
 */
public final class Discovery {
  private final Function<String, OrganizationsApi> apis;
  private final DiscoveryCache cache;
  private final ExecutorService pool;
  private final Clock clock;
  private final IntConsumer progress;

  /**
   * @param apis opens the API for a {@code role_arn} (empty = ambient)
   * @param cache where listings are kept
   * @param pool bounded pool for parallel listing calls
   * @param clock for listing times and the TTL
   * @param progress told the number of accounts listed so far
   */
  public Discovery(
      Function<String, OrganizationsApi> apis,
      DiscoveryCache cache,
      ExecutorService pool,
      Clock clock,
      IntConsumer progress) {
    this.apis = apis;
    this.cache = cache;
    this.pool = pool;
    this.clock = clock;
    this.progress = progress;
  }

  /**
   * Discovers one block.
   *
   * @param refresh list afresh even within the TTL ({@code --refresh-discovery})
   * @param persist record a fresh listing (false for dry runs and {@code discover})
   */
  public BlockResult run(DynamicTargetConfig d, boolean refresh, boolean persist) {
    String settings = digest(d);
    Optional<DiscoveryCache.Entry> previous = cache.load(d.name());
    Instant now = clock.instant();
    DiscoveryCache.Entry entry = previous.orElse(null);
    boolean fresh =
        entry != null
            && !refresh
            && !d.cacheTtl().isZero()
            && settings.equals(entry.settings())
            && entry.listedAt().plus(d.cacheTtl()).isAfter(now);
    if (!fresh) {
      entry = list(d, settings, now);
    }
    List<Account> matched = new ArrayList<>();
    List<BlockResult.Excluded> excluded = new ArrayList<>();
    evaluate(d, entry, matched, excluded);
    List<Account> gone = new ArrayList<>();
    if (!fresh) {
      Set<String> now2 = new HashSet<>(entry.matched());
      previous.ifPresent(
          p -> {
            Map<String, Account> known = new LinkedHashMap<>();
            p.accounts().forEach(a -> known.put(a.id(), a));
            for (String id : p.matched()) {
              if (!now2.contains(id)) {
                gone.add(known.getOrDefault(id, new Account(id, "", "", "", "", "", Map.of())));
              }
            }
          });
      if (persist) {
        cache.save(d.name(), entry);
      }
    }
    return new BlockResult(
        d.name(), fresh, entry.listedAt(), entry.accounts().size(), matched, excluded, gone);
  }

  private DiscoveryCache.Entry list(DynamicTargetConfig d, String settings, Instant now) {
    AccountFilter filter = new AccountFilter(d.organizations());
    try (OrganizationsApi api = apis.apply(d.organizations().roleArn())) {
      OrganizationWalker walker = new OrganizationWalker(api, pool, progress);
      List<Account> accounts = walker.walk(d.organizations());
      if (d.needsTags()) {
        List<Account> candidates =
            accounts.stream().filter(a -> filter.cheapReason(a) == null).toList();
        Map<String, Account> tagged = new LinkedHashMap<>();
        walker.withTags(candidates).forEach(a -> tagged.put(a.id(), a));
        accounts = accounts.stream().map(a -> tagged.getOrDefault(a.id(), a)).toList();
      }
      List<String> survivors =
          accounts.stream().filter(a -> filter.reason(a) == null).map(Account::id).toList();
      List<String> ic = null;
      if (d.identityCenter() != null) {
        Set<String> kept = new IdentityCenterFilter(api, pool).keep(d.identityCenter(), survivors);
        ic = survivors.stream().filter(kept::contains).toList();
      }
      List<String> matched = ic != null ? ic : survivors;
      return new DiscoveryCache.Entry(now, settings, accounts, ic, matched);
    }
  }

  private static void evaluate(
      DynamicTargetConfig d,
      DiscoveryCache.Entry entry,
      List<Account> matched,
      List<BlockResult.Excluded> excluded) {
    AccountFilter filter = new AccountFilter(d.organizations());
    Set<String> ic = entry.identityCenter() == null ? null : Set.copyOf(entry.identityCenter());
    for (Account a : entry.accounts()) {
      String cheap = filter.cheapReason(a);
      String reason = filter.reason(a);
      if (reason != null) {
        String kind =
            cheap == null ? "tags" : cheap.startsWith("status") ? "status" : "exclude_accounts";
        excluded.add(new BlockResult.Excluded(a, kind, reason));
      } else if (ic != null && !ic.contains(a.id())) {
        DynamicTargetConfig.IdentityCenter c = d.identityCenter();
        String principal =
            !c.group().isEmpty()
                ? " to group " + c.group()
                : !c.user().isEmpty() ? " to user " + c.user() : "";
        excluded.add(
            new BlockResult.Excluded(
                a,
                "identity_center",
                "permission set " + c.permissionSet() + " not assigned" + principal));
      } else {
        matched.add(a);
      }
    }
  }

  /** The listing depends on these settings only: a change to them makes the cache stale. */
  private static String digest(DynamicTargetConfig d) {
    String text = d.organizations() + "|" + d.identityCenter() + "|" + d.needsTags();
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
