package dev.secretsync.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The paginated Secrets Manager reads: ListSecrets, BatchGetSecretValue and ListSecretVersionIds.
 * Called by {@link AwsSecretsManagerHandler} with the account state's lock held.
 *
 * <p>Secrets are ordered by creation ({@code CreatedDate}, ties by creation sequence), ascending by
 * default or descending with {@code SortOrder=desc}; the NextToken names the last returned secret,
 * so secrets created or deleted between pages neither repeat nor shift the listing.
 */
final class AwsSecretsManagerReads {
  private AwsSecretsManagerReads() {}

  static ObjectNode listSecrets(AwsSecretsManagerHandler h, JsonNode req, AwsAccountState st) {
    List<AwsSecretFilters.Filter> filters = filters(req);
    int max = AwsSecretFilters.maxResults(intOrNull(req, "MaxResults"), 100, 100);
    String order = AwsSecretsManagerHandler.text(req, "SortOrder");
    if (order != null && !order.equals("asc") && !order.equals("desc")) {
      throw AwsError.invalidParameter("SortOrder must be asc or desc.");
    }
    boolean includeDeleted = req.path("IncludePlannedDeletion").asBoolean(false);
    List<AwsSecret> listed = st.listing.listed(st.now(), st.all());
    boolean desc = "desc".equals(order);
    long after = AwsSecretFilters.position(str(req, "NextToken"));
    int n = listed.size();
    int k = 0;
    if (after >= 0) {
      while (k < n && (desc ? at(listed, k, true).seq >= after : listed.get(k).seq <= after)) {
        k++;
      }
    }
    // Filters from the NextToken's position on, and only until the page and one more match are
    // found: a whole listing is then linear in the account's secrets, not quadratic (filtering
    // every secret for every page made 100,000 secrets cost ~100 ms of emulator CPU per page).
    List<AwsSecret> page = new ArrayList<>();
    boolean more = false;
    for (; k < n && !more; k++) {
      AwsSecret s = at(listed, k, desc);
      if ((includeDeleted || !s.deleted()) && AwsSecretFilters.matches(s, st.region, filters)) {
        if (page.size() == max) {
          more = true;
        } else {
          page.add(s);
        }
      }
    }
    String next = more ? AwsSecretFilters.token(page.get(page.size() - 1).seq) : null;
    ObjectNode out = h.object();
    ArrayNode list = out.putArray("SecretList");
    page.forEach(s -> list.add(h.summary(s, st, "SecretVersionsToStages")));
    if (next != null) {
      out.put("NextToken", next);
    }
    return out;
  }

  static ObjectNode batchGet(AwsSecretsManagerHandler h, JsonNode req, AwsAccountState st) {
    List<String> ids = AwsSecretsManagerHandler.strings(req.get("SecretIdList"));
    boolean hasFilters = req.hasNonNull("Filters");
    if (ids.isEmpty() == !hasFilters) {
      throw AwsError.invalidParameter(
          "Either 'SecretIdList' or 'Filters' must be provided, but not both.");
    }
    if (req.hasNonNull("MaxResults") && !hasFilters) {
      throw AwsError.invalidParameter(
          "'Filters' not specified. 'Filters' must also be specified when 'MaxResults' is"
              + " provided.");
    }
    if (ids.size() > 20) {
      throw AwsError.invalidParameter("SecretIdList can contain at most 20 secret ids.");
    }
    ObjectNode out = h.object();
    ArrayNode values = out.putArray("SecretValues");
    ArrayNode errors = out.putArray("Errors");
    List<String> targets = ids;
    if (hasFilters) {
      List<AwsSecretFilters.Filter> filters = filters(req);
      int max = AwsSecretFilters.maxResults(intOrNull(req, "MaxResults"), 20, 20);
      List<AwsSecret> candidates = new ArrayList<>();
      for (AwsSecret s : st.all()) {
        if (!s.deleted() && AwsSecretFilters.matches(s, st.region, filters)) {
          candidates.add(s);
        }
      }
      List<AwsSecret> page = new ArrayList<>();
      String next =
          page(candidates, false, AwsSecretFilters.position(str(req, "NextToken")), max, page);
      if (next != null) {
        out.put("NextToken", next);
      }
      targets = new ArrayList<>();
      for (AwsSecret s : page) {
        targets.add(s.arn);
      }
    }
    for (String id : targets) {
      try {
        ObjectNode v = h.getSecretValue(st, id, null, null);
        values.add(v);
      } catch (AwsError e) {
        errors
            .addObject()
            .put("SecretId", id)
            .put("ErrorCode", e.type())
            .put("Message", e.getMessage());
      }
    }
    return out;
  }

  static ObjectNode listVersionIds(AwsSecretsManagerHandler h, JsonNode req, AwsAccountState st) {
    AwsSecret s = st.require(AwsSecretsManagerHandler.text(req, "SecretId"));
    int max = AwsSecretFilters.maxResults(intOrNull(req, "MaxResults"), 100, 100);
    boolean deprecated = req.path("IncludeDeprecated").asBoolean(false);
    List<AwsSecret.Version> all = new ArrayList<>();
    for (AwsSecret.Version v : s.versions.values()) {
      if (deprecated || !v.stages.isEmpty()) {
        all.add(v);
      }
    }
    long start = Math.max(0, AwsSecretFilters.position(str(req, "NextToken")));
    ObjectNode out = h.arnName(s);
    ArrayNode versions = out.putArray("Versions");
    int end = (int) Math.min(all.size(), start + max);
    for (int i = (int) Math.min(start, all.size()); i < end; i++) {
      AwsSecret.Version v = all.get(i);
      ObjectNode e = versions.addObject().put("VersionId", v.id);
      ArrayNode stages = e.putArray("VersionStages");
      v.stages.forEach(stages::add);
      AwsSecretsManagerHandler.date(e, "CreatedDate", v.created);
    }
    if (end < all.size()) {
      out.put("NextToken", AwsSecretFilters.token(end));
    }
    return out;
  }

  /** Element {@code k} of {@code ascending} in listing order (from the end when descending). */
  private static AwsSecret at(List<AwsSecret> ascending, int k, boolean desc) {
    return ascending.get(desc ? ascending.size() - 1 - k : k);
  }

  /** Fills {@code page} after position {@code after}; returns the NextToken or null. */
  private static String page(
      List<AwsSecret> sortedAsc, boolean desc, long after, int max, List<AwsSecret> page) {
    List<AwsSecret> ordered = new ArrayList<>(sortedAsc);
    if (desc) {
      Collections.reverse(ordered);
    }
    int i = 0;
    if (after >= 0) {
      while (i < ordered.size()
          && (desc ? ordered.get(i).seq >= after : ordered.get(i).seq <= after)) {
        i++;
      }
    }
    for (; i < ordered.size() && page.size() < max; i++) {
      page.add(ordered.get(i));
    }
    return i < ordered.size() ? AwsSecretFilters.token(page.get(page.size() - 1).seq) : null;
  }

  private static List<AwsSecretFilters.Filter> filters(JsonNode req) {
    List<AwsSecretFilters.Filter> out = new ArrayList<>();
    for (JsonNode f : req.path("Filters")) {
      out.add(
          new AwsSecretFilters.Filter(
              AwsSecretsManagerHandler.text(f, "Key"),
              AwsSecretsManagerHandler.strings(f.get("Values"))));
    }
    AwsSecretFilters.validate(out);
    return out;
  }

  private static Integer intOrNull(JsonNode req, String field) {
    JsonNode n = req.get(field);
    return n == null || n.isNull() ? null : n.asInt();
  }

  private static String str(JsonNode req, String field) {
    return AwsSecretsManagerHandler.text(req, field);
  }
}
