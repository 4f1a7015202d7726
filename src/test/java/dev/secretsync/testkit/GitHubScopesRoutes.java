package dev.secretsync.testkit;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Environment and organisation secrets, following github/rest-api-description: {@code
 * /repos/{owner}/{repo}/environments/{environment_name}/secrets…} (Actions only; 404 while the
 * environment does not exist) and {@code /orgs/{org}/{actions|dependabot|codespaces}/secrets…} with
 * {@code visibility} and {@code selected_repository_ids} on PUT, and the selected-repositories
 * endpoints ({@code GET}/{@code PUT …/secrets/{secret_name}/repositories}; 409 unless the
 * visibility is {@code selected}). Counters: {@code env-actions.*}, {@code org-<app>.*}.
 */
final class GitHubScopesRoutes {
  private static final Pattern ENV_SECRETS =
      Pattern.compile("/repos/([^/]+)/([^/]+)/environments/([^/]+)/secrets(?:/([^/]+))?");
  private static final Pattern ORG_SECRETS =
      Pattern.compile("/orgs/([^/]+)/(actions|dependabot|codespaces)/secrets(?:/([^/]+))?");
  private static final Pattern ORG_REPOS =
      Pattern.compile("/orgs/([^/]+)/(actions|dependabot|codespaces)/secrets/([^/]+)/repositories");

  private final GitHubEmulator gh;
  private final GitHubSecretsHandler h;

  GitHubScopesRoutes(GitHubEmulator gh, GitHubSecretsHandler h) {
    this.gh = gh;
    this.h = h;
  }

  /** Answers the request when it is one of these routes. */
  boolean handle(HttpExchange ex, String path) throws IOException {
    Matcher m = ENV_SECRETS.matcher(path);
    if (m.matches()) {
      String env = dec(m.group(3));
      if (!gh.repoExists(m.group(1), m.group(2))
          || gh.environments.get(m.group(1), m.group(2), env).isEmpty()) {
        h.send(ex, 404, GitHubSecretsHandler.error("Not Found"));
      } else {
        h.secrets(ex, gh.envScope(m.group(1), m.group(2), env), "env-actions", m.group(4));
      }
      return true;
    }
    m = ORG_REPOS.matcher(path);
    if (m.matches()) {
      if (!gh.accounts.orgExists(m.group(1))) {
        h.send(ex, 404, GitHubSecretsHandler.error("Not Found"));
      } else {
        repositories(ex, gh.orgScope(m.group(1), m.group(2)), "org-" + m.group(2), m.group(3));
      }
      return true;
    }
    m = ORG_SECRETS.matcher(path);
    if (m.matches()) {
      if (!gh.accounts.orgExists(m.group(1))) {
        h.send(ex, 404, GitHubSecretsHandler.error("Not Found"));
      } else {
        h.secrets(ex, gh.orgScope(m.group(1), m.group(2)), "org-" + m.group(2), m.group(3));
      }
      return true;
    }
    return false;
  }

  private void repositories(HttpExchange ex, GitHubSecretScope scope, String label, String name)
      throws IOException {
    Optional<GitHubSecretScope.Access> access =
        scope.get(name).isPresent() ? scope.access(name) : Optional.empty();
    if (access.isEmpty()) {
      h.send(ex, 404, GitHubSecretsHandler.error("Not Found"));
      return;
    }
    if (!"selected".equals(access.get().visibility())) {
      h.send(ex, 409, GitHubSecretsHandler.error("Visibility of the secret is not 'selected'"));
      return;
    }
    if (ex.getRequestMethod().equals("GET")) {
      gh.record(label + ".repositories.list", ex);
      List<Map<String, Object>> repos = new ArrayList<>();
      for (long id : access.get().repositoryIds()) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", id);
        String full = gh.accounts.repoName(id).orElse("unknown/unknown");
        r.put("name", full.substring(full.indexOf('/') + 1));
        r.put("full_name", full);
        repos.add(r);
      }
      h.send(ex, 200, Map.of("total_count", repos.size(), "repositories", repos));
    } else if (ex.getRequestMethod().equals("PUT")) {
      gh.record(label + ".repositories.put", ex);
      Map<?, ?> body = h.body(ex);
      if (body == null) {
        return;
      }
      if (!(body.get("selected_repository_ids") instanceof List<?> list)) {
        h.send(ex, 422, GitHubSecretsHandler.error("\"selected_repository_ids\" is required"));
        return;
      }
      Set<Long> ids = new TreeSet<>();
      list.forEach(id -> ids.add(Long.parseLong(id.toString())));
      scope.setRepositories(name, ids);
      h.send(ex, 204, null);
    } else {
      h.send(ex, 404, GitHubSecretsHandler.error("Not Found"));
    }
  }

  static String dec(String segment) {
    return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
