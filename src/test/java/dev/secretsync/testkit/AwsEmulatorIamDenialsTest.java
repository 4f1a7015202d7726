package dev.secretsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Per-role denied actions: an implicit deny answers as the Secrets Manager API reference lists
 * {@code AccessDeniedException} (HTTP 400) with the IAM user guide's "not authorized to perform"
 * message; other roles and the ambient caller are unaffected.
 */
class AwsEmulatorIamDenialsTest {
  static final String READER = "arn:aws:iam::111111111111:role/SecretSync";
  static final String OTHER = "arn:aws:iam::222222222222:role/SecretSync";

  AwsEmulator emulator;
  StsClient sts;

  @BeforeEach
  void start() {
    emulator = AwsEmulator.start();
    sts = AwsEmulatorClients.sts(emulator);
  }

  @AfterEach
  void stop() {
    sts.close();
    emulator.close();
  }

  private SecretsManagerClient as(String role) {
    StsAssumeRoleCredentialsProvider provider =
        StsAssumeRoleCredentialsProvider.builder()
            .stsClient(sts)
            .refreshRequest(r -> r.roleArn(role).roleSessionName("check"))
            .build();
    return AwsEmulatorClients.secretsManager(
        emulator, provider, Region.US_EAST_1, AwsEmulatorClients.fastStandardRetries());
  }

  @Test
  void deniedActionAnswersAccessDeniedForThatRoleOnly() {
    emulator.denyAction(READER, "secretsmanager:ListSecrets");

    try (SecretsManagerClient reader = as(READER);
        SecretsManagerClient other = as(OTHER);
        SecretsManagerClient ambient = AwsEmulatorClients.secretsManager(emulator)) {
      assertThatThrownBy(() -> reader.listSecrets(r -> r.maxResults(1)))
          .isInstanceOfSatisfying(
              SecretsManagerException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(400);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
                assertThat(e.awsErrorDetails().errorMessage())
                    .isEqualTo(
                        "User: arn:aws:sts::111111111111:assumed-role/SecretSync/check is not"
                            + " authorized to perform: secretsmanager:ListSecrets because no"
                            + " identity-based policy allows the secretsmanager:ListSecrets"
                            + " action");
              });
      assertThat(reader.createSecret(r -> r.name("a").secretString("{}")).name()).isEqualTo("a");
      assertThat(other.listSecrets(r -> {}).secretList()).isEmpty();
      assertThat(ambient.listSecrets(r -> {}).secretList()).isEmpty();
    }
  }

  @Test
  void resetLiftsDenials() {
    emulator.denyAction(READER, "secretsmanager:ListSecrets");

    emulator.reset();

    try (SecretsManagerClient reader = as(READER)) {
      assertThat(reader.listSecrets(r -> {}).secretList()).isEmpty();
    }
  }
}
