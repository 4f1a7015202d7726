package dev.secretsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretListEntry;

/**
 * The listing lag: "All Secrets Manager operations are eventually consistent. ListSecrets might not
 * reflect changes from the last five minutes. You can get more recent information for a specific
 * secret by calling DescribeSecret." (API reference, ListSecrets). With the switch on, ListSecrets
 * shows the state of {@code lag} ago; DescribeSecret and GetSecretValue are current.
 */
class AwsEmulatorListingLagTest {
  static final String A = "a".repeat(64);
  static final String B = "b".repeat(64);

  AwsEmulator emulator;
  SecretsManagerClient sm;
  AwsManualClock clock = new AwsManualClock(Instant.parse("2026-01-01T00:00:00Z"));

  @BeforeEach
  void start() {
    emulator = AwsEmulator.start();
    emulator.clock(clock);
    sm = AwsEmulatorClients.secretsManager(emulator);
  }

  @AfterEach
  void stop() {
    sm.close();
    emulator.close();
  }

  @Test
  void aNewSecretIsListedOnlyOnceTheLagHasPassedButDescribedAtOnce() {
    emulator.listingLag(Duration.ofSeconds(20));

    sm.createSecret(r -> r.name("app").secretString("{}").clientRequestToken(A));
    clock.advance(Duration.ofSeconds(2));

    assertThat(listed()).isEmpty();
    assertThat(sm.describeSecret(r -> r.secretId("app")).versionIdsToStages()).containsKey(A);
    assertThat(sm.getSecretValue(r -> r.secretId("app")).versionId()).isEqualTo(A);
    clock.advance(Duration.ofSeconds(18));
    assertThat(listed()).extracting(SecretListEntry::name).containsExactly("app");
  }

  @Test
  void aNewValueShowsInTheListingOnlyAfterTheLag() {
    sm.createSecret(r -> r.name("app").secretString("{\"v\":1}").clientRequestToken(A));
    emulator.listingLag(Duration.ofSeconds(20));

    sm.putSecretValue(r -> r.secretId("app").secretString("{\"v\":2}").clientRequestToken(B));
    clock.advance(Duration.ofSeconds(19));

    assertThat(listed().get(0).secretVersionsToStages())
        .as("the state from before the put")
        .containsOnlyKeys(A);
    assertThat(sm.describeSecret(r -> r.secretId("app")).versionIdsToStages())
        .containsEntry(B, List.of("AWSCURRENT"));
    clock.advance(Duration.ofSeconds(1));
    assertThat(listed().get(0).secretVersionsToStages())
        .containsEntry(B, List.of("AWSCURRENT"))
        .containsEntry(A, List.of("AWSPREVIOUS"));
  }

  @Test
  void seededChangesLagToo() {
    emulator.listingLag(Duration.ofSeconds(20));

    emulator.seedSecret("seeded", "{}", Map.of());

    assertThat(listed()).isEmpty();
    clock.advance(Duration.ofSeconds(20));
    assertThat(listed()).extracting(SecretListEntry::name).containsExactly("seeded");
  }

  @Test
  void switchingTheLagOffListsTheCurrentState() {
    emulator.listingLag(Duration.ofSeconds(20));
    sm.createSecret(r -> r.name("app").secretString("{}"));

    emulator.listingLag(Duration.ZERO);

    assertThat(listed()).extracting(SecretListEntry::name).containsExactly("app");
  }

  private List<SecretListEntry> listed() {
    return sm.listSecrets(r -> r.includePlannedDeletion(true)).secretList();
  }
}
