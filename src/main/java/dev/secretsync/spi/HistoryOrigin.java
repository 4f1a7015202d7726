package dev.secretsync.spi;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Who and what saves a bundle, for the history entry the save records.
 *
 * @param runId the saving run
 * @param actor who runs it (see {@link #actor(Map)})
 * @param time when
 * @param rollbackOf the version a rollback restores, or 0 for an ordinary save
 */
public record HistoryOrigin(String runId, String actor, Instant time, int rollbackOf) {

  /** Validates. */
  public HistoryOrigin {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(time, "time");
    actor = actor == null || actor.isBlank() ? "unknown" : actor;
  }

  /** An ordinary save by this run, now. */
  public static HistoryOrigin of(RunContext ctx) {
    return new HistoryOrigin(ctx.runId(), actor(ctx.env()), Instant.now(), 0);
  }

  /**
   * Who runs secretsync: {@code SECRETSYNC_ACTOR}, else {@code GITHUB_ACTOR} (a GitHub Actions
   * run), else the OS user.
   */
  public static String actor(Map<String, String> env) {
    return Stream.of(
            env.get("SECRETSYNC_ACTOR"), env.get("GITHUB_ACTOR"), System.getProperty("user.name"))
        .filter(v -> v != null && !v.isBlank())
        .map(String::strip)
        .findFirst()
        .orElse("unknown");
  }
}
