package dev.secretsync.cli;

import dev.secretsync.engine.Progress;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A single updating progress line on stderr ({@code sources 2/2 (1,204 secrets) · targets 3/10}),
 * used only when stderr is a terminal and the output format is {@code human}. Cleared at the end.
 */
final class TerminalProgress implements Progress {
  private final PrintStream err;
  private final AtomicInteger sourcesDone = new AtomicInteger();
  private final AtomicInteger secrets = new AtomicInteger();
  private final AtomicInteger targetsDone = new AtomicInteger();
  private volatile int sources;
  private volatile int targets;

  TerminalProgress(PrintStream err) {
    this.err = err;
  }

  @Override
  public void started(int sources, int targets) {
    this.sources = sources;
    this.targets = targets;
    draw();
  }

  @Override
  public void sourceRead(String source, int count) {
    sourcesDone.incrementAndGet();
    secrets.addAndGet(count);
    draw();
  }

  @Override
  public void targetDone(String target) {
    targetsDone.incrementAndGet();
    draw();
  }

  @Override
  public synchronized void finished() {
    err.print("\r\u001b[2K");
    err.flush();
  }

  private synchronized void draw() {
    err.printf(
        "\r\u001b[2Ksecretsync: sources %d/%d (%,d secrets) · targets %d/%d",
        sourcesDone.get(), sources, secrets.get(), targetsDone.get(), targets);
    err.flush();
  }
}
