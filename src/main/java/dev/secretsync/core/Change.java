package dev.secretsync.core;

import java.util.List;
import java.util.Objects;

/**
 * One planned change to one secret of a target.
 *
 * @param kind what happens
 * @param key the bundle key (for deletions/orphans of secrets we own, the key recorded when it was
 *     written)
 * @param name the target-side name (e.g. {@code prod/config/database} or a file path)
 * @param before fingerprint of the live value, or {@code null} when absent or unknown
 * @param after fingerprint of the desired value, or {@code null} for deletions/orphans
 * @param reason a short human explanation, never containing values (e.g. "value differs")
 * @param fields field-level differences when known (for {@code --diff}), else empty
 */
public record Change(
    ChangeKind kind,
    SecretKey key,
    String name,
    Fingerprint before,
    Fingerprint after,
    String reason,
    List<FieldChange> fields) {

  /** Validates required parts and copies the field list. */
  public Change {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(name, "name");
    reason = reason == null ? "" : reason;
    fields = fields == null ? List.of() : List.copyOf(fields);
  }

  /** A change without field details. */
  public static Change of(
      ChangeKind kind,
      SecretKey key,
      String name,
      Fingerprint before,
      Fingerprint after,
      String reason) {
    return new Change(kind, key, name, before, after, reason, List.of());
  }

  /** This change with {@code fields} as its field details. */
  public Change withFields(List<FieldChange> fields) {
    return new Change(kind, key, name, before, after, reason, fields);
  }

  /** This change with {@code reason} as its reason. */
  public Change withReason(String reason) {
    return new Change(kind, key, name, before, after, reason, fields);
  }
}
