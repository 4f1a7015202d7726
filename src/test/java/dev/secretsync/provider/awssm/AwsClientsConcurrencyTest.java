package dev.secretsync.provider.awssm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secretsync.config.AwsConfig;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache.ApacheHttpClient;

/** 32 threads asking for clients and limiters at once get exactly one per location. */
class AwsClientsConcurrencyTest {

  @Test
  void oneClientAndOneLimiterPerLocation() throws Exception {
    var http = ApacheHttpClient.builder().build();
    Map<String, String> env =
        Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "x");
    try (AwsClients clients =
        new AwsClients(
            new AwsConfig("us-east-1", "http://127.0.0.1:1", "", AwsConfig.ControlTower.DISABLED),
            env,
            http,
            "run1",
            40,
            (name, svc) -> new ExecutionInterceptor() {})) {
      Set<Object> seenClients = ConcurrentHashMap.newKeySet();
      Set<Object> seenLimiters = ConcurrentHashMap.newKeySet();
      ExecutorService pool = Executors.newFixedThreadPool(32);
      CountDownLatch go = new CountDownLatch(1);
      for (int i = 0; i < 3_200; i++) {
        AwsLocation loc = new AwsLocation("11111111111" + (i % 4), "us-east-1", null);
        pool.submit(
            () -> {
              go.await();
              seenClients.add(clients.secretsManager(loc));
              seenLimiters.add(clients.writeLimiter(loc));
              return null;
            });
      }
      go.countDown();
      pool.shutdown();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
      assertThat(seenClients).hasSize(4);
      assertThat(seenLimiters).hasSize(4);
    } finally {
      http.close();
    }
  }
}
