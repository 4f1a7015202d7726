package dev.secretsync.engine;

import dev.secretsync.core.Bundle;
import dev.secretsync.core.TargetResult;

/** A target's result plus its merged bundle (for targets that import it). */
record TargetOutcome(TargetResult result, Bundle bundle) {

  boolean usable() {
    return bundle != null
        && result.status() != TargetResult.Status.FAILED
        && result.status() != TargetResult.Status.SKIPPED;
  }
}
