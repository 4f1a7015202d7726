package dev.secretsync.provider.github;

import dev.secretsync.spi.ProviderException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Optional;

/**
 * Turns a failed GitHub answer into one line a user can act on: which credential was refused (401),
 * which permission it lacks (403, from {@code x-accepted-github-permissions} for fine-grained
 * tokens and Apps, {@code x-accepted-oauth-scopes} for classic tokens — "Troubleshooting the REST
 * API", "Insufficient permission errors"), or that the repository or organisation cannot be seen
 * (404, which GitHub also answers for private resources the credential may not see). Never a value.
 */
final class GitHubFailures {
  private GitHubFailures() {}

  static ProviderException of(
      GitHubSettings s,
      GitHubAuth auth,
      int rateRemaining,
      long rateReset,
      String operation,
      String where,
      HttpResponse<String> r) {
    int status = r.statusCode();
    String message = GitHubHttp.message(r);
    String who = auth.describe();
    boolean app = auth instanceof GitHubAppAuth;
    String text =
        switch (status) {
          case 401 ->
              app
                  ? "GitHub rejected the installation token of "
                      + who
                      + " (401 "
                      + message
                      + ") at "
                      + where
                      + " even right after it was issued — check that the installation is not"
                      + " suspended and that this machine's clock is right"
                  : "GitHub rejected "
                      + who
                      + " (401 "
                      + message
                      + ") at "
                      + where
                      + " — set "
                      + ((GitHubAuth.Fixed) auth).token().source()
                      + " to a valid, unexpired token";
          case 403 ->
              rateRemaining == 0
                  ? "GitHub's API rate limit is used up (403 "
                      + message
                      + ") at "
                      + where
                      + "; it resets at "
                      + Instant.ofEpochSecond(rateReset)
                      + " — run again after that"
                  : "GitHub refused "
                      + where
                      + " (403 "
                      + message
                      + ") — "
                      + who
                      + needs(s, app, r);
          case 404 ->
              (s.scope().org() ? "" : "repository ")
                  + s.repository()
                  + " not found or not visible to "
                  + who
                  + " (404 at "
                  + where
                  + ") — check owner"
                  + (s.scope().org() ? "" : " and repo")
                  + ", and "
                  + (app
                      ? "install the app on " + (s.scope().org() ? "the organisation" : "it")
                      : s.scope().org()
                          ? "that the token may manage the organisation's secrets"
                          : "give the token access to the repository");
          default -> "GitHub answered " + status + " " + message + " at " + where;
        };
    boolean transientFailure =
        status >= 500 || status == 429 || r.headers().firstValue("retry-after").isPresent();
    String line = "target " + s.target() + ": " + text;
    return status == 401
        ? new GitHubHttp.Unauthorized(operation, line)
        : new ProviderException("github", operation, transientFailure, line);
  }

  /**
   * What a 403 says is missing. {@code x-accepted-github-permissions} lists the permission sets
   * that would do, sets separated by ";" and permissions within a set by ","; {@code
   * x-accepted-oauth-scopes} the classic scopes.
   */
  private static String needs(GitHubSettings s, boolean app, HttpResponse<?> r) {
    Optional<String> permission =
        r.headers().firstValue("x-accepted-github-permissions").filter(v -> !v.isBlank());
    if (permission.isPresent()) {
      return " lacks the permission "
          + permission
              .get()
              .strip()
              .replaceAll("\\s*;\\s*", " or ")
              .replaceAll("\\s*,\\s*", " and ")
          + " on "
          + s.repository()
          + (app
              ? " — grant it to the app, then accept the new permissions for the installation"
              : " — grant it to the token");
    }
    Optional<String> scope =
        r.headers().firstValue("x-accepted-oauth-scopes").filter(v -> !v.isBlank());
    if (scope.isPresent()) {
      return " lacks the OAuth scope "
          + scope.get().strip()
          + " needed for "
          + s.repository()
          + " — create a token with that scope";
    }
    return " may not write the secrets of "
        + s.repository()
        + " — grant it Secrets (or Dependabot / Codespaces secrets): read and write"
        + " (classic tokens: repo; organisations: admin:org)";
  }
}
