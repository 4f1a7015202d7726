package dev.secretsync.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.cli.Main;
import java.io.IOException;
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
import java.util.TreeMap;
import java.util.stream.Stream;

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
    Map<String, Long> byThread = cpuMsByThreadKind();
    if (!byThread.isEmpty()) {
      m.put("cpu_ms_by_thread_kind", byThread);
    }
    m.put("jvm_args", ManagementFactory.getRuntimeMXBean().getInputArguments());
    return m;
  }

  /**
   * CPU time of the threads alive at exit, by kind, from {@code /proc/self/task} (Linux; empty
   * elsewhere): the JIT's compiler threads, the VM thread (which runs the serial collector's
   * pauses), and the rest. Threads that ended earlier — the run's pools — are not listed; their
   * time is the process total minus these. In 10 ms clock ticks.
   */
  private static Map<String, Long> cpuMsByThreadKind() {
    Map<String, Long> out = new TreeMap<>();
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return out;
    }
    try (Stream<Path> list = Files.list(tasks)) {
      for (Path task : list.toList()) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
          String kind =
              name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")
                  ? "jit_compiler"
                  : name.equals("VM Thread")
                      ? "vm_thread_gc"
                      : name.equals("java") || name.equals("main") ? "main" : "other_live";
          out.merge(kind, ticks * 10, Long::sum);
        } catch (IOException | RuntimeException e) {
          // a thread that ended while listing: not counted
        }
      }
    } catch (IOException e) {
      return Map.of();
    }
    return out;
  }
}
