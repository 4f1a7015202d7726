package dev.secretsync.cli;

import dev.secretsync.engine.Progress;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A single updating progress line on stderr ({@code sources 2/2 (1,204 secrets) · targets 3/10 ·
 * 356 secrets written}), used only when stderr is a terminal and the output format is {@code
 * human}. Log lines go through {@link #logStream()}, which clears the progress line before each log
 * line and redraws it after, so the two never share a line. Cleared at the end.
 */
final class TerminalProgress implements Progress {
  private static final String CLEAR = "\r\u001b[2K";

  private final PrintStream err;
  private final AtomicInteger sourcesDone = new AtomicInteger();
  private final AtomicInteger secrets = new AtomicInteger();
  private final AtomicInteger targetsDone = new AtomicInteger();
  private final AtomicInteger written = new AtomicInteger();
  private volatile int sources;
  private volatile int targets;
  private boolean shown;

  TerminalProgress(PrintStream err) {
    this.err = err;
  }

  /** Where log lines go: around each one, the progress line is cleared and redrawn. */
  PrintStream logStream() {
    return new PrintStream(
        new OutputStream() {
          @Override
          public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            synchronized (TerminalProgress.this) {
              if (shown) {
                err.print(CLEAR);
              }
              err.write(b, off, len);
              if (shown && len > 0 && b[off + len - 1] == '\n') {
                drawLine();
              }
              err.flush();
            }
          }
        },
        true,
        StandardCharsets.UTF_8);
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
  public void targetDone(String target, int written) {
    targetsDone.incrementAndGet();
    this.written.addAndGet(written);
    draw();
  }

  @Override
  public synchronized void finished() {
    shown = false;
    err.print(CLEAR);
    err.flush();
  }

  private synchronized void draw() {
    shown = true;
    drawLine();
    err.flush();
  }

  private void drawLine() {
    err.printf(
        CLEAR + "secretsync: sources %d/%d (%,d secrets) · targets %d/%d · %,d secrets written",
        sourcesDone.get(),
        sources,
        secrets.get(),
        targetsDone.get(),
        targets,
        written.get());
  }
}
