package dev.secretsync.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Routes {@code /repos/{owner}/{repo}/{actions|dependabot|codespaces}/secrets…} as the REST API
 * description does, with GitHub's error bodies ({@code {"message": …, "documentation_url": …}}).
 * Authentication, rate limits and injected faults apply to every route; environment and
 * organisation secrets ({@link GitHubScopesRoutes}) and environments, users, teams and repositories
 * ({@link GitHubEnvironmentsRoutes}) share the secret operations below.
 */
final class GitHubSecretsHandler implements HttpHandler {
  /**
   * Whether this handler thread's exchange is a write still counted in flight (a thread handles one
   * exchange at a time; exchange attributes would be shared by the whole context).
   */
  private final ThreadLocal<Boolean> inFlight = ThreadLocal.withInitial(() -> false);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ROUTE =
      Pattern.compile(
          "/repos/([^/]+)/([^/]+)/(actions|dependabot|codespaces)/secrets(?:/([^/]+))?");
  // "Secret names can only contain alphanumeric characters ([a-z], [A-Z], [0-9]) or underscores
  // (_). Spaces are not allowed. Must start with a letter ([a-z], [A-Z]) or underscores (_)."
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final String DOCS = "https://docs.github.com/rest/actions/secrets";

  private final GitHubEmulator gh;
  private final GitHubScopesRoutes scopes;
  private final GitHubEnvironmentsRoutes environments;

  GitHubSecretsHandler(GitHubEmulator gh) {
    this.gh = gh;
    this.scopes = new GitHubScopesRoutes(gh, this);
    this.environments = new GitHubEnvironmentsRoutes(gh, this);
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    // PUTs and DELETEs in flight, latency included: what a client's concurrency limit bounds. A
    // write stops counting when its answer is sent (send), not when this thread is done: the
    // client may start its next write as soon as it has the answer.
    boolean write = !ex.getRequestMethod().equals("GET");
    if (write) {
      gh.writeStarted();
      inFlight.set(true);
    }
    try (ex) {
      if (!gh.latency().isZero()) {
        Thread.sleep(gh.latency().toMillis());
      }
      route(ex);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      send(ex, 500, error("emulator: " + e));
    } finally {
      answered();
    }
  }

  private void route(HttpExchange ex) throws IOException {
    String version = ex.getRequestHeaders().getFirst("X-GitHub-Api-Version");
    if (version != null && !GitHubEmulator.API_VERSION.equals(version)) {
      send(ex, 400, error("Unsupported 'X-GitHub-Api-Version' header: " + version));
      return;
    }
    if (gh.apps.lookup(ex, ex.getRequestURI().getRawPath())) {
      return; // authenticated as the app (JWT), not with a token
    }
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    if (auth == null) {
      send(ex, 401, error("Requires authentication"));
      return;
    }
    String token = auth.replaceFirst("^(?i)(bearer|token) ", "");
    if (!gh.tokenValid(token)) {
      send(ex, 401, error("Bad credentials"));
      return;
    }
    if (!gh.rateLimit.take(gh.now())) {
      send(ex, 403, error("API rate limit exceeded for user ID 1."));
      return;
    }
    int retryAfter = gh.takeSecondaryLimit();
    if (retryAfter >= 0) {
      ex.getResponseHeaders().set("retry-after", Integer.toString(retryAfter));
      send(
          ex,
          403,
          error(
              "You have exceeded a secondary rate limit. Please wait a few minutes before you try"
                  + " again."));
      return;
    }
    int failure = gh.takeFailure();
    if (failure != 0) {
      send(ex, failure, error("Server Error"));
      return;
    }
    String path = ex.getRequestURI().getRawPath();
    if (scopes.handle(ex, path) || environments.handle(ex, path)) {
      return;
    }
    Matcher m = ROUTE.matcher(path);
    if (!m.matches() || !gh.repoExists(m.group(1), m.group(2))) {
      send(ex, 404, error("Not Found"));
      return;
    }
    String app = m.group(3);
    secrets(ex, gh.scope(m.group(1), m.group(2), app), app, m.group(4));
  }

  /**
   * The fine-grained permission a secrets endpoint needs ("Permissions required for fine-grained
   * personal access tokens"): repository Actions secrets need {@code secrets}, environment secrets
   * {@code environments}, Dependabot and Codespaces their own, organisation secrets the {@code
   * organization_} ones.
   */
  static String permission(String label) {
    return switch (label) {
      case "actions" -> "secrets";
      case "env-actions" -> "environments";
      case "dependabot", "codespaces" -> label + "_secrets";
      case "org-actions" -> "organization_secrets";
      default -> "organization_" + label.substring("org-".length()) + "_secrets";
    };
  }

  /**
   * The secret operations of one scope: list, public key, get, PUT, DELETE ({@code name} null = the
   * collection). {@code label} prefixes the counters ({@code actions}, {@code env-actions} …).
   */
  void secrets(HttpExchange ex, GitHubSecretScope scope, String label, String name)
      throws IOException {
    String permission = permission(label);
    if (gh.denied(permission)) {
      // "Resource not accessible by …" with the permission the endpoint accepts, as the
      // X-Accepted-GitHub-Permissions header tells fine-grained tokens and Apps.
      ex.getResponseHeaders()
          .set(
              "x-accepted-github-permissions",
              permission + "=" + (ex.getRequestMethod().equals("GET") ? "read" : "write"));
      send(ex, 403, error("Resource not accessible by integration"));
      return;
    }
    String method = ex.getRequestMethod();
    if (name == null && method.equals("GET")) {
      gh.record(label + ".list", ex);
      list(ex, scope);
    } else if ("public-key".equals(name) && method.equals("GET")) {
      gh.record(label + ".public-key", ex);
      send(ex, 200, Map.of("key_id", scope.keyId(), "key", scope.publicKeyBase64()));
    } else if (name != null && method.equals("GET")) {
      gh.record(label + ".get", ex);
      Optional<GitHubSecretScope.Stored> s = scope.get(name);
      if (s.isPresent()) {
        send(ex, 200, metadata(scope, s.get()));
      } else {
        send(ex, 404, error("Not Found"));
      }
    } else if (name != null && method.equals("PUT")) {
      gh.record(label + ".put", ex);
      if (gh.putRefused(name)) {
        send(ex, 422, error("Validation Failed"));
        return;
      }
      put(ex, scope, name);
    } else if (name != null && method.equals("DELETE")) {
      gh.record(label + ".delete", ex);
      boolean deleted = scope.delete(name);
      send(ex, deleted ? 204 : 404, deleted ? null : error("Not Found"));
    } else {
      send(ex, 404, error("Not Found"));
    }
  }

  private void list(HttpExchange ex, GitHubSecretScope scope) throws IOException {
    paged(ex, scope.all().stream().map(st -> metadata(scope, st)).toList(), "secrets");
  }

  /**
   * One page of {@code all} under {@code field} with {@code total_count}: {@code per_page} (at most
   * 100, default 30) and {@code page}, and the {@code Link} header (next, last, prev, first).
   */
  void paged(HttpExchange ex, List<? extends Map<String, Object>> all, String field)
      throws IOException {
    Map<String, String> q = query(ex.getRequestURI().getRawQuery());
    int perPage = Math.min(100, Math.max(1, intOr(q.get("per_page"), 30)));
    int page = Math.max(1, intOr(q.get("page"), 1));
    int from = Math.min(all.size(), (page - 1) * perPage);
    int to = Math.min(all.size(), from + perPage);
    int last = Math.max(1, (all.size() + perPage - 1) / perPage);
    String base = gh.apiUrl() + ex.getRequestURI().getRawPath() + "?per_page=" + perPage + "&page=";
    StringBuilder link = new StringBuilder();
    if (page < last) {
      link.append('<').append(base).append(page + 1).append(">; rel=\"next\", ");
      link.append('<').append(base).append(last).append(">; rel=\"last\"");
    }
    if (page > 1) {
      if (link.length() > 0) {
        link.append(", ");
      }
      link.append('<').append(base).append(page - 1).append(">; rel=\"prev\", ");
      link.append('<').append(base).append(1).append(">; rel=\"first\"");
    }
    if (link.length() > 0) {
      ex.getResponseHeaders().set("Link", link.toString());
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("total_count", all.size());
    body.put(field, all.subList(from, to));
    send(ex, 200, body);
  }

  private void put(HttpExchange ex, GitHubSecretScope scope, String name) throws IOException {
    Map<?, ?> body = body(ex);
    if (body == null) {
      return;
    }
    if (!NAME.matcher(name).matches() || name.toUpperCase(Locale.ROOT).startsWith("GITHUB_")) {
      send(
          ex,
          422,
          error(
              "Secret names can only contain alphanumeric characters or underscores,"
                  + " must not start with a number or GITHUB_"));
      return;
    }
    if (!(body.get("encrypted_value") instanceof String enc)
        || !(body.get("key_id") instanceof String keyId)) {
      send(ex, 422, error("Invalid request.\n\n\"encrypted_value\", \"key_id\" are required"));
      return;
    }
    if (!keyId.equals(scope.keyId())) {
      send(ex, 422, error("Bad request: key_id does not match the repository public key"));
      return;
    }
    Optional<String> value = scope.open(enc);
    if (value.isEmpty()) {
      send(ex, 422, error("Bad request: encrypted_value could not be decrypted"));
      return;
    }
    if (value.get().getBytes(StandardCharsets.UTF_8).length > GitHubSecretScope.MAX_VALUE_BYTES) {
      send(ex, 422, error("Secret value is too large (max 48 KB)"));
      return;
    }
    Optional<String> accessProblem = scope.checkAccess(body);
    if (accessProblem.isPresent()) {
      send(ex, 422, error(accessProblem.get()));
      return;
    }
    boolean created = scope.put(name, value.get(), gh.now());
    scope.setAccess(name, body);
    send(ex, created ? 201 : 204, created ? Map.of() : null);
  }

  /** The request body as a JSON object, or null after answering 400. */
  Map<?, ?> body(HttpExchange ex) throws IOException {
    return parse(ex, ex.getRequestBody().readAllBytes());
  }

  /** {@code raw} as a JSON object, or null after answering 400. */
  Map<?, ?> parse(HttpExchange ex, byte[] raw) throws IOException {
    try {
      return JSON.readValue(raw, Map.class);
    } catch (IOException e) {
      send(ex, 400, error("Problems parsing JSON"));
      return null;
    }
  }

  /**
   * A secret's metadata; organisation secrets add {@code visibility} (and the repositories URL).
   */
  private Map<String, Object> metadata(GitHubSecretScope scope, GitHubSecretScope.Stored s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", s.name());
    m.put("created_at", s.createdAt().toString());
    m.put("updated_at", s.updatedAt().toString());
    scope
        .access(s.name())
        .ifPresent(
            a -> {
              m.put("visibility", a.visibility());
              if ("selected".equals(a.visibility())) {
                m.put(
                    "selected_repositories_url",
                    gh.apiUrl() + scope.path(s.name()) + "/repositories");
              }
            });
    return m;
  }

  static Map<String, Object> error(String message) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("message", message);
    m.put("documentation_url", DOCS);
    m.put("status", "");
    return m;
  }

  /** Ends the exchange's count as a write in flight, once. */
  private void answered() {
    if (inFlight.get()) {
      inFlight.set(false);
      gh.writeFinished();
    }
  }

  void send(HttpExchange ex, int status, Object body) throws IOException {
    answered();
    var h = ex.getResponseHeaders();
    h.set("x-ratelimit-limit", Integer.toString(GitHubRateLimit.LIMIT));
    h.set("x-ratelimit-remaining", Integer.toString(gh.rateLimit.remaining()));
    h.set("x-ratelimit-used", Integer.toString(GitHubRateLimit.LIMIT - gh.rateLimit.remaining()));
    h.set("x-ratelimit-reset", Long.toString(gh.rateLimit.resetEpochSeconds()));
    h.set("x-ratelimit-resource", "core");
    h.set("X-GitHub-Api-Version-Selected", GitHubEmulator.API_VERSION);
    if (body == null) {
      ex.sendResponseHeaders(status, -1);
      return;
    }
    if (body instanceof Map<?, ?> m && m.get("status") instanceof String) {
      @SuppressWarnings("unchecked")
      Map<String, Object> e = (Map<String, Object>) m;
      e.put("status", Integer.toString(status));
    }
    byte[] bytes = JSON.writeValueAsBytes(body);
    h.set("Content-Type", "application/json; charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new LinkedHashMap<>();
    if (raw != null) {
      for (String part : raw.split("&")) {
        int i = part.indexOf('=');
        if (i > 0) {
          q.put(part.substring(0, i), part.substring(i + 1));
        }
      }
    }
    return q;
  }

  private static int intOr(String s, int dflt) {
    try {
      return s == null ? dflt : Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return dflt;
    }
  }
}
