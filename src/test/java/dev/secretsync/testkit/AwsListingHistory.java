package dev.secretsync.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.function.Supplier;

/**
 * The listing lag of one (account, region): {@code ListSecrets} "might not reflect changes from the
 * last five minutes" (API reference, ListSecrets: "All Secrets Manager operations are eventually
 * consistent. ListSecrets might not reflect changes from the last five minutes. You can get more
 * recent information for a specific secret by calling DescribeSecret."). With a lag of N, the
 * listing shows the state as it was N seconds ago by the emulator clock, while DescribeSecret,
 * GetSecretValue and every write see the current state.
 *
 * <p>Off by default (no copies are kept). When switched on, the state at that moment counts as old
 * enough to be listed; from then on a deep copy of every secret is recorded after each change, and
 * copies no listing can need any more are dropped. Not thread-safe: used under the lock of its
 * {@link AwsAccountState}.
 */
final class AwsListingHistory {
  /** The secrets (deep copies) as they were from {@code at} on. */
  private record Snapshot(Instant at, List<AwsSecret> secrets) {}

  private final Deque<Snapshot> snapshots = new ArrayDeque<>();
  private Duration lag = Duration.ZERO;

  /**
   * Switches the lag on ({@code lag > 0}) or off. The current {@code secrets} become the state a
   * lagging listing shows until later changes are old enough.
   */
  void lag(Duration lag, Collection<AwsSecret> secrets) {
    this.lag = lag;
    snapshots.clear();
    if (!lag.isZero()) {
      snapshots.add(new Snapshot(Instant.MIN, copies(secrets)));
    }
  }

  /**
   * Records the state after a change at {@code now}; a no-op while the lag is off. The secrets are
   * asked for only then: collecting them on every write made 100,000 creates quadratic.
   */
  void changed(Instant now, Supplier<Collection<AwsSecret>> secrets) {
    if (lag.isZero()) {
      return;
    }
    snapshots.add(new Snapshot(now, copies(secrets.get())));
    prune(now);
  }

  /** What ListSecrets shows at {@code now}: {@code current} when the lag is off. */
  List<AwsSecret> listed(Instant now, List<AwsSecret> current) {
    if (lag.isZero()) {
      return current;
    }
    Instant asOf = now.minus(lag);
    List<AwsSecret> visible = List.of(); // before the first recorded change: nothing existed
    for (Snapshot s : snapshots) {
      if (s.at().isAfter(asOf)) {
        break;
      }
      visible = s.secrets();
    }
    List<AwsSecret> out = new ArrayList<>();
    for (AwsSecret s : visible) {
      // A recovery window that has ended since the snapshot ended it for the listing too.
      if (s.deletionDate == null || s.deletionDate.isAfter(now)) {
        out.add(s);
      }
    }
    return out;
  }

  /** Drops snapshots older than the newest one a listing at {@code now} or later can show. */
  private void prune(Instant now) {
    Instant asOf = now.minus(lag);
    while (snapshots.size() > 1) {
      Iterator<Snapshot> it = snapshots.iterator();
      it.next();
      if (it.next().at().isAfter(asOf)) {
        return;
      }
      snapshots.pollFirst();
    }
  }

  private static List<AwsSecret> copies(Collection<AwsSecret> secrets) {
    List<AwsSecret> out = new ArrayList<>(secrets.size());
    secrets.forEach(s -> out.add(s.copy()));
    return out;
  }
}
