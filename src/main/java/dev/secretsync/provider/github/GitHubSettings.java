package dev.secretsync.provider.github;

import dev.secretsync.config.GitHubConfig;
import dev.secretsync.config.TargetConfig;
import dev.secretsync.spi.ProviderException;
import java.util.List;
import java.util.Map;

/**
 * A github target's settings, resolved from its {@code github:} block and the environment.
 *
 * @param target the target's name
 * @param apiUrl REST API base without trailing slash: {@code api_url}, else {@code GITHUB_API_URL},
 *     else {@code https://api.github.com}
 * @param token the token (secret material; {@link #toString()} redacts it)
 * @param tokenSource where the token came from ({@code GITHUB_TOKEN} or {@code GH_TOKEN}), for
 *     messages
 * @param owner repository owner
 * @param repo repository name
 * @param apps {@code actions}, {@code dependabot}, {@code codespaces}
 * @param perField granularity field (else secret)
 * @param nameTemplate the name template
 * @param exclude configured exclusion globs
 * @param scope where the secrets live (repository, environment or organisation)
 */
record GitHubSettings(
    String target,
    String apiUrl,
    String token,
    String tokenSource,
    String owner,
    String repo,
    List<String> apps,
    boolean perField,
    String nameTemplate,
    List<String> exclude,
    GitHubScope scope) {

  static final String DEFAULT_API_URL = "https://api.github.com";

  /** Copies lists. */
  GitHubSettings {
    apps = List.copyOf(apps);
    exclude = List.copyOf(exclude);
  }

  /**
   * Resolves the settings.
   *
   * @throws ProviderException when no token is set (the message says which variables to set)
   */
  static GitHubSettings of(TargetConfig config, Map<String, String> env) {
    GitHubConfig g = config.github();
    String api = !g.apiUrl().isEmpty() ? g.apiUrl() : env.getOrDefault("GITHUB_API_URL", "");
    api = api.isBlank() ? DEFAULT_API_URL : api.strip();
    while (api.endsWith("/")) {
      api = api.substring(0, api.length() - 1);
    }
    String source = "GITHUB_TOKEN";
    String token = env.getOrDefault(source, "");
    if (token.isBlank()) {
      source = "GH_TOKEN";
      token = env.getOrDefault(source, "");
    }
    if (token.isBlank()) {
      throw new ProviderException(
          "github",
          "auth",
          false,
          "target "
              + config.name()
              + ": no GitHub token — set GITHUB_TOKEN (or GH_TOKEN) to a token that may write"
              + " secrets of "
              + GitHubScope.of(g).describe());
    }
    return new GitHubSettings(
        config.name(),
        api,
        token.strip(),
        source,
        g.owner(),
        g.repo(),
        g.apps(),
        "field".equals(g.granularity()),
        g.nameTemplate(),
        g.exclude(),
        GitHubScope.of(g));
  }

  /** Where the secrets live, for messages: {@code acme/api}, {@code organisation acme} … */
  String repository() {
    return scope.describe();
  }

  @Override
  public String toString() {
    return "GitHubSettings[" + target + ", " + apiUrl + ", " + repository() + ", token redacted]";
  }
}
