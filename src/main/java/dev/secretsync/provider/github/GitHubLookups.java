package dev.secretsync.provider.github;

import dev.secretsync.spi.ProviderException;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Names to GitHub ids, each looked up once per target and run: repositories ({@code GET
 * /repos/{owner}/{repo}}, for an organisation secret's selected repositories), users ({@code GET
 * /users/{username}}) and teams ({@code GET /orgs/{org}/teams/{team_slug}}, for environment
 * reviewers). An unknown name is an error that names it: silently dropping a reviewer or a
 * repository would change who may deploy or read the secret.
 */
final class GitHubLookups {
  private final GitHubHttp http;
  private final String target;
  private final Map<String, Long> cache = new ConcurrentHashMap<>();

  GitHubLookups(GitHubHttp http, String target) {
    this.http = http;
    this.target = target;
  }

  /** The id of repository {@code owner/name}. */
  long repositoryId(String owner, String name) {
    return lookup(
        "/repos/" + GitHubScope.seg(owner) + "/" + GitHubScope.seg(name),
        "repos.get",
        "repository " + owner + "/" + name + " (in selected_repositories)");
  }

  /**
   * A reviewer's id and type ({@code User} or {@code Team}): {@code octocat} or {@code org/slug}.
   */
  Reviewer reviewer(String name) {
    String n = name.startsWith("@") ? name.substring(1) : name;
    int slash = n.indexOf('/');
    if (slash > 0) {
      String org = n.substring(0, slash);
      String slug = n.substring(slash + 1);
      return new Reviewer(
          "Team",
          lookup(
              "/orgs/" + GitHubScope.seg(org) + "/teams/" + GitHubScope.seg(slug),
              "teams.get",
              "reviewer team " + n));
    }
    return new Reviewer(
        "User", lookup("/users/" + GitHubScope.seg(n), "users.get", "reviewer user " + n));
  }

  /** An environment reviewer as the API takes it. */
  record Reviewer(String type, long id) {}

  private long lookup(String path, String operation, String what) {
    Long cached = cache.get(path);
    if (cached != null) {
      return cached;
    }
    HttpResponse<String> r = http.send("GET", path, null, operation, 404);
    if (r.statusCode() == 404) {
      throw new ProviderException(
          "github",
          operation,
          false,
          "target "
              + target
              + ": "
              + what
              + " does not exist or is not visible to the token — check the name");
    }
    Object id = GitHubHttp.json(r).get("id");
    if (!(id instanceof Number num)) {
      throw new ProviderException(
          "github", operation, false, "target " + target + ": GitHub sent no id for " + what);
    }
    cache.put(path, num.longValue());
    return num.longValue();
  }
}
