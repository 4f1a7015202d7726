package dev.secretsync.provider.github;

import dev.secretsync.config.GitHubClientConfig;
import dev.secretsync.config.GitHubConfig;
import dev.secretsync.config.TargetConfig;
import dev.secretsync.spi.ProviderException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A github target's settings, resolved from its {@code github:} block and the environment.
 *
 * @param target the target's name
 * @param apiUrl REST API base without trailing slash: {@code api_url}, else {@code GITHUB_API_URL},
 *     else {@code https://api.github.com}
 * @param credentials a token ({@code GITHUB_TOKEN}, then {@code GH_TOKEN}) or a GitHub App
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
    GitHubCredentials credentials,
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

  /** Variables a GitHub App can be configured with instead of the config file. */
  static final String ENV_APP_ID = "SECRETSYNC_GITHUB_APP_ID";

  static final String ENV_INSTALLATION_ID = "SECRETSYNC_GITHUB_APP_INSTALLATION_ID";
  static final String ENV_PRIVATE_KEY_FILE = "SECRETSYNC_GITHUB_APP_PRIVATE_KEY_FILE";

  /** The private key's PEM text itself, as CI systems hand secrets to a job. */
  static final String ENV_PRIVATE_KEY = "SECRETSYNC_GITHUB_APP_PRIVATE_KEY";

  /** Resolves the settings with relative paths against the working directory. */
  static GitHubSettings of(TargetConfig config, Map<String, String> env) {
    return of(config, env, Path.of(""));
  }

  /**
   * Resolves the settings.
   *
   * @param baseDir where a relative {@code private_key_file} resolves
   * @throws ProviderException when no credential is set (the message says which variables to set)
   */
  static GitHubSettings of(TargetConfig config, Map<String, String> env, Path baseDir) {
    GitHubConfig g = config.github();
    String api = !g.apiUrl().isEmpty() ? g.apiUrl() : env.getOrDefault("GITHUB_API_URL", "");
    api = api.isBlank() ? DEFAULT_API_URL : api.strip();
    while (api.endsWith("/")) {
      api = api.substring(0, api.length() - 1);
    }
    return new GitHubSettings(
        config.name(),
        api,
        credentials(config, env, baseDir),
        g.owner(),
        g.repo(),
        g.apps(),
        "field".equals(g.granularity()),
        g.nameTemplate(),
        g.exclude(),
        GitHubScope.of(g));
  }

  /**
   * The App of the {@code github:} block; else the App of the {@code SECRETSYNC_GITHUB_APP_*}
   * variables (all three); else {@code GITHUB_TOKEN}, then {@code GH_TOKEN}.
   */
  private static GitHubCredentials credentials(
      TargetConfig config, Map<String, String> env, Path baseDir) {
    GitHubConfig g = config.github();
    GitHubClientConfig c = g.client();
    String appId = or(c.appId(), env.get(ENV_APP_ID));
    if (!appId.isEmpty()) {
      String installation = or(c.installationId(), env.get(ENV_INSTALLATION_ID));
      String keyFile = or(c.privateKeyFile(), env.get(ENV_PRIVATE_KEY_FILE));
      String pem = or("", env.get(ENV_PRIVATE_KEY));
      if (keyFile.isEmpty() && pem.isEmpty()) {
        throw new ProviderException(
            "github",
            "auth",
            false,
            "target "
                + config.name()
                + ": GitHub App "
                + appId
                + " has no private key — set github.private_key_file (or "
                + ENV_PRIVATE_KEY_FILE
                + ", or "
                + ENV_PRIVATE_KEY
                + " to the PEM text)");
      }
      return new GitHubCredentials.App(
          appId,
          installation,
          g.owner(),
          "org".equals(g.scope()) ? "" : g.repo(),
          keyFile.isEmpty() ? null : baseDir.resolve(keyFile),
          keyFile.isEmpty() ? pem : null);
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
              + GitHubScope.of(config.github()).describe()
              + ", or configure a GitHub App (github.app_id, private_key_file)");
    }
    return new GitHubCredentials.Token(token.strip(), source);
  }

  private static String or(String configured, String fromEnv) {
    return !configured.isBlank() ? configured.strip() : fromEnv == null ? "" : fromEnv.strip();
  }

  /** Where the secrets live, for messages: {@code acme/api}, {@code organisation acme} … */
  String repository() {
    return scope.describe();
  }

  @Override
  public String toString() {
    return "GitHubSettings["
        + target
        + ", "
        + apiUrl
        + ", "
        + repository()
        + ", "
        + credentials.describe()
        + "]";
  }
}
