package dev.secretsync.engine;

/**
 * One shard of a sharded run: this process syncs the targets whose write domain hashes to {@code
 * index} out of {@code count} (see {@link ShardPlan}).
 *
 * @param index zero-based, below {@code count} (Kubernetes' {@code JOB_COMPLETION_INDEX} is too)
 * @param count how many shards the fleet is split into, at least 1
 */
public record Shard(int index, int count) {

  /** Validates the numbers. */
  public Shard {
    if (count < 1) {
      throw new IllegalArgumentException("the shard count must be at least 1");
    }
    if (index < 0 || index >= count) {
      throw new IllegalArgumentException(
          "the shard index must be 0 to " + (count - 1) + " for " + count + " shards");
    }
  }

  /**
   * Parses {@code I/N}.
   *
   * @throws IllegalArgumentException with a message naming what is wrong and an example
   */
  public static Shard parse(String text) {
    String s = text == null ? "" : text.trim();
    int slash = s.indexOf('/');
    if (slash <= 0 || slash == s.length() - 1) {
      throw new IllegalArgumentException(
          "\"" + s + "\" is not a shard; use I/N with 0 ≤ I < N, e.g. 0/4");
    }
    int index;
    int count;
    try {
      index = Integer.parseInt(s.substring(0, slash).trim());
      count = Integer.parseInt(s.substring(slash + 1).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "\"" + s + "\" is not a shard; use I/N with 0 ≤ I < N, e.g. 0/4");
    }
    if (count < 1) {
      throw new IllegalArgumentException(s + ": the shard count must be at least 1, e.g. 0/4");
    }
    if (index < 0 || index >= count) {
      throw new IllegalArgumentException(
          s
              + ": the index is zero-based and must be below the count (0 to "
              + (count - 1)
              + "), e.g. "
              + (count - 1)
              + "/"
              + count);
    }
    return new Shard(index, count);
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}
