package dev.secretsync.testkit;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Deployment environments and the look-ups a sync needs, following github/rest-api-description:
 * {@code GET /repos/{owner}/{repo}/environments} (paginated, each with its protection rules),
 * {@code GET}/{@code PUT}/{@code DELETE /repos/{owner}/{repo}/environments/{environment_name}} (PUT
 * answers 200 with the environment, 422 on a rule GitHub refuses), {@code
 * …/deployment-branch-policies} ({@code GET} list, {@code POST} {@code {name, type}}, {@code DELETE
 * …/{branch_policy_id}}; 404 unless the environment's {@code custom_branch_policies} is true),
 * {@code GET /users/{username}}, {@code GET /orgs/{org}/teams/{team_slug}} and {@code GET
 * /repos/{owner}/{repo}}. Counters: {@code environments.*}, {@code branch-policies.*}, {@code
 * users.get}, {@code teams.get}, {@code repos.get}.
 */
final class GitHubEnvironmentsRoutes {
  private static final Pattern ENV =
      Pattern.compile(
          "/repos/([^/]+)/([^/]+)/environments/([^/]+)(/deployment-branch-policies(?:/([0-9]+))?)?");
  private static final Pattern LIST = Pattern.compile("/repos/([^/]+)/([^/]+)/environments");
  private static final Pattern USER = Pattern.compile("/users/([^/]+)");
  private static final Pattern TEAM = Pattern.compile("/orgs/([^/]+)/teams/([^/]+)");
  private static final Pattern REPO = Pattern.compile("/repos/([^/]+)/([^/]+)");

  private final GitHubEmulator gh;
  private final GitHubSecretsHandler h;

  GitHubEnvironmentsRoutes(GitHubEmulator gh, GitHubSecretsHandler h) {
    this.gh = gh;
    this.h = h;
  }

  /** Answers the request when it is one of these routes. */
  boolean handle(HttpExchange ex, String path) throws IOException {
    String method = ex.getRequestMethod();
    Matcher m = ENV.matcher(path);
    if (m.matches()) {
      if (!gh.repoExists(m.group(1), m.group(2))) {
        h.send(ex, 404, GitHubSecretsHandler.error("Not Found"));
      } else if (m.group(4) != null) {
        policies(ex, m.group(1), m.group(2), GitHubScopesRoutes.dec(m.group(3)), m.group(5));
      } else {
        environment(ex, m.group(1), m.group(2), GitHubScopesRoutes.dec(m.group(3)));
      }
      return true;
    }
    if (!method.equals("GET")) {
      return false;
    }
    Matcher l = LIST.matcher(path);
    if (l.matches()) {
      if (!gh.repoExists(l.group(1), l.group(2))) {
        h.send(ex, 404, GitHubSecretsHandler.error("Not Found"));
        return true;
      }
      gh.record("environments.list", ex);
      h.paged(ex, gh.environments.list(l.group(1), l.group(2)), "environments");
      return true;
    }
    Matcher u = USER.matcher(path);
    if (u.matches()) {
      gh.record("users.get", ex);
      String login = u.group(1);
      Optional<Long> id = gh.accounts.userId(login);
      found(ex, id.map(i -> Map.<String, Object>of("login", login, "id", i, "type", "User")));
      return true;
    }
    Matcher t = TEAM.matcher(path);
    if (t.matches()) {
      gh.record("teams.get", ex);
      String slug = t.group(2);
      Optional<Long> id = gh.accounts.teamId(t.group(1), slug);
      found(ex, id.map(i -> Map.<String, Object>of("id", i, "slug", slug, "name", slug)));
      return true;
    }
    Matcher r = REPO.matcher(path);
    if (r.matches()) {
      gh.record("repos.get", ex);
      String owner = r.group(1);
      String repo = r.group(2);
      Optional<Long> id =
          gh.repoExists(owner, repo) ? gh.accounts.repoId(owner, repo) : Optional.empty();
      found(
          ex,
          id.map(
              i -> Map.<String, Object>of("id", i, "name", repo, "full_name", owner + "/" + repo)));
      return true;
    }
    return false;
  }

  private void found(HttpExchange ex, Optional<Map<String, Object>> body) throws IOException {
    if (body.isPresent()) {
      h.send(ex, 200, body.get());
    } else {
      h.send(ex, 404, GitHubSecretsHandler.error("Not Found"));
    }
  }

  private void environment(HttpExchange ex, String owner, String repo, String env)
      throws IOException {
    switch (ex.getRequestMethod()) {
      case "GET" -> {
        gh.record("environments.get", ex);
        found(ex, gh.environments.json(owner, repo, env));
      }
      case "PUT" -> {
        gh.record("environments.put", ex);
        // The body is optional: PUT without one creates the environment without rules.
        byte[] raw = ex.getRequestBody().readAllBytes();
        Map<?, ?> body = raw.length == 0 ? Map.of() : h.parse(ex, raw);
        if (body == null) {
          return;
        }
        Optional<String> problem = gh.environments.put(owner, repo, env, body, gh.now());
        if (problem.isPresent()) {
          h.send(ex, 422, GitHubSecretsHandler.error(problem.get()));
        } else {
          h.send(ex, 200, gh.environments.json(owner, repo, env).orElseThrow());
        }
      }
      case "DELETE" -> {
        gh.record("environments.delete", ex);
        boolean gone = gh.environments.delete(owner, repo, env);
        h.send(ex, gone ? 204 : 404, gone ? null : GitHubSecretsHandler.error("Not Found"));
      }
      default -> h.send(ex, 404, GitHubSecretsHandler.error("Not Found"));
    }
  }

  private void policies(HttpExchange ex, String owner, String repo, String env, String id)
      throws IOException {
    Optional<GitHubEnvironmentStore.Env> e = gh.environments.get(owner, repo, env);
    if (e.isEmpty() || !e.get().customPolicies) {
      h.send(ex, 404, GitHubSecretsHandler.error("Not Found"));
      return;
    }
    String method = ex.getRequestMethod();
    if (id == null && method.equals("GET")) {
      gh.record("branch-policies.list", ex);
      h.paged(ex, gh.environments.policies(e.get()), "branch_policies");
    } else if (id == null && method.equals("POST")) {
      gh.record("branch-policies.create", ex);
      Map<?, ?> body = h.body(ex);
      if (body == null) {
        return;
      }
      if (!(body.get("name") instanceof String name) || name.isBlank()) {
        h.send(ex, 422, GitHubSecretsHandler.error("\"name\" is required"));
        return;
      }
      String type = body.get("type") instanceof String t ? t : "branch";
      h.send(ex, 200, gh.environments.addPolicy(e.get(), name, type).orElseThrow());
    } else if (id != null && method.equals("DELETE")) {
      gh.record("branch-policies.delete", ex);
      boolean gone = gh.environments.deletePolicy(e.get(), Long.parseLong(id));
      h.send(ex, gone ? 204 : 404, gone ? null : GitHubSecretsHandler.error("Not Found"));
    } else {
      h.send(ex, 404, GitHubSecretsHandler.error("Not Found"));
    }
  }
}
