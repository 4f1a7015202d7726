package dev.secretsync.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One {@code dynamic_targets.<name>} block: which accounts to discover and the template each
 * matched account's target is generated from. See {@code docs/discovery.md}.
 *
 * @param name the block's name
 * @param organizations the AWS Organizations listing and its filters
 * @param identityCenter the optional IAM Identity Center filter, or null
 * @param cacheTtl how long a listing is reused ({@code cache.ttl}); zero = list on every run
 * @param template the target template
 */
public record DynamicTargetConfig(
    String name,
    Organizations organizations,
    IdentityCenter identityCenter,
    Duration cacheTtl,
    TargetTemplate template) {

  /**
   * {@code discovery.organizations}.
   *
   * @param roleArn role to assume for the listing, empty = ambient credentials
   * @param ous OUs (or roots) to list from, empty = every root
   * @param recursive whether nested OUs are followed
   * @param status account statuses kept (default ACTIVE)
   * @param tagsAll every key must match its glob
   * @param tagsAny at least one key must match one of its globs
   * @param excludeAccounts account ids never matched
   */
  public record Organizations(
      String roleArn,
      List<String> ous,
      boolean recursive,
      List<String> status,
      Map<String, String> tagsAll,
      Map<String, List<String>> tagsAny,
      List<String> excludeAccounts) {
    public Organizations {
      ous = List.copyOf(ous);
      status = List.copyOf(status);
      tagsAll = Map.copyOf(tagsAll);
      tagsAny = Map.copyOf(tagsAny);
      excludeAccounts = List.copyOf(excludeAccounts);
    }
  }

  /**
   * {@code discovery.identity_center}: keep only accounts where a permission set is assigned.
   *
   * @param permissionSet the permission set's name
   * @param group keep accounts where it is assigned to this group (display name), or empty
   * @param user keep accounts where it is assigned to this user (user name), or empty
   */
  public record IdentityCenter(String permissionSet, String group, String user) {}

  /** Whether account tags must be listed (a tag filter or a {@code tags.*} placeholder). */
  public boolean needsTags() {
    return !organizations.tagsAll().isEmpty()
        || !organizations.tagsAny().isEmpty()
        || (template != null && !template.tagKeys().isEmpty());
  }
}
