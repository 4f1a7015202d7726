package dev.secretsync.config;

import java.util.List;

/**
 * A github target's {@code github:} block.
 *
 * @param scope {@code repo}, {@code environment} or {@code org}
 * @param owner the repository owner (user or organisation), or the organisation (scope org)
 * @param repo the repository name (scope repo and environment)
 * @param apps which secret stores to write: {@code actions}, {@code dependabot}, {@code
 *     codespaces}; default {@code [actions]}
 * @param granularity {@code field} (one GitHub secret per field, default) or {@code secret} (one
 *     per key, holding the canonical JSON)
 * @param nameTemplate how a GitHub secret is named from {@code {key}} and {@code {field}}, then
 *     upper-snake-cased; default {@code {key}_{field}} ({@code {key}} for granularity secret)
 * @param exclude globs of GitHub secret names never written or deleted (besides the built-in {@code
 *     GITHUB_TOKEN}, {@code ACTIONS_*}, {@code RUNNER_*}, {@code CI})
 * @param apiUrl the REST API base; empty = {@code GITHUB_API_URL}, else {@code
 *     https://api.github.com}
 * @param scoping the scope-specific keys (environment, org visibility, managed environments)
 * @param client App credentials and write limits ({@link GitHubClientConfig#DEFAULT} when unset)
 */
public record GitHubConfig(
    String scope,
    String owner,
    String repo,
    List<String> apps,
    String granularity,
    String nameTemplate,
    List<String> exclude,
    String apiUrl,
    GitHubScopeConfig scoping,
    GitHubClientConfig client) {

  /** Copies lists. */
  public GitHubConfig {
    apps = List.copyOf(apps);
    exclude = List.copyOf(exclude);
  }
}
