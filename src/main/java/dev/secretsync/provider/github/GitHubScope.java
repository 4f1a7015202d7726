package dev.secretsync.provider.github;

import dev.secretsync.config.GitHubConfig;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a github target's secrets live: a repository's secrets of one app, one environment's
 * Actions secrets, or an organisation's secrets of one app. Only the URL paths and the wording of
 * messages differ between them; listing, sealing, PUT and DELETE are the same calls.
 *
 * @param kind {@code repo}, {@code environment} or {@code org}
 * @param owner repository owner, or the organisation
 * @param repo repository name (empty for org)
 * @param environment environment name (environment scope only)
 */
record GitHubScope(String kind, String owner, String repo, String environment) {

  static GitHubScope of(GitHubConfig g) {
    return new GitHubScope(g.scope(), g.owner(), g.repo(), g.scoping().environment());
  }

  boolean org() {
    return "org".equals(kind);
  }

  boolean environmentScope() {
    return "environment".equals(kind);
  }

  /** The secrets collection of {@code app} in this scope (no trailing slash). */
  String secretsPath(String app) {
    return switch (kind) {
      case "org" -> "/orgs/" + seg(owner) + "/" + app + "/secrets";
      case "environment" -> repoPath() + "/environments/" + seg(environment) + "/secrets";
      default -> repoPath() + "/" + app + "/secrets";
    };
  }

  /** {@code /repos/{owner}/{repo}}. */
  String repoPath() {
    return "/repos/" + seg(owner) + "/" + seg(repo);
  }

  /** For messages: {@code acme/api}, {@code acme/api environment production}, {@code org acme}. */
  String describe() {
    return switch (kind) {
      case "org" -> "organisation " + owner;
      case "environment" -> owner + "/" + repo + " environment " + environment;
      default -> owner + "/" + repo;
    };
  }

  /**
   * A URL path segment: percent-encoded, spaces as {@code %20} (environment names may hold spaces
   * and slashes; GitHub wants them encoded, and {@link URLEncoder}'s {@code +} is form encoding).
   */
  static String seg(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
