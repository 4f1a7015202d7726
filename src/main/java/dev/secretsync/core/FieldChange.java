package dev.secretsync.core;

/**
 * One field-level difference inside a secret, for {@code --diff}. {@code path} is a JSON path such
 * as {@code pool_size} or {@code spark_config.partitions} or {@code tags[3]}. The values are secret
 * material: reports mask them unless the user asked for {@code --show-values}; {@link #toString()}
 * never shows them.
 */
public record FieldChange(String path, Kind kind, Object before, Object after) {

  /** What happened to the field. */
  public enum Kind {
    ADDED,
    REMOVED,
    CHANGED
  }

  @Override
  public String toString() {
    return "FieldChange[" + path + " " + kind + "]";
  }
}
