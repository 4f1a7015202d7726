package dev.secretsync.engine;

import dev.secretsync.core.Bundle;
import java.util.Objects;

/**
 * A rollback: the run syncs {@code target} to a bundle from its history instead of merging its
 * imports, stores that bundle (a new history entry that names the version), and plans and applies
 * it like any other bundle — ownership, {@code max_deletes} and {@code --dry-run} hold.
 *
 * @param target the target rolled back
 * @param bundle the historical bundle (secret material)
 * @param version the history version it comes from
 */
public record Rollback(String target, Bundle bundle, int version) {
  /** Validates. */
  public Rollback {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(bundle, "bundle");
  }

  @Override
  public String toString() {
    return "Rollback[" + target + " to v" + version + "]";
  }
}
