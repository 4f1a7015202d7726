package dev.secretsync.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.secretsync.observability.Metrics;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code /health} (200 while the loop runs), {@code /ready} (200 or 503, with the status JSON) and
 * {@code /metrics} (Prometheus text). Starts before the first job runs, so an orchestrator sees a
 * live but unready agent while Vault is unreachable.
 */
final class HealthServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;

  private HealthServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  static HealthServer start(
      String address,
      int port,
      BooleanSupplier live,
      BooleanSupplier ready,
      Supplier<String> status,
      Metrics metrics) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(address, port), 16);
    } catch (BindException e) {
      throw new IllegalStateException(
          "cannot serve agent health on "
              + address
              + ":"
              + port
              + ": the port is in use (set agent.health.port)");
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot serve agent health on " + address + ":" + port + ": " + e.getMessage());
    }
    server.createContext(
        "/health",
        ex ->
            respond(
                ex,
                live.getAsBoolean() ? 200 : 503,
                "application/json",
                live.getAsBoolean() ? "{\"status\":\"ok\"}\n" : "{\"status\":\"stopping\"}\n"));
    server.createContext(
        "/ready",
        ex -> respond(ex, ready.getAsBoolean() ? 200 : 503, "application/json", status.get()));
    server.createContext(
        "/metrics",
        ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "secretsync-agent-health");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.start();
    return new HealthServer(server, executor);
  }

  int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange ex, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
