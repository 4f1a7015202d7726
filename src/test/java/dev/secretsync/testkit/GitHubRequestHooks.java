package dev.secretsync.testkit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One-shot actions the {@link GitHubEmulator} runs when a request of an operation first arrives —
 * fault injection at an exact point of a run (a clock jump between two requests, a competing run in
 * the middle of a write) without timing.
 */
final class GitHubRequestHooks {
  private final Map<String, Runnable> once = new ConcurrentHashMap<>();

  void onFirst(String operation, Runnable action) {
    once.put(operation, action);
  }

  /** Runs and forgets the action of {@code operation}, if any (removed first: it may re-enter). */
  void fire(String operation) {
    Runnable action = once.remove(operation);
    if (action != null) {
      action.run();
    }
  }
}
