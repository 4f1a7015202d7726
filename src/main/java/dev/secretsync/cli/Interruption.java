package dev.secretsync.cli;

import dev.secretsync.engine.Pipeline;
import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * SIGINT/SIGTERM during a run: a shutdown hook stops the running pipelines and waits for their
 * reports to be printed, so the user sees "interrupted" with what was done so far. The JVM then
 * exits with 128 + the signal number (130 for SIGINT, 143 for SIGTERM), as shells expect.
 */
final class Interruption {
  /** How long the hook waits for in-flight writes to finish and the report to be printed. */
  private static final long GRACE_SECONDS = 20;

  private static final Set<Watch> ACTIVE = ConcurrentHashMap.newKeySet();

  private Interruption() {}

  /** Installs the hook (the real process only; in-process runs are never signalled). */
  static void installHook(PrintStream err) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAll(err), "secretsync-interrupt"));
  }

  private static void stopAll(PrintStream err) {
    if (ACTIVE.isEmpty()) {
      return;
    }
    err.println("secretsync: interrupted — stopping; in-flight writes finish, nothing new starts");
    ACTIVE.forEach(w -> w.pipeline.interrupt());
    for (Watch w : ACTIVE) {
      try {
        if (!w.printed.await(GRACE_SECONDS, TimeUnit.SECONDS)) {
          err.println("secretsync: interrupted before a report could be printed");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    err.flush();
  }

  /** Registers a running pipeline until its report is printed. */
  static Watch watch(Pipeline pipeline) {
    Watch w = new Watch(pipeline);
    ACTIVE.add(w);
    return w;
  }

  /** A running pipeline; close it once its report is out (or the run failed). */
  static final class Watch implements AutoCloseable {
    private final Pipeline pipeline;
    private final CountDownLatch printed = new CountDownLatch(1);

    private Watch(Pipeline pipeline) {
      this.pipeline = pipeline;
    }

    @Override
    public void close() {
      ACTIVE.remove(this);
      printed.countDown();
    }
  }
}
