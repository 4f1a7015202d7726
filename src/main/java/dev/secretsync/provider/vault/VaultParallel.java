package dev.secretsync.provider.vault;

import dev.secretsync.spi.ProviderException;
import dev.secretsync.spi.RunContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs one remote call per item on the run's shared I/O pool (so at most {@code parallelism} at
 * once across the run) and waits for all. The first failure cancels what has not finished and is
 * rethrown. The tasks never wait on other tasks of the pool; only the calling thread waits.
 */
final class VaultParallel {
  private VaultParallel() {}

  static <T, R> List<R> map(RunContext ctx, List<T> items, Function<T, R> call, String operation) {
    if (items.size() == 1 || ctx.parallelism() <= 1) {
      List<R> out = new ArrayList<>(items.size());
      for (T item : items) {
        out.add(call.apply(item));
      }
      return out;
    }
    List<Future<R>> futures = new ArrayList<>(items.size());
    for (T item : items) {
      futures.add(ctx.ioExecutor().submit(() -> call.apply(item)));
    }
    List<R> out = new ArrayList<>(items.size());
    try {
      for (Future<R> f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException("vault", operation, false, operation + ": interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new ProviderException("vault", operation, false, String.valueOf(cause), cause);
    } finally {
      for (Future<R> f : futures) {
        f.cancel(true);
      }
    }
  }
}
