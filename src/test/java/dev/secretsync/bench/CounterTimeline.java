package dev.secretsync.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Phase timing seen from the emulators, without touching them: a daemon thread samples call
 * counters every {@link #PERIOD_NANOS} and remembers, per counter, when it first moved and when it
 * last moved. The window between those two instants is that operation's phase (Vault LIST, Vault
 * reads, ListSecrets, writes, S3 PUT), accurate to the sampling period. It also keeps one sample
 * per second of every counter, and of slower gauges (CPU time of each process), for rates over
 * time.
 */
final class CounterTimeline implements AutoCloseable {
  static final long PERIOD_NANOS = 2_000_000;

  private final Map<String, LongSupplier> counters = new LinkedHashMap<>();
  private final Map<String, long[]> state = new LinkedHashMap<>(); // base, last, first, lastMove
  private final Map<String, List<Long>> perSecond = new LinkedHashMap<>();
  private final Map<String, LongSupplier> gauges = new LinkedHashMap<>();
  private final long origin;
  private final Thread thread;
  private volatile boolean running = true;
  private long nextSecond;

  /**
   * @param origin {@link System#nanoTime()} all instants are relative to
   * @param counters name → current value (monotonic), sampled every period
   * @param gauges name → current value (monotonic), sampled once a second only
   */
  CounterTimeline(
      long origin, Map<String, LongSupplier> counters, Map<String, LongSupplier> gauges) {
    this.origin = origin;
    this.counters.putAll(counters);
    this.gauges.putAll(gauges);
    gauges.forEach((name, g) -> perSecond.put(name, new ArrayList<>()));
    counters.forEach(
        (name, c) -> {
          long v = c.getAsLong();
          state.put(name, new long[] {v, v, -1, -1});
          perSecond.put(name, new ArrayList<>());
        });
    this.nextSecond = origin;
    this.thread = new Thread(this::loop, "bench-timeline");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (running) {
      sample();
      LockSupport.parkNanos(PERIOD_NANOS);
    }
  }

  private synchronized void sample() {
    long now = System.nanoTime();
    counters.forEach(
        (name, c) -> {
          long v = c.getAsLong();
          long[] s = state.get(name);
          if (v != s[1]) {
            if (s[2] < 0) {
              // Moved since the previous sample: it started at most one period ago.
              s[2] = Math.max(0, now - PERIOD_NANOS - origin);
            }
            s[3] = now - origin;
            s[1] = v;
          }
        });
    if (now >= nextSecond) {
      counters.forEach(
          (name, c) -> perSecond.get(name).add(state.get(name)[1] - state.get(name)[0]));
      gauges.forEach((name, g) -> perSecond.get(name).add(g.getAsLong()));
      nextSecond += 1_000_000_000L;
    }
  }

  /** Stops sampling (after one last sample). */
  @Override
  public void close() {
    running = false;
    try {
      thread.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sample();
  }

  /** Counter increase since the timeline started. */
  synchronized long delta(String name) {
    long[] s = state.get(name);
    return s[1] - s[0];
  }

  /**
   * {first_ms, last_ms, window_ms} of a counter, relative to the origin; null if it never moved.
   */
  synchronized Map<String, Object> window(String name) {
    long[] s = state.get(name);
    if (s[2] < 0) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("first_ms", round(s[2] / 1e6));
    m.put("last_ms", round(s[3] / 1e6));
    m.put("window_ms", round((s[3] - s[2]) / 1e6));
    return m;
  }

  /** Window length in seconds (0 if it never moved). */
  synchronized double windowSeconds(String name) {
    long[] s = state.get(name);
    return s[2] < 0 ? 0 : (s[3] - s[2]) / 1e9;
  }

  /** First movement in ms from the origin, or -1. */
  synchronized double firstMs(String name) {
    long[] s = state.get(name);
    return s[2] < 0 ? -1 : s[2] / 1e6;
  }

  /** Last movement in ms from the origin, or -1. */
  synchronized double lastMs(String name) {
    long[] s = state.get(name);
    return s[3] < 0 ? -1 : s[3] / 1e6;
  }

  /**
   * Increase per whole second since the origin (the cumulative value sampled each second, diffed).
   */
  synchronized List<Long> perSecond(String name) {
    List<Long> cumulative = perSecond.get(name);
    List<Long> out = new ArrayList<>();
    for (int i = 1; i < cumulative.size(); i++) {
      out.add(cumulative.get(i) - cumulative.get(i - 1));
    }
    return out;
  }

  static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
