package dev.secretsync.engine;

import dev.secretsync.core.Bundle;
import dev.secretsync.core.TargetResult;

/**
 * A target's result plus its merged bundle (for targets that import it), and whether a rule refused
 * the target before any write.
 */
record TargetOutcome(TargetResult result, Bundle bundle, boolean refused) {

  TargetOutcome(TargetResult result, Bundle bundle) {
    this(result, bundle, false);
  }

  boolean usable() {
    return bundle != null
        && result.status() != TargetResult.Status.FAILED
        && result.status() != TargetResult.Status.SKIPPED;
  }
}
