package dev.secretsync.testkit;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Call counters, latency, one-shot fault injection and write throttling for {@link AwsEmulator}.
 * Thread-safe.
 *
 * <p>Counters count HTTP requests as received (each SDK attempt, including the ones answered with
 * an injected fault or a throttle). Operation names are {@code secretsmanager.<Operation>} and
 * {@code sts.<Action>}.
 *
 * <p>Throttling applies to mutating Secrets Manager operations only. Two independent mechanisms: a
 * per-(account, region) token bucket of {@code writeQuotaPerSecond} tokens refilled at that rate
 * per second of the emulator clock, and a deterministic forced fraction: an accumulator adds the
 * fraction on every write and throttles (subtracting 1) whenever it reaches 1, so 0.5 throttles
 * every second write and 0.25 every fourth.
 */
final class AwsCallControl {
  /** An injected failure: HTTP status plus the service error code. */
  record Fault(int status, String errorType) {}

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final LongAdder total = new LongAdder();
  private final LongAdder writes = new LongAdder();
  private final LongAdder throttled = new LongAdder();
  private final LongAdder faulted = new LongAdder();
  private final Map<String, Deque<Fault>> faults = new HashMap<>();
  private final Map<String, double[]> buckets = new HashMap<>();
  private final Map<String, Set<String>> writers = new ConcurrentHashMap<>();
  private final Map<String, int[]> inFlight = new HashMap<>();
  private final Map<String, long[]> perSecond = new HashMap<>();
  private final AtomicLong latencyNanos = new AtomicLong();
  private volatile Clock clock = Clock.systemUTC();
  private int quotaPerSecond;
  private double fraction;
  private double fractionAccumulator;

  Clock clock() {
    return clock;
  }

  void clock(Clock c) {
    this.clock = c;
  }

  void record(String account, String operation, boolean mutating) {
    total.increment();
    counts.computeIfAbsent(operation, k -> new LongAdder()).increment();
    counts.computeIfAbsent(account + "|" + operation, k -> new LongAdder()).increment();
    if (mutating) {
      writes.increment();
      counts.computeIfAbsent(account + "|#writes", k -> new LongAdder()).increment();
    }
  }

  /**
   * Records who wrote to {@code account} (the assumed-role session name, else the access key — what
   * CloudTrail would show) and in which second, for {@link #writers} and {@link
   * #maxWritesPerSecond}.
   */
  void recordWriter(String account, String writer) {
    writers.computeIfAbsent(account, k -> ConcurrentHashMap.newKeySet()).add(writer);
    long second = clock.millis() / 1000;
    synchronized (perSecond) {
      long[] s = perSecond.computeIfAbsent(account, k -> new long[3]);
      if (s[0] != second) {
        s[0] = second;
        s[1] = 0;
      }
      s[1]++;
      s[2] = Math.max(s[2], s[1]);
    }
  }

  /** A request of {@code operation} is being answered (its latency is being served). */
  void enter(String operation) {
    synchronized (inFlight) {
      int[] c = inFlight.computeIfAbsent(operation, k -> new int[2]);
      c[0]++;
      c[1] = Math.max(c[1], c[0]);
    }
  }

  void exit(String operation) {
    synchronized (inFlight) {
      inFlight.get(operation)[0]--;
    }
  }

  int maxConcurrent(String operation) {
    synchronized (inFlight) {
      int[] c = inFlight.get(operation);
      return c == null ? 0 : c[1];
    }
  }

  Set<String> writers(String account) {
    Set<String> w = writers.get(account);
    return w == null ? Set.of() : Set.copyOf(w);
  }

  int maxWritesPerSecond(String account) {
    synchronized (perSecond) {
      long[] s = perSecond.get(account);
      return s == null ? 0 : (int) s[2];
    }
  }

  long count(String operation) {
    LongAdder a = counts.get(operation);
    return a == null ? 0 : a.sum();
  }

  long count(String account, String operation) {
    return count(account + "|" + operation);
  }

  long writes() {
    return writes.sum();
  }

  long writes(String account) {
    return count(account + "|#writes");
  }

  long total() {
    return total.sum();
  }

  long throttled() {
    return throttled.sum();
  }

  long faulted() {
    return faulted.sum();
  }

  synchronized void reset() {
    counts.clear();
    writers.clear();
    synchronized (inFlight) {
      inFlight.values().forEach(c -> c[1] = c[0]);
    }
    synchronized (perSecond) {
      perSecond.clear();
    }
    total.reset();
    writes.reset();
    throttled.reset();
    faulted.reset();
  }

  void latency(Duration d) {
    latencyNanos.set(d == null ? 0 : d.toNanos());
  }

  void sleepLatency() {
    long nanos = latencyNanos.get();
    if (nanos > 0) {
      try {
        Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Queues {@code n} failures for {@code operation} (or {@code "*"} for any operation). */
  synchronized void failNext(String operation, int n, int status, String errorType) {
    Deque<Fault> q = faults.computeIfAbsent(operation, k -> new ArrayDeque<>());
    for (int i = 0; i < n; i++) {
      q.add(new Fault(status, errorType));
    }
  }

  synchronized void clearFaults() {
    faults.clear();
  }

  /**
   * Lets {@code position - 1} requests for {@code operation} through, then fails the next one: a
   * queue of pass markers ({@link #PASS}) followed by the failure.
   */
  synchronized void failAt(String operation, int position, int status, String errorType) {
    Deque<Fault> q = faults.computeIfAbsent(operation, k -> new ArrayDeque<>());
    for (int i = 1; i < position; i++) {
      q.add(PASS);
    }
    q.add(new Fault(status, errorType));
  }

  /** A queued request that is answered normally (see {@link #failAt}). */
  private static final Fault PASS = new Fault(0, "");

  /** Takes the next injected failure for {@code operation}, if any. */
  synchronized Fault pollFault(String operation) {
    for (String key : new String[] {operation, "*"}) {
      Deque<Fault> q = faults.get(key);
      if (q != null && !q.isEmpty()) {
        Fault f = q.poll();
        if (f == PASS) {
          return null;
        }
        faulted.increment();
        return f;
      }
    }
    return null;
  }

  synchronized void writeQuotaPerSecond(int quota) {
    this.quotaPerSecond = Math.max(0, quota);
    buckets.clear();
  }

  synchronized void throttleFraction(double f) {
    this.fraction = Math.max(0, Math.min(1, f));
    this.fractionAccumulator = 0;
  }

  /** Decides whether a mutating call in (account, region) is throttled; counts it if so. */
  synchronized boolean throttleWrite(String account, String region) {
    boolean throttle = false;
    if (fraction > 0) {
      fractionAccumulator += fraction;
      if (fractionAccumulator >= 1 - 1e-9) {
        fractionAccumulator -= 1;
        throttle = true;
      }
    }
    if (!throttle && quotaPerSecond > 0) {
      long now = clock.millis();
      double[] b =
          buckets.computeIfAbsent(account + "|" + region, k -> new double[] {quotaPerSecond, now});
      b[0] = Math.min(quotaPerSecond, b[0] + Math.max(0, now - b[1]) * quotaPerSecond / 1000.0);
      b[1] = now;
      if (b[0] >= 1) {
        b[0] -= 1;
      } else {
        throttle = true;
      }
    }
    if (throttle) {
      throttled.increment();
    }
    return throttle;
  }
}
