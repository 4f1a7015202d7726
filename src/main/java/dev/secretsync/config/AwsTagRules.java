package dev.secretsync.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Secrets Manager's tag limits (TagResource API reference: at most 50 tags per secret, keys of at
 * most 127 and values of at most 255 Unicode characters, no {@code aws:} prefix, letters, spaces,
 * numbers and {@code + - = . _ : / @}) and the marker tags in which secretsync records what it
 * manages on a secret: the user tag keys it set ({@code secretsync:tag-keys}), so that a key
 * removed from {@code tags:} can be untagged while tags others added stay, and the replica regions
 * it added ({@code secretsync:replica-regions}).
 *
 * <p>A marker value is a space-separated list ({@code @} written {@code @@}, a space {@code @s});
 * it spreads over {@code <marker>}, {@code <marker>:2}, … when one value would pass 255 characters.
 * This lives in {@code config} because the validator counts the marker tags against the 50-tag
 * limit at load time, and config may not depend on a provider.
 */
public final class AwsTagRules {
  /** Tags per secret, ours included ({@code aws:} tags do not count). */
  public static final int MAX_TAGS = 50;

  /** Characters in a tag key. */
  public static final int MAX_KEY = 127;

  /** Characters in a tag value. */
  public static final int MAX_VALUE = 255;

  /** The marker holding the user tag keys secretsync set. */
  public static final String TAG_KEYS = "secretsync:tag-keys";

  /** The marker holding the replica regions secretsync added. */
  public static final String REPLICA_REGIONS = "secretsync:replica-regions";

  /** Ownership tags written on every secret ({@code managed-by}, {@code target}). */
  public static final int OWNERSHIP_TAGS = 2;

  private static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{Z}\\p{N}+\\-=._:/@]*");

  private AwsTagRules() {}

  /** Length in Unicode characters (code points), as the service counts. */
  public static int length(String s) {
    return s.codePointCount(0, s.length());
  }

  /** What is wrong with a user tag key, or null. */
  public static String keyProblem(String key) {
    if (key.isEmpty() || length(key) > MAX_KEY) {
      return "a tag key has 1–" + MAX_KEY + " characters; shorten it";
    }
    if (key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
      return "tag keys starting with aws: are reserved by AWS; rename the tag";
    }
    if (key.startsWith("secretsync:")) {
      return "tag keys starting with secretsync: are reserved for ownership; rename the tag";
    }
    if (!ALLOWED.matcher(key).matches()) {
      return "tag keys may hold letters, numbers, spaces and + - = . _ : / @ only; rename the tag";
    }
    return null;
  }

  /** What is wrong with a user tag value, or null. */
  public static String valueProblem(String value) {
    if (length(value) > MAX_VALUE) {
      return "the value has " + length(value) + " characters; Secrets Manager allows " + MAX_VALUE;
    }
    if (value.toLowerCase(Locale.ROOT).startsWith("aws:")) {
      return "tag values starting with aws: are reserved by AWS; change the value";
    }
    if (!ALLOWED.matcher(value).matches()) {
      return "tag values may hold letters, numbers, spaces and + - = . _ : / @ only";
    }
    return null;
  }

  /** Every tag secretsync writes on a secret of {@code t}, markers included, in a stable order. */
  public static Map<String, String> desired(TargetConfig t) {
    Map<String, String> tags = new LinkedHashMap<>(t.tags());
    tags.put("secretsync:managed-by", "secretsync");
    tags.put("secretsync:target", t.name());
    tags.putAll(marker(TAG_KEYS, t.tags().keySet()));
    tags.putAll(marker(REPLICA_REGIONS, t.replicaRegions().stream().map(r -> r.region()).toList()));
    return tags;
  }

  /** The marker tags recording {@code items} (none when empty), each value ≤ 255 characters. */
  public static Map<String, String> marker(String name, Collection<String> items) {
    Map<String, String> out = new LinkedHashMap<>();
    StringBuilder chunk = new StringBuilder();
    for (String item : new TreeSet<>(items)) {
      String enc = item.replace("@", "@@").replace(" ", "@s");
      if (chunk.length() > 0 && length(chunk.toString()) + 1 + length(enc) > MAX_VALUE) {
        out.put(chunkKey(name, out.size()), chunk.toString());
        chunk.setLength(0);
      }
      chunk.append(chunk.length() > 0 ? " " : "").append(enc);
    }
    if (chunk.length() > 0) {
      out.put(chunkKey(name, out.size()), chunk.toString());
    }
    return out;
  }

  /** The items recorded in marker {@code name} on a secret with {@code tags}. */
  public static List<String> read(String name, Map<String, String> tags) {
    List<String> out = new ArrayList<>();
    for (int i = 0; tags.containsKey(chunkKey(name, i)); i++) {
      for (String enc : tags.get(chunkKey(name, i)).split(" ")) {
        if (!enc.isEmpty()) {
          out.add(decode(enc));
        }
      }
    }
    return out;
  }

  private static String decode(String enc) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < enc.length(); i++) {
      char c = enc.charAt(i);
      if (c == '@' && i + 1 < enc.length()) {
        out.append(enc.charAt(++i) == 's' ? ' ' : '@');
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** Whether {@code key} is one of the chunks of marker {@code name}. */
  public static boolean isChunk(String name, String key) {
    // name, or name:<digits> — checked by hand: the planner asks for every tag of every secret,
    // and a regex compiled per call was ~3 % of a no-op run's CPU.
    if (!key.startsWith(name)) {
      return false;
    }
    int n = name.length();
    if (key.length() == n) {
      return true;
    }
    if (key.charAt(n) != ':' || key.length() == n + 1) {
      return false;
    }
    for (int i = n + 1; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static String chunkKey(String name, int index) {
    return index == 0 ? name : name + ":" + (index + 1);
  }
}
