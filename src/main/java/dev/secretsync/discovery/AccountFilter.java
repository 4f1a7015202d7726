package dev.secretsync.discovery;

import dev.secretsync.config.DynamicTargetConfig;
import java.util.List;
import java.util.Map;

/**
 * The Organizations filters of one block, pure: why an account is excluded, or null when it is
 * matched. Status and {@code exclude_accounts} are checked first (before tags are even listed);
 * tags: every {@code all} key matches its glob, and at least one {@code any} key matches one of its
 * globs.
 */
final class AccountFilter {
  private final DynamicTargetConfig.Organizations org;

  AccountFilter(DynamicTargetConfig.Organizations org) {
    this.org = org;
  }

  /** The reason before tags are known, or null. */
  String cheapReason(Account a) {
    if (org.excludeAccounts().contains(a.id())) {
      return "listed in exclude_accounts";
    }
    if (!org.status().contains(a.status())) {
      return "status " + a.status();
    }
    return null;
  }

  /** The reason an account with its tags is excluded, or null when it matches. */
  String reason(Account a) {
    String cheap = cheapReason(a);
    if (cheap != null) {
      return cheap;
    }
    for (Map.Entry<String, String> e : org.tagsAll().entrySet()) {
      String v = a.tags().get(e.getKey());
      if (!Glob.matches(e.getValue(), v)) {
        return v == null
            ? "no tag " + e.getKey()
            : "tag " + e.getKey() + "=" + v + " does not match " + e.getValue();
      }
    }
    if (!org.tagsAny().isEmpty() && !anyMatches(a.tags())) {
      return "no tag matches tags.any (" + String.join(", ", org.tagsAny().keySet()) + ")";
    }
    return null;
  }

  private boolean anyMatches(Map<String, String> tags) {
    for (Map.Entry<String, List<String>> e : org.tagsAny().entrySet()) {
      String v = tags.get(e.getKey());
      for (String glob : e.getValue()) {
        if (Glob.matches(glob, v)) {
          return true;
        }
      }
    }
    return false;
  }
}
