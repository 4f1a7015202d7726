package dev.secretsync.provider.github;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.observability.Metrics;
import dev.secretsync.observability.RequestContext;
import dev.secretsync.resilience.Breakers;
import dev.secretsync.spi.ProviderException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The narrow seam over GitHub's REST API: only the secret calls we use (for the target's {@link
 * GitHubScope}), on one shared {@link HttpClient}. Sends {@code Accept:
 * application/vnd.github+json} and a pinned {@code X-GitHub-Api-Version}; reads the primary
 * rate-limit headers of every response; retries 5xx, connection errors and secondary limits
 * (403/429 with {@code retry-after}, waited out up to {@link #MAX_RETRY_AFTER}) at most {@link
 * #ATTEMPTS} times with jittered exponential backoff. Messages name the method, path and GitHub's
 * message — never a value or a sealed box. Every request (with its retries) runs behind the circuit
 * breaker {@code github:<api_url>}, shared by the run's github targets; only transient failures
 * (5xx, connection errors, exhausted retries on secondary limits) count against it.
 */
final class GitHubHttp {
  static final String API_VERSION = "2022-11-28";
  static final int ATTEMPTS = 3;
  static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);
  private static final int PER_PAGE = 100;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern NEXT = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"");

  /** A scope's public key. */
  record PublicKey(String keyId, byte[] key) {}

  /**
   * A secret as listed: name, last update and, for organisation secrets, its visibility (never a
   * value).
   */
  record Remote(String name, Instant updatedAt, String visibility) {}

  private final HttpClient client;
  private final GitHubSettings s;
  private final GitHubAuth auth;
  private final GitHubWriteGate writes;
  private final Breakers breakers;
  private final Metrics metrics;
  private volatile int rateRemaining = -1;
  private volatile long rateReset;

  GitHubHttp(
      HttpClient client,
      GitHubSettings settings,
      GitHubAuth auth,
      GitHubWriteGate writes,
      Breakers breakers,
      Metrics metrics) {
    this.client = client;
    this.s = settings;
    this.auth = auth;
    this.writes = writes;
    this.breakers = breakers;
    this.metrics = metrics;
  }

  /** The breaker's name: one per API endpoint. */
  String breakerName() {
    return "github:" + s.apiUrl();
  }

  /** {@code GET …/secrets/public-key} of the scope (one key per app and scope). */
  PublicKey publicKey(String app) {
    Map<?, ?> body = json(send("GET", base(app) + "/public-key", null, app + ".public-key"));
    return new PublicKey(
        String.valueOf(body.get("key_id")), Base64.getDecoder().decode((String) body.get("key")));
  }

  /** Every secret of the scope: pages of 100, following {@code Link: rel="next"}. */
  Map<String, Remote> list(String app) {
    return listing(app, false).orElseThrow();
  }

  /**
   * Like {@link #list}, but empty when the collection itself answers 404 (an environment that does
   * not exist yet).
   */
  Optional<Map<String, Remote>> listIfExists(String app) {
    return listing(app, true);
  }

  private Optional<Map<String, Remote>> listing(String app, boolean absentOk) {
    Map<String, Remote> out = new LinkedHashMap<>();
    String url = s.apiUrl() + base(app) + "?per_page=" + PER_PAGE;
    int[] alsoOk = absentOk ? new int[] {404} : new int[0];
    while (url != null) {
      HttpResponse<String> r = sendUrl("GET", url, null, app + ".list", alsoOk);
      if (r.statusCode() == 404) {
        return Optional.empty();
      }
      for (Object o : (List<?>) json(r).get("secrets")) {
        Remote remote = remote((Map<?, ?>) o);
        out.put(remote.name(), remote);
      }
      Matcher m = NEXT.matcher(r.headers().firstValue("link").orElse(""));
      url = m.find() ? m.group(1) : null;
    }
    return Optional.of(out);
  }

  /**
   * Every item of a paginated collection ({@code path} without query): pages of 100 following
   * {@code Link: rel="next"}, the items under {@code field} of each page.
   */
  List<Map<?, ?>> pages(String path, String field, String operation) {
    List<Map<?, ?>> out = new ArrayList<>();
    String url = s.apiUrl() + path + "?per_page=" + PER_PAGE;
    while (url != null) {
      HttpResponse<String> r = sendUrl("GET", url, null, operation);
      if (json(r).get(field) instanceof List<?> items) {
        items.stream().filter(Map.class::isInstance).forEach(i -> out.add((Map<?, ?>) i));
      }
      Matcher m = NEXT.matcher(r.headers().firstValue("link").orElse(""));
      url = m.find() ? m.group(1) : null;
    }
    return out;
  }

  /** {@code GET …/secrets/{name}}: metadata, or empty when absent. */
  Optional<Remote> get(String app, String name) {
    HttpResponse<String> r = send("GET", base(app) + "/" + enc(name), null, app + ".get", 404);
    return r.statusCode() == 404 ? Optional.empty() : Optional.of(remote(json(r)));
  }

  /**
   * {@code PUT …/secrets/{name}}: true when GitHub created it (201), false when updated (204).
   * {@code access} adds the organisation fields ({@code visibility}, {@code
   * selected_repository_ids}); empty for other scopes.
   */
  boolean put(
      String app, String name, String encryptedValue, String keyId, Map<String, Object> access) {
    String body;
    try {
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("encrypted_value", encryptedValue);
      fields.put("key_id", keyId);
      fields.putAll(access);
      body = JSON.writeValueAsString(fields);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return send("PUT", base(app) + "/" + enc(name), body, app + ".put").statusCode() == 201;
  }

  /** {@code DELETE …/secrets/{name}}; a secret already gone counts as deleted. */
  void delete(String app, String name) {
    send("DELETE", base(app) + "/" + enc(name), null, app + ".delete", 404);
  }

  /** {@code x-ratelimit-remaining} of the last response, or -1 before the first. */
  int rateRemaining() {
    return rateRemaining;
  }

  /** {@code x-ratelimit-reset} (epoch seconds) of the last response. */
  long rateReset() {
    return rateReset;
  }

  private String base(String app) {
    return s.scope().secretsPath(app);
  }

  /**
   * One request to {@code path} (under the API base), with the retries and the breaker; {@code
   * alsoOk} statuses are returned instead of failing.
   */
  HttpResponse<String> send(
      String method, String path, String body, String operation, int... alsoOk) {
    return sendUrl(method, s.apiUrl() + path, body, operation, alsoOk);
  }

  private HttpResponse<String> sendUrl(
      String method, String url, String body, String operation, int... alsoOk) {
    // With the request's path, as Vault's and AWS's calls have theirs: in the logs' MDC, and kept
    // out of the call's span (a secret's name is part of the URL).
    try (RequestContext rc =
        RequestContext.open("github." + operation, URI.create(url).getRawPath())) {
      try {
        return breakers.call(
            breakerName(),
            () -> attempts(rc, method, url, body, operation, alsoOk),
            e -> e instanceof ProviderException p && p.retryable());
      } catch (RuntimeException e) {
        rc.failed(e, e.getMessage());
        throw e;
      }
    }
  }

  private HttpResponse<String> attempts(
      RequestContext rc, String method, String url, String body, String operation, int... alsoOk) {
    String where = method + " " + URI.create(url).getRawPath();
    boolean write = !method.equals("GET");
    boolean reauthorized = false;
    for (int attempt = 1; ; attempt++) {
      String authorization = authorization();
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(Duration.ofSeconds(30))
              .header("Accept", "application/vnd.github+json")
              .header("X-GitHub-Api-Version", API_VERSION)
              .header("Authorization", authorization)
              .header("User-Agent", "secretsync")
              .header("Content-Type", "application/json")
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(body))
              .build();
      HttpResponse<String> r;
      metrics.githubRequest(operation);
      rc.retries(attempt - 1);
      try {
        r = write ? sendWrite(request) : client.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        if (attempt < ATTEMPTS) {
          backoff(attempt);
          continue;
        }
        throw new ProviderException(
            "github", operation, true, prefix() + where + " failed: " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ProviderException("github", operation, true, prefix() + where + " interrupted");
      }
      readRateLimit(r);
      int status = r.statusCode();
      rc.status(status);
      if (status / 100 == 2 || contains(alsoOk, status)) {
        return r;
      }
      // An installation token can be revoked before it expires: one retry with a fresh one.
      if (status == 401 && !reauthorized && auth.rejected(authorization)) {
        reauthorized = true;
        continue;
      }
      Optional<Duration> retryAfter = retryAfter(r);
      boolean secondary = (status == 403 || status == 429) && retryAfter.isPresent();
      if (attempt < ATTEMPTS && (status >= 500 || secondary)) {
        if (secondary && retryAfter.get().compareTo(MAX_RETRY_AFTER) <= 0) {
          sleep(retryAfter.get());
        } else if (!secondary) {
          backoff(attempt);
        } else {
          throw failure(operation, where, r);
        }
        continue;
      }
      throw failure(operation, where, r);
    }
  }

  /** The header for the next request; a credential that cannot be had stops the target. */
  private String authorization() {
    try {
      return auth.authorization();
    } catch (Unauthorized e) {
      throw new Unauthorized(e.operation(), prefix() + e.getMessage());
    }
  }

  /** A PUT or DELETE, inside the credential's write limits. */
  private HttpResponse<String> sendWrite(HttpRequest request)
      throws IOException, InterruptedException {
    writes.acquire();
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } finally {
      writes.release();
    }
  }

  private ProviderException failure(String operation, String where, HttpResponse<String> r) {
    return GitHubFailures.of(s, auth, rateRemaining, rateReset, operation, where, r);
  }

  /** The token was rejected: nothing else of the target can succeed, so apply stops. */
  static final class Unauthorized extends ProviderException {
    Unauthorized(String operation, String message) {
      super("github", operation, false, message);
    }
  }

  private String prefix() {
    return "target " + s.target() + ": ";
  }

  private void readRateLimit(HttpResponse<?> r) {
    r.headers()
        .firstValue("x-ratelimit-remaining")
        .ifPresent(
            v -> {
              rateRemaining = parseInt(v, rateRemaining);
              metrics.githubRateLimitRemaining(rateRemaining);
            });
    r.headers().firstValue("x-ratelimit-reset").ifPresent(v -> rateReset = parseLong(v));
  }

  private static Optional<Duration> retryAfter(HttpResponse<?> r) {
    return r.headers()
        .firstValue("retry-after")
        .map(v -> Duration.ofSeconds(Math.max(0, parseLong(v))));
  }

  static String message(HttpResponse<String> r) {
    try {
      Object m = JSON.readValue(r.body(), Map.class).get("message");
      return m == null ? "" : m.toString().lines().findFirst().orElse("");
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /** The body as a JSON object. */
  static Map<?, ?> json(HttpResponse<String> r) {
    try {
      return JSON.readValue(r.body(), Map.class);
    } catch (IOException e) {
      throw new ProviderException(
          "github", "parse", false, "GitHub sent a body that is not JSON: " + e.getMessage());
    }
  }

  private static Remote remote(Map<?, ?> m) {
    Object at = m.get("updated_at");
    return new Remote(
        (String) m.get("name"),
        at == null ? null : Instant.parse(at.toString()),
        m.get("visibility") instanceof String v ? v : null);
  }

  static void backoff(int attempt) {
    long base = 200L << (attempt - 1);
    sleep(Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(base)));
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean contains(int[] a, int v) {
    for (int x : a) {
      if (x == v) {
        return true;
      }
    }
    return false;
  }

  private static int parseInt(String v, int dflt) {
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      return dflt;
    }
  }

  private static long parseLong(String v) {
    try {
      return Long.parseLong(v.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String enc(String segment) {
    return GitHubScope.seg(segment);
  }
}
