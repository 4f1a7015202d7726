package dev.secretsync.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code Bench curves}: the scaling curves of issue 21. Measures each {@link CurvePoint} in a fresh
 * JVM (heap {@code -Xmx4g}: the emulators hold up to 100,000 secrets) — the secrets series (each of
 * {@code --sizes} in one account, {@link SingleWorld}), then the accounts series (10k secrets split
 * over each of {@code --accounts}, {@link FanoutWorld}) — fewest secrets first. Writes {@code
 * curves.json} (every point plus the machine) and the SVG charts ({@link CurveCharts}) to {@code
 * target/bench/curves/}.
 */
final class Curves {
  static final List<String> SIZES = List.of("1k", "10k", "50k", "100k");
  static final List<String> ACCOUNTS = List.of("1", "10", "100", "1000");

  /** Total secrets of the accounts series. */
  static final int ACCOUNTS_SECRETS = 10_000;

  private Curves() {}

  static int run(List<String> sizes, List<String> accounts) throws Exception {
    List<String> points = new ArrayList<>();
    for (String s : sizes) {
      points.add(CurvePoint.name("single", SyncScenarios.parseSize(s), 1));
    }
    for (String a : accounts) {
      points.add(CurvePoint.name("fanout", ACCOUNTS_SECRETS, Integer.parseInt(a.trim())));
    }
    // Cheapest first: a run cut short keeps the small points and the whole accounts series.
    points.sort(
        Comparator.comparingInt(p -> SyncScenarios.parseSize(p.replaceAll(".*-(\\w+)x.*", "$1"))));
    Path dir = Path.of(System.getProperty("bench.dir", "target/bench"), "curves");
    Files.createDirectories(dir);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("started", Instant.now().toString());
    doc.put("machine", machine());
    List<Object> measured = new ArrayList<>();
    doc.put("points", measured);
    int status = 0;
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    for (String p : points) {
      Path out = dir.resolve(p + ".json");
      Files.deleteIfExists(out);
      int code = Bench.fork(Bench.CURVE + p, List.of("-Xmx4g"));
      status = Math.max(status, code);
      if (Files.exists(out)) {
        measured.add(json.readValue(out.toFile(), Map.class));
      } else {
        measured.add(Map.of("point", p, "failed", "exit " + code));
      }
      // Written after every point: an interrupted run keeps what it measured.
      doc.put("finished", Instant.now().toString());
      Files.writeString(
          dir.resolve("curves.json"), json.writeValueAsString(doc), StandardCharsets.UTF_8);
    }
    List<Path> charts = CurveCharts.write(doc, dir);
    System.err.println("bench: curves in " + dir.resolve("curves.json") + ", charts " + charts);
    return status;
  }

  /** Where the curves were measured. */
  static Map<String, Object> machine() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("cpu", cpuModel());
    m.put(
        "jdk",
        System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      m.put("memory_gib", Math.round(os.getTotalMemorySize() / (double) (1L << 30)));
    }
    m.put("load_1m_at_start", CurvePoint.loadAverage());
    return m;
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown");
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
