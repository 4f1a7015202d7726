package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.secretsync.testkit.CliHarness;
import dev.secretsync.testkit.SeedFixture;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code notifications:} through the CLI, against a local HTTP receiver. */
class NotificationsTest extends LocalPipelineTestBase {
  private HttpServer receiver;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger status = new AtomicInteger(200);

  record Received(String path, String body, String token) {}

  @BeforeEach
  void startReceiver() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/",
        ex -> {
          received.add(
              new Received(
                  ex.getRequestURI().getPath(),
                  new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                  ex.getRequestHeaders().getFirst("X-Token")));
          ex.sendResponseHeaders(status.get(), -1);
          ex.close();
        });
    receiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.stop(0);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
  }

  private void configure(String notifications) {
    cli.write("secretsync.yaml", SEED_CONFIG + "notifications:\n" + notifications);
  }

  private List<Received> at(String path) {
    return received.stream().filter(r -> r.path().equals(path)).toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(String body) throws Exception {
    return JSON.readValue(body, Map.class);
  }

  @Test
  void aWebhookGetsTheRunSummaryOnChangesAndNothingOnANoOpRun() throws Exception {
    configure(
        """
          - webhook: {url: "%s", headers: {X-Token: abc123}}
            on: [changes, failure]
        """
            .formatted(url("/hook")));

    CliHarness.Result first = pipeline();

    assertThat(first.exitCode()).as(first.all()).isZero();
    assertThat(at("/hook")).hasSize(1);
    Received r = at("/hook").get(0);
    assertThat(r.token()).isEqualTo("abc123");
    Map<String, Object> body = json(r.body());
    assertThat(body.get("events")).isEqualTo(List.of("changes"));
    assertThat(body.get("ok")).isEqualTo(true);
    assertThat(((Map<?, ?>) body.get("summary")).get("added")).isEqualTo(21);
    assertThat(body.get("targets").toString()).contains("Staging", "Production", "Demo");
    assertThat(r.body()).as("names only with include_names").doesNotContain("config/database");
    for (String v : SeedFixture.secretValues()) {
      assertThat(r.body()).doesNotContain(v);
    }

    CliHarness.Result again = pipeline();
    assertThat(again.exitCode()).isZero();
    assertThat(at("/hook")).as("nothing changed, nothing failed: no message").hasSize(1);
  }

  @Test
  void aDryRunWithChangesIsDriftAndSlackGetsBlocksWithNamesWhenAsked() throws Exception {
    configure(
        """
          - slack: {webhook_url: "%s"}
            on: [drift]
            include_names: true
          - webhook: {url: "%s"}
            on: [changes]
        """
            .formatted(url("/slack"), url("/changes")));

    CliHarness.Result r = pipeline("--dry-run");

    assertThat(r.exitCode()).as(r.all()).isZero();
    assertThat(at("/changes")).as("a dry run changes nothing").isEmpty();
    assertThat(at("/slack")).hasSize(1);
    String body = at("/slack").get(0).body();
    Map<String, Object> slack = json(body);
    assertThat(slack.get("text").toString()).contains("dry run").contains("drift");
    assertThat((List<?>) slack.get("blocks")).isNotEmpty();
    assertThat(body).contains("\"type\":\"section\"").contains("config/database");
    for (String v : SeedFixture.secretValues()) {
      assertThat(body).doesNotContain(v);
    }
  }

  @Test
  void aReceiverThatFailsIsRetriedThenAWarningAndTheExitCodeStands() {
    status.set(500);
    configure(
        """
          - webhook: {url: "%s"}
            on: [always]
        """
            .formatted(url("/down")));

    CliHarness.Result r = pipeline();

    assertThat(r.exitCode()).isZero();
    assertThat(at("/down")).as("3 attempts").hasSize(3);
    assertThat(r.stderr())
        .contains("warning: notification notifications[0] to webhook 127.0.0.1 was not delivered")
        .contains("HTTP 500 after 3 attempts")
        .contains("the run's result is unaffected");
  }

  @Test
  void badSinksAreConfigErrorsWithTheirPlace() {
    configure(
        """
          - webhook: {url: "ftp://example.com/x"}
            on: [sometimes]
          - slack: {webhook_url: "http://hooks.example.com/x"}
          - {on: [always]}
        """);

    CliHarness.Result r = cli.run("validate", "--config", "secretsync.yaml");

    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.all())
        .contains("notifications[0].webhook.url")
        .contains("is not an http(s) URL")
        .contains("notifications[0].on")
        .contains("\"sometimes\" is not an event")
        .contains("notifications[1].slack.webhook_url")
        .contains("https://")
        .contains("notifications[2]")
        .contains("give exactly one of webhook");
    assertThat(received).isEmpty();
  }
}
