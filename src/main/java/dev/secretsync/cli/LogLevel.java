package dev.secretsync.cli;

/** The levels {@code --log-level} and {@code SECRETSYNC_LOG_LEVEL} accept, quietest last. */
enum LogLevel {
  trace,
  debug,
  info,
  warn,
  error
}
