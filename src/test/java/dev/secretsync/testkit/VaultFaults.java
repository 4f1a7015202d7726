package dev.secretsync.testkit;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Fault injection state of the Vault emulator. Each incoming request asks {@link #next(String)}
 * once; the answer is to drop the connection, to fail with a status, or (null) to serve normally.
 * Order of precedence: drops, path-specific failures, global failures, then "fail always".
 */
final class VaultFaults {

  /** Sentinel status meaning "close the connection without answering". */
  static final int DROP = -1;

  private static final class PathFault {
    final String prefix;
    final int status;
    int remaining;

    PathFault(String prefix, int remaining, int status) {
      this.prefix = prefix;
      this.remaining = remaining;
      this.status = status;
    }
  }

  private int dropRemaining;
  private int failRemaining;
  private int failStatus;
  private Integer failAlways;
  private final List<PathFault> pathFaults = new ArrayList<>();

  synchronized void failNext(int n, int status) {
    failRemaining = n;
    failStatus = status;
  }

  synchronized void failNextForPath(String prefix, int n, int status) {
    pathFaults.add(new PathFault(normalise(prefix), n, status));
  }

  synchronized void dropNext(int n) {
    dropRemaining = n;
  }

  synchronized void failAlways(int status) {
    failAlways = status;
  }

  synchronized void clear() {
    dropRemaining = 0;
    failRemaining = 0;
    failAlways = null;
    pathFaults.clear();
  }

  /**
   * Decides the fate of one request whose path below {@code /v1/} is {@code path}: {@link #DROP},
   * an HTTP status to fail with, or null to serve it.
   */
  synchronized Integer next(String path) {
    if (dropRemaining > 0) {
      dropRemaining--;
      return DROP;
    }
    for (Iterator<PathFault> it = pathFaults.iterator(); it.hasNext(); ) {
      PathFault f = it.next();
      if (path.startsWith(f.prefix)) {
        if (--f.remaining <= 0) {
          it.remove();
        }
        return f.status;
      }
    }
    if (failRemaining > 0) {
      failRemaining--;
      return failStatus;
    }
    return failAlways;
  }

  /** Accepts "secret/data/x", "/secret/data/x" and "/v1/secret/data/x". */
  static String normalise(String prefix) {
    String p = prefix.startsWith("/") ? prefix.substring(1) : prefix;
    return p.startsWith("v1/") ? p.substring(3) : p;
  }

  /** The error message an injected failure carries, modelled on what Vault says for that code. */
  static String message(int status) {
    return switch (status) {
      case 400 -> "invalid request";
      case 403 -> "permission denied";
      case 412 -> "required index state not present";
      case 429 -> "request path \"emulated\": rate limit quota exceeded";
      case 502 -> "upstream rate limited";
      case 503 -> "Vault is sealed";
      default -> "emulated failure: HTTP " + status;
    };
  }
}
