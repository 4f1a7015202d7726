package dev.secretsync.cli;

import picocli.CommandLine.Option;

/** {@code --audit-log}, shared by every command that writes to targets. */
final class AuditOptions {
  @Option(
      names = "--audit-log",
      paramLabel = "FILE",
      description =
          "Append one JSON line per applied, failed or refused change to FILE (created 0600,"
              + " fsync'd after each target; default: audit.file). Dry runs append nothing.")
  String auditLog;
}
