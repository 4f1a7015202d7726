package dev.secretsync.discovery;

import java.util.List;
import java.util.Map;

/**
 * The narrow seam over the AWS Organizations and IAM Identity Center calls discovery makes. Every
 * list method follows {@code NextToken} to the end. Implementations throw {@link
 * DiscoveryException} with a one-line message.
 */
public interface OrganizationsApi extends AutoCloseable {

  /**
   * An organisational unit or root.
   *
   * @param id {@code ou-…} or {@code r-…}
   * @param name its name
   */
  record Unit(String id, String name) {}

  /** ListRoots. */
  List<Unit> roots();

  /** ListOrganizationalUnitsForParent. */
  List<Unit> children(String parentId);

  /** ListAccountsForParent; {@code ouId}/{@code ouPath} are left for the caller to set. */
  List<Account> accounts(String parentId);

  /** ListTagsForResource of an account. */
  Map<String, String> tags(String accountId);

  /**
   * The Identity Center instance of the organisation: ListInstances.
   *
   * @param instanceArn the instance
   * @param identityStoreId its identity store
   */
  record Instance(String instanceArn, String identityStoreId) {}

  /** ListInstances: the first instance, or null when Identity Center is not enabled. */
  Instance instance();

  /** ListPermissionSets + DescribePermissionSet until one is named {@code name}; null if none. */
  String permissionSetArn(Instance instance, String name);

  /** ListAccountsForProvisionedPermissionSet. */
  List<String> provisionedAccounts(Instance instance, String permissionSetArn);

  /**
   * ListAccountAssignments of one account and permission set: the principal ids assigned.
   *
   * @return {@code type:id} entries, e.g. {@code GROUP:g-123}
   */
  List<String> assignedPrincipals(Instance instance, String accountId, String permissionSetArn);

  /** GetGroupId (by display name) or GetUserId (by user name); null when there is none. */
  String principalId(Instance instance, boolean group, String name);

  @Override
  void close();
}
