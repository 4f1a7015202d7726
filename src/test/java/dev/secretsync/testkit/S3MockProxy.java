package dev.secretsync.testkit;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A recording reverse proxy in front of {@link S3MockServer}: the code under test talks to {@link
 * #endpoint()}, the proxy forwards each request unchanged and records its method, path and headers.
 * Tests count calls per operation ("no PutObject on a re-run") and inject answers or side effects
 * with {@link #onRequest(Hook)} (a store without conditional writes, a concurrent writer between
 * HEAD and PUT) — without any test hook in the code under test.
 */
public final class S3MockProxy implements AutoCloseable {
  /** Hop-by-hop and computed headers the forwarder must not copy. */
  private static final Set<String> SKIP_REQUEST =
      Set.of(
          "host",
          "content-length",
          "connection",
          "expect",
          "upgrade",
          "transfer-encoding",
          "keep-alive",
          "te",
          "trailer",
          "proxy-connection");

  private static final Set<String> SKIP_RESPONSE =
      Set.of("content-length", "transfer-encoding", "connection", "keep-alive", "date");

  private final URI target;
  private final HttpServer server;
  private final ExecutorService executor;
  private final HttpClient forwarder;
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final List<Hook> hooks = new CopyOnWriteArrayList<>();

  private S3MockProxy(URI target) throws IOException {
    this.target = target;
    this.forwarder =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "s3mock-proxy");
              t.setDaemon(true);
              return t;
            });
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** A proxy to {@code target} on a loopback port. Close it after the test. */
  public static S3MockProxy to(URI target) {
    try {
      return new S3MockProxy(target);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the S3Mock proxy", e);
    }
  }

  /** {@code http://127.0.0.1:<port>} of the proxy. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Every request so far, in arrival order. */
  public List<Call> calls() {
    return List.copyOf(calls);
  }

  /** Requests with {@code method} whose path ends with {@code pathSuffix} ("" for any). */
  public long count(String method, String pathSuffix) {
    return calls.stream()
        .filter(c -> c.method().equals(method) && c.path().endsWith(pathSuffix))
        .count();
  }

  /** Forgets the recorded calls. */
  public void clear() {
    calls.clear();
  }

  /** Adds a hook, consulted for every request before it is forwarded. */
  public void onRequest(Hook hook) {
    hooks.add(hook);
  }

  /**
   * Answers the next {@code n} conditional PUTs ({@code If-Match} / {@code If-None-Match}) with
   * {@code 409 ConditionalRequestConflict}, as S3 does when a conflicting operation overlaps a
   * conditional write (PutObject API reference: "If a conflicting operation occurs during the
   * upload S3 returns a 409 ConditionalRequestConflict response. On a 409 failure you should fetch
   * the object's ETag and retry the upload."). The object is left as it was. Other requests pass.
   *
   * @return how many conflicts are still to be answered (reaches 0 once all were sent)
   */
  public AtomicInteger conflictNextConditionalPuts(int n) {
    AtomicInteger left = new AtomicInteger(n);
    onRequest(
        c ->
            c.method().equals("PUT")
                    && c.conditional()
                    && left.getAndUpdate(x -> Math.max(0, x - 1)) > 0
                ? Optional.of(Reply.conditionalRequestConflict())
                : Optional.empty());
    return left;
  }

  /** Removes all hooks. */
  public void clearHooks() {
    hooks.clear();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
      URI uri = ex.getRequestURI();
      Map<String, String> headers = new TreeMap<>();
      ex.getRequestHeaders()
          .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
      Call call = new Call(method, uri.getRawPath(), headers);
      calls.add(call);
      for (Hook hook : hooks) {
        Optional<Reply> reply = hook.before(call);
        if (reply.isPresent()) {
          send(ex, reply.get());
          return;
        }
      }
      forward(ex, method, uri, body);
    }
  }

  private void forward(HttpExchange ex, String method, URI uri, byte[] body) throws IOException {
    String pathAndQuery =
        uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    HttpRequest.Builder req =
        HttpRequest.newBuilder(URI.create(target.toString() + pathAndQuery))
            .timeout(Duration.ofSeconds(30))
            .method(
                method,
                body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    ex.getRequestHeaders()
        .forEach(
            (k, values) -> {
              if (!SKIP_REQUEST.contains(k.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> req.header(k, v));
              }
            });
    HttpResponse<byte[]> resp;
    try {
      resp = forwarder.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    Headers out = ex.getResponseHeaders();
    resp.headers()
        .map()
        .forEach(
            (k, values) -> {
              if (!SKIP_RESPONSE.contains(k.toLowerCase(Locale.ROOT))) {
                out.put(k, new ArrayList<>(values));
              }
            });
    byte[] respBody = resp.body();
    if ("HEAD".equals(method)) {
      // A HEAD answer keeps the object's Content-Length but sends no body.
      resp.headers().firstValue("content-length").ifPresent(v -> out.set("Content-Length", v));
      ex.sendResponseHeaders(resp.statusCode(), -1);
    } else if (respBody.length == 0) {
      ex.sendResponseHeaders(resp.statusCode(), -1);
    } else {
      ex.sendResponseHeaders(resp.statusCode(), respBody.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(respBody);
      }
    }
  }

  private static void send(HttpExchange ex, Reply reply) throws IOException {
    byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/xml");
    ex.getResponseHeaders().set("x-amz-request-id", "PROXY0REQUEST0ID");
    if (body.length == 0 || "HEAD".equals(ex.getRequestMethod())) {
      ex.sendResponseHeaders(reply.status(), -1);
    } else {
      ex.sendResponseHeaders(reply.status(), body.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(body);
      }
    }
  }

  /**
   * One request as the proxy saw it.
   *
   * @param method e.g. {@code PUT}
   * @param path the raw path, e.g. {@code /bucket/merged/bundles/Staging.json}
   * @param headers request headers, names lower-cased, repeated values joined with commas
   */
  public record Call(String method, String path, Map<String, String> headers) {
    /** Whether the request carries {@code name} (lower case). */
    public boolean has(String name) {
      return headers.containsKey(name);
    }

    /** Whether it is a conditional write ({@code If-Match} or {@code If-None-Match}). */
    public boolean conditional() {
      return has("if-match") || has("if-none-match");
    }
  }

  /**
   * Consulted before a request is forwarded.
   *
   * <p>Return an answer to send instead of forwarding, or empty to forward (after any side effect,
   * such as writing the object with another client).
   */
  @FunctionalInterface
  public interface Hook {
    /** The answer to send instead of forwarding {@code call}, or empty. */
    Optional<Reply> before(Call call);
  }

  /**
   * An answer the proxy sends itself.
   *
   * @param status HTTP status
   * @param body XML body (S3 error document) or empty
   */
  public record Reply(int status, String body) {
    /**
     * {@code 409 ConditionalRequestConflict} with the code and message of the S3 error-code list
     * (ErrorResponses: "A conflicting operation occurred. If using PutObject you can retry the
     * request. …", HTTP 409 Conflict).
     */
    public static Reply conditionalRequestConflict() {
      return error(
          409,
          "ConditionalRequestConflict",
          "A conflicting operation occurred. If using PutObject you can retry the request. If"
              + " using multipart upload you should initiate another CreateMultipartUpload request"
              + " and re-upload each part.");
    }

    /** An S3 error document with {@code code} and {@code message}. */
    public static Reply error(int status, String code, String message) {
      return new Reply(
          status,
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
              + code
              + "</Code><Message>"
              + message
              + "</Message><RequestId>PROXY0REQUEST0ID</RequestId></Error>");
    }
  }
}
