package dev.secretsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.identitystore.IdentitystoreClient;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.AccessDeniedException;
import software.amazon.awssdk.services.organizations.model.Account;
import software.amazon.awssdk.services.organizations.model.AccountStatus;
import software.amazon.awssdk.services.organizations.model.AwsOrganizationsNotInUseException;
import software.amazon.awssdk.services.organizations.model.InvalidInputException;
import software.amazon.awssdk.services.organizations.model.ParentNotFoundException;
import software.amazon.awssdk.services.organizations.model.TargetNotFoundException;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.AccountAssignment;
import software.amazon.awssdk.services.ssoadmin.model.ResourceNotFoundException;

/**
 * Organizations, SSO Admin and Identity Store of {@link AwsEmulator} as the real SDK sees them,
 * pinned to the API references: paging with NextToken until it is absent, the documented errors
 * (AWSOrganizationsNotInUseException, AccessDeniedException, ParentNotFoundException,
 * TargetNotFoundException, InvalidInputException, TooManyRequestsException retried as throttling).
 */
class AwsEmulatorOrganizationsTest {
  static final String MGMT = AwsEmulator.DEFAULT_ACCOUNT;

  AwsEmulator emulator;
  OrganizationsClient org;

  @BeforeEach
  void start() {
    emulator = AwsEmulator.start();
    org = organizations(AwsEmulatorClients.AMBIENT);
  }

  @AfterEach
  void stop() {
    org.close();
    emulator.close();
  }

  OrganizationsClient organizations(AwsCredentialsProvider credentials) {
    return OrganizationsClient.builder()
        .endpointOverride(emulator.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(credentials)
        .httpClientBuilder(ApacheHttpClient.builder())
        .overrideConfiguration(o -> o.retryStrategy(AwsEmulatorClients.fastStandardRetries()))
        .build();
  }

  @Test
  void withoutAnOrganisationEveryCallIsNotInUse() {
    assertThatThrownBy(() -> org.listRoots())
        .isInstanceOf(AwsOrganizationsNotInUseException.class)
        .hasMessageContaining("not a member of an organization");
  }

  @Test
  void accountsOfAParentArePagedUntilNextTokenIsAbsent() {
    AwsOrganization o = emulator.organization().create(MGMT);
    String ou = o.addOu(o.rootId(), "Workloads");
    String nested = o.addOu(ou, "Prod");
    for (int i = 0; i < 25; i++) {
      o.addAccount(ou, String.format("1000000000%02d", i), "a" + i, "ACTIVE", Map.of());
    }
    o.addAccount(nested, "200000000000", "deep", "SUSPENDED", Map.of("env", "prod"));

    List<Account> accounts =
        org.listAccountsForParentPaginator(r -> r.parentId(ou)).stream()
            .flatMap(p -> p.accounts().stream())
            .toList();
    List<Account> all =
        org.listAccountsPaginator(r -> r.maxResults(20)).stream()
            .flatMap(p -> p.accounts().stream())
            .toList();

    assertThat(accounts).hasSize(25).allMatch(a -> a.status() == AccountStatus.ACTIVE);
    assertThat(emulator.count("organizations.ListAccountsForParent")).isEqualTo(3); // 10+10+5
    assertThat(all).hasSize(26);
    assertThat(emulator.count("organizations.ListAccounts")).isEqualTo(2);
    assertThat(org.listOrganizationalUnitsForParent(r -> r.parentId(ou)).organizationalUnits())
        .extracting(u -> u.name())
        .containsExactly("Prod");
    assertThat(org.listRoots().roots()).extracting(r -> r.id()).containsExactly(o.rootId());
    assertThat(org.listTagsForResource(r -> r.resourceId("200000000000")).tags())
        .extracting(t -> t.key() + "=" + t.value())
        .containsExactly("env=prod");
  }

  @Test
  void documentedErrors() {
    AwsOrganization o = emulator.organization().create(MGMT);
    emulator.registerAccessKey("AKIDMEMBER", "222222222222");
    AwsCredentialsProvider member =
        StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDMEMBER", "s"));

    try (OrganizationsClient fromMember = organizations(member)) {
      assertThatThrownBy(fromMember::listRoots).isInstanceOf(AccessDeniedException.class);
      o.delegateAdministrator("222222222222");
      assertThat(fromMember.listRoots().roots()).hasSize(1);
    }
    assertThatThrownBy(() -> org.listAccountsForParent(r -> r.parentId("ou-ab12-99999999")))
        .isInstanceOf(ParentNotFoundException.class);
    assertThatThrownBy(() -> org.listTagsForResource(r -> r.resourceId("999999999999")))
        .isInstanceOf(TargetNotFoundException.class);
    assertThatThrownBy(() -> org.listAccounts(r -> r.nextToken("garbage")))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> org.listAccounts(r -> r.maxResults(21)))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void tooManyRequestsIsRetriedAsThrottling() {
    emulator.organization().create(MGMT);
    emulator.failNext("organizations.ListRoots", 1, 400, "TooManyRequestsException");

    assertThat(org.listRoots().roots()).hasSize(1);

    assertThat(emulator.count("organizations.ListRoots")).isEqualTo(2);
  }

  @Test
  void identityCenterListsPermissionSetsProvisionedAccountsAndAssignments() {
    AwsIdentityCenter ic = emulator.identityCenter().enable(MGMT);
    String admin = ic.addPermissionSet("AdministratorAccess");
    ic.addPermissionSet("ReadOnly");
    ic.assignGroup("111111111111", admin, "platform-admins");
    ic.assignUser("222222222222", admin, "alice");

    try (SsoAdminClient sso =
            SsoAdminClient.builder()
                .endpointOverride(emulator.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(AwsEmulatorClients.AMBIENT)
                .httpClientBuilder(ApacheHttpClient.builder())
                .build();
        IdentitystoreClient store =
            IdentitystoreClient.builder()
                .endpointOverride(emulator.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(AwsEmulatorClients.AMBIENT)
                .httpClientBuilder(ApacheHttpClient.builder())
                .build()) {
      var instance = sso.listInstances(r -> {}).instances().get(0);
      String arn = instance.instanceArn();
      List<String> sets =
          sso.listPermissionSetsPaginator(r -> r.instanceArn(arn)).permissionSets().stream()
              .toList();
      String name =
          sso.describePermissionSet(r -> r.instanceArn(arn).permissionSetArn(sets.get(0)))
              .permissionSet()
              .name();
      List<String> accounts =
          sso.listAccountsForProvisionedPermissionSet(
                  r -> r.instanceArn(arn).permissionSetArn(admin))
              .accountIds();
      List<AccountAssignment> assignments =
          sso.listAccountAssignments(
                  r -> r.instanceArn(arn).accountId("111111111111").permissionSetArn(admin))
              .accountAssignments();
      String groupId =
          store
              .getGroupId(
                  r ->
                      r.identityStoreId(instance.identityStoreId())
                          .alternateIdentifier(
                              a ->
                                  a.uniqueAttribute(
                                      u ->
                                          u.attributePath("displayName")
                                              .attributeValue(
                                                  software.amazon.awssdk.core.document.Document
                                                      .fromString("platform-admins")))))
              .groupId();

      assertThat(sets).hasSize(2);
      assertThat(name).isEqualTo("AdministratorAccess");
      assertThat(accounts).containsExactly("111111111111", "222222222222");
      assertThat(assignments)
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.principalTypeAsString()).isEqualTo("GROUP");
                assertThat(a.principalId()).isEqualTo(groupId);
              });
      assertThatThrownBy(
              () -> sso.describePermissionSet(r -> r.instanceArn(arn).permissionSetArn("nope")))
          .isInstanceOf(ResourceNotFoundException.class);
      assertThat(emulator.count("sso.ListAccountAssignments")).isEqualTo(1);
      assertThat(emulator.count("identitystore.GetGroupId")).isEqualTo(1);
    }
  }
}
