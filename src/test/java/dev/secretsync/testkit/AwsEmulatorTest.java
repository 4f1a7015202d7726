package dev.secretsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.BatchGetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.secretsmanager.model.InvalidParameterException;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ListSecretsResponse;
import software.amazon.awssdk.services.secretsmanager.model.PutSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ReplicaRegionType;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.SecretVersionsListEntry;
import software.amazon.awssdk.services.secretsmanager.model.SortOrderType;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/** Drives the Secrets Manager side of {@link AwsEmulator} with the real SDK v2 client. */
class AwsEmulatorTest {
  static final String TOKEN_A = "aaaaaaaa-0000-4000-8000-000000000001";
  static final String TOKEN_B = "bbbbbbbb-0000-4000-8000-000000000002";
  static final String TOKEN_C = "cccccccc-0000-4000-8000-000000000003";
  static final String ACCOUNT = AwsEmulator.DEFAULT_ACCOUNT;
  static final String REGION = "us-east-1";

  AwsEmulator emulator;
  SecretsManagerClient sm;

  @BeforeEach
  void start() {
    emulator = AwsEmulator.start();
    sm = AwsEmulatorClients.secretsManager(emulator);
  }

  @AfterEach
  void stop() {
    sm.close();
    emulator.close();
  }

  @Test
  void theListingFollowsEveryCreateDeleteAndPurgeBetweenListings() {
    AwsManualClock clock = new AwsManualClock(Instant.parse("2030-01-01T00:00:00Z"));
    emulator.clock(clock);
    sm.createSecret(b -> b.name("a").secretString("1"));
    sm.createSecret(b -> b.name("b").secretString("2"));
    assertThat(listedNames()).containsExactly("a", "b");

    sm.createSecret(b -> b.name("c").secretString("3"));
    assertThat(listedNames()).as("after a create").containsExactly("a", "b", "c");

    sm.deleteSecret(b -> b.secretId("a").forceDeleteWithoutRecovery(true));
    assertThat(listedNames()).as("after a forced delete").containsExactly("b", "c");

    sm.deleteSecret(b -> b.secretId("b").recoveryWindowInDays(7L));
    assertThat(listedNames()).as("scheduled, not listed by default").containsExactly("c");
    assertThat(
            sm.listSecrets(r -> r.includePlannedDeletion(true)).secretList().stream()
                .map(SecretListEntry::name))
        .containsExactly("b", "c");
    clock.advance(Duration.ofDays(8));
    assertThat(
            sm.listSecrets(r -> r.includePlannedDeletion(true)).secretList().stream()
                .map(SecretListEntry::name))
        .as("purged when the window ends")
        .containsExactly("c");
  }

  private List<String> listedNames() {
    return sm.listSecrets(r -> r.maxResults(100)).secretList().stream()
        .map(SecretListEntry::name)
        .toList();
  }

  @Test
  void createdSecretsAreListedInPagesOfAtMost100() {
    for (int i = 0; i < 250; i++) {
      String name = String.format("app/s%03d", i);
      sm.createSecret(
          r -> r.name(name).secretString("v").tags(tag("team", "t" + (name.hashCode() & 1))));
    }

    List<ListSecretsResponse> pages =
        sm.listSecretsPaginator(r -> r.maxResults(100)).stream().collect(Collectors.toList());

    assertThat(pages).extracting(p -> p.secretList().size()).containsExactly(100, 100, 50);
    assertThat(pages.get(2).nextToken()).isNull();
    List<String> names =
        pages.stream().flatMap(p -> p.secretList().stream()).map(SecretListEntry::name).toList();
    assertThat(names)
        .containsExactlyElementsOf(
            IntStream.range(0, 250).mapToObj(i -> String.format("app/s%03d", i)).toList());
    SecretListEntry first = pages.get(0).secretList().get(0);
    assertThat(first.arn())
        .matches("arn:aws:secretsmanager:us-east-1:000000000000:secret:app/s000-[A-Za-z0-9]{6}");
    assertThat(first.secretVersionsToStages()).hasSize(1);
    assertThat(first.createdDate()).isNotNull();
    assertThat(first.lastChangedDate()).isNotNull();
    assertThat(first.tags()).extracting(Tag::key).containsExactly("team");

    ListSecretsResponse desc = sm.listSecrets(r -> r.sortOrder(SortOrderType.DESC).maxResults(1));
    assertThat(desc.secretList().get(0).name()).isEqualTo("app/s249");
    assertThat(desc.nextToken()).isNotNull();
  }

  @Test
  void listFiltersFollowTheDocumentedPrefixSemantics() {
    sm.createSecret(r -> r.name("DatabaseSecret").secretString("x").description("Primary DB"));
    sm.createSecret(r -> r.name("databaseSecret").secretString("x").tags(tag("env", "prod")));
    sm.createSecret(r -> r.name("MyData").secretString("x").tags(tag("owner", "platform")));

    assertThat(names(filter(FilterNameStringType.NAME, "Data"))).containsExactly("DatabaseSecret");
    assertThat(names(filter(FilterNameStringType.DESCRIPTION, "primary")))
        .containsExactly("DatabaseSecret");
    assertThat(names(filter(FilterNameStringType.TAG_KEY, "en"))).containsExactly("databaseSecret");
    assertThat(names(filter(FilterNameStringType.TAG_VALUE, "plat"))).containsExactly("MyData");
    assertThat(names(filter(FilterNameStringType.NAME, "!Data")))
        .containsExactly("databaseSecret", "MyData");
    assertThat(names(filter(FilterNameStringType.ALL, "data")))
        .containsExactly("DatabaseSecret", "databaseSecret", "MyData");
    assertThat(names(filter(FilterNameStringType.ALL, "platform"))).containsExactly("MyData");
  }

  @Test
  void putSecretValueMovesCurrentAndPreviousStages() {
    sm.createSecret(r -> r.name("db").secretString("v1").clientRequestToken(TOKEN_A));
    PutSecretValueResponse put =
        sm.putSecretValue(r -> r.secretId("db").secretString("v2").clientRequestToken(TOKEN_B));
    assertThat(put.versionId()).isEqualTo(TOKEN_B);
    assertThat(put.versionStages()).containsExactly("AWSCURRENT");
    assertThat(sm.describeSecret(r -> r.secretId("db")).versionIdsToStages())
        .containsOnly(
            Map.entry(TOKEN_A, List.of("AWSPREVIOUS")), Map.entry(TOKEN_B, List.of("AWSCURRENT")));

    sm.putSecretValue(r -> r.secretId("db").secretString("v3").clientRequestToken(TOKEN_C));
    assertThat(sm.describeSecret(r -> r.secretId("db")).versionIdsToStages())
        .containsOnly(
            Map.entry(TOKEN_B, List.of("AWSPREVIOUS")), Map.entry(TOKEN_C, List.of("AWSCURRENT")));
    assertThat(sm.getSecretValue(r -> r.secretId("db")).secretString()).isEqualTo("v3");
    assertThat(sm.getSecretValue(r -> r.secretId("db").versionStage("AWSPREVIOUS")).secretString())
        .isEqualTo("v2");
    assertThat(sm.getSecretValue(r -> r.secretId("db").versionId(TOKEN_A)).versionStages())
        .isEmpty();
    assertThat(sm.listSecretVersionIds(r -> r.secretId("db")).versions())
        .extracting(SecretVersionsListEntry::versionId)
        .containsExactly(TOKEN_B, TOKEN_C);
    assertThat(sm.listSecretVersionIds(r -> r.secretId("db").includeDeprecated(true)).versions())
        .extracting(SecretVersionsListEntry::versionId)
        .containsExactly(TOKEN_A, TOKEN_B, TOKEN_C);

    sm.putSecretValue(
        r ->
            r.secretId("db")
                .secretString("pending")
                .clientRequestToken(TOKEN_A.replace('a', 'd'))
                .versionStages("AWSPENDING"));
    assertThat(sm.getSecretValue(r -> r.secretId("db")).secretString()).isEqualTo("v3");
    assertThat(sm.getSecretValue(r -> r.secretId("db").versionStage("AWSPENDING")).secretString())
        .isEqualTo("pending");
  }

  @Test
  void clientRequestTokenRulesAreHonoured() {
    CreateSecretResponse created =
        sm.createSecret(r -> r.name("api").secretString("one").clientRequestToken(TOKEN_A));
    CreateSecretResponse retried =
        sm.createSecret(r -> r.name("api").secretString("one").clientRequestToken(TOKEN_A));
    assertThat(retried.versionId()).isEqualTo(created.versionId()).isEqualTo(TOKEN_A);
    assertThat(retried.arn()).isEqualTo(created.arn());
    assertThatThrownBy(() -> sm.createSecret(r -> r.name("api").secretString("one")))
        .isInstanceOf(ResourceExistsException.class)
        .hasMessageContaining("The operation failed because the secret api already exists.");

    sm.putSecretValue(r -> r.secretId("api").secretString("two").clientRequestToken(TOKEN_B));
    PutSecretValueResponse again =
        sm.putSecretValue(r -> r.secretId("api").secretString("two").clientRequestToken(TOKEN_B));
    assertThat(again.versionId()).isEqualTo(TOKEN_B);
    assertThat(emulator.secret(ACCOUNT, REGION, "api").orElseThrow().versions()).hasSize(2);

    assertThatThrownBy(
            () ->
                sm.putSecretValue(
                    r -> r.secretId("api").secretString("other").clientRequestToken(TOKEN_B)))
        .isInstanceOf(ResourceExistsException.class)
        .hasMessageContaining("You can't use ClientRequestToken " + TOKEN_B);
    assertThatThrownBy(
            () ->
                sm.putSecretValue(
                    r -> r.secretId("api").secretString("x").clientRequestToken("short")))
        .isInstanceOf(InvalidParameterException.class);
    assertThat(emulator.currentValue(ACCOUNT, REGION, "api")).isEqualTo("two");
  }

  @Test
  void revertingToAnOldTokenNeedsUpdateSecretVersionStage() {
    sm.createSecret(r -> r.name("svc").secretString("a").clientRequestToken(TOKEN_A));
    sm.putSecretValue(r -> r.secretId("svc").secretString("b").clientRequestToken(TOKEN_B));

    PutSecretValueResponse replay =
        sm.putSecretValue(r -> r.secretId("svc").secretString("a").clientRequestToken(TOKEN_A));
    assertThat(replay.versionId()).isEqualTo(TOKEN_A);
    assertThat(replay.versionStages()).containsExactly("AWSPREVIOUS");
    assertThat(sm.getSecretValue(r -> r.secretId("svc")).secretString()).isEqualTo("b");

    assertThatThrownBy(
            () ->
                sm.updateSecretVersionStage(
                    r -> r.secretId("svc").versionStage("AWSCURRENT").moveToVersionId(TOKEN_A)))
        .isInstanceOf(InvalidParameterException.class)
        .hasMessageContaining("RemoveFromVersionId");
    sm.updateSecretVersionStage(
        r ->
            r.secretId("svc")
                .versionStage("AWSCURRENT")
                .moveToVersionId(TOKEN_A)
                .removeFromVersionId(TOKEN_B));

    assertThat(sm.getSecretValue(r -> r.secretId("svc")).secretString()).isEqualTo("a");
    assertThat(sm.describeSecret(r -> r.secretId("svc")).versionIdsToStages())
        .containsOnly(
            Map.entry(TOKEN_A, List.of("AWSCURRENT")), Map.entry(TOKEN_B, List.of("AWSPREVIOUS")));
  }

  @Test
  void batchGetSecretValueReportsMissingSecretsPerId() {
    emulator.seedSecret("one", "1", Map.of());
    CreateSecretResponse two = sm.createSecret(r -> r.name("two").secretString("2"));

    BatchGetSecretValueResponse r =
        sm.batchGetSecretValue(b -> b.secretIdList("one", two.arn(), "missing"));

    assertThat(r.secretValues())
        .extracting(v -> v.name() + "=" + v.secretString())
        .containsExactly("one=1", "two=2");
    assertThat(r.errors()).hasSize(1);
    assertThat(r.errors().get(0).secretId()).isEqualTo("missing");
    assertThat(r.errors().get(0).errorCode()).isEqualTo("ResourceNotFoundException");
    assertThat(r.errors().get(0).message()).isNotBlank();

    BatchGetSecretValueResponse byFilter =
        sm.batchGetSecretValue(
            b -> b.filters(filter(FilterNameStringType.NAME, "t")).maxResults(5));
    assertThat(byFilter.secretValues()).extracting(v -> v.name()).containsExactly("two");
    assertThatThrownBy(
            () ->
                sm.batchGetSecretValue(
                    b -> b.secretIdList("one").filters(filter(FilterNameStringType.NAME, "o"))))
        .isInstanceOf(InvalidParameterException.class);
  }

  @Test
  void deleteWithRecoveryWindowThenRestore() {
    sm.createSecret(r -> r.name("old").secretString("keep"));
    Instant before = Instant.now();

    Instant deletion =
        sm.deleteSecret(r -> r.secretId("old").recoveryWindowInDays(7L)).deletionDate();

    assertThat(deletion)
        .isBetween(
            before.plus(Duration.ofDays(7)).minusSeconds(5), before.plus(Duration.ofDays(8)));
    assertThatThrownBy(() -> sm.getSecretValue(r -> r.secretId("old")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("marked for deletion");
    assertThatThrownBy(() -> sm.createSecret(r -> r.name("old").secretString("new")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("already scheduled for deletion");
    assertThat(sm.listSecrets(r -> {}).secretList()).isEmpty();
    assertThat(sm.listSecrets(r -> r.includePlannedDeletion(true)).secretList())
        .singleElement()
        .satisfies(e -> assertThat(e.deletedDate()).isNotNull());
    DescribeSecretResponse described = sm.describeSecret(r -> r.secretId("old"));
    assertThat(described.deletedDate()).isNotNull();
    assertThat(emulator.secret(ACCOUNT, REGION, "old").orElseThrow().scheduledForDeletion())
        .isTrue();
    assertThatThrownBy(() -> sm.deleteSecret(r -> r.secretId("old").recoveryWindowInDays(3L)))
        .isInstanceOf(InvalidParameterException.class);

    sm.restoreSecret(r -> r.secretId("old"));

    assertThat(sm.getSecretValue(r -> r.secretId("old")).secretString()).isEqualTo("keep");
    assertThat(sm.describeSecret(r -> r.secretId("old")).deletedDate()).isNull();
  }

  @Test
  void recoveryWindowExpiryRemovesTheSecretForGood() {
    AwsManualClock clock = new AwsManualClock(Instant.parse("2030-01-01T00:00:00Z"));
    emulator.clock(clock);
    emulator.seedSecret("temp", "t", Map.of());
    sm.deleteSecret(r -> r.secretId("temp"));
    clock.advance(Duration.ofDays(29));
    assertThat(sm.describeSecret(r -> r.secretId("temp")).deletedDate())
        .isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
    clock.advance(Duration.ofDays(1));
    assertThatThrownBy(() -> sm.describeSecret(r -> r.secretId("temp")))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  void eachScheduledDeletionExpiresAtItsOwnDateAfterEarlierOnesAndRestores() {
    AwsManualClock clock = new AwsManualClock(Instant.parse("2030-01-01T00:00:00Z"));
    emulator.clock(clock);
    emulator.seedSecret("soon", "s", Map.of());
    emulator.seedSecret("later", "l", Map.of());
    emulator.seedSecret("back", "b", Map.of());
    sm.deleteSecret(r -> r.secretId("back").recoveryWindowInDays(7L));
    sm.deleteSecret(r -> r.secretId("soon").recoveryWindowInDays(10L));
    sm.deleteSecret(r -> r.secretId("later").recoveryWindowInDays(20L));
    sm.restoreSecret(r -> r.secretId("back"));

    clock.advance(Duration.ofDays(10));
    assertThatThrownBy(() -> sm.describeSecret(r -> r.secretId("soon")))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThat(sm.describeSecret(r -> r.secretId("later")).deletedDate()).isNotNull();
    assertThat(sm.describeSecret(r -> r.secretId("back")).deletedDate()).isNull();
    clock.advance(Duration.ofDays(10));
    assertThatThrownBy(() -> sm.describeSecret(r -> r.secretId("later")))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThat(sm.describeSecret(r -> r.secretId("back")).name()).isEqualTo("back");
  }

  @Test
  void forceDeleteRemovesImmediately() {
    sm.createSecret(r -> r.name("gone").secretString("x"));

    sm.deleteSecret(r -> r.secretId("gone").forceDeleteWithoutRecovery(true));

    assertThatThrownBy(() -> sm.describeSecret(r -> r.secretId("gone")))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThat(emulator.secrets(ACCOUNT, REGION)).isEmpty();
    assertThatThrownBy(
            () ->
                sm.deleteSecret(
                    r ->
                        r.secretId("gone")
                            .forceDeleteWithoutRecovery(true)
                            .recoveryWindowInDays(7L)))
        .isInstanceOf(InvalidParameterException.class);
    sm.createSecret(r -> r.name("gone").secretString("again"));
    assertThat(emulator.currentValue(ACCOUNT, REGION, "gone")).isEqualTo("again");
  }

  @Test
  void tagAndUntag() {
    sm.createSecret(r -> r.name("tagged").secretString("x").tags(tag("a", "1"), tag("b", "2")));

    sm.tagResource(r -> r.secretId("tagged").tags(tag("b", "20"), tag("c", "3")));
    sm.untagResource(r -> r.secretId("tagged").tagKeys("a"));

    assertThat(sm.describeSecret(r -> r.secretId("tagged")).tags())
        .extracting(t -> t.key() + "=" + t.value())
        .containsExactly("b=20", "c=3");
    assertThat(emulator.secret(ACCOUNT, REGION, "tagged").orElseThrow().tags())
        .containsExactly(Map.entry("b", "20"), Map.entry("c", "3"));
  }

  @Test
  void seededBinaryAndOutOfBandChangesAreVisibleThroughTheSdk() {
    emulator.seedBinarySecret(
        ACCOUNT, REGION, "blob", new byte[] {0, 1, 2, (byte) 255}, Map.of("k", "v"));
    assertThat(sm.getSecretValue(r -> r.secretId("blob")).secretBinary())
        .isEqualTo(SdkBytes.fromByteArray(new byte[] {0, 1, 2, (byte) 255}));
    assertThat(sm.getSecretValue(r -> r.secretId("blob")).secretString()).isNull();

    emulator.seedSecret("plain", "before", Map.of());
    String newVersion = emulator.modifyOutOfBand(ACCOUNT, REGION, "plain", "after");
    assertThat(sm.getSecretValue(r -> r.secretId("plain")).versionId()).isEqualTo(newVersion);
    assertThat(sm.getSecretValue(r -> r.secretId("plain")).secretString()).isEqualTo("after");
    assertThat(emulator.totalCalls()).isEqualTo(4);
  }

  @Test
  void updateSecretChangesMetadataAndValue() {
    String arn =
        sm.createSecret(r -> r.name("meta").secretString("v1").kmsKeyId("alias/one")).arn();

    sm.updateSecret(r -> r.secretId(arn).description("described").kmsKeyId("alias/two"));
    String v2 = sm.updateSecret(r -> r.secretId("meta").secretString("v2")).versionId();

    DescribeSecretResponse d = sm.describeSecret(r -> r.secretId(arn));
    assertThat(d.description()).isEqualTo("described");
    assertThat(d.kmsKeyId()).isEqualTo("alias/two");
    assertThat(d.versionIdsToStages().get(v2)).containsExactly("AWSCURRENT");
    AwsSecretView view = emulator.secret(ACCOUNT, REGION, arn).orElseThrow();
    assertThat(view.currentValue()).isEqualTo("v2");
    assertThat(view.kmsKeyId()).isEqualTo("alias/two");
    assertThat(
            sm.getSecretValue(r -> r.secretId(arn.substring(0, arn.length() - 7))).secretString())
        .isEqualTo("v2");
  }

  @Test
  void createSecretWithReplicaRegionsReportsReplicationStatus() {
    CreateSecretResponse r =
        sm.createSecret(
            b ->
                b.name("rep")
                    .secretString("x")
                    .addReplicaRegions(ReplicaRegionType.builder().region("eu-west-1").build()));
    assertThat(r.replicationStatus())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.region()).isEqualTo("eu-west-1");
              assertThat(s.statusAsString()).isEqualTo("InSync");
            });
    assertThat(sm.describeSecret(b -> b.secretId("rep")).primaryRegion()).isEqualTo("us-east-1");
  }

  private static Tag tag(String k, String v) {
    return Tag.builder().key(k).value(v).build();
  }

  private static Filter filter(FilterNameStringType key, String value) {
    return Filter.builder().key(key).values(value).build();
  }

  private List<String> names(Filter f) {
    return sm.listSecrets(r -> r.filters(f)).secretList().stream()
        .map(SecretListEntry::name)
        .toList();
  }
}
