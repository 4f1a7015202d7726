package dev.secretsync.cli;

import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM/SIGINT/SIGHUP handling for the long-running agent. The JVM's default for these signals
 * runs shutdown hooks and exits 143/130; an orchestrator stopping a sidecar expects a graceful exit
 * 0, so while the agent runs these handlers only ask it to stop, and the command returns normally.
 * The previous handlers are restored afterwards (the agent may run inside a test JVM).
 */
final class Signals implements AutoCloseable {
  private final List<Signal> signals = new ArrayList<>();
  private final List<SignalHandler> previous = new ArrayList<>();

  private Signals() {}

  /**
   * Until closed: SIGTERM and SIGINT call {@code onStop}, SIGHUP calls {@code onReload}. Handlers
   * run on the JVM's signal thread and must only set a flag.
   */
  static Signals install(Runnable onStop, Runnable onReload) {
    Signals s = new Signals();
    s.handle("TERM", onStop);
    s.handle("INT", onStop);
    s.handle("HUP", onReload);
    return s;
  }

  private void handle(String name, Runnable action) {
    try {
      Signal signal = new Signal(name);
      previous.add(Signal.handle(signal, sig -> action.run()));
      signals.add(signal);
    } catch (IllegalArgumentException e) {
      // Not available here (e.g. the JVM runs with -Xrs); the orchestrator's kill still works.
    }
  }

  @Override
  public void close() {
    for (int i = 0; i < signals.size(); i++) {
      Signal.handle(signals.get(i), previous.get(i));
    }
  }
}
