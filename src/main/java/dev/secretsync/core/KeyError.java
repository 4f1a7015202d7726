package dev.secretsync.core;

/**
 * A problem with one secret of a target (invalid name, value too large, unmanaged name clash, a
 * failed write). The rest of the target goes on. The message never contains secret values.
 *
 * @param key the bundle key, or {@code null} when the problem is with a target-side name only
 * @param name the target-side name
 * @param message what is wrong and what to do
 */
public record KeyError(SecretKey key, String name, String message) {}
