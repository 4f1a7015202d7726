package dev.secretsync.observability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * Serves {@code /metrics} (Prometheus text format) and {@code /health} while a run lasts. Binds to
 * 127.0.0.1 unless told otherwise, so metrics are not exposed by accident.
 */
public final class MetricsServer implements AutoCloseable {
  private final HttpServer server;

  private MetricsServer(HttpServer server) {
    this.server = server;
  }

  /**
   * Starts the server.
   *
   * @throws IllegalStateException naming the address when the port is in use or not bindable
   */
  public static MetricsServer start(Metrics metrics, String address, int port, String path) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(address, port), 16);
    } catch (BindException e) {
      throw new IllegalStateException(
          "cannot serve metrics on "
              + address
              + ":"
              + port
              + ": the port is in use (choose another --metrics-port)");
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot serve metrics on " + address + ":" + port + ": " + e.getMessage());
    }
    server.createContext(
        path, ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
    server.createContext("/health", ex -> respond(ex, 200, "text/plain", "ok\n"));
    server.createContext("/ready", ex -> respond(ex, 200, "text/plain", "ok\n"));
    server.setExecutor(
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "secretsync-metrics");
              t.setDaemon(true);
              return t;
            }));
    server.start();
    return new MetricsServer(server);
  }

  /** The bound port (useful with port 0). */
  public int port() {
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
  }
}
