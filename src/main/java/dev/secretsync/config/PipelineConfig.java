package dev.secretsync.config;

/**
 * {@code pipeline}: how a run behaves.
 *
 * @param parallelism bound on concurrent remote calls and concurrent targets (≥ 1)
 * @param continueOnError keep going with independent targets after a target fails
 * @param awsWritesPerSecond client-side write rate limit per (account, region)
 */
public record PipelineConfig(int parallelism, boolean continueOnError, int awsWritesPerSecond) {
  /** 16, true, 40. */
  public static final PipelineConfig DEFAULT = new PipelineConfig(16, true, 40);
}
