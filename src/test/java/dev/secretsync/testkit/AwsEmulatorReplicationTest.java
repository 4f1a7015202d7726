package dev.secretsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.InvalidRequestException;
import software.amazon.awssdk.services.secretsmanager.model.ReplicaRegionType;
import software.amazon.awssdk.services.secretsmanager.model.ReplicationStatusType;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/**
 * Pins the emulator's multi-Region secrets and tag restrictions to the Secrets Manager API
 * reference (CreateSecret, ReplicateSecretToRegions, RemoveRegionsFromReplication, DeleteSecret,
 * DescribeSecret, ListSecrets, TagResource).
 */
class AwsEmulatorReplicationTest {
  private static final String TOKEN = "aaaaaaaa-0000-4000-8000-000000000001";

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

  private CreateSecretResponse createReplicated(String name, ReplicaRegionType... replicas) {
    return sm.createSecret(
        b ->
            b.name(name)
                .clientRequestToken(TOKEN)
                .secretString("{\"a\":1}")
                .addReplicaRegions(replicas));
  }

  private static ReplicaRegionType replica(String region, String key) {
    return ReplicaRegionType.builder().region(region).kmsKeyId(key).build();
  }

  private Map<String, ReplicationStatusType> status(String name) {
    DescribeSecretResponse d = sm.describeSecret(b -> b.secretId(name));
    return d.replicationStatus().stream()
        .collect(Collectors.toMap(ReplicationStatusType::region, s -> s));
  }

  @Test
  void describeReportsReplicationStatusAndListSecretsOnlyThePrimaryRegion() {
    CreateSecretResponse created = createReplicated("app/db", replica("us-west-2", null));

    assertThat(created.replicationStatus())
        .extracting(ReplicationStatusType::region)
        .containsExactly("us-west-2");
    assertThat(status("app/db").get("us-west-2").statusAsString()).isEqualTo("InSync");
    SecretListEntry listed = sm.listSecrets(b -> b.maxResults(100)).secretList().get(0);
    assertThat(listed.primaryRegion()).isEqualTo("us-east-1");
    assertThat(sm.describeSecret(b -> b.secretId("app/db")).primaryRegion()).isEqualTo("us-east-1");
  }

  @Test
  void aReplicaWithAKmsKeyOfAnotherRegionFailsWithAStatusMessage() {
    createReplicated("app/db", replica("eu-west-1", "arn:aws:kms:us-east-1:123456789012:key/k-1"));

    ReplicationStatusType eu = status("app/db").get("eu-west-1");

    assertThat(eu.statusAsString()).isEqualTo("Failed");
    assertThat(eu.statusMessage()).contains("does not exist in Region eu-west-1");
    assertThat(eu.kmsKeyId()).isEqualTo("arn:aws:kms:us-east-1:123456789012:key/k-1");
  }

  @Test
  void replicasAreAddedAndRemovedOnAnExistingSecret() {
    createReplicated("app/db", replica("us-west-2", null));

    sm.replicateSecretToRegions(
        b ->
            b.secretId("app/db")
                .addReplicaRegions(
                    replica("eu-west-1", "arn:aws:kms:eu-west-1:123456789012:key/k")));
    assertThat(status("app/db")).containsOnlyKeys("us-west-2", "eu-west-1");
    assertThatThrownBy(
            () ->
                sm.replicateSecretToRegions(
                    b -> b.secretId("app/db").addReplicaRegions(replica("us-east-1", null))))
        .isInstanceOf(AwsServiceException.class)
        .hasMessageContaining("Invalid replica region");

    sm.removeRegionsFromReplication(b -> b.secretId("app/db").removeReplicaRegions("us-west-2"));

    assertThat(status("app/db")).containsOnlyKeys("eu-west-1");
  }

  @Test
  void deleteSecretRefusesAPrimaryWithReplicasUntilTheyAreRemoved() {
    createReplicated("app/db", replica("us-west-2", null));

    assertThatThrownBy(
            () -> sm.deleteSecret(b -> b.secretId("app/db").forceDeleteWithoutRecovery(true)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("RemoveRegionsFromReplication");

    sm.removeRegionsFromReplication(b -> b.secretId("app/db").removeReplicaRegions("us-west-2"));
    sm.deleteSecret(b -> b.secretId("app/db").forceDeleteWithoutRecovery(true));

    assertThat(emulator.secrets(AwsEmulator.DEFAULT_ACCOUNT, "us-east-1")).isEmpty();
  }

  @Test
  void tagRestrictionsAreValidationErrors() {
    sm.createSecret(b -> b.name("app/db").clientRequestToken(TOKEN).secretString("{}"));

    assertValidation(Map.of("AWS:env", "x"));
    assertValidation(Map.of("k".repeat(128), "x"));
    assertValidation(Map.of("k", "v".repeat(256)));
    sm.tagResource(b -> b.secretId("app/db").tags(tags(Map.of("k".repeat(127), "v".repeat(255)))));
    Map<String, String> fortyNine =
        IntStream.range(0, 49).boxed().collect(Collectors.toMap(i -> "t" + i, i -> "v"));
    sm.tagResource(b -> b.secretId("app/db").tags(tags(fortyNine)));
    assertValidation(Map.of("one-too-many", "v"));
    assertThatThrownBy(
            () ->
                sm.createSecret(
                    b -> b.name("app/other").secretString("{}").tags(tags(Map.of("aws:x", "y")))))
        .isInstanceOf(AwsServiceException.class)
        .satisfies(
            e ->
                assertThat(((AwsServiceException) e).awsErrorDetails().errorCode())
                    .isEqualTo("ValidationException"));
    assertThat(
            emulator
                .secret(AwsEmulator.DEFAULT_ACCOUNT, "us-east-1", "app/db")
                .orElseThrow()
                .tags())
        .hasSize(50)
        .doesNotContainKey("one-too-many");
  }

  private void assertValidation(Map<String, String> tags) {
    assertThatThrownBy(() -> sm.tagResource(b -> b.secretId("app/db").tags(tags(tags))))
        .isInstanceOf(AwsServiceException.class)
        .satisfies(
            e ->
                assertThat(((AwsServiceException) e).awsErrorDetails().errorCode())
                    .isEqualTo("ValidationException"));
  }

  private static java.util.List<Tag> tags(Map<String, String> tags) {
    return tags.entrySet().stream()
        .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build())
        .toList();
  }
}
