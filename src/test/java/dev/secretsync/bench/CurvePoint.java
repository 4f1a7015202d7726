package dev.secretsync.bench;

import static dev.secretsync.bench.SyncScenarios.AWS_LATENCY;
import static dev.secretsync.bench.SyncScenarios.VAULT_LATENCY;
import static dev.secretsync.bench.SyncScenarios.WRITE_QUOTA;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.secretsync.bench.SyncScenarios.Bound;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One point of the scaling curves ({@link Curves}): a world of {@code secrets} secrets in {@code
 * accounts} accounts ({@link SingleWorld} for one account, {@link FanoutWorld} in the accounts
 * series), measured three ways on the same emulators — cold (every secret created), no-op (nothing
 * changed) and one change — then the smallest {@code -Xmx} at which the no-op run still completes,
 * by binary search over {@link #LADDER_MB} (at most {@code bench.curves.probes} probes, default 3;
 * a probe that runs longer than twice the unbounded no-op, plus 20 s, counts as not completing).
 */
final class CurvePoint {
  static final int[] LADDER_MB = {32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048};

  private final int secrets;
  private final int accounts;
  private final boolean fanout;
  private final SyncRig rig;

  private CurvePoint(SyncRig rig, int secrets, int accounts, boolean fanout) {
    this.rig = rig;
    this.secrets = secrets;
    this.accounts = accounts;
    this.fanout = fanout;
  }

  /** The point's name: {@code single-10kx1}, {@code fanout-10kx100}. */
  static String name(String world, int secrets, int accounts) {
    return world + "-" + SyncScenarios.label(secrets) + "x" + accounts;
  }

  /** Measures the point {@code name} (see {@link #name}) in this JVM. */
  static Map<String, Object> run(String name) {
    String[] parts = name.split("-", 2);
    String[] size = parts[1].split("x");
    int secrets = SyncScenarios.parseSize(size[0]);
    int accounts = Integer.parseInt(size[1]);
    boolean fanout = parts[0].equals("fanout");
    if (!fanout && accounts != 1) {
      throw new IllegalArgumentException("the single world has one account: " + name);
    }
    if (fanout && secrets % accounts != 0) {
      throw new IllegalArgumentException(name + ": secrets must divide evenly into accounts");
    }
    try (SyncRig rig = new SyncRig("curves/" + name)) {
      return new CurvePoint(rig, secrets, accounts, fanout).measure(name);
    }
  }

  private int per() {
    return secrets / accounts;
  }

  private Map<String, Object> measure(String name) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("point", name);
    doc.put("world", fanout ? "fanout" : "single");
    doc.put("secrets", secrets);
    doc.put("accounts", accounts);
    doc.put("secrets_per_account", per());
    long t0 = System.nanoTime();
    if (fanout) {
      FanoutWorld.seed(rig, accounts, per());
    } else {
      SingleWorld.seed(rig, secrets);
      SingleWorld.measuredSettings(rig);
    }
    doc.put("seed_s", seconds(t0));
    doc.put(
        "settings",
        fanout ? FanoutWorld.settings(accounts, per()) : SyncScenarios.settings(secrets, null));
    Map<String, Object> runs = new LinkedHashMap<>();
    // Cold and one-change write with the emulator's clock ten minutes back, so that the next run
    // sees nothing written recently (see SingleWorld.syncOnce).
    rig.settings(VAULT_LATENCY, AWS_LATENCY, WRITE_QUOTA);
    rig.aws.clock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10)));
    runs.put("cold", summary("cold", rig.measure("cold", List.of()), bound(secrets)));
    rig.aws.clock(Clock.systemUTC());
    SyncRig.Measured noop = rig.measure("noop", List.of());
    runs.put("noop", summary("noop", noop, bound(0)));
    change();
    rig.aws.clock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10)));
    runs.put("one_change", summary("one_change", rig.measure("one-change", List.of()), bound(1)));
    rig.aws.clock(Clock.systemUTC());
    doc.put("runs", runs);
    doc.put("heap_search", heapSearch(noop));
    doc.put("point_s", seconds(t0));
    return doc;
  }

  private void change() {
    if (fanout) {
      rig.vault.put(
          FanoutWorld.mount(0, accounts), FanoutWorld.key(0, per()), Workload.ownLayer(0, -1));
    } else {
      int i = secrets / 2;
      rig.vault.put("bench", SingleWorld.key(i, secrets), Workload.secret(i, 1));
    }
  }

  private Bound bound(int changes) {
    if (changes == secrets) {
      return fanout ? FanoutWorld.coldBound(accounts, per()) : SingleWorld.coldBound(secrets);
    }
    return fanout
        ? FanoutWorld.syncedBound(accounts, per(), changes)
        : SingleWorld.syncedBound(secrets, changes);
  }

  /** The figures of one run the curves plot; the whole document goes to {@code <run>.json}. */
  private Map<String, Object> summary(String run, SyncRig.Measured m, Bound b) {
    Map<String, Object> full = new LinkedHashMap<>(m.describe());
    full.put("bound", b.describe());
    write(run + ".json", full);
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("exit_code", m.cli.exitCode());
    s.put("report_errors", m.reportErrors().size());
    s.put("wall_ms", CounterTimeline.round(m.cli.wallNanos() / 1e6));
    s.put("pipeline_ms", SyncRig.Measured.ms(m.metric("secretsync_pipeline_duration_seconds_sum")));
    s.put("merge_max_ms", SyncRig.Measured.ms(m.metric("secretsync_merge_duration_seconds_max")));
    s.put("sync_max_ms", SyncRig.Measured.ms(m.metric("secretsync_sync_duration_seconds_max")));
    s.put("bound_ms", CounterTimeline.round(b.totalMs()));
    s.put(
        "pipeline_over_bound",
        SyncScenarios.round2(
            m.metric("secretsync_pipeline_duration_seconds_sum") * 1000 / b.totalMs()));
    s.put("aws_calls", rig.aws.totalCalls());
    s.put("aws_calls_bound", b.awsCalls);
    s.put("vault_calls", rig.vault.totalCalls());
    s.put("vault_calls_bound", b.vaultCalls);
    s.put("s3_calls", (long) rig.s3.calls().size());
    s.put("writes", rig.aws.writeCount());
    s.put("aws_by_operation", rig.awsCounts());
    s.put("cli_cpu_ms", m.cli.stats().get("cpu_ms"));
    s.put("peak_heap_mb", SyncRig.Measured.mb(m.cli.stats().get("peak_heap_bytes")));
    s.put("max_heap_mb", SyncRig.Measured.mb(m.cli.stats().get("max_heap_bytes")));
    s.put("gc_count", m.cli.stats().get("gc_count"));
    s.put("gc_ms", m.cli.stats().get("gc_ms"));
    s.put("load_1m_before", m.loadBefore);
    s.put("load_1m_after", loadAverage());
    return s;
  }

  /**
   * Binary search over {@link #LADDER_MB} for the smallest {@code -Xmx} at which the no-op run
   * exits 0: above the ladder value under the peak heap of the unbounded run nothing is probed
   * unless a probe fails there.
   */
  private Map<String, Object> heapSearch(SyncRig.Measured unbounded) {
    int probes = Integer.getInteger("bench.curves.probes", 3);
    long timeoutMs = 2 * unbounded.cli.wallNanos() / 1_000_000 + 20_000;
    double peak = SyncRig.Measured.mb(unbounded.cli.stats().get("peak_heap_bytes"));
    int hi = 0;
    while (hi < LADDER_MB.length - 1 && LADDER_MB[hi] < peak) {
      hi++;
    }
    // Invariant: every index below lo failed (or was never possible), hi is the candidate.
    int lo = 0;
    Integer ok = null;
    List<Map<String, Object>> tried = new ArrayList<>();
    while (probes-- > 0) {
      if (lo > hi) {
        if (ok != null || hi == LADDER_MB.length - 1) {
          break;
        }
        hi = LADDER_MB.length - 1; // all failed up to the peak: look above it
      }
      int mid = (lo + hi) / 2;
      boolean passed = probe(LADDER_MB[mid], timeoutMs, tried);
      if (passed) {
        ok = mid;
        hi = mid - 1;
      } else {
        lo = mid + 1;
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("ladder_mb", LADDER_MB);
    out.put("probe_timeout_ms", timeoutMs);
    out.put("min_xmx_mb", ok == null ? null : LADDER_MB[ok]);
    // Exact when the ladder value just below the answer failed (or there is none).
    boolean exact = ok != null && (ok == 0 || failed(tried, LADDER_MB[ok - 1]));
    out.put("exact", exact);
    out.put("probes", tried);
    return out;
  }

  private static boolean failed(List<Map<String, Object>> tried, int mb) {
    return tried.stream()
        .anyMatch(t -> t.get("xmx_mb").equals(mb) && Boolean.FALSE.equals(t.get("completed")));
  }

  private boolean probe(int mb, long timeoutMs, List<Map<String, Object>> tried) {
    ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor();
    boolean[] killed = {false};
    double load = loadAverage();
    long t0 = System.nanoTime();
    CliProcess.Result r;
    try {
      r =
          CliProcess.run(
              rig.dir,
              "xmx-" + mb,
              List.of("-Xmx" + mb + "m", "-XX:+ExitOnOutOfMemoryError"),
              rig.env(),
              rig.cliArgs(),
              p ->
                  killer.schedule(
                      () -> {
                        killed[0] = true;
                        p.destroyForcibly();
                      },
                      timeoutMs,
                      TimeUnit.MILLISECONDS));
    } finally {
      killer.shutdownNow();
    }
    boolean completed = r.exitCode() == 0 && !killed[0];
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("xmx_mb", mb);
    t.put("completed", completed);
    t.put("exit_code", r.exitCode());
    t.put("timed_out", killed[0]);
    t.put("wall_ms", Math.round((System.nanoTime() - t0) / 1e6));
    t.put("peak_heap_mb", SyncRig.Measured.mb(r.stats().get("peak_heap_bytes")));
    t.put("gc_ms", r.stats().get("gc_ms"));
    t.put("load_1m_before", load);
    tried.add(t);
    System.err.println(
        "bench: "
            + rig.scenario
            + " -Xmx"
            + mb
            + "m: "
            + (completed ? "completed" : "failed (exit " + r.exitCode() + ")"));
    return completed;
  }

  static double loadAverage() {
    return SyncScenarios.round2(
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private void write(String file, Map<String, Object> doc) {
    try {
      Files.writeString(
          rig.dir.resolve(file),
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static double seconds(long t0) {
    return Math.round((System.nanoTime() - t0) / 1e8) / 10.0;
  }
}
