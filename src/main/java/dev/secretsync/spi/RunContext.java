package dev.secretsync.spi;

import dev.secretsync.core.FingerprintKey;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;

/**
 * What a provider may know about the run it serves.
 *
 * @param runId short random id of the run (for session names, logs)
 * @param baseDir the directory relative config paths resolve against
 * @param env the process environment (providers read fallbacks such as {@code VAULT_ADDR} here,
 *     never from {@link System#getenv()}, so tests can pass their own)
 * @param parallelism the bound on concurrent remote calls per provider operation
 * @param ioExecutor a shared pool of {@code parallelism} threads for per-secret I/O; tasks
 *     submitted here must not themselves wait on tasks of this pool
 * @param dryRun whether nothing may be written
 * @param warnings where to report non-fatal problems (one line each, no values)
 * @param configuredKey the configured fingerprint key, or empty: each target and store then keeps a
 *     generated key of its own (see {@link KeptKey})
 */
public record RunContext(
    String runId,
    Path baseDir,
    Map<String, String> env,
    int parallelism,
    ExecutorService ioExecutor,
    boolean dryRun,
    Warnings warnings,
    Optional<FingerprintKey> configuredKey) {

  /** A run without a configured fingerprint key. */
  public RunContext(
      String runId,
      Path baseDir,
      Map<String, String> env,
      int parallelism,
      ExecutorService ioExecutor,
      boolean dryRun,
      Warnings warnings) {
    this(runId, baseDir, env, parallelism, ioExecutor, dryRun, warnings, Optional.empty());
  }

  /** A sink for warnings that also end up in the run report. */
  @FunctionalInterface
  public interface Warnings {
    /** Records one warning line. */
    void warn(String message);
  }
}
