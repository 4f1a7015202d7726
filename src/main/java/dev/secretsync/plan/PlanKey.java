package dev.secretsync.plan;

import dev.secretsync.core.Bundle;
import dev.secretsync.core.Fingerprint;
import dev.secretsync.core.Secret;
import dev.secretsync.core.SecretKey;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The keyed fingerprints of a saved plan, made with the merge store's fingerprint key (the
 * configured {@code fingerprint_key}, else the key the persistent store keeps): a plan file is
 * posted in pull requests and kept as a CI artifact, so it must not carry a bare digest a reader
 * could test guesses against. Every fact is fingerprinted as a one-secret bundle, so one keyed
 * function serves bundles, single secrets and plan documents alike.
 */
public final class PlanKey {
  private static final SecretKey DOCUMENT = SecretKey.of("document");

  private final Function<Bundle, Fingerprint> keyed;

  private PlanKey(Function<Bundle, Fingerprint> keyed) {
    this.keyed = Objects.requireNonNull(keyed, "keyed");
  }

  /** Fingerprints made by {@code keyed} (a merge store's {@code fingerprint}). */
  public static PlanKey of(Function<Bundle, Fingerprint> keyed) {
    return new PlanKey(keyed);
  }

  /** The fingerprint of a whole bundle (equal to what the merge store records for it). */
  public Fingerprint bundle(Bundle bundle) {
    return keyed.apply(bundle);
  }

  /** The fingerprint of one secret under its key. */
  public Fingerprint secret(SecretKey key, Secret secret) {
    return keyed.apply(Bundle.of(Map.of(key, secret)));
  }

  /** The fingerprint (and, for a plan body, the signature) of a JSON object. */
  public Fingerprint document(Map<String, ?> json) {
    return keyed.apply(Bundle.of(Map.of(DOCUMENT, Secret.of(json))));
  }

  /**
   * Names the key without revealing it: the fingerprint of the empty bundle, shortened. Two runs
   * agree on it exactly when they fingerprint with the same key.
   */
  public String check() {
    return keyed.apply(Bundle.empty()).shortHex();
  }
}
