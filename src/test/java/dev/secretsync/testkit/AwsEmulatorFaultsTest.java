package dev.secretsync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.InternalServiceErrorException;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;
import software.amazon.awssdk.services.secretsmanager.model.Tag;

/** Counters, latency, fault injection and throttling of {@link AwsEmulator} seen by the SDK. */
class AwsEmulatorFaultsTest {
  static final String ACCOUNT = AwsEmulator.DEFAULT_ACCOUNT;

  AwsEmulator emulator;
  SecretsManagerClient sm;

  @BeforeEach
  void start() {
    emulator = AwsEmulator.start();
    sm = AwsEmulatorClients.secretsManager(emulator);
    emulator.seedSecret("app", "v0", Map.of());
  }

  @AfterEach
  void stop() {
    sm.close();
    emulator.close();
  }

  @Test
  void throttledWritesAreClassifiedAndRetriedByTheStandardStrategy() {
    emulator.throttleFraction(0.5);

    for (int i = 1; i <= 4; i++) {
      String value = "v" + i;
      sm.putSecretValue(r -> r.secretId("app").secretString(value));
    }

    assertThat(emulator.currentValue(ACCOUNT, "us-east-1", "app")).isEqualTo("v4");
    // writes 2, 4 and 6 (the first attempts of puts 2, 3 and 4) were throttled and retried
    assertThat(emulator.throttledCount()).isEqualTo(3);
    assertThat(emulator.count("secretsmanager.PutSecretValue")).isEqualTo(7);
    assertThat(emulator.writeCount()).isEqualTo(7);

    try (SecretsManagerClient noRetry = client(AwsRetryStrategy.doNotRetry())) {
      emulator.throttleFraction(1);
      assertThatThrownBy(
              () ->
                  noRetry.tagResource(
                      r -> r.secretId("app").tags(Tag.builder().key("k").value("v").build())))
          .isInstanceOfSatisfying(
              SecretsManagerException.class,
              e -> {
                assertThat(e.isThrottlingException()).isTrue();
                assertThat(e.statusCode()).isEqualTo(400);
                assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("Rate exceeded");
              });
    }
    emulator.throttleFraction(0);
    assertThat(sm.getSecretValue(r -> r.secretId("app")).secretString()).isEqualTo("v4");
  }

  @Test
  void adaptiveStrategyAlsoRetriesThrottles() {
    RetryStrategy adaptive =
        AwsRetryStrategy.adaptiveRetryStrategy().toBuilder()
            .backoffStrategy(BackoffStrategy.retryImmediately())
            .throttlingBackoffStrategy(BackoffStrategy.retryImmediately())
            .build();
    emulator.failNext("secretsmanager.PutSecretValue", 1, 400, "ThrottlingException");
    // The adaptive strategy's client-side rate limiter pauses (~2 s) after a throttle; this is
    // the SDK's own behaviour, not emulator latency, and no assertion depends on it.
    try (SecretsManagerClient c = client(adaptive)) {
      c.putSecretValue(r -> r.secretId("app").secretString("adaptive"));
    }
    assertThat(emulator.currentValue(ACCOUNT, "us-east-1", "app")).isEqualTo("adaptive");
    assertThat(emulator.count("secretsmanager.PutSecretValue")).isEqualTo(2);
  }

  @Test
  void writeQuotaIsAPerAccountRegionTokenBucketOnTheEmulatorClock() {
    AwsManualClock clock = new AwsManualClock(Instant.parse("2030-01-01T00:00:00Z"));
    emulator.clock(clock);
    emulator.writeQuotaPerSecond(2);
    RetryStrategy advanceClockOnThrottle =
        AwsRetryStrategy.standardRetryStrategy().toBuilder()
            .maxAttempts(3)
            .backoffStrategy(BackoffStrategy.retryImmediately())
            .throttlingBackoffStrategy(
                attempt -> {
                  clock.advance(Duration.ofMillis(500));
                  return Duration.ZERO;
                })
            .build();

    try (SecretsManagerClient patient = client(advanceClockOnThrottle)) {
      for (int i = 0; i < 6; i++) {
        String value = "q" + i;
        patient.putSecretValue(r -> r.secretId("app").secretString(value));
      }
    }

    assertThat(emulator.currentValue(ACCOUNT, "us-east-1", "app")).isEqualTo("q5");
    assertThat(emulator.throttledCount()).isEqualTo(4);
    assertThat(emulator.count("secretsmanager.PutSecretValue")).isEqualTo(10);

    emulator.resetCounters();
    emulator.throttleFraction(0);
    try (SecretsManagerClient west =
        AwsEmulatorClients.secretsManager(
            emulator,
            AwsEmulatorClients.AMBIENT,
            Region.EU_WEST_1,
            AwsRetryStrategy.doNotRetry())) {
      west.createSecret(r -> r.name("w1").secretString("x"));
      west.createSecret(r -> r.name("w2").secretString("x"));
      assertThatThrownBy(() -> west.createSecret(r -> r.name("w3").secretString("x")))
          .isInstanceOfSatisfying(
              AwsServiceException.class, e -> assertThat(e.isThrottlingException()).isTrue());
    }
    assertThat(emulator.throttledCount()).isEqualTo(1);
    assertThat(sm.getSecretValue(r -> r.secretId("app")).secretString()).isEqualTo("q5");
  }

  @Test
  void injectedServerErrorsAreRetriedAndClientErrorsAreNot() {
    emulator.failNext("secretsmanager.GetSecretValue", 2, 500, "InternalServiceError");
    assertThat(sm.getSecretValue(r -> r.secretId("app")).secretString()).isEqualTo("v0");
    assertThat(emulator.count("secretsmanager.GetSecretValue")).isEqualTo(3);
    assertThat(emulator.injectedFaultCount()).isEqualTo(2);

    emulator.failNext("secretsmanager.GetSecretValue", 3, 500, "InternalServiceError");
    assertThatThrownBy(() -> sm.getSecretValue(r -> r.secretId("app")))
        .isInstanceOfSatisfying(
            InternalServiceErrorException.class, e -> assertThat(e.statusCode()).isEqualTo(500));

    emulator.resetCounters();
    emulator.failNext("secretsmanager.PutSecretValue", 1, 400, "AccessDeniedException");
    assertThatThrownBy(() -> sm.putSecretValue(r -> r.secretId("app").secretString("denied")))
        .isInstanceOfSatisfying(
            SecretsManagerException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
              assertThat(e.isThrottlingException()).isFalse();
            });
    assertThat(emulator.count("secretsmanager.PutSecretValue")).isEqualTo(1);
    assertThat(emulator.currentValue(ACCOUNT, "us-east-1", "app")).isEqualTo("v0");

    emulator.failNext("*", 1, 500, "InternalServiceError");
    assertThat(sm.listSecrets(r -> {}).secretList()).hasSize(1);
    assertThat(emulator.count("secretsmanager.ListSecrets")).isEqualTo(2);
  }

  @Test
  void failAtLetsEarlierRequestsThroughAndFailsOnlyTheGivenOne() {
    emulator.failAt("secretsmanager.PutSecretValue", 3, 400, "AccessDeniedException");

    sm.putSecretValue(r -> r.secretId("app").secretString("p1"));
    sm.putSecretValue(r -> r.secretId("app").secretString("p2"));
    assertThatThrownBy(() -> sm.putSecretValue(r -> r.secretId("app").secretString("p3")))
        .isInstanceOfSatisfying(
            SecretsManagerException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException"));
    sm.putSecretValue(r -> r.secretId("app").secretString("p4"));

    assertThat(emulator.currentValue(ACCOUNT, "us-east-1", "app")).isEqualTo("p4");
    assertThat(emulator.injectedFaultCount()).isEqualTo(1);
    assertThat(emulator.secret(ACCOUNT, "us-east-1", "app").orElseThrow().versions()).hasSize(4);
  }

  @Test
  void countersCountRequestsPerOperationAndAccount() {
    sm.getSecretValue(r -> r.secretId("app"));
    sm.describeSecret(r -> r.secretId("app"));
    sm.putSecretValue(r -> r.secretId("app").secretString("v1"));
    sm.tagResource(r -> r.secretId("app").tags(Tag.builder().key("k").value("v").build()));

    assertThat(emulator.count("secretsmanager.GetSecretValue")).isEqualTo(1);
    assertThat(emulator.count(ACCOUNT, "secretsmanager.PutSecretValue")).isEqualTo(1);
    assertThat(emulator.count("123456789012", "secretsmanager.PutSecretValue")).isZero();
    assertThat(emulator.writeCount()).isEqualTo(2);
    assertThat(emulator.writeCount(ACCOUNT)).isEqualTo(2);
    assertThat(emulator.totalCalls()).isEqualTo(4);

    emulator.resetCounters();
    assertThat(emulator.totalCalls()).isZero();
    assertThat(emulator.count("secretsmanager.GetSecretValue")).isZero();
  }

  @Test
  void latencyDelaysResponses() {
    emulator.latency(Duration.ofMillis(60));
    long start = System.nanoTime();
    sm.describeSecret(r -> r.secretId("app"));
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(60));
    emulator.latency(Duration.ZERO);
  }

  @Test
  void concurrentWritersAreSerialisedPerAccountRegion() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> futures = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String value = "c" + i;
        futures.add(
            pool.submit(
                () -> sm.putSecretValue(r -> r.secretId("app").secretString(value)).versionId()));
      }
      for (Future<String> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    AwsSecretView view = emulator.secret(ACCOUNT, "us-east-1", "app").orElseThrow();
    assertThat(view.versions()).hasSize(41);
    assertThat(view.versions().stream().filter(v -> v.hasStage("AWSCURRENT"))).hasSize(1);
    assertThat(view.versions().stream().filter(v -> v.hasStage("AWSPREVIOUS"))).hasSize(1);
    assertThat(emulator.count("secretsmanager.PutSecretValue")).isEqualTo(40);
  }

  private SecretsManagerClient client(RetryStrategy retry) {
    return AwsEmulatorClients.secretsManager(
        emulator, AwsEmulatorClients.AMBIENT, Region.US_EAST_1, retry);
  }
}
