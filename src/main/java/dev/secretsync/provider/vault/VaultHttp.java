package dev.secretsync.provider.vault;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.observability.Metrics;
import dev.secretsync.observability.RequestContext;
import dev.secretsync.resilience.Breaker;
import dev.secretsync.resilience.Breakers;
import dev.secretsync.spi.ProviderException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLContext;
import org.apache.http.conn.ConnectTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small Vault HTTP client ({@link VaultTransport}): one instance per Vault address per run
 * (HTTP/1.1 keep-alive, connect and read timeouts), an {@code X-Request-Id} of 8 hex characters on
 * every request, transient failures (5xx, 429, 412, dropped or reset connections, timeouts) retried
 * with jittered exponential backoff up to {@link #MAX_ATTEMPTS} attempts.
 *
 * <p>Fails fast, without retrying, when the connection is refused and when Vault is sealed. Other
 * answers, errors included, are returned to the caller, which knows whether a 403 or 404 is a
 * warning or a failure. Bodies are never logged: they may carry secret values and credentials.
 *
 * <p>Each logical call (its retries included) goes through the run's circuit breaker {@code
 * vault:<address>} — only transient failures count against it — runs in a {@link RequestContext}
 * (request id, operation and path in the log MDC), and is counted in the {@code secretsync_vault_*}
 * metrics with the operation without its {@code vault.} prefix ({@code list}, {@code read}, …).
 *
 * <p>Why not vault-java-driver: it turns non-scalar values into strings on write, has one global
 * path depth (mixed mount depths break), opens a new connection per request, and reports a 403 on
 * LIST as an empty list.
 */
final class VaultHttp {
  private static final Logger LOG = LoggerFactory.getLogger(VaultHttp.class);

  static final ObjectMapper JSON = new ObjectMapper();

  /** Attempts per call, the first included. */
  static final int MAX_ATTEMPTS = 3;

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final String address;
  private final VaultTransport transport;
  private final long backoffBaseMillis;
  private final Breakers breakers;
  private final Metrics metrics;
  private final String breakerName;

  /** A failure that says the service is unavailable: counts against the circuit breaker. */
  private static final class Unavailable extends ProviderException {
    final String type;

    Unavailable(String operation, String type, String message) {
      super("vault", operation, true, message);
      this.type = type;
    }
  }

  /**
   * @param address e.g. {@code https://vault:8200} (a trailing slash is ignored)
   * @param ssl TLS context, or null for the JDK default
   * @param skipVerify whether TLS checks nothing (certificate nor host name): {@code skip_verify}
   * @param backoffBaseMillis first retry delay (before jitter), doubled on each retry
   * @param breakers the run's circuit breakers, or null for none
   * @param metrics the run's metrics, or null for none
   */
  VaultHttp(
      String address,
      SSLContext ssl,
      boolean skipVerify,
      long backoffBaseMillis,
      Breakers breakers,
      Metrics metrics) {
    this.address = address.endsWith("/") ? address.substring(0, address.length() - 1) : address;
    this.breakers = breakers;
    this.metrics = metrics;
    this.breakerName = "vault:" + this.address;
    this.transport = new VaultTransport(ssl, skipVerify, CONNECT_TIMEOUT, REQUEST_TIMEOUT);
    this.backoffBaseMillis = backoffBaseMillis;
  }

  /** Closes the connections kept open to this address. */
  void close() {
    transport.close();
  }

  /** The address, without trailing slash. */
  String address() {
    return address;
  }

  /**
   * Sends {@code call}, retrying transient failures.
   *
   * @param token the client token, or null
   * @param namespace the namespace, or empty
   * @return the answer (any status)
   * @throws ProviderException when Vault is sealed, the connection is refused, or every attempt
   *     failed without an answer
   */
  VaultResponse send(VaultCall call, String token, String namespace) {
    Breaker breaker = null;
    if (breakers != null && breakers.enabled()) {
      breaker = breakers.of(breakerName);
      breaker.acquire();
    }
    long start = System.nanoTime();
    String op = call.operation();
    String label = op.startsWith("vault.") ? op.substring("vault.".length()) : op;
    try (RequestContext rc = RequestContext.open(call.operation(), call.path())) {
      if (breaker != null) {
        rc.breakerState(breaker.state());
      }
      VaultResponse r;
      try {
        r = attempts(call, token, namespace, rc.requestId(), start);
      } catch (RuntimeException e) {
        rc.failed(e, e.getMessage());
        throw e;
      }
      rc.retries(r.retries());
      rc.status(r.status());
      if (!r.ok() && r.status() != 404) {
        rc.failed(r.errorText());
      }
      long nanos = System.nanoTime() - start;
      boolean failed = transientStatus(r.status());
      if (breaker != null) {
        if (failed) {
          breaker.failed(nanos, VaultHttp.failure(r));
        } else {
          // 403, 404 and other answers mean the service works.
          breaker.answered(nanos);
        }
      }
      if (metrics != null) {
        metrics.vaultRequest(label, nanos, r.ok() ? null : Integer.toString(r.status()));
      }
      return r;
    } catch (Unavailable e) {
      long nanos = System.nanoTime() - start;
      if (breaker != null) {
        breaker.failed(nanos, e);
      }
      if (metrics != null) {
        metrics.vaultRequest(label, nanos, e.type);
      }
      throw e;
    } catch (RuntimeException e) {
      if (breaker != null) {
        breaker.released();
      }
      throw e;
    }
  }

  /** Counts secrets read (for {@code secretsync_vault_secrets_total}). */
  void secretsRead(int count) {
    if (metrics != null && count > 0) {
      metrics.vaultSecrets(count);
    }
  }

  private VaultResponse attempts(
      VaultCall call, String token, String namespace, String requestId, long start) {
    byte[] body = body(call);
    for (int attempt = 0; ; attempt++) {
      String failure;
      try {
        VaultTransport.Answer http =
            transport.send(
                call.method(), url(call), headers(call, token, namespace, requestId), body);
        VaultResponse r =
            new VaultResponse(
                call, http.status(), parse(http.body()), requestId, millis(start), attempt);
        LOG.debug(
            "{} {} {} -> {} in {}ms [req={}]",
            call.operation(),
            call.method(),
            call.path(),
            r.status(),
            r.millis(),
            requestId);
        if (r.status() == 503 && r.errors().contains("Vault is sealed")) {
          throw new Unavailable(
              call.operation(),
              "sealed",
              "Vault at " + address + " is sealed (" + r.describe("Vault is sealed") + ")");
        }
        if (!transientStatus(r.status()) || attempt + 1 >= MAX_ATTEMPTS) {
          return r;
        }
        failure = r.errorText();
      } catch (ConnectException | UnknownHostException e) {
        throw new Unavailable(
            call.operation(),
            "connection",
            "cannot connect to Vault at "
                + address
                + ": connection refused or host unreachable ("
                + describe(requestId, call, millis(start), attempt)
                + ")");
      } catch (ConnectTimeoutException e) {
        failure = "connect timed out after " + CONNECT_TIMEOUT.toSeconds() + "s";
      } catch (IOException e) {
        if (Thread.currentThread().isInterrupted()) {
          // Blocking I/O does not answer an interrupt; the pool's wait does, as an IOException.
          throw new ProviderException(
              "vault",
              call.operation(),
              false,
              describe(requestId, call, millis(start), attempt) + ": interrupted");
        }
        failure = "connection failed: " + ioReason(e);
      }
      if (attempt + 1 >= MAX_ATTEMPTS) {
        throw new Unavailable(
            call.operation(),
            "connection",
            describe(requestId, call, millis(start), attempt) + ": " + failure);
      }
      LOG.debug("[req={}] {} {}: {}; retrying", requestId, call.operation(), call.path(), failure);
      sleep(backoff(attempt), requestId, call, start, attempt);
    }
  }

  /** The failure to throw for an answer the caller did not expect. */
  static ProviderException failure(VaultResponse r) {
    return new ProviderException(
        "vault", r.call().operation(), transientStatus(r.status()), r.describeError());
  }

  static String describe(String requestId, VaultCall call, long millis, int retries) {
    return "[req="
        + requestId
        + "] "
        + call.operation()
        + " at path \""
        + call.path()
        + "\" after "
        + millis
        + "ms (retries: "
        + retries
        + ")";
  }

  static boolean transientStatus(int status) {
    // 412: Vault Enterprise's eventual consistency ("required index state not present").
    return status == 412 || status == 429 || status >= 500;
  }

  private String url(VaultCall call) {
    String url = address + "/v1/" + encodePath(call.path()) + (call.list() ? "?list=true" : "");
    if (call.query() != null && !call.query().isEmpty()) {
      url += (call.list() ? "&" : "?") + call.query();
    }
    return url;
  }

  private static Map<String, String> headers(
      VaultCall call, String token, String namespace, String requestId) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("X-Request-Id", requestId);
    h.put("X-Vault-Request", "true");
    h.put("Accept", "application/json");
    if (call.authenticated() && token != null && !token.isEmpty()) {
      h.put("X-Vault-Token", token);
    }
    if (namespace != null && !namespace.isEmpty()) {
      h.put("X-Vault-Namespace", namespace);
    }
    return h;
  }

  private static byte[] body(VaultCall call) {
    if (call.body() == null) {
      return null;
    }
    try {
      return JSON.writeValueAsBytes(call.body());
    } catch (JsonProcessingException e) {
      // Jackson's message could quote the value: say only what failed.
      throw new ProviderException(
          "vault", call.operation(), false, "cannot encode the request body for " + call.path());
    }
  }

  /** The parsed body, or null when empty or not JSON (a proxy's HTML error page, say). */
  private static JsonNode parse(byte[] bytes) {
    if (bytes == null || bytes.length == 0) {
      return null;
    }
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      return null;
    }
  }

  /** Percent-encodes each segment; {@code /} separates segments and stays. */
  static String encodePath(String path) {
    StringBuilder sb = new StringBuilder(path.length() + 16);
    for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if ((c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || "-._~/!$&'()*+,;=:@".indexOf(c) >= 0) {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        sb.append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return sb.toString();
  }

  private long backoff(int attempt) {
    long ceiling = backoffBaseMillis << Math.min(attempt, 10);
    // "Equal jitter": at least half the ceiling, so retries never bunch up at zero.
    return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
  }

  private static void sleep(
      long millis, String requestId, VaultCall call, long start, int attempt) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException(
          "vault",
          call.operation(),
          false,
          describe(requestId, call, millis(start), attempt) + ": interrupted");
    }
  }

  private static String ioReason(IOException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " (" + m + ")");
  }

  private static long millis(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
