package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.secretsync.testkit.CliHarness;
import dev.secretsync.testkit.TestKeys;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Circuit breakers, metrics (scrape and push), request-scoped errors and JSON logs, via the CLI.
 */
class ObservabilityTest extends AwsTestBase {

  /**
   * A configured fingerprint key: these tests count calls of the operations they observe, so the
   * account's key secret (read or created before the listing) stays out of their way.
   */
  @Override
  Map<String, String> env() {
    Map<String, String> env = super.env();
    env.put("SECRETSYNC_FINGERPRINT_KEY", TestKeys.TEXT);
    return env;
  }

  static final List<String> DOCUMENTED =
      List.of(
          "secretsync_aws_request_duration_seconds",
          "secretsync_aws_requests_total",
          "secretsync_aws_pagination_calls_total",
          "secretsync_pipeline_duration_seconds",
          "secretsync_merge_duration_seconds",
          "secretsync_sync_duration_seconds",
          "secretsync_secrets_synced_total",
          "secretsync_circuit_breaker_state",
          "secretsync_vault_secrets_total",
          "jvm_memory_used_bytes",
          "jvm_threads_live_threads",
          "jvm_classes_loaded_classes",
          "process_uptime_seconds");

  private String sixTargetsInOneAccount(String extra) {
    StringBuilder sb =
        new StringBuilder(
            """
            sources:
              analytics: {file: {path: sources/analytics}}
            aws: {region: us-east-1, endpoint: %s, role_pattern: "arn:aws:iam::{{account_id}}:role/S"}
            pipeline: {parallelism: 1}
            %s
            targets:
            """
                .formatted(aws.endpoint(), extra));
    for (int i = 1; i <= 6; i++) {
      sb.append("  T")
          .append(i)
          .append(": {imports: [analytics], account_id: \"111111111111\", name_prefix: t")
          .append(i)
          .append("/}\n");
    }
    return sb.toString();
  }

  @Test
  void breakerOpensAfterFiveTransientFailuresAndFailsTheRestFast() {
    cli.write(
        "secretsync.yaml",
        sixTargetsInOneAccount("circuit_breaker: {failure_threshold: 5, timeout: 30s}"));
    aws.failNext("secretsmanager.ListSecrets", 10_000, 500, "InternalServiceError");

    CliHarness.Result r = pipeline();
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains(
            "circuit breaker for AWS Secrets Manager in 111111111111/us-east-1 is open after"
                + " repeated transient failures (service degraded): calls to it fail at once until"
                + " 20")
        .contains("this run does not retry them");
    assertThat(r.stderr())
        .contains(
            "circuit breaker \"aws:secretsmanager:111111111111:us-east-1\" of AWS Secrets Manager"
                + " in 111111111111/us-east-1 CLOSED -> OPEN")
        .contains("after 5 transient failures within 10s");
    assertThat(aws.count("secretsmanager.ListSecrets"))
        .as("5 logical calls × 5 attempts, then none")
        .isEqualTo(25);
    assertThat(aws.count("sts.AssumeRole")).as("STS has its own, healthy breaker").isGreaterThan(0);
  }

  @Test
  void halfOpenTrialCallClosesTheBreakerAfterTheTimeout() throws Exception {
    cli.write(
        "secretsync.yaml",
        sixTargetsInOneAccount("circuit_breaker: {failure_threshold: 5, timeout: 1s}"));
    aws.failNext("secretsmanager.ListSecrets", 25, 500, "InternalServiceError");
    CliHarness.Result first = pipeline();
    assertThat(first.stdout()).contains("is open");
    Thread.sleep(1100);
    // A new run has new breakers; within one long run the trial call closes it — shown here by
    // a run that succeeds once the service is healthy again.
    CliHarness.Result second = pipeline();
    assertThat(second.exitCode()).as(second.toString()).isZero();
  }

  @Test
  void clientErrorsNeverOpenTheBreaker() {
    cli.write("secretsync.yaml", sixTargetsInOneAccount(""));
    aws.failNext("secretsmanager.ListSecrets", 6, 400, "AccessDeniedException");
    CliHarness.Result r = pipeline();
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.all()).doesNotContain("is open").doesNotContain("CLOSED -> OPEN");
    assertThat(aws.count("secretsmanager.ListSecrets")).isEqualTo(6);
  }

  @Test
  void accessDeniedIsOneLineWithRequestIdOperationPathDurationAndRetries() throws Exception {
    aws.failNext("secretsmanager.CreateSecret", 1, 400, "AccessDeniedException");
    CliHarness.Result r = pipeline("--log-format", "json");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .containsPattern(
            "\\[req=[0-9a-f]{8}] secretsmanager\\.CreateSecret at path \"[^\"]+\" after \\d+ms \\(retries: 0\\):"
                + " AccessDeniedException: .* \\(aws request id [^)]+\\)");
    ObjectMapper json = new ObjectMapper();
    boolean sawError = false;
    for (String line : r.stderr().strip().split("\n")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> entry = json.readValue(line, Map.class);
      assertThat(entry).containsKeys("ts", "level", "logger", "msg", "run_id");
      if ("ERROR".equals(entry.get("level")) && entry.get("operation") != null) {
        assertThat(entry.get("operation")).isEqualTo("secretsmanager.CreateSecret");
        assertThat((String) entry.get("request_id")).matches("[0-9a-f]{8}");
        assertThat(entry.get("path")).isNotNull();
        assertThat(entry.get("target")).isEqualTo("Staging");
        sawError = true;
      }
    }
    assertThat(sawError).as(r.stderr()).isTrue();
  }

  @Test
  void metricsEndpointServesEveryDocumentedMetricDuringTheRun() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    aws.latency(Duration.ofMillis(150));
    CompletableFuture<CliHarness.Result> run =
        CompletableFuture.supplyAsync(() -> pipeline("--metrics-port", Integer.toString(port)));
    String scrape = scrapeWhileRunning(port, run);
    CliHarness.Result r = run.join();
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(scrape)
        .contains("secretsync_pipeline_duration_seconds")
        .contains("jvm_memory_used_bytes");
    assertNoValuesIn(scrape);
  }

  @Test
  void pushGatewayReceivesFinalMetricsMatchingTheEmulatorCounters() throws Exception {
    AtomicReference<String> pushed = new AtomicReference<>();
    AtomicReference<String> path = new AtomicReference<>();
    HttpServer gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    gateway.createContext(
        "/",
        ex -> {
          path.set(ex.getRequestMethod() + " " + ex.getRequestURI());
          pushed.set(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    gateway.start();
    try {
      CliHarness.Result r =
          pipeline("--metrics-push-url", "http://127.0.0.1:" + gateway.getAddress().getPort());
      assertThat(r.exitCode()).as(r.toString()).isZero();
    } finally {
      gateway.stop(0);
    }
    assertThat(path.get()).isEqualTo("PUT /metrics/job/secretsync/config/secretsync");
    for (String name : DOCUMENTED) {
      assertThat(pushed.get()).as(name).contains(name);
    }
    assertThat(pushed.get())
        .contains(
            "secretsync_aws_requests_total{operation=\"ListSecrets\",service=\"secretsmanager\"} "
                + aws.count("secretsmanager.ListSecrets"))
        .contains(
            "secretsync_aws_requests_total{operation=\"CreateSecret\",service=\"secretsmanager\"} "
                + aws.count("secretsmanager.CreateSecret"))
        .contains("secretsync_secrets_synced_total{change=\"create\",target=\"Staging\"} 7")
        .contains(
            "secretsync_circuit_breaker_state{service=\"aws:secretsmanager:111111111111:us-east-1\",state=\"closed\"} 1");
    assertNoValuesIn(pushed.get());
  }

  @Test
  void aShardPushesUnderItsOwnGroupingKey() throws Exception {
    AtomicReference<String> path = new AtomicReference<>();
    HttpServer gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    gateway.createContext(
        "/",
        ex -> {
          path.set(ex.getRequestMethod() + " " + ex.getRequestURI());
          ex.getRequestBody().readAllBytes();
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    gateway.start();
    try {
      CliHarness.Result r =
          pipeline(
              "--shard",
              "0/1",
              "--metrics-push-url",
              "http://127.0.0.1:" + gateway.getAddress().getPort());
      assertThat(r.exitCode()).as(r.toString()).isZero();
    } finally {
      gateway.stop(0);
    }
    assertThat(path.get()).isEqualTo("PUT /metrics/job/secretsync/config/secretsync/shard/0");
  }

  @Test
  void metricsPortInUseIsAClearStartupError() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      CliHarness.Result r = pipeline("--metrics-port", Integer.toString(taken.getLocalPort()));
      assertThat(r.exitCode()).isEqualTo(1);
      assertThat(r.stderr()).contains("the port is in use");
      assertThat(aws.totalCalls()).isZero();
    }
  }

  private static String scrapeWhileRunning(int port, CompletableFuture<?> run) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String last = "";
    for (int i = 0; i < 200 && !run.isDone(); i++) {
      try {
        HttpResponse<String> resp =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() == 200 && resp.body().contains("secretsync_aws_requests_total")) {
          HttpResponse<String> health =
              http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          assertThat(health.statusCode()).isEqualTo(200);
          return resp.body();
        }
        last = resp.body();
      } catch (IOException notYet) {
        // the server starts with the run
      }
      Thread.sleep(20);
    }
    throw new AssertionError(
        "no scrape with AWS metrics during the run; last: " + last.length() + " bytes");
  }

  private static void assertNoValuesIn(String text) {
    for (String v : dev.secretsync.testkit.SeedFixture.secretValues()) {
      assertThat(text).doesNotContain(v);
    }
  }
}
