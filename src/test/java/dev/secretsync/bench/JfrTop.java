package dev.secretsync.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the CPU went, from a JFR recording's {@code jdk.ExecutionSample} events: the top frames by
 * self time (the sampled frame) and by total time (anywhere on the stack), and the share per thread
 * name prefix. A poor man's profiler for the benchmark:
 *
 * <pre>
 * scripts/bench.sh --jfr noop-10k
 * java -cp ... dev.secretsync.bench.JfrTop target/bench/noop-10k/run.jfr [top] [filter]
 * </pre>
 *
 * With {@code filter}, only samples whose stack contains a frame starting with it are counted.
 */
public final class JfrTop {
  private JfrTop() {}

  /** {@code JfrTop <file.jfr> [top=25] [frame filter]}. */
  public static void main(String[] args) throws Exception {
    int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
    String filter = args.length > 2 ? args[2] : null;
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> total = new HashMap<>();
    Map<String, Integer> threads = new HashMap<>();
    int samples = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
      if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
        continue;
      }
      RecordedStackTrace st = e.getStackTrace();
      if (st == null || st.getFrames().isEmpty()) {
        continue;
      }
      List<RecordedFrame> frames = st.getFrames();
      if (filter != null && frames.stream().noneMatch(f -> name(f).startsWith(filter))) {
        continue;
      }
      samples++;
      self.merge(name(frames.get(0)), 1, Integer::sum);
      Set<String> seen = new HashSet<>();
      for (RecordedFrame f : frames) {
        if (seen.add(name(f))) {
          total.merge(name(f), 1, Integer::sum);
        }
      }
      String thread =
          e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
      threads.merge(thread == null ? "?" : thread.replaceAll("[-#]?\\d+$", ""), 1, Integer::sum);
    }
    System.out.println(samples + " execution samples" + (filter == null ? "" : " with " + filter));
    print("threads", threads, samples, top);
    print("self", self, samples, top);
    print("total", total, samples, top);
  }

  private static String name(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  private static void print(String title, Map<String, Integer> m, int samples, int top) {
    System.out.println("== " + title);
    m.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(top)
        .forEach(
            e ->
                System.out.printf(
                    "%6d %5.1f%%  %s%n", e.getValue(), 100.0 * e.getValue() / samples, e.getKey()));
  }
}
