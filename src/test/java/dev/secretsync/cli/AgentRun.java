package dev.secretsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.testkit.CliHarness;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * The real {@code secretsync agent} command running in-process on a thread of its own, stopped by
 * interrupting that thread (what SIGTERM does in a real process), plus the probes a test needs:
 * HTTP to its health server, its status file, waiting for conditions.
 */
final class AgentRun implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final CliHarness cli;
  private final Path statusFile;
  private final Thread thread;
  private final AtomicReference<CliHarness.Result> result = new AtomicReference<>();

  AgentRun(CliHarness cli, Map<String, String> env, String config) {
    this.cli = cli;
    cli.write("agent.yaml", config);
    this.statusFile = cli.workDir().resolve("status.json");
    this.thread =
        new Thread(
            () ->
                result.set(
                    cli.run(
                        env,
                        "agent",
                        "--config",
                        "agent.yaml",
                        "--verbose",
                        "--health-port",
                        "0",
                        "--status-file",
                        "status.json")),
            "agent-under-test");
    thread.start();
  }

  Path statusFile() {
    return statusFile;
  }

  /** The health server's port, from the status file (the agent binds port 0). */
  int port() {
    await(() -> Files.exists(statusFile), "status file written");
    String health = status().path("health").asText();
    return Integer.parseInt(health.substring(health.lastIndexOf(':') + 1));
  }

  /** The status file's JSON, or an empty object before the agent wrote it. */
  JsonNode status() {
    if (!Files.exists(statusFile)) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(Files.readString(statusFile));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** GET path on the health server: status code and body. */
  Response get(String path) {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path)).build(),
              HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  record Response(int status, String body) {}

  /** Stops the agent as SIGTERM would and returns what it printed. */
  CliHarness.Result stop() {
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(20).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    assertThat(thread.isAlive()).as("agent stopped within its shutdown timeout").isFalse();
    return result.get();
  }

  /** Waits (polling, generous bound) until {@code condition} holds. */
  static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for: " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for: " + what);
      }
    }
  }

  @Override
  public void close() {
    if (thread.isAlive()) {
      stop();
    }
  }
}
