package dev.secretsync.discovery;

import dev.secretsync.config.AccountFacts;
import java.util.Map;

/**
 * One account as Organizations lists it, with where it sits.
 *
 * @param id 12 digits
 * @param name account name
 * @param email root email address
 * @param status ACTIVE, SUSPENDED or PENDING_CLOSURE
 * @param ouId the OU or root it sits in
 * @param ouPath OU names from the root, joined by {@code /} (empty directly under the root)
 * @param tags its tags; empty when they were not needed (and so not listed)
 */
public record Account(
    String id,
    String name,
    String email,
    String status,
    String ouId,
    String ouPath,
    Map<String, String> tags) {
  public Account {
    tags = Map.copyOf(tags);
  }

  /** The same account with its tags. */
  Account withTags(Map<String, String> t) {
    return new Account(id, name, email, status, ouId, ouPath, t);
  }

  /** What template placeholders see. */
  public AccountFacts facts() {
    return new AccountFacts(id, name, email, ouId, ouPath, tags);
  }
}
