package dev.secretsync.testkit;

import dev.secretsync.testkit.VaultHttp.Call;
import dev.secretsync.testkit.VaultHttp.Response;
import dev.secretsync.testkit.VaultHttp.VaultError;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * KV v2 {@code custom_metadata} as vault-plugin-secrets-kv handles it ({@code path_metadata.go}):
 * values weakly decoded to strings ({@code parseCustomMetadata}), the limits of {@code
 * validateCustomMetadata} (at most 64 keys; keys 1–128 bytes; values 1–512 bytes; printable), and
 * the JSON merge patch of {@code PATCH <mount>/metadata/<path>} (a {@code null} removes a key).
 */
final class VaultKvCustomMetadata {
  static final int MAX_KEYS = 64;
  static final int MAX_KEY_LENGTH = 128;
  static final int MAX_VALUE_LENGTH = 512;
  private static final String PREFIX = "custom_metadata validation failed";

  private VaultKvCustomMetadata() {}

  /**
   * The body's {@code custom_metadata} as strings, validated.
   *
   * @param dropNulls true for a patch, where a null means "remove this key"; a write turns a null
   *     into an empty string, which validation then refuses
   */
  static Map<String, String> parse(Object raw, boolean dropNulls) {
    if (!(raw instanceof Map<?, ?> map)) {
      throw new VaultError(400, PREFIX + ": expected a map of strings");
    }
    Map<String, String> out = new TreeMap<>();
    map.forEach(
        (k, v) -> {
          if (v == null && dropNulls) {
            return;
          }
          out.put(String.valueOf(k), weakString(k, v));
        });
    validate(out);
    return out;
  }

  /** Applies a merge patch: keys mapped to null are removed, the others set. */
  static Map<String, String> patch(Map<String, String> current, Object raw) {
    parse(raw, true);
    Map<String, String> out = new TreeMap<>(current == null ? Map.of() : current);
    ((Map<?, ?>) raw)
        .forEach(
            (k, v) -> {
              if (v == null) {
                out.remove(String.valueOf(k));
              } else {
                out.put(String.valueOf(k), weakString(k, v));
              }
            });
    return out;
  }

  /**
   * {@code PATCH <mount>/metadata/<path>} (Vault 1.9+): a JSON merge patch of the key's settings;
   * {@code custom_metadata} keys set to null are removed. The key must exist.
   */
  static Response patchRequest(Call call, VaultKvMetadata meta) {
    String type = call.req.header("Content-Type");
    String media = type == null ? "" : type.split(";")[0].trim();
    if (!media.equals("application/merge-patch+json")) {
      throw new VaultError(
          415, "PATCH requires Content-Type application/merge-patch+json, got \"" + media + "\"");
    }
    Map<String, Object> body = call.req.json();
    if (body.containsKey("custom_metadata")) {
      Map<String, String> patched =
          VaultKvCustomMetadata.patch(
              meta == null ? null : meta.custom, body.get("custom_metadata"));
      if (meta == null) {
        throw new VaultError(404);
      }
      meta.custom = patched;
    } else if (meta == null) {
      throw new VaultError(404);
    }
    Map<String, Object> rest = new LinkedHashMap<>(body);
    rest.remove("custom_metadata");
    meta.update(rest);
    return VaultHttp.noContent();
  }

  /** mapstructure.WeakDecode to a string: bools become "1"/"0", numbers their decimal form. */
  private static String weakString(Object key, Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof Boolean b) {
      return b ? "1" : "0";
    }
    if (v instanceof Number n) {
      return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
    }
    if (v instanceof String s) {
      return s;
    }
    throw new VaultError(
        400,
        PREFIX
            + ": '"
            + key
            + "' expected type 'string', got unconvertible type '"
            + (v instanceof Map<?, ?> ? "map[string]interface {}" : "[]interface {}")
            + "'");
  }

  /** validateCustomMetadata: every problem at once, or only the key count when it is too high. */
  static void validate(Map<String, String> custom) {
    if (custom.size() > MAX_KEYS) {
      throw new VaultError(
          400,
          multierror(
              List.of(
                  PREFIX
                      + ": payload must contain at most "
                      + MAX_KEYS
                      + " keys, provided "
                      + custom.size())));
    }
    List<String> errors = new ArrayList<>();
    custom.forEach(
        (k, v) -> {
          int kl = k.getBytes(StandardCharsets.UTF_8).length;
          int vl = v.getBytes(StandardCharsets.UTF_8).length;
          if (kl == 0 || kl > MAX_KEY_LENGTH) {
            errors.add(
                PREFIX
                    + ": length of key \""
                    + k
                    + "\" is "
                    + kl
                    + " but must be 0 < len(key) <= "
                    + MAX_KEY_LENGTH);
          }
          if (vl == 0 || vl > MAX_VALUE_LENGTH) {
            errors.add(
                PREFIX
                    + ": length of value for key \""
                    + k
                    + "\" is "
                    + vl
                    + " but must be 0 < len(value) <= "
                    + MAX_VALUE_LENGTH);
          }
          if (!printable(k)) {
            errors.add(PREFIX + ": key \"" + k + "\" (" + k + ") contains unprintable characters");
          }
          if (!printable(v)) {
            errors.add(PREFIX + ": value for key \"" + k + "\" contains unprintable characters");
          }
        });
    if (!errors.isEmpty()) {
      throw new VaultError(400, multierror(errors));
    }
  }

  /** go-multierror's ListFormatFunc: Vault returns the joined text as its one error. */
  private static String multierror(List<String> errors) {
    return errors.size()
        + (errors.size() == 1 ? " error" : " errors")
        + " occurred:\n\t* "
        + String.join("\n\t* ", errors)
        + "\n\n";
  }

  /** strutil.Printable: every rune is printable (unicode.IsPrint) — no control characters. */
  private static boolean printable(String s) {
    return s.codePoints()
        .noneMatch(
            c ->
                Character.isISOControl(c)
                    || Character.getType(c) == Character.FORMAT
                    || Character.getType(c) == Character.UNASSIGNED);
  }
}
