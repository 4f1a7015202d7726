package dev.secretsync.agent;

import java.time.Instant;

/**
 * What {@code /ready} and the status file say about one job. Never holds a value: errors are the
 * template's or Vault's messages, which name fields and paths only.
 *
 * @param name the job's name
 * @param required whether readiness waits for it
 * @param rendered whether it has rendered at least once since the agent started
 * @param lastSuccess when it last fetched and rendered successfully, or null
 * @param lastError the last failure's message, or null after a success
 * @param nextRefresh when it runs next, or null when it never will
 * @param failures consecutive failures
 */
record JobStatus(
    String name,
    boolean required,
    boolean rendered,
    Instant lastSuccess,
    String lastError,
    Instant nextRefresh,
    int failures) {}
