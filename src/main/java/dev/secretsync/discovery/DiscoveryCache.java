package dev.secretsync.discovery;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.spi.MergeStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps each block's last listing with its time: in the merge store as the record {@code
 * discovery.<block>} (so every runner sharing the store shares it), or for the memory store in
 * {@code .secretsync/cache/discovery-<block>.json} beside the config. Holds account ids, names,
 * emails, OU paths and tags — never a secret.
 */
public final class DiscoveryCache {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One cached listing.
   *
   * @param listedAt when it was listed
   * @param settings a digest of the discovery settings it was listed with
   * @param accounts every account seen (tags where they were listed)
   * @param identityCenter the ids the Identity Center filter kept, or null without that filter
   * @param matched the ids matched by that listing
   */
  public record Entry(
      Instant listedAt,
      String settings,
      List<Account> accounts,
      List<String> identityCenter,
      List<String> matched) {}

  private interface Backend {
    Optional<Map<String, Object>> load(String name);

    void save(String name, Map<String, Object> content);
  }

  private final Backend backend;

  private DiscoveryCache(Backend backend) {
    this.backend = backend;
  }

  /** A cache kept as merge store records (compare-and-set like every record). */
  public static DiscoveryCache inStore(MergeStore store) {
    Map<String, Optional<String>> versions = new LinkedHashMap<>();
    return new DiscoveryCache(
        new Backend() {
          @Override
          public Optional<Map<String, Object>> load(String name) {
            Optional<MergeStore.StoredRecord> r = store.loadRecord(name);
            versions.put(name, r.map(x -> x.version().version()));
            return r.map(MergeStore.StoredRecord::content);
          }

          @Override
          public void save(String name, Map<String, Object> content) {
            store.saveRecord(name, content, versions.getOrDefault(name, Optional.empty()));
          }
        });
  }

  /** A cache in local files (for the memory merge store, which forgets everything). */
  public static DiscoveryCache inDirectory(Path dir) {
    return new DiscoveryCache(
        new Backend() {
          @Override
          public Optional<Map<String, Object>> load(String name) {
            try {
              return Optional.of(
                  JSON.readValue(
                      Files.readString(dir.resolve(name + ".json")),
                      new TypeReference<Map<String, Object>>() {}));
            } catch (NoSuchFileException e) {
              return Optional.empty();
            } catch (IOException e) {
              return Optional.empty(); // a damaged cache is a cache miss
            }
          }

          @Override
          public void save(String name, Map<String, Object> content) {
            try {
              Files.createDirectories(dir);
              Path tmp = Files.createTempFile(dir, name, ".tmp");
              Files.writeString(tmp, JSON.writeValueAsString(content));
              Files.move(
                  tmp,
                  dir.resolve(name + ".json"),
                  StandardCopyOption.REPLACE_EXISTING,
                  StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
        });
  }

  /** The cached listing of {@code block}, or empty (absent or unreadable). */
  public Optional<Entry> load(String block) {
    return backend.load("discovery." + block).flatMap(DiscoveryCache::decode);
  }

  /** Stores the listing of {@code block}. */
  public void save(String block, Entry e) {
    backend.save("discovery." + block, encode(e));
  }

  private static Map<String, Object> encode(Entry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("listed_at", e.listedAt().toString());
    m.put("settings", e.settings());
    List<Object> accounts = new ArrayList<>();
    for (Account a : e.accounts()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("id", a.id());
      x.put("name", a.name());
      x.put("email", a.email());
      x.put("status", a.status());
      x.put("ou_id", a.ouId());
      x.put("ou_path", a.ouPath());
      x.put("tags", a.tags());
      accounts.add(x);
    }
    m.put("accounts", accounts);
    if (e.identityCenter() != null) {
      m.put("identity_center", e.identityCenter());
    }
    m.put("matched", e.matched());
    return m;
  }

  @SuppressWarnings("unchecked")
  private static Optional<Entry> decode(Map<String, Object> m) {
    try {
      List<Account> accounts = new ArrayList<>();
      for (Object o : (List<Object>) m.get("accounts")) {
        Map<String, Object> x = (Map<String, Object>) o;
        Map<String, String> tags = new LinkedHashMap<>();
        ((Map<String, Object>) x.get("tags")).forEach((k, v) -> tags.put(k, String.valueOf(v)));
        accounts.add(
            new Account(
                (String) x.get("id"),
                (String) x.get("name"),
                (String) x.get("email"),
                (String) x.get("status"),
                (String) x.get("ou_id"),
                (String) x.get("ou_path"),
                tags));
      }
      return Optional.of(
          new Entry(
              Instant.parse((String) m.get("listed_at")),
              (String) m.get("settings"),
              accounts,
              (List<String>) m.get("identity_center"),
              (List<String>) m.get("matched")));
    } catch (RuntimeException e) {
      return Optional.empty(); // another version's or a damaged record: list afresh
    }
  }
}
