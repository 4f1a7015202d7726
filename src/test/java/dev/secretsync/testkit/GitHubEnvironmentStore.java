package dev.secretsync.testkit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The emulator's deployment environments, per repository, as the "Deployment environments" and
 * "Deployment branch policies" REST pages describe them: names are case-insensitive; {@code
 * wait_timer} 0–43200; at most six reviewers ({@code User} or {@code Team} ids that exist); {@code
 * deployment_branch_policy} is null (any branch) or exactly one of {@code protected_branches} and
 * {@code custom_branch_policies} true; custom branch name patterns exist only while {@code
 * custom_branch_policies} is true.
 */
public final class GitHubEnvironmentStore {
  /** One environment (mutable; guarded by the store). */
  static final class Env {
    final long id;
    final String name;
    final Instant createdAt;
    Instant updatedAt;
    int waitTimer;
    boolean preventSelfReview;
    List<Map<String, Object>> reviewers = List.of();
    Boolean protectedBranches; // null = no deployment branch policy
    boolean customPolicies;
    final TreeMap<Long, String> policies = new TreeMap<>();

    Env(long id, String name, Instant now) {
      this.id = id;
      this.name = name;
      this.createdAt = now;
      this.updatedAt = now;
    }
  }

  private final Map<String, Env> envs = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong(161088068);
  private final GitHubAccounts accounts;

  GitHubEnvironmentStore(GitHubAccounts accounts) {
    this.accounts = accounts;
  }

  private static String key(String owner, String repo, String name) {
    return (owner + "/" + repo + "/" + name).toLowerCase(Locale.ROOT);
  }

  /** Creates an environment without protection rules, as someone would in the UI. */
  public synchronized void create(String owner, String repo, String name, Instant now) {
    envs.computeIfAbsent(key(owner, repo, name), k -> new Env(ids.incrementAndGet(), name, now));
  }

  synchronized Optional<Env> get(String owner, String repo, String name) {
    return Optional.ofNullable(envs.get(key(owner, repo, name)));
  }

  /** The environment as {@code GET …/environments/{name}} shows it, if it exists. */
  public synchronized Optional<Map<String, Object>> json(String owner, String repo, String name) {
    return get(owner, repo, name).map(this::json);
  }

  /**
   * {@code PUT …/environments/{name}}: creates or updates; omitted fields keep their value. Returns
   * the problem (422) when the body breaks the documented rules; nothing changes then.
   */
  synchronized Optional<String> put(
      String owner, String repo, String name, Map<?, ?> body, Instant now) {
    Object wait = body.get("wait_timer");
    if (wait != null && (!(wait instanceof Integer w) || w < 0 || w > 43_200)) {
      return Optional.of("wait_timer must be an integer between 0 and 43200");
    }
    List<Map<String, Object>> reviewers = null;
    if (body.containsKey("reviewers") && body.get("reviewers") != null) {
      if (!(body.get("reviewers") instanceof List<?> list) || list.size() > 6) {
        return Optional.of("reviewers must be an array of at most 6 users or teams");
      }
      reviewers = new ArrayList<>();
      for (Object o : list) {
        if (!(o instanceof Map<?, ?> r)
            || !(r.get("type") instanceof String type)
            || !(r.get("id") instanceof Number id)
            || !accounts.userOrTeamExists(type, id.longValue())) {
          return Optional.of("Reviewer " + o + " is not a user or team that exists");
        }
        reviewers.add(Map.of("type", type, "id", id.longValue()));
      }
    }
    Object policy = body.get("deployment_branch_policy");
    if (policy != null
        && (!(policy instanceof Map<?, ?> p)
            || !(p.get("protected_branches") instanceof Boolean prot)
            || !(p.get("custom_branch_policies") instanceof Boolean custom)
            || prot.equals(custom))) {
      return Optional.of(
          "deployment_branch_policy needs protected_branches and custom_branch_policies, exactly"
              + " one of them true (or null for any branch)");
    }
    Env e =
        envs.computeIfAbsent(
            key(owner, repo, name), k -> new Env(ids.incrementAndGet(), name, now));
    if (wait != null) {
      e.waitTimer = (Integer) wait;
    }
    if (body.get("prevent_self_review") instanceof Boolean b) {
      e.preventSelfReview = b;
    }
    if (reviewers != null) {
      e.reviewers = List.copyOf(reviewers);
    }
    if (body.containsKey("deployment_branch_policy")) {
      Map<?, ?> p = (Map<?, ?>) policy;
      e.protectedBranches = p == null ? null : (Boolean) p.get("protected_branches");
      e.customPolicies = p != null && Boolean.TRUE.equals(p.get("custom_branch_policies"));
      if (!e.customPolicies) {
        e.policies.clear();
      }
    }
    e.updatedAt = now;
    return Optional.empty();
  }

  /** Every environment of {@code owner/repo}, by name, as the listing shows them. */
  synchronized List<Map<String, Object>> list(String owner, String repo) {
    String prefix = (owner + "/" + repo + "/").toLowerCase(Locale.ROOT);
    return envs.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .sorted(Map.Entry.comparingByKey())
        .map(e -> json(e.getValue()))
        .toList();
  }

  synchronized boolean delete(String owner, String repo, String name) {
    return envs.remove(key(owner, repo, name)) != null;
  }

  /** Adds a custom branch policy; empty when the environment has no custom policies. */
  synchronized Optional<Map<String, Object>> addPolicy(Env e, String pattern, String type) {
    if (!e.customPolicies) {
      return Optional.empty();
    }
    long id = ids.incrementAndGet();
    e.policies.put(id, type + ":" + pattern);
    return Optional.of(policyJson(id, type + ":" + pattern));
  }

  synchronized List<Map<String, Object>> policies(Env e) {
    List<Map<String, Object>> out = new ArrayList<>();
    e.policies.forEach((id, p) -> out.add(policyJson(id, p)));
    return out;
  }

  synchronized boolean deletePolicy(Env e, long id) {
    return e.policies.remove(id) != null;
  }

  /** The custom branch patterns of an environment (for tests). */
  public synchronized List<String> patterns(String owner, String repo, String name) {
    return get(owner, repo, name)
        .map(e -> e.policies.values().stream().map(p -> p.substring(p.indexOf(':') + 1)).toList())
        .orElse(List.of());
  }

  private static Map<String, Object> policyJson(long id, String typed) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("node_id", "MDE2OkdhdGVCcmFuY2hQb2xpY3k" + id);
    m.put("name", typed.substring(typed.indexOf(':') + 1));
    m.put("type", typed.substring(0, typed.indexOf(':')));
    return m;
  }

  private Map<String, Object> json(Env e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", e.id);
    m.put("node_id", "EN_" + e.id);
    m.put("name", e.name);
    m.put("created_at", e.createdAt.toString());
    m.put("updated_at", e.updatedAt.toString());
    List<Map<String, Object>> rules = new ArrayList<>();
    if (e.waitTimer > 0) {
      rules.add(
          new LinkedHashMap<>(
              Map.of("id", e.id * 10 + 1, "type", "wait_timer", "wait_timer", e.waitTimer)));
    }
    if (!e.reviewers.isEmpty()) {
      List<Map<String, Object>> rs = new ArrayList<>();
      for (Map<String, Object> r : e.reviewers) {
        rs.add(Map.of("type", r.get("type"), "reviewer", Map.of("id", r.get("id"))));
      }
      Map<String, Object> rule = new LinkedHashMap<>();
      rule.put("id", e.id * 10 + 2);
      rule.put("type", "required_reviewers");
      rule.put("prevent_self_review", e.preventSelfReview);
      rule.put("reviewers", rs);
      rules.add(rule);
    }
    if (e.protectedBranches != null) {
      rules.add(Map.of("id", e.id * 10 + 3, "type", "branch_policy"));
    }
    m.put("protection_rules", rules);
    m.put(
        "deployment_branch_policy",
        e.protectedBranches == null
            ? null
            : Map.of(
                "protected_branches", e.protectedBranches,
                "custom_branch_policies", e.customPolicies));
    return m;
  }
}
