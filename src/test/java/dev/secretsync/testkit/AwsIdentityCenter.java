package dev.secretsync.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The IAM Identity Center state of an {@link AwsEmulator}: at most one instance with its identity
 * store, permission sets, the accounts each is provisioned to, and account assignments to groups
 * and users. Seeding is not counted as calls. Thread-safe (methods synchronize on this object).
 */
public final class AwsIdentityCenter {
  static final String INSTANCE_ARN = "arn:aws:sso:::instance/ssoins-1111111111111111";
  static final String STORE_ID = "d-1111111111";

  /**
   * One account assignment.
   *
   * @param accountId the account
   * @param permissionSetArn the permission set
   * @param principalType USER or GROUP
   * @param principalId the identity store id of the user or group
   */
  record Assignment(
      String accountId, String permissionSetArn, String principalType, String principalId) {}

  private String owner;
  private final Map<String, String> permissionSets = new LinkedHashMap<>(); // arn -> name
  private final Map<String, Set<String>> provisioned = new LinkedHashMap<>();
  private final List<Assignment> assignments = new ArrayList<>();
  private final Map<String, String> groups = new LinkedHashMap<>(); // display name -> id
  private final Map<String, String> users = new LinkedHashMap<>(); // user name -> id

  /** Enables an instance owned by {@code ownerAccount}; clears any previous state. */
  public synchronized AwsIdentityCenter enable(String ownerAccount) {
    clear();
    owner = ownerAccount;
    return this;
  }

  /** Removes the instance: ListInstances then returns none. */
  public synchronized void clear() {
    owner = null;
    permissionSets.clear();
    provisioned.clear();
    assignments.clear();
    groups.clear();
    users.clear();
  }

  /** Adds a permission set and returns its ARN. */
  public synchronized String addPermissionSet(String name) {
    String arn =
        String.format(
            "arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-%016x",
            permissionSets.size() + 1);
    permissionSets.put(arn, name);
    provisioned.put(arn, new LinkedHashSet<>());
    return arn;
  }

  /** Assigns {@code permissionSetArn} in {@code account} to a group (created on first use). */
  public synchronized void assignGroup(String account, String permissionSetArn, String group) {
    String id = groups.computeIfAbsent(group, g -> String.format("g-%08d", groups.size() + 1));
    assign(account, permissionSetArn, "GROUP", id);
  }

  /** Assigns {@code permissionSetArn} in {@code account} to a user (created on first use). */
  public synchronized void assignUser(String account, String permissionSetArn, String user) {
    String id = users.computeIfAbsent(user, u -> String.format("u-%08d", users.size() + 1));
    assign(account, permissionSetArn, "USER", id);
  }

  private void assign(String account, String ps, String type, String principal) {
    if (!permissionSets.containsKey(ps)) {
      throw new IllegalArgumentException("no permission set " + ps);
    }
    provisioned.get(ps).add(account);
    assignments.add(new Assignment(account, ps, type, principal));
  }

  synchronized String owner() {
    return owner;
  }

  synchronized List<String> permissionSetArns() {
    return new ArrayList<>(permissionSets.keySet());
  }

  synchronized String permissionSetName(String arn) {
    return permissionSets.get(arn);
  }

  synchronized List<String> provisionedAccounts(String arn) {
    return new ArrayList<>(provisioned.getOrDefault(arn, Set.of()));
  }

  synchronized List<Assignment> assignments(String account, String arn) {
    return assignments.stream()
        .filter(a -> a.accountId().equals(account) && a.permissionSetArn().equals(arn))
        .toList();
  }

  synchronized String groupId(String displayName) {
    return groups.get(displayName);
  }

  synchronized String userId(String userName) {
    return users.get(userName);
  }
}
