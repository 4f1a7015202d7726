package dev.secretsync.cli;

import dev.secretsync.engine.Shard;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * {@code --shard I/N} and {@code --shards N}: which slice of the targets this process syncs. {@code
 * --shards} takes the index from {@code JOB_COMPLETION_INDEX}, so a Kubernetes Indexed Job needs no
 * shell to build {@code --shard}.
 */
final class ShardOptions {
  @Option(
      names = "--shard",
      paramLabel = "I/N",
      description =
          "Sync only shard I of N (zero-based): the targets whose write domain (AWS account and"
              + " region, GitHub owner, file directory) is assigned to I. Imported targets are"
              + " merged, not synced. Also SECRETSYNC_SHARD. See docs/scaling.md.")
  String shard;

  @Option(
      names = "--shards",
      paramLabel = "N",
      description =
          "The shard count, with this process's index taken from JOB_COMPLETION_INDEX (set by a"
              + " Kubernetes Indexed Job). Also SECRETSYNC_SHARDS.")
  Integer shards;

  /**
   * The shard to run, or {@code null} for an unsharded run.
   *
   * @throws IllegalArgumentException with a one-line usage message naming the option
   */
  Shard resolve(Map<String, String> env) {
    if (shard != null && !shard.isBlank()) {
      Shard s;
      try {
        s = Shard.parse(shard);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--shard (or SECRETSYNC_SHARD): " + e.getMessage());
      }
      if (shards != null && shards != s.count()) {
        throw new IllegalArgumentException(
            "--shard "
                + s
                + " and --shards "
                + shards
                + " disagree on the shard count; give one of them");
      }
      return s;
    }
    if (shards == null) {
      return null;
    }
    if (shards < 1) {
      throw new IllegalArgumentException(
          "--shards (or SECRETSYNC_SHARDS): " + shards + " must be at least 1");
    }
    String index = env.get("JOB_COMPLETION_INDEX");
    if (index == null || index.isBlank()) {
      throw new IllegalArgumentException(
          "--shards "
              + shards
              + " takes this process's index from JOB_COMPLETION_INDEX, which is not set (it is"
              + " set by a Kubernetes Indexed Job); elsewhere use --shard I/"
              + shards);
    }
    try {
      return Shard.parse(index.trim() + "/" + shards);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "JOB_COMPLETION_INDEX with --shards " + shards + ": " + e.getMessage());
    }
  }
}
