package dev.secretsync.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.cli.Main;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CLI as a benchmark child process: runs {@link Main#run} with this process's environment and
 * working directory (exactly what {@code target/secretsync} runs, minus {@code System.exit}), then
 * writes the JVM's own figures — peak heap per heap pool ({@link MemoryPoolMXBean#getPeakUsage()}),
 * max heap, GC counts and times, process CPU time — as JSON to the file named by the system
 * property {@code bench.stats}. The CLI's report goes to stdout, its log to stderr.
 */
public final class BenchCli {
  private BenchCli() {}

  /** Runs the CLI with {@code args}, then writes the stats file and exits with the CLI's code. */
  public static void main(String[] args) throws Exception {
    long t0 = System.nanoTime();
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    int code = Main.run(args, System.getenv(), Path.of("").toAbsolutePath(), out, err);
    long runNanos = System.nanoTime() - t0;
    out.flush();
    err.flush();
    String stats = System.getProperty("bench.stats");
    if (stats != null) {
      Files.writeString(
          Path.of(stats),
          new ObjectMapper().writeValueAsString(stats(code, runNanos)),
          StandardCharsets.UTF_8);
    }
    System.exit(code);
  }

  static Map<String, Object> stats(int code, long runNanos) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("exit_code", code);
    m.put("cli_ms", runNanos / 1e6);
    m.put("jvm_uptime_ms", ManagementFactory.getRuntimeMXBean().getUptime());
    long peak = 0;
    Map<String, Long> pools = new LinkedHashMap<>();
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
        pools.put(p.getName(), p.getPeakUsage().getUsed());
        peak += p.getPeakUsage().getUsed();
      }
    }
    m.put("peak_heap_bytes", peak);
    m.put("peak_heap_by_pool_bytes", pools);
    m.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
    m.put(
        "heap_used_at_exit_bytes",
        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    long gcCount = 0;
    long gcMs = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcCount += Math.max(0, gc.getCollectionCount());
      gcMs += Math.max(0, gc.getCollectionTime());
    }
    m.put("gc_count", gcCount);
    m.put("gc_ms", gcMs);
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      m.put("cpu_ms", os.getProcessCpuTime() / 1e6);
    }
    m.put("jvm_args", ManagementFactory.getRuntimeMXBean().getInputArguments());
    return m;
  }
}
