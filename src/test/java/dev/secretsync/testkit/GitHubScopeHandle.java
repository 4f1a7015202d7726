package dev.secretsync.testkit;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One secrets scope of the {@link GitHubEmulator} as tests see it — a repository's, an
 * environment's or an organisation's secrets of one app: the decrypted values, {@code updated_at},
 * and changes made as someone else would (out of band).
 */
public final class GitHubScopeHandle {
  private final GitHubSecretScope scope;
  private final Supplier<Instant> now;

  GitHubScopeHandle(GitHubSecretScope scope, Supplier<Instant> now) {
    this.scope = scope;
    this.now = now;
  }

  /** The decrypted values by (upper-case) name. */
  public Map<String, String> values() {
    return scope.values();
  }

  /** The {@code updated_at} of one secret, if it exists. */
  public Optional<Instant> updatedAt(String name) {
    return scope.get(name).map(GitHubSecretScope.Stored::updatedAt);
  }

  /** Sets a secret out of band: {@code updated_at} moves forward. */
  public GitHubScopeHandle putOutOfBand(String name, String value) {
    scope.put(name, value, now.get());
    return this;
  }
}
