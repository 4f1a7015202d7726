package dev.secretsync.engine;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.MDC;

/** Fixed-size daemon thread pools with readable thread names. */
final class BoundedExecutors {
  private BoundedExecutors() {}

  static ExecutorService fixed(String name, int threads) {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory factory =
        r -> {
          Thread t = new Thread(r, "secretsync-" + name + "-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory) {
          // Tasks carry the submitter's logging context (run id, target), so every log line of
          // the run says which run and target it belongs to.
          @Override
          public void execute(Runnable task) {
            Map<String, String> context = MDC.getCopyOfContextMap();
            super.execute(
                () -> {
                  Map<String, String> previous = MDC.getCopyOfContextMap();
                  setContext(context);
                  try {
                    task.run();
                  } finally {
                    setContext(previous);
                  }
                });
          }
        };
    // Threads are created on demand and retire when idle, so a small run stays small.
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  private static void setContext(Map<String, String> context) {
    if (context == null) {
      MDC.clear();
    } else {
      MDC.setContextMap(context);
    }
  }

  static void shutdown(ExecutorService pool) {
    pool.shutdownNow();
  }
}
