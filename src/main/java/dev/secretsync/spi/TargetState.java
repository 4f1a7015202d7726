package dev.secretsync.spi;

/**
 * What a target holds now, as its provider sees it (fingerprints, ownership, tags — no values
 * unless the provider had to read them). Each provider has its own implementation; the engine only
 * passes it from {@link SecretTarget#current()} to {@link SecretTarget#plan} and {@link
 * SecretTarget#apply}.
 */
public interface TargetState {

  /** Number of secrets the target holds that this tool may manage (owned or desired names). */
  int size();
}
