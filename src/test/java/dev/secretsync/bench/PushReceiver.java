package dev.secretsync.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stand-in Prometheus Pushgateway: the CLI pushes its final metrics here ({@code
 * --metrics-push-url}), and the benchmark reads the phase timers ({@code
 * secretsync_merge_duration_seconds}, …) and request counters from the pushed text.
 */
final class PushReceiver implements AutoCloseable {
  private final HttpServer server;
  private volatile String last = "";

  PushReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        ex -> {
          try (ex) {
            last = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, -1);
          }
        });
    server.start();
  }

  /** The URL to pass as {@code --metrics-push-url}. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Forgets the last push. */
  void clear() {
    last = "";
  }

  /** Every sample of the last push: {@code name{labels}} → value. Empty before a push. */
  Map<String, Double> samples() {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String line : last.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      try {
        out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
      } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
        // not a sample line
      }
    }
    return out;
  }

  /** Sum of every sample whose name (without labels) is {@code metric}. */
  double sum(String metric) {
    return samples().entrySet().stream()
        .filter(e -> e.getKey().equals(metric) || e.getKey().startsWith(metric + "{"))
        .mapToDouble(Map.Entry::getValue)
        .sum();
  }

  /** The samples of {@code metric} by label set. */
  Map<String, Double> byLabels(String metric) {
    Map<String, Double> out = new LinkedHashMap<>();
    samples()
        .forEach(
            (k, v) -> {
              if (k.startsWith(metric + "{")) {
                out.put(k.substring(metric.length()), v);
              } else if (k.equals(metric)) {
                out.put("", v);
              }
            });
    return out;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
