package dev.secretsync.provider.github;

import dev.secretsync.core.FingerprintKey;
import dev.secretsync.spi.TargetState;
import java.util.Map;
import java.util.Optional;

/**
 * A github target's current state: the live names per app (from one listing per app) and our state
 * record.
 *
 * @param remote by app, by upper-case name
 * @param record our state record
 * @param recordVersion the record's store version, for compare-and-set (empty when there is none)
 * @param key the fingerprint key (configured, kept in the record, or new)
 * @param keyIsNew whether the key was generated in this run and must be kept in the record
 * @param keyConfigured whether the key is the configured one (then the record never holds it)
 * @param scope organisation access, managed environments, a missing environment
 */
record GitHubTargetState(
    Map<String, Map<String, GitHubHttp.Remote>> remote,
    GitHubStateRecord record,
    Optional<String> recordVersion,
    FingerprintKey key,
    boolean keyIsNew,
    boolean keyConfigured,
    GitHubScopeState scope)
    implements TargetState {

  /** Copies. */
  GitHubTargetState {
    remote = Map.copyOf(remote);
  }

  @Override
  public int size() {
    return remote.values().stream().mapToInt(Map::size).sum();
  }

  /** The state record name of a secret: {@code <app>/<NAME>}. */
  static String id(String app, String name) {
    return app + "/" + name;
  }
}
