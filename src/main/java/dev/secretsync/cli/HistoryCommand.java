package dev.secretsync.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.secretsync.config.SecretSyncConfig;
import dev.secretsync.core.HistoryEntry;
import dev.secretsync.core.HistoryEntry.KeyChanges;
import dev.secretsync.core.Printable;
import dev.secretsync.spi.ProviderException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code secretsync history}: the saved versions of a target's merged bundle. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "List the versions of a target's merged bundle that the merge store recorded, newest first:"
          + " version, time, who ran it, the run id, and the keys added, changed and removed"
          + " against the version before. Never shows values. Writes nothing.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  secretsync history --config secretsync.yaml --target Production",
      "  secretsync history -c secretsync.yaml --target Production --key config/database",
      "  secretsync history -c secretsync.yaml --target Production -o json"
    })
final class HistoryCommand implements Callable<Integer> {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final CliContext ctx;

  @Mixin ConfigOptions options;

  @Option(names = "--target", required = true, paramLabel = "NAME", description = "The target.")
  String target;

  @Option(
      names = "--key",
      paramLabel = "KEY",
      description = "Only the versions that added, changed or removed this key.")
  String key;

  @Mixin HumanOrJsonOutput output;

  HistoryCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  /**
   * One version with its changes against the version before.
   *
   * @param changes null when the version before was pruned (unknown)
   */
  record Row(HistoryEntry entry, KeyChanges changes) {}

  @Override
  public Integer call() {
    if (!output.valid(ctx.err())) {
      return ExitCodes.USAGE;
    }
    LogSetup.configure(options.level("warn"), ctx.err());
    SecretSyncConfig config = options.load(ctx);
    if (config == null) {
      return ExitCodes.FAILURE;
    }
    List<HistoryEntry> entries;
    String where;
    try (HistoryAccess access = HistoryAccess.open(config, target, ctx)) {
      entries = access.entries(target);
      where = access.where();
    } catch (IllegalArgumentException | ProviderException e) {
      ctx.err().println("error: " + e.getMessage());
      return ExitCodes.FAILURE;
    }
    List<Row> rows = rows(entries, key);
    ctx.out().print(output.json() ? json(where, rows) : human(where, rows, entries));
    ctx.out().flush();
    return ExitCodes.OK;
  }

  /** Each entry with its changes; with {@code key}, only the entries that touched it. */
  static List<Row> rows(List<HistoryEntry> newestFirst, String key) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < newestFirst.size(); i++) {
      HistoryEntry e = newestFirst.get(i);
      HistoryEntry previous = i + 1 < newestFirst.size() ? newestFirst.get(i + 1) : null;
      // The first version adds everything; after a pruned one the changes are unknown.
      KeyChanges changes = previous == null && e.version() > 1 ? null : e.changesSince(previous);
      if (key == null || (changes != null ? changes.touches(key) : e.keys().containsKey(key))) {
        rows.add(new Row(e, changes));
      }
    }
    return rows;
  }

  private String human(String where, List<Row> rows, List<HistoryEntry> all) {
    StringBuilder sb = new StringBuilder();
    sb.append("History of target ")
        .append(target)
        .append(key == null ? "" : ", key " + key)
        .append(" in ")
        .append(where)
        .append(": ")
        .append(rows.size())
        .append(rows.size() == 1 ? " version" : " versions")
        .append(", newest first\n");
    if (rows.isEmpty()) {
      sb.append(
          all.isEmpty()
              ? "No versions recorded yet: the next pipeline run that changes the bundle records"
                  + " one.\n"
              : "No kept version changed this key (versions kept: "
                  + HistoryAccess.versions(all)
                  + ").\n");
      return sb.toString();
    }
    sb.append(
        String.format(
            "%-8s %-19s %-16s %-8s %5s %7s %7s%n",
            "VERSION", "TIME (UTC)", "ACTOR", "RUN", "ADDED", "CHANGED", "REMOVED"));
    for (Row r : rows) {
      HistoryEntry e = r.entry();
      KeyChanges c = r.changes();
      sb.append(
          String.format(
              "%-8s %-19s %-16s %-8s %5s %7s %7s",
              "v" + e.version(),
              TIME.format(e.time()),
              Printable.of(e.actor()),
              e.runId(),
              c == null ? "?" : String.valueOf(c.added().size()),
              c == null ? "?" : String.valueOf(c.changed().size()),
              c == null ? "?" : String.valueOf(c.removed().size())));
      if (e.rollbackOf() > 0) {
        sb.append("  rollback to v").append(e.rollbackOf());
      }
      if (key != null && c != null) {
        sb.append("  ").append(what(c, key)).append(' ').append(key);
      }
      sb.append('\n');
    }
    if (rows.stream().anyMatch(r -> r.changes() == null)) {
      sb.append("? = the version before was pruned (merge_store.history.keep)\n");
    }
    return sb.toString();
  }

  private static String what(KeyChanges c, String key) {
    return c.added().contains(key) ? "added" : c.removed().contains(key) ? "removed" : "changed";
  }

  private String json(String where, List<Row> rows) {
    List<Object> versions = new ArrayList<>();
    for (Row r : rows) {
      HistoryEntry e = r.entry();
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("version", e.version());
      v.put("time", e.time().toString());
      v.put("actor", e.actor());
      v.put("run_id", e.runId());
      v.put("rollback_of", e.rollbackOf() > 0 ? e.rollbackOf() : null);
      v.put("bundle_fingerprint", e.bundle().hex());
      v.put("keys", e.keys().size());
      v.put("added", r.changes() == null ? null : r.changes().added());
      v.put("changed", r.changes() == null ? null : r.changes().changed());
      v.put("removed", r.changes() == null ? null : r.changes().removed());
      versions.add(v);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("schema_version", 1);
    root.put("target", target);
    root.put("key", key);
    root.put("store", where);
    root.put("versions", versions);
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the history", e);
    }
  }
}
