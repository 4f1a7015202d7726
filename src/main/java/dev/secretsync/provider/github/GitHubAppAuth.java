package dev.secretsync.provider.github;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.observability.Metrics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A GitHub App installation's credential: signs an app JWT ({@link GitHubAppJwt}) and exchanges it
 * at {@code POST /app/installations/{installation_id}/access_tokens} for an installation token
 * (valid one hour, {@code expires_at} in the answer). The token is shared by every target using the
 * same installation and replaced when less than {@link #REFRESH_BEFORE} of it is left — before a
 * request, so a long run never sends an expired one; a 401 on a token we thought valid (revoked)
 * drops it, and the request is retried once with a new one.
 */
final class GitHubAppAuth implements GitHubAuth {
  static final Duration REFRESH_BEFORE = Duration.ofMinutes(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final GitHubCredentials.App app;
  private final String apiUrl;
  private final HttpClient client;
  private final Metrics metrics;
  private final Clock clock;
  private PrivateKey key;
  private String installationId;
  private String token;
  private Instant expiresAt = Instant.MIN;

  GitHubAppAuth(
      GitHubCredentials.App app, String apiUrl, HttpClient client, Metrics metrics, Clock clock) {
    this.app = app;
    this.apiUrl = apiUrl;
    this.client = client;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public synchronized String authorization() {
    if (token == null || !clock.instant().isBefore(expiresAt.minus(REFRESH_BEFORE))) {
      fetch();
    }
    return "Bearer " + token;
  }

  @Override
  public synchronized boolean rejected(String authorization) {
    if (token != null && authorization.equals("Bearer " + token)) {
      token = null;
    }
    return true;
  }

  @Override
  public String describe() {
    return app.describe();
  }

  private void fetch() {
    if (installationId == null) {
      installationId = app.installationId().isEmpty() ? lookUpInstallation() : app.installationId();
    }
    String path = "/app/installations/" + GitHubScope.seg(installationId) + "/access_tokens";
    HttpResponse<String> r = withJwt("POST", path, "app.access-token");
    accept(r, "POST " + path);
  }

  /**
   * The app's installation on the target's repository ({@code GET
   * /repos/{owner}/{repo}/installation}) or organisation ({@code GET /orgs/{org}/installation}),
   * found with the JWT: one call per run.
   */
  private String lookUpInstallation() {
    String path =
        app.repo().isEmpty()
            ? "/orgs/" + GitHubScope.seg(app.owner()) + "/installation"
            : "/repos/"
                + GitHubScope.seg(app.owner())
                + "/"
                + GitHubScope.seg(app.repo())
                + "/installation";
    HttpResponse<String> r = withJwt("GET", path, "app.installation");
    try {
      Object id = JSON.readValue(r.body(), Map.class).get("id");
      if (id instanceof Number n) {
        return Long.toString(n.longValue());
      }
    } catch (IOException | RuntimeException e) {
      // reported below
    }
    throw new GitHubHttp.Unauthorized(
        "auth", describe() + ": GET " + path + " answered without an installation id");
  }

  /**
   * One call authenticated as the app itself; a 2xx answer or an {@link GitHubHttp.Unauthorized}.
   */
  private HttpResponse<String> withJwt(String method, String path, String operation) {
    String where = method + " " + path;
    for (int attempt = 1; ; attempt++) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(apiUrl + path))
              .timeout(Duration.ofSeconds(30))
              .header("Accept", "application/vnd.github+json")
              .header("X-GitHub-Api-Version", GitHubHttp.API_VERSION)
              .header(
                  "Authorization",
                  "Bearer " + GitHubAppJwt.sign(app.appId(), key(), clock.instant()))
              .header("User-Agent", "secretsync")
              .method(method, HttpRequest.BodyPublishers.noBody())
              .build();
      metrics.githubRequest(operation);
      HttpResponse<String> r;
      try {
        r = client.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        if (attempt < GitHubHttp.ATTEMPTS) {
          GitHubHttp.backoff(attempt);
          continue;
        }
        throw new GitHubHttp.Unauthorized(
            "auth", describe() + ": " + where + " failed: " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new GitHubHttp.Unauthorized("auth", describe() + ": " + where + " interrupted");
      }
      int status = r.statusCode();
      if (status / 100 == 2) {
        return r;
      }
      if (status >= 500 && attempt < GitHubHttp.ATTEMPTS) {
        GitHubHttp.backoff(attempt);
        continue;
      }
      throw new GitHubHttp.Unauthorized("auth", refused(status, GitHubHttp.message(r), where));
    }
  }

  private void accept(HttpResponse<String> r, String where) {
    try {
      Map<?, ?> body = JSON.readValue(r.body(), Map.class);
      token = (String) body.get("token");
      expiresAt = Instant.parse(String.valueOf(body.get("expires_at")));
    } catch (IOException | RuntimeException e) {
      throw new GitHubHttp.Unauthorized(
          "auth", describe() + ": " + where + " answered without a token and expires_at");
    }
  }

  private String refused(int status, String message, String where) {
    String got = " (" + status + (message.isEmpty() ? "" : " " + message) + ") at " + where;
    return switch (status) {
      case 401 ->
          "GitHub rejected the JWT of "
              + describe()
              + got
              + " — check app_id and that "
              + app.keySource()
              + " is a current private key of that app, and that this machine's clock is right";
      case 404 ->
          app.installationId().isEmpty()
              ? describe()
                  + " not found"
                  + got
                  + " — install the app on "
                  + (app.repo().isEmpty() ? app.owner() : app.owner() + "/" + app.repo())
                  + " (or set installation_id)"
              : describe()
                  + " not found"
                  + got
                  + " — check installation_id (the number in the app's Configure URL) and that"
                  + " the app is installed on "
                  + app.owner();
      case 403 ->
          "GitHub refused an installation token to "
              + describe()
              + got
              + " — the installation may be suspended";
      default -> "GitHub did not issue an installation token to " + describe() + got;
    };
  }

  private PrivateKey key() {
    if (key == null) {
      String pem = app.privateKeyPem();
      if (pem == null) {
        try {
          pem = Files.readString(app.privateKeyFile(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
          throw new GitHubHttp.Unauthorized(
              "auth",
              describe()
                  + ": cannot read "
                  + app.keySource()
                  + " ("
                  + e.getClass().getSimpleName()
                  + ") — point it at the .pem file GitHub generated for the app");
        }
      }
      try {
        key = GitHubAppJwt.readPem(pem);
      } catch (IllegalArgumentException e) {
        // The message describes the text's shape, never the text itself.
        throw new GitHubHttp.Unauthorized(
            "auth", describe() + ": " + app.keySource() + ": " + e.getMessage());
      }
    }
    return key;
  }

  @Override
  public String toString() {
    return "GitHubAppAuth[" + describe() + ", token redacted]";
  }
}
