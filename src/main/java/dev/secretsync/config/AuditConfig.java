package dev.secretsync.config;

import java.util.Optional;

/**
 * {@code audit:} where a run records every change it applied or refused, one JSON line each (see
 * {@code docs/observability.md}). Dry runs record nothing.
 *
 * @param file the local audit log, relative to the config file, or empty for none ({@code
 *     --audit-log} overrides it)
 * @param s3 a bucket that receives one object per run, or empty for none
 */
public record AuditConfig(Optional<String> file, Optional<MergeStoreConfig.S3> s3) {

  /** No audit log. */
  public static final AuditConfig NONE = new AuditConfig(Optional.empty(), Optional.empty());

  /** Fills defaults. */
  public AuditConfig {
    file = file == null ? Optional.empty() : file;
    s3 = s3 == null ? Optional.empty() : s3;
  }
}
