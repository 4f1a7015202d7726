package dev.secretsync.observability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The small HTTP server behind {@code /metrics}, {@code /health} and {@code /ready}: the batch
 * run's {@link MetricsServer} and the agent's health server. GET-only routes answering from a
 * supplier, one daemon thread (probes and scrapes are rare and cheap), and a one-line error naming
 * the address and what to change when the port cannot be bound.
 */
public final class ProbeServer implements AutoCloseable {
  /** The Prometheus text exposition format's content type. */
  public static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;

  private ProbeServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * One answer.
   *
   * @param status HTTP status
   * @param contentType its content type
   * @param body the body (UTF-8)
   */
  public record Reply(int status, String contentType, String body) {}

  /**
   * Binds and starts serving {@code routes} (path → answer, computed per request).
   *
   * @param what what is served, for the error ({@code metrics}, {@code agent health})
   * @param portHint what to change when the port is in use ({@code choose another --metrics-port})
   * @param threadName the name of the serving thread
   * @throws IllegalStateException naming the address when the port is in use or not bindable
   */
  public static ProbeServer start(
      String address,
      int port,
      String what,
      String portHint,
      String threadName,
      Map<String, Supplier<Reply>> routes) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(address, port), 16);
    } catch (BindException e) {
      throw new IllegalStateException(
          "cannot serve "
              + what
              + " on "
              + address
              + ":"
              + port
              + ": the port is in use ("
              + portHint
              + ")");
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot serve " + what + " on " + address + ":" + port + ": " + e.getMessage());
    }
    routes.forEach((path, reply) -> server.createContext(path, ex -> respond(ex, reply.get())));
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, threadName);
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.start();
    return new ProbeServer(server, executor);
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange ex, Reply reply) throws IOException {
    byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", reply.contentType());
    ex.sendResponseHeaders(reply.status(), bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Stops serving at once and ends the serving thread. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
