package dev.secretsync.config;

import java.util.Optional;

/**
 * Binds {@code audit:}: {@code file} and {@code s3} ({@code bucket}, {@code prefix}, {@code
 * region}, {@code endpoint}, {@code path_style}, {@code kms_key_id}, as in {@code merge_store.s3}).
 */
final class AuditBinder {
  private AuditBinder() {}

  static AuditConfig bind(YamlObject o) {
    if (o == null) {
      return AuditConfig.NONE;
    }
    String file = o.string("file", "");
    if (o.has("file") && file.isBlank()) {
      o.problem("file", "is empty; give the audit log's path, or leave the key out");
    }
    MergeStoreConfig.S3 s3 = null;
    YamlObject x = o.object("s3");
    if (x != null) {
      s3 =
          new MergeStoreConfig.S3(
              x.string("bucket", ""),
              x.string("prefix", ""),
              x.string("region", ""),
              x.string("kms_key_id", ""),
              x.string("endpoint", ""),
              x.bool("path_style", false));
      if (s3.bucket().isBlank()) {
        x.problem("bucket", "is missing; name the bucket that keeps one audit object per run");
      }
      x.finish();
    }
    o.finish();
    return new AuditConfig(
        file.isBlank() ? Optional.empty() : Optional.of(file), Optional.ofNullable(s3));
  }
}
