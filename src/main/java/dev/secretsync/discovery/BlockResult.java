package dev.secretsync.discovery;

import java.time.Instant;
import java.util.List;

/**
 * What discovery found for one {@code dynamic_targets} block.
 *
 * @param block the block's name
 * @param fromCache whether the listing came from the cache (no Organizations call)
 * @param listedAt when the listing was made
 * @param seen every account listed under the selected OUs
 * @param matched the accounts that pass every filter, in listing order
 * @param excluded the others, each with its reason
 * @param noLongerMatched accounts the previous listing matched and this one does not
 */
public record BlockResult(
    String block,
    boolean fromCache,
    Instant listedAt,
    int seen,
    List<Account> matched,
    List<Excluded> excluded,
    List<Account> noLongerMatched) {
  public BlockResult {
    matched = List.copyOf(matched);
    excluded = List.copyOf(excluded);
    noLongerMatched = List.copyOf(noLongerMatched);
  }

  /**
   * An account a filter excluded.
   *
   * @param account the account
   * @param filter which filter: {@code status}, {@code exclude_accounts}, {@code tags} or {@code
   *     identity_center}
   * @param reason one line, e.g. {@code status SUSPENDED}
   */
  public record Excluded(Account account, String filter, String reason) {}
}
