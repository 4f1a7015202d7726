package dev.secretsync.discovery;

import dev.secretsync.config.DynamicTargetConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * {@code identity_center}: which of the candidate accounts have the permission set provisioned —
 * and, with a principal, assigned to that group or user. The API has no lookup by name, so the
 * permission set is found by describing each one (ListPermissionSets + DescribePermissionSet), and
 * a principal filter costs one ListAccountAssignments per candidate account (run in parallel).
 */
final class IdentityCenterFilter {
  private final OrganizationsApi api;
  private final ExecutorService pool;

  IdentityCenterFilter(OrganizationsApi api, ExecutorService pool) {
    this.api = api;
    this.pool = pool;
  }

  /** The ids among {@code candidates} that the filter keeps. */
  Set<String> keep(DynamicTargetConfig.IdentityCenter ic, List<String> candidates) {
    OrganizationsApi.Instance instance = api.instance();
    if (instance == null) {
      throw new DiscoveryException(
          "discovery.identity_center: no IAM Identity Center instance is visible to these"
              + " credentials (ListInstances returned none); enable Identity Center or check"
              + " aws.region");
    }
    String ps = api.permissionSetArn(instance, ic.permissionSet());
    if (ps == null) {
      throw new DiscoveryException(
          "discovery.identity_center.permission_set: no permission set is named \""
              + ic.permissionSet()
              + "\"");
    }
    Set<String> provisioned = new HashSet<>(api.provisionedAccounts(instance, ps));
    List<String> kept = candidates.stream().filter(provisioned::contains).toList();
    boolean group = !ic.group().isEmpty();
    String principal = group ? ic.group() : ic.user();
    if (principal.isEmpty()) {
      return Set.copyOf(kept);
    }
    String id = api.principalId(instance, group, principal);
    if (id == null) {
      throw new DiscoveryException(
          "discovery.identity_center.principal: no "
              + (group ? "group" : "user")
              + " named \""
              + principal
              + "\" in the identity store");
    }
    String wanted = (group ? "GROUP:" : "USER:") + id;
    List<Callable<Boolean>> tasks = new ArrayList<>();
    for (String account : kept) {
      tasks.add(() -> api.assignedPrincipals(instance, account, ps).contains(wanted));
    }
    Set<String> out = new HashSet<>();
    try {
      List<Future<Boolean>> results = pool.invokeAll(tasks);
      for (int i = 0; i < kept.size(); i++) {
        if (results.get(i).get()) {
          out.add(kept.get(i));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DiscoveryException("account discovery was interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new DiscoveryException("Identity Center listing failed: " + e.getCause());
    }
    return out;
  }
}
