package dev.secretsync.config;

import java.util.Map;

/**
 * What discovery knows about one account, as template placeholders see it.
 *
 * @param accountId {@code {{account_id}}}, 12 digits
 * @param accountName {@code {{account_name}}}
 * @param accountEmail {@code {{account_email}}}
 * @param ouId {@code {{ou_id}}}: the OU (or root) the account sits in
 * @param ouPath {@code {{ou_path}}}: OU names from the root, joined by {@code /} (empty at the
 *     root)
 * @param tags {@code {{tags.<key>}}} (empty when tags were not fetched)
 */
public record AccountFacts(
    String accountId,
    String accountName,
    String accountEmail,
    String ouId,
    String ouPath,
    Map<String, String> tags) {
  public AccountFacts {
    tags = Map.copyOf(tags);
  }
}
