package dev.secretsync.bench;

import dev.secretsync.core.Secret;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The benchmark's secrets: deterministic (same index, same value, so a re-run sees no change),
 * nested like real application secrets, and padded to about {@link #TARGET_BYTES} of canonical
 * JSON.
 */
final class Workload {
  /** Canonical JSON size of a full secret. */
  static final int TARGET_BYTES = 1024;

  private Workload() {}

  /** Secret number {@code i} of generation {@code generation}, about 1 KiB. */
  static Map<String, Object> secret(int i, int generation) {
    return padded(base(i, generation), TARGET_BYTES);
  }

  /** The shared layer of a fan-out secret (~700 bytes): connection settings, no credentials. */
  static Map<String, Object> sharedLayer(int i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(
        "database",
        new LinkedHashMap<>(
            Map.of(
                "host",
                "db-" + (i % 10) + ".internal.example.com",
                "port",
                5432,
                "name",
                "app_" + i,
                "options",
                Map.of("sslmode", "require", "pool_size", 10, "timeout_ms", 5000))));
    m.put("feature_flags", List.of("audit", "metrics", "tracing"));
    return padded(m, 700);
  }

  /** An account's own layer of a fan-out secret (~320 bytes): its credentials. */
  static Map<String, Object> ownLayer(int account, int i) {
    Random r = new Random(account * 100_003L + i);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("database", Map.of("username", "svc_" + account + "_" + i, "password", hex(r, 32)));
    m.put("api_keys", List.of(hex(r, 40), hex(r, 40)));
    m.put("account", account);
    return m;
  }

  private static Map<String, Object> base(int i, int generation) {
    Random r = new Random(i * 1_000_003L + generation);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("username", String.format("svc-%05d", i));
    m.put("password", hex(r, 32));
    m.put(
        "database",
        Map.of(
            "host",
            "db-" + (i % 10) + ".internal.example.com",
            "port",
            5432,
            "name",
            "app_" + i,
            "options",
            Map.of("sslmode", "require", "pool_size", 10, "timeout_ms", 5000)));
    m.put("api_keys", List.of(hex(r, 40), hex(r, 40), hex(r, 40)));
    m.put("rotated_at", "2025-01-01T00:00:00Z");
    m.put("generation", generation);
    return m;
  }

  private static Map<String, Object> padded(Map<String, Object> m, int bytes) {
    int size = Secret.of(m).canonicalJson().length();
    int pad = Math.max(0, bytes - size - ",\"notes\":\"\"".length());
    StringBuilder notes = new StringBuilder(pad);
    for (int k = 0; notes.length() < pad; k++) {
      notes.append((char) ('a' + k % 26));
    }
    m.put("notes", notes.toString());
    return m;
  }

  private static String hex(Random r, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int k = 0; k < n; k++) {
      sb.append(Character.forDigit(r.nextInt(16), 16));
    }
    return sb.toString();
  }
}
