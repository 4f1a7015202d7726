package dev.secretsync.cli;

/**
 * Process exit codes. Without {@code --exit-code}: 0 success, 1 any failure, 2 usage error. With
 * {@code --exit-code} (a drift gate): 0 no changes, 1 changes present, 2 any failure.
 */
final class ExitCodes {
  static final int OK = 0;
  static final int FAILURE = 1;
  static final int USAGE = 2;
  static final int DRIFT = 1;
  static final int DRIFT_GATE_FAILURE = 2;

  private ExitCodes() {}

  static int failure(boolean exitCodeMode) {
    return exitCodeMode ? DRIFT_GATE_FAILURE : FAILURE;
  }
}
