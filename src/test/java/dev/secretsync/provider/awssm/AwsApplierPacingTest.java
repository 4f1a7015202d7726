package dev.secretsync.provider.awssm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.config.TargetConfig;
import dev.secretsync.core.Bundle;
import dev.secretsync.core.Change;
import dev.secretsync.core.ChangeKind;
import dev.secretsync.core.Secret;
import dev.secretsync.core.SecretKey;
import dev.secretsync.core.TargetPlan;
import dev.secretsync.resilience.RateLimiter;
import dev.secretsync.spi.RunContext;
import dev.secretsync.spi.SecretTarget.ApplyResult;
import dev.secretsync.testkit.TestKeys;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretRequest;
import software.amazon.awssdk.services.secretsmanager.model.CreateSecretResponse;

/**
 * A target waiting for its account's write rate waits in its own thread: the shared I/O pool stays
 * free for other accounts (found by the fan-out benchmark, where 100 accounts were written one
 * account's rate at a time).
 */
class AwsApplierPacingTest {
  private final ExecutorService io = Executors.newSingleThreadExecutor();
  private final List<String> calls = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    io.shutdownNow();
  }

  @Test
  void aSlowAccountDoesNotHoldTheIoPoolFromAnotherAccount() throws Exception {
    CountDownLatch firstSlowWrite = new CountDownLatch(1);
    // 2 writes/s with a burst of 1: the slow account's writes are 0.5 s apart.
    AwsApplier slow = applier("slow", new RateLimiter(2), firstSlowWrite);
    AwsApplier fast = applier("fast", new RateLimiter(1000), new CountDownLatch(1));

    CompletableFuture<ApplyResult> slowRun =
        CompletableFuture.supplyAsync(() -> apply(slow, "slow", 3));
    assertThat(firstSlowWrite.await(5, TimeUnit.SECONDS)).isTrue();
    ApplyResult fastResult = CompletableFuture.supplyAsync(() -> apply(fast, "fast", 3)).get();
    ApplyResult slowResult = slowRun.get(10, TimeUnit.SECONDS);

    assertThat(fastResult.applied()).hasSize(3);
    assertThat(slowResult.applied()).hasSize(3);
    assertThat(fastResult.failures()).isEmpty();
    // The one I/O thread served the fast account while the slow one waited for its next permit.
    assertThat(calls)
        .containsExactly("slow/s0", "fast/s0", "fast/s1", "fast/s2", "slow/s1", "slow/s2");
  }

  @Test
  void moreChangesThanParallelismAllGetApplied() {
    AwsApplier a = applier("acct", new RateLimiter(1000), new CountDownLatch(1));
    ApplyResult r = apply(a, "acct", 5);
    assertThat(r.applied()).hasSize(5);
    assertThat(calls).containsExactly("acct/s0", "acct/s1", "acct/s2", "acct/s3", "acct/s4");
  }

  private ApplyResult apply(AwsApplier applier, String account, int n) {
    Map<SecretKey, Secret> secrets = new TreeMap<>();
    List<Change> changes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Secret s = Secret.of(Map.of("v", account + i));
      SecretKey key = SecretKey.of("s" + i);
      secrets.put(key, s);
      changes.add(
          Change.of(ChangeKind.CREATE, key, "s" + i, null, s.fingerprint(TestKeys.KEY), "new"));
    }
    return applier.apply(
        new TargetPlan(account, changes, List.of()),
        Bundle.of(secrets),
        new AwsTargetState(
            new AwsLocation(account, "us-east-1", null), Map.of(), Map.of(), TestKeys.KEY));
  }

  private AwsApplier applier(String account, RateLimiter limiter, CountDownLatch firstWrite) {
    TargetConfig config =
        new TargetConfig(
            account,
            TargetConfig.AWS_SECRETSMANAGER,
            List.of(),
            Map.of(),
            "",
            Map.of(),
            TargetConfig.Deletion.DEFAULT,
            false,
            account,
            "us-east-1",
            null,
            "",
            List.of(),
            null,
            null,
            null);
    SecretsManagerClient client =
        new SecretsManagerClient() {
          @Override
          public CreateSecretResponse createSecret(CreateSecretRequest request) {
            calls.add(account + "/" + request.name());
            firstWrite.countDown();
            return CreateSecretResponse.builder().name(request.name()).build();
          }

          @Override
          public String serviceName() {
            return "secretsmanager";
          }

          @Override
          public void close() {}
        };
    RunContext ctx = new RunContext("run", Path.of("."), Map.of(), 1, io, false, w -> {});
    return new AwsApplier(
        config, new AwsPlanner(config, Set.of(config.name())), client, limiter, ctx);
  }
}
