package dev.secretsync.core;

/** What a plan does to one secret of a target. */
public enum ChangeKind {
  /** The secret does not exist: create it. */
  CREATE(Category.ADDED, "+"),
  /** The secret exists with another value: write a new version. */
  UPDATE(Category.UPDATED, "~"),
  /** The desired value exists as an older version: make that version current again. */
  REVERT(Category.UPDATED, "~"),
  /** Only the tags (or other metadata) differ: no new value version. */
  TAGS(Category.UPDATED, "~"),
  /** The secret is scheduled for deletion: restore it, then write. */
  RESTORE(Category.ADDED, "+"),
  /** An owned secret is no longer desired and the deletion policy is {@code delete}. */
  DELETE(Category.DELETED, "-"),
  /** An owned secret is no longer desired and the deletion policy is {@code retain}. */
  ORPHAN(Category.ORPHANED, "?"),
  /** Already as desired. */
  UNCHANGED(Category.UNCHANGED, "=");

  /** The summary bucket a change counts in. */
  public enum Category {
    ADDED,
    UPDATED,
    DELETED,
    ORPHANED,
    UNCHANGED
  }

  private final Category category;
  private final String symbol;

  ChangeKind(Category category, String symbol) {
    this.category = category;
    this.symbol = symbol;
  }

  /** The summary bucket. */
  public Category category() {
    return category;
  }

  /** One-character marker for text output. */
  public String symbol() {
    return symbol;
  }

  /** Whether applying this change writes to the target. */
  public boolean writes() {
    return this != UNCHANGED && this != ORPHAN;
  }

  /** Lower-case name for reports ({@code create}, {@code update}, …). */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
