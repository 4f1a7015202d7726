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
    List<String> exclude) {

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
        g.exclude());
  }

  /**
   * The App of the {@code github:} block; else the App of the {@code SECRETSYNC_GITHUB_APP_*}
   * variables (all three); else {@code GITHUB_TOKEN}, then {@code GH_TOKEN}.
   */
  private static GitHubCredentials credentials(
      TargetConfig config, Map<String, String> env, Path baseDir) {
    GitHubClientConfig c = config.github().client();
    if (c.appConfigured()) {
      return new GitHubCredentials.App(
          c.appId(), c.installationId(), baseDir.resolve(c.privateKeyFile()));
    }
    String appId = env.getOrDefault(ENV_APP_ID, "").strip();
    String installation = env.getOrDefault(ENV_INSTALLATION_ID, "").strip();
    String keyFile = env.getOrDefault(ENV_PRIVATE_KEY_FILE, "").strip();
    if (!appId.isEmpty() || !installation.isEmpty() || !keyFile.isEmpty()) {
      if (appId.isEmpty() || installation.isEmpty() || keyFile.isEmpty()) {
        throw new ProviderException(
            "github",
            "auth",
            false,
            "target "
                + config.name()
                + ": GitHub App auth from the environment needs all of "
                + ENV_APP_ID
                + ", "
                + ENV_INSTALLATION_ID
                + " and "
                + ENV_PRIVATE_KEY_FILE);
      }
      return new GitHubCredentials.App(appId, installation, baseDir.resolve(keyFile));
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
              + config.github().owner()
              + "/"
              + config.github().repo()
              + ", or configure a GitHub App (github.app_id, installation_id, private_key_file)");
    }
    return new GitHubCredentials.Token(token.strip(), source);
  }

  /** {@code owner/repo}. */
  String repository() {
    return owner + "/" + repo;
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
