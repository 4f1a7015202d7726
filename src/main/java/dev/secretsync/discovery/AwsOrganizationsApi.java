package dev.secretsync.discovery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.identitystore.IdentitystoreClient;
import software.amazon.awssdk.services.identitystore.model.ResourceNotFoundException;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.AwsOrganizationsNotInUseException;
import software.amazon.awssdk.services.organizations.model.ListAccountsForParentResponse;
import software.amazon.awssdk.services.organizations.model.ListOrganizationalUnitsForParentResponse;
import software.amazon.awssdk.services.organizations.model.ListRootsResponse;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.InstanceMetadata;
import software.amazon.awssdk.services.ssoadmin.model.ListAccountAssignmentsResponse;
import software.amazon.awssdk.services.ssoadmin.model.ListAccountsForProvisionedPermissionSetResponse;

/**
 * {@link OrganizationsApi} over the AWS SDK clients (built by {@link DiscoveryClients}). Pages are
 * requested at the documented maximum (20 for Organizations, 100 for SSO Admin) to keep the call
 * count down; SDK errors become one-line {@link DiscoveryException}s naming who was denied.
 */
final class AwsOrganizationsApi implements OrganizationsApi {
  private final OrganizationsClient org;
  private final SsoAdminClient sso;
  private final IdentitystoreClient store;
  private final String who;
  private final Runnable onClose;

  /**
   * @param who the identity used, for messages: {@code role arn:…} or {@code the ambient
   *     credentials}
   * @param onClose closes what the clients depend on (the role's credentials and STS client)
   */
  AwsOrganizationsApi(
      OrganizationsClient org,
      SsoAdminClient sso,
      IdentitystoreClient store,
      String who,
      Runnable onClose) {
    this.onClose = onClose;
    this.org = org;
    this.sso = sso;
    this.store = store;
    this.who = who;
  }

  @Override
  public List<Unit> roots() {
    return listAll(
        "organizations:ListRoots",
        () -> org.listRootsPaginator(r -> r.maxResults(20)),
        ListRootsResponse::roots,
        x -> new Unit(x.id(), x.name()));
  }

  @Override
  public List<Unit> children(String parentId) {
    return listAll(
        "organizations:ListOrganizationalUnitsForParent",
        () ->
            org.listOrganizationalUnitsForParentPaginator(r -> r.parentId(parentId).maxResults(20)),
        ListOrganizationalUnitsForParentResponse::organizationalUnits,
        x -> new Unit(x.id(), x.name()));
  }

  @Override
  public List<Account> accounts(String parentId) {
    return listAll(
        "organizations:ListAccountsForParent",
        () -> org.listAccountsForParentPaginator(r -> r.parentId(parentId).maxResults(20)),
        ListAccountsForParentResponse::accounts,
        a -> new Account(a.id(), a.name(), a.email(), a.statusAsString(), parentId, "", Map.of()));
  }

  @Override
  public Map<String, String> tags(String accountId) {
    return call(
        "organizations:ListTagsForResource",
        () -> {
          Map<String, String> out = new LinkedHashMap<>();
          org.listTagsForResourcePaginator(r -> r.resourceId(accountId))
              .forEach(p -> p.tags().forEach(t -> out.put(t.key(), t.value())));
          return out;
        });
  }

  @Override
  public Instance instance() {
    return call(
        "sso:ListInstances",
        () -> {
          for (var page : sso.listInstancesPaginator(r -> r.maxResults(100))) {
            for (InstanceMetadata i : page.instances()) {
              return new Instance(i.instanceArn(), i.identityStoreId());
            }
          }
          return null;
        });
  }

  @Override
  public String permissionSetArn(Instance instance, String name) {
    return call(
        "sso:DescribePermissionSet",
        () -> {
          for (var page :
              sso.listPermissionSetsPaginator(
                  r -> r.instanceArn(instance.instanceArn()).maxResults(100))) {
            for (String arn : page.permissionSets()) {
              String n =
                  sso.describePermissionSet(
                          r -> r.instanceArn(instance.instanceArn()).permissionSetArn(arn))
                      .permissionSet()
                      .name();
              if (name.equals(n)) {
                return arn;
              }
            }
          }
          return null;
        });
  }

  @Override
  public List<String> provisionedAccounts(Instance instance, String permissionSetArn) {
    return listAll(
        "sso:ListAccountsForProvisionedPermissionSet",
        () ->
            sso.listAccountsForProvisionedPermissionSetPaginator(
                r ->
                    r.instanceArn(instance.instanceArn())
                        .permissionSetArn(permissionSetArn)
                        .maxResults(100)),
        ListAccountsForProvisionedPermissionSetResponse::accountIds,
        id -> id);
  }

  @Override
  public List<String> assignedPrincipals(
      Instance instance, String accountId, String permissionSetArn) {
    return listAll(
        "sso:ListAccountAssignments",
        () ->
            sso.listAccountAssignmentsPaginator(
                r ->
                    r.instanceArn(instance.instanceArn())
                        .accountId(accountId)
                        .permissionSetArn(permissionSetArn)
                        .maxResults(100)),
        ListAccountAssignmentsResponse::accountAssignments,
        a -> a.principalTypeAsString() + ":" + a.principalId());
  }

  @Override
  public String principalId(Instance instance, boolean group, String name) {
    return call(
        group ? "identitystore:GetGroupId" : "identitystore:GetUserId",
        () -> {
          try {
            if (group) {
              return store
                  .getGroupId(
                      r ->
                          r.identityStoreId(instance.identityStoreId())
                              .alternateIdentifier(
                                  a ->
                                      a.uniqueAttribute(
                                          u ->
                                              u.attributePath("displayName")
                                                  .attributeValue(Document.fromString(name)))))
                  .groupId();
            }
            return store
                .getUserId(
                    r ->
                        r.identityStoreId(instance.identityStoreId())
                            .alternateIdentifier(
                                a ->
                                    a.uniqueAttribute(
                                        u ->
                                            u.attributePath("userName")
                                                .attributeValue(Document.fromString(name)))))
                .userId();
          } catch (ResourceNotFoundException e) {
            return null;
          }
        });
  }

  /**
   * Every item of every page of one listing, converted: the shape all our listings share. The SDK
   * paginator fetches the next page as the loop reaches it, inside {@link #call}.
   */
  private <P, I, T> List<T> listAll(
      String action,
      Supplier<? extends Iterable<P>> pages,
      Function<P, ? extends List<I>> items,
      Function<I, T> convert) {
    return call(
        action,
        () -> {
          List<T> out = new ArrayList<>();
          for (P page : pages.get()) {
            for (I item : items.apply(page)) {
              out.add(convert.apply(item));
            }
          }
          return out;
        });
  }

  /** Runs one API call, turning SDK failures into one line that says what to do. */
  private <T> T call(String action, Supplier<T> body) {
    try {
      return body.get();
    } catch (AwsOrganizationsNotInUseException e) {
      throw new DiscoveryException(
          "AWS Organizations: the account of "
              + who
              + " is not in an organisation (AWSOrganizationsNotInUseException); use a role in"
              + " the management account or a delegated administrator");
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
      if (e.statusCode() == 403 || "AccessDeniedException".equals(code)) {
        throw new DiscoveryException(
            "access denied: "
                + who
                + " may not call "
                + action
                + "; the role must be in the management account or a delegated administrator"
                + " and allow "
                + action
                + " (see docs/discovery.md#permissions)");
      }
      throw new DiscoveryException(
          action + " failed for " + who + ": " + code + " (HTTP " + e.statusCode() + ")");
    } catch (SdkException e) {
      throw new DiscoveryException(action + " failed for " + who + ": " + oneLine(e));
    }
  }

  private static String oneLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }

  @Override
  public void close() {
    org.close();
    sso.close();
    store.close();
    onClose.run();
  }
}
