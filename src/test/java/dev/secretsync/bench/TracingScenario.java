package dev.secretsync.bench;

import dev.secretsync.testkit.OtlpReceiver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code tracing-10k}: what tracing costs. {@code noop-10k} and {@code cold-10k} run with tracing
 * off, on (the default: notable calls only) and on with {@code calls: all} in turn ({@code
 * bench.tracing.runs} rounds each, default 3), tracing exporting over OTLP/HTTP to an {@link
 * OtlpReceiver} in this JVM. Reports the CLI's process wall time and CPU, median of each side, and
 * the overhead; the bar is under 5 % for both. The receiver accepts without decoding, so it takes
 * next to no CPU from the CLI on a small machine; {@code bench.tracing.only=noop|cold} runs one
 * half.
 */
final class TracingScenario {
  private static final double MAX_OVERHEAD = 0.05;

  private TracingScenario() {}

  static Map<String, Object> run() {
    int runs = Integer.getInteger("bench.tracing.runs", 3);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("scenario", "tracing-10k");
    Map<String, Object> settings =
        new LinkedHashMap<>(SyncScenarios.settings(SyncScenarios.N, null));
    settings.put("pairs", runs);
    settings.put(
        "tracing_on", "OTEL_EXPORTER_OTLP_ENDPOINT = an OTLP/HTTP receiver in the bench JVM");
    doc.put("settings", settings);
    SyncScenarios.Bars bars = new SyncScenarios.Bars();
    String only = System.getProperty("bench.tracing.only", "");
    try (OtlpReceiver otlp = OtlpReceiver.start(false)) {
      if (!only.equals("cold")) {
        doc.put("noop-10k", noop(otlp, runs, bars));
      }
      if (!only.equals("noop")) {
        doc.put("cold-10k", cold(otlp, runs, bars));
      }
      doc.put("otlp_exports", otlp.exports());
      doc.put("otlp_bytes", otlp.bytesReceived());
    }
    doc.put("bars", bars.list);
    return doc;
  }

  private static Map<String, Object> noop(OtlpReceiver otlp, int runs, SyncScenarios.Bars bars) {
    try (SyncRig rig = new SyncRig("tracing-noop-10k")) {
      SingleWorld.seed(rig, SyncScenarios.N);
      SingleWorld.syncOnce(rig, SyncScenarios.N);
      SingleWorld.measuredSettings(rig);
      Pairs p = new Pairs();
      for (int i = 0; i < runs; i++) {
        p.off.add(rig.measure("off-" + i, List.of()));
        p.on.add(traced(rig, otlp, "on-" + i, false));
        p.all.add(traced(rig, otlp, "all-" + i, true));
      }
      return p.describe("noop-10k", bars);
    }
  }

  /** Cold runs need an empty account each time: the emulator's accounts are cleared between. */
  private static Map<String, Object> cold(OtlpReceiver otlp, int runs, SyncScenarios.Bars bars) {
    try (SyncRig rig = new SyncRig("tracing-cold-10k")) {
      SingleWorld.seed(rig, SyncScenarios.N);
      SingleWorld.measuredSettings(rig);
      // The first run also writes the merge store; later ones find it current, on both sides.
      rig.prepare("warm-up", SyncScenarios.SMALL_HEAP);
      Pairs p = new Pairs();
      for (int i = 0; i < runs; i++) {
        emptyAccount(rig);
        p.off.add(rig.measure("off-" + i, SyncScenarios.SMALL_HEAP));
        emptyAccount(rig);
        p.on.add(traced(rig, otlp, "on-" + i, false));
        emptyAccount(rig);
        p.all.add(traced(rig, otlp, "all-" + i, true));
      }
      return p.describe("cold-10k", bars);
    }
  }

  private static void emptyAccount(SyncRig rig) {
    rig.aws.reset(); // also clears latency and quota: set them again
    SingleWorld.measuredSettings(rig);
  }

  /**
   * One run traced through the standard variable alone, as CI would turn it on; {@code allCalls}
   * adds {@code tracing: {calls: all}} (a span per remote call) to the config.
   */
  private static SyncRig.Measured traced(
      SyncRig rig, OtlpReceiver otlp, String label, boolean allCalls) {
    rig.extraEnv.put("OTEL_EXPORTER_OTLP_ENDPOINT", otlp.endpoint());
    if (allCalls) {
      rig.config(SingleWorld.config(SyncScenarios.WRITES_PER_SECOND) + "tracing: {calls: all}\n");
    }
    try {
      return rig.measure(
          label, rig.scenario.contains("cold") ? SyncScenarios.SMALL_HEAP : List.of());
    } finally {
      rig.extraEnv.clear();
      SingleWorld.measuredSettings(rig);
    }
  }

  /** Off and on runs of one scenario. */
  private static final class Pairs {
    final List<SyncRig.Measured> off = new ArrayList<>();
    final List<SyncRig.Measured> on = new ArrayList<>();
    final List<SyncRig.Measured> all = new ArrayList<>();

    Map<String, Object> describe(String name, SyncScenarios.Bars bars) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (String figure : List.of("wall_ms", "cpu_ms")) {
        double offMedian = median(off, figure);
        double onMedian = median(on, figure);
        double allMedian = median(all, figure);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("off", values(off, figure));
        f.put("on", values(on, figure));
        f.put("on_all_calls", values(all, figure));
        f.put("off_median", offMedian);
        f.put("on_median", onMedian);
        f.put("on_all_calls_median", allMedian);
        f.put("overhead", overhead(onMedian, offMedian));
        f.put("overhead_all_calls", overhead(allMedian, offMedian));
        m.put(figure, f);
        bars.atMost(
            name + " tracing overhead (default, notable calls) on CLI " + figure + " < 5 %",
            overhead(onMedian, offMedian),
            MAX_OVERHEAD);
      }
      m.put(
          "exit_codes",
          new ArrayList<>(
              List.of(
                  off.stream().map(r -> r.cli.exitCode()).toList(),
                  on.stream().map(r -> r.cli.exitCode()).toList(),
                  all.stream().map(r -> r.cli.exitCode()).toList())));
      return m;
    }

    private static double overhead(double on, double off) {
      return Math.round((on - off) / off * 1000) / 1000.0;
    }

    private static List<Double> values(List<SyncRig.Measured> runs, String figure) {
      return runs.stream().map(r -> figure(r, figure)).toList();
    }

    private static double median(List<SyncRig.Measured> runs, String figure) {
      List<Double> v = new ArrayList<>(values(runs, figure));
      v.sort(Double::compare);
      int n = v.size();
      return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    private static double figure(SyncRig.Measured r, String figure) {
      if (figure.equals("wall_ms")) {
        return Math.round(r.cli.wallNanos() / 1e5) / 10.0;
      }
      Object cpu = r.cli.stats().get("cpu_ms");
      return cpu instanceof Number n ? n.doubleValue() : -1;
    }
  }
}
