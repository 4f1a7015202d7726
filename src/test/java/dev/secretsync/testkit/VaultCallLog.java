package dev.secretsync.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/** Per-operation call counters, received {@code X-Request-Id}s and the request log. */
final class VaultCallLog {

  private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
  private final LongAdder total = new LongAdder();
  private final ConcurrentLinkedQueue<String> requestIds = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<VaultRecordedRequest> requests =
      new ConcurrentLinkedQueue<>();

  void record(VaultRecordedRequest request) {
    counters.computeIfAbsent(request.operation(), k -> new LongAdder()).increment();
    total.increment();
    String xRequestId = request.header("X-Request-Id");
    if (xRequestId != null) {
      requestIds.add(xRequestId);
    }
    requests.add(request);
  }

  long count(String operation) {
    LongAdder a = counters.get(operation);
    return a == null ? 0 : a.sum();
  }

  long total() {
    return total.sum();
  }

  Map<String, Long> counts() {
    Map<String, Long> out = new TreeMap<>();
    counters.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  void reset() {
    counters.clear();
    total.reset();
    requestIds.clear();
    requests.clear();
  }

  List<String> requestIds() {
    return new ArrayList<>(requestIds);
  }

  List<VaultRecordedRequest> requests() {
    return new ArrayList<>(requests);
  }
}
