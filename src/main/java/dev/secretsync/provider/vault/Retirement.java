package dev.secretsync.provider.vault;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which values of keys no longer in a bundle the Vault merge store deletes at a save. Without
 * history, at once (after the manifest commit). With history, a dropped key's value stays while a
 * kept manifest version still names it, so a rollback to that version can read it: the key is
 * retired with the manifest version that dropped it, and deleted once the last version naming it
 * ({@code dropped - 1}) falls out of the {@code keep} newest.
 *
 * @param retired what the new manifest records as retired (key → version that dropped it)
 * @param deletes keys whose values to delete after the commit
 */
record Retirement(Map<String, Integer> retired, List<String> deletes) {

  /**
   * @param before the keys of the current manifest
   * @param after the keys of the new one
   * @param retiredBefore the current manifest's retired keys
   * @param next the version the new manifest will get
   * @param keep manifest versions kept (0: no history)
   */
  static Retirement of(
      Set<String> before,
      Set<String> after,
      Map<String, Integer> retiredBefore,
      int next,
      int keep) {
    List<String> deletes = new ArrayList<>();
    Map<String, Integer> retired = new TreeMap<>();
    for (String k : before) {
      if (!after.contains(k)) {
        if (keep > 0) {
          retired.put(k, next);
        } else {
          deletes.add(k);
        }
      }
    }
    retiredBefore.forEach(
        (k, dropped) -> {
          if (after.contains(k) || retired.containsKey(k)) {
            return; // back in the bundle: its path holds a live value again
          }
          if (keep == 0 || dropped - 1 <= next - keep) {
            deletes.add(k);
          } else {
            retired.put(k, dropped);
          }
        });
    return new Retirement(retired, deletes);
  }
}
