package dev.secretsync.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A reverse proxy on 127.0.0.1 that forwards every request unchanged to a real server after a fixed
 * delay: it stretches a run over a known time, so that a short-lived Vault token dies in the middle
 * of it against a real Vault, without any test hook in the code under test.
 */
final class LatencyProxy implements AutoCloseable {
  /** Headers the JDK client computes itself or refuses to set. */
  private static final Set<String> SKIP =
      Set.of("host", "content-length", "connection", "expect", "upgrade", "transfer-encoding");

  private final URI target;
  private final Duration latency;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(8);
  private final HttpClient forwarder =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private LatencyProxy(URI target, Duration latency) throws IOException {
    this.target = target;
    this.latency = latency;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::forward);
    server.start();
  }

  /** Starts a proxy in front of {@code target} adding {@code latency} to every request. */
  static LatencyProxy start(String target, Duration latency) {
    try {
      return new LatencyProxy(URI.create(target), latency);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The address to give the code under test instead of the target's. */
  String address() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void forward(HttpExchange ex) throws IOException {
    try (ex) {
      VaultAdmin.sleep(latency);
      byte[] body = ex.getRequestBody().readAllBytes();
      HttpRequest.Builder b =
          HttpRequest.newBuilder(target.resolve(ex.getRequestURI().toString()))
              .method(
                  ex.getRequestMethod(),
                  body.length == 0
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(body));
      ex.getRequestHeaders()
          .forEach(
              (name, values) -> {
                if (!SKIP.contains(name.toLowerCase(Locale.ROOT))) {
                  values.forEach(v -> b.header(name, v));
                }
              });
      HttpResponse<byte[]> r = send(b.build());
      r.headers()
          .map()
          .forEach(
              (name, values) -> {
                if (!name.startsWith(":") && !SKIP.contains(name.toLowerCase(Locale.ROOT))) {
                  ex.getResponseHeaders().put(name, values);
                }
              });
      byte[] out = r.body();
      ex.sendResponseHeaders(r.statusCode(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        try (OutputStream os = ex.getResponseBody()) {
          os.write(out);
        }
      }
    }
  }

  private HttpResponse<byte[]> send(HttpRequest request) throws IOException {
    try {
      return forwarder.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while forwarding");
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
