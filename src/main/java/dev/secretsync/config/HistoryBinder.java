package dev.secretsync.config;

/** Binds {@code merge_store.history}: {@code {keep: 50}}. */
final class HistoryBinder {
  /** The most versions kept per target: each is a full copy of the bundle. */
  static final int MAX_KEEP = 1000;

  private HistoryBinder() {}

  static MergeStoreConfig.History bind(YamlObject o) {
    if (o == null) {
      return MergeStoreConfig.History.DEFAULT;
    }
    int keep = o.integer("keep", MergeStoreConfig.History.DEFAULT.keep());
    o.finish();
    if (keep < 0 || keep > MAX_KEEP) {
      o.problem(
          "keep",
          keep
              + " is out of range; keep between 0 (no history) and "
              + MAX_KEEP
              + " versions per target");
      return MergeStoreConfig.History.DEFAULT;
    }
    return new MergeStoreConfig.History(keep);
  }
}
