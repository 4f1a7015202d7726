package dev.secretsync.cli;

import dev.secretsync.report.ReportFormat;
import java.util.Iterator;

/** The {@code -o} values, for shell completion and help. */
final class OutputFormats implements Iterable<String> {
  @Override
  public Iterator<String> iterator() {
    return ReportFormat.NAMES.iterator();
  }
}
