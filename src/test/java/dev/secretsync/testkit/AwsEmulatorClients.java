package dev.secretsync.testkit;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;

/** Real AWS SDK v2 clients pointed at an {@link AwsEmulator}, for the emulator's own tests. */
final class AwsEmulatorClients {
  static final AwsCredentialsProvider AMBIENT =
      StaticCredentialsProvider.create(
          AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"));

  private AwsEmulatorClients() {}

  /** The SDK's standard retry strategy (3 attempts) without backoff delays. */
  static RetryStrategy fastStandardRetries() {
    return AwsRetryStrategy.standardRetryStrategy().toBuilder()
        .backoffStrategy(BackoffStrategy.retryImmediately())
        .throttlingBackoffStrategy(BackoffStrategy.retryImmediately())
        .build();
  }

  static SecretsManagerClient secretsManager(AwsEmulator emulator) {
    return secretsManager(emulator, AMBIENT, Region.US_EAST_1, fastStandardRetries());
  }

  static SecretsManagerClient secretsManager(
      AwsEmulator emulator,
      AwsCredentialsProvider credentials,
      Region region,
      RetryStrategy retry) {
    return SecretsManagerClient.builder()
        .endpointOverride(emulator.endpoint())
        .region(region)
        .credentialsProvider(credentials)
        .httpClientBuilder(ApacheHttpClient.builder())
        .overrideConfiguration(o -> o.retryStrategy(retry))
        .build();
  }

  static StsClient sts(AwsEmulator emulator) {
    return StsClient.builder()
        .endpointOverride(emulator.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(AMBIENT)
        .httpClientBuilder(ApacheHttpClient.builder())
        .overrideConfiguration(o -> o.retryStrategy(fastStandardRetries()))
        .build();
  }
}
