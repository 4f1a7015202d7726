package dev.secretsync.config;

/**
 * Binds the client keys of a {@code github:} block ({@code app_id}, {@code installation_id}, {@code
 * private_key_file}, {@code max_concurrent_writes}, {@code writes_per_minute}) — kept out of {@link
 * ConfigBinder} so the scope keys and these can change independently.
 */
final class GitHubClientBinder {
  private GitHubClientBinder() {}

  static GitHubClientConfig bind(YamlObject g) {
    GitHubClientConfig d = GitHubClientConfig.DEFAULT;
    return new GitHubClientConfig(
        g.string("app_id", d.appId()).strip(),
        g.string("installation_id", d.installationId()).strip(),
        g.string("private_key_file", d.privateKeyFile()).strip(),
        g.integer("max_concurrent_writes", d.maxConcurrentWrites()),
        g.integer("writes_per_minute", d.writesPerMinute()));
  }
}
