package dev.secretsync.provider.github;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.secretsync.config.GitHubScopeConfig;
import dev.secretsync.core.ChangeKind;
import dev.secretsync.spi.ProviderException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The environments a repository target manages ({@code github.environments}): read with one listing
 * ({@code GET /repos/{owner}/{repo}/environments}, which carries every environment's protection
 * rules; plus the deployment branch policies of an environment with custom patterns wanted or in
 * place), compared with the configuration, and created or updated with {@code PUT} — never deleted,
 * they are not ours alone. Unchanged environments cost that listing and no write. Reviewers are
 * resolved to ids first, so an unknown reviewer fails the target before anything is written.
 */
final class GitHubEnvironments {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * An environment's protection rules, comparable between configuration and GitHub.
   *
   * @param waitTimer minutes
   * @param reviewers {@code User:1}, {@code Team:7}, sorted
   * @param preventSelfReview whether the job's author may not approve
   * @param branches {@code all}, {@code protected} or {@code custom}
   * @param patterns branch patterns with {@code custom}, sorted
   */
  record Rules(
      int waitTimer,
      List<String> reviewers,
      boolean preventSelfReview,
      String branches,
      List<String> patterns) {

    /** For plans and fingerprints: no ids of people, only counts. */
    String describe() {
      return "wait_timer "
          + waitTimer
          + ", "
          + reviewers.size()
          + " reviewer(s)"
          + (preventSelfReview ? " (no self-review)" : "")
          + ", branches "
          + branches
          + (patterns.isEmpty() ? "" : " " + patterns);
    }
  }

  /**
   * What a run does to one environment.
   *
   * @param name the environment
   * @param kind CREATE, UPDATE or UNCHANGED
   * @param wanted the configured rules
   * @param live the rules in GitHub (null when the environment does not exist)
   * @param policyIds ids of the live custom branch policies, by pattern
   */
  record Planned(
      String name, ChangeKind kind, Rules wanted, Rules live, Map<String, Long> policyIds) {

    /** Why, for the plan. */
    String reason() {
      if (live == null) {
        return "new environment: " + wanted.describe();
      }
      if (kind == ChangeKind.UNCHANGED) {
        return "";
      }
      List<String> diffs = new ArrayList<>();
      if (live.waitTimer() != wanted.waitTimer()) {
        diffs.add("wait_timer " + live.waitTimer() + " → " + wanted.waitTimer());
      }
      if (!live.reviewers().equals(wanted.reviewers())
          || live.preventSelfReview() != wanted.preventSelfReview()) {
        diffs.add("reviewers differ");
      }
      if (!live.branches().equals(wanted.branches())
          || !live.patterns().equals(wanted.patterns())) {
        diffs.add("deployment branches " + live.branches() + " → " + wanted.branches());
      }
      return "environment protection rules changed: " + String.join("; ", diffs);
    }
  }

  private final GitHubSettings settings;
  private final GitHubHttp http;

  GitHubEnvironments(GitHubSettings settings, GitHubHttp http) {
    this.settings = settings;
    this.http = http;
  }

  /** Reads and compares every configured environment (no writes). */
  List<Planned> read(List<GitHubScopeConfig.Environment> configured, GitHubLookups lookups) {
    List<Planned> out = new ArrayList<>();
    if (configured.isEmpty()) {
      return out;
    }
    // Environment names are case-insensitive.
    Map<String, Map<?, ?>> existing = new HashMap<>();
    for (Map<?, ?> env :
        http.pages(
            settings.scope().repoPath() + "/environments", "environments", "environments.list")) {
      existing.put(String.valueOf(env.get("name")).toLowerCase(Locale.ROOT), env);
    }
    for (GitHubScopeConfig.Environment e : configured) {
      List<String> reviewers = new ArrayList<>();
      for (String r : e.reviewers()) {
        GitHubLookups.Reviewer rv = lookups.reviewer(r);
        reviewers.add(rv.type() + ":" + rv.id());
      }
      Rules wanted =
          new Rules(
              e.waitTimer(),
              List.copyOf(new TreeSet<>(reviewers)),
              e.preventSelfReview(),
              e.branches(),
              List.copyOf(new TreeSet<>(e.branchPatterns())));
      Map<?, ?> body = existing.get(e.name().toLowerCase(Locale.ROOT));
      if (body == null) {
        out.add(new Planned(e.name(), ChangeKind.CREATE, wanted, null, Map.of()));
        continue;
      }
      Map<String, Long> policies =
          customPolicies(body) || "custom".equals(wanted.branches())
              ? policies(e.name())
              : Map.of();
      Rules live = rules(body, policies);
      out.add(
          new Planned(
              e.name(),
              live.equals(wanted) ? ChangeKind.UNCHANGED : ChangeKind.UPDATE,
              wanted,
              live,
              policies));
    }
    return out;
  }

  /** Creates or updates one environment, then its custom branch patterns. */
  void apply(Planned p) {
    Rules w = p.wanted();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("wait_timer", w.waitTimer());
    body.put("prevent_self_review", w.preventSelfReview());
    List<Map<String, Object>> reviewers = new ArrayList<>();
    for (String r : w.reviewers()) {
      int colon = r.indexOf(':');
      reviewers.add(
          Map.of("type", r.substring(0, colon), "id", Long.parseLong(r.substring(colon + 1))));
    }
    body.put("reviewers", reviewers);
    body.put(
        "deployment_branch_policy",
        "all".equals(w.branches())
            ? null
            : Map.of(
                "protected_branches",
                "protected".equals(w.branches()),
                "custom_branch_policies",
                "custom".equals(w.branches())));
    http.send("PUT", path(p.name()), write(body), "environments.put");
    if (!"custom".equals(w.branches())) {
      return; // GitHub drops custom patterns with the custom policy
    }
    for (Map.Entry<String, Long> live : p.policyIds().entrySet()) {
      if (!w.patterns().contains(live.getKey())) {
        http.send(
            "DELETE",
            path(p.name()) + "/deployment-branch-policies/" + live.getValue(),
            null,
            "branch-policies.delete",
            404);
      }
    }
    for (String pattern : w.patterns()) {
      if (!p.policyIds().containsKey(pattern)) {
        http.send(
            "POST",
            path(p.name()) + "/deployment-branch-policies",
            write(Map.of("name", pattern, "type", "branch")),
            "branch-policies.create");
      }
    }
  }

  private String path(String env) {
    return settings.scope().repoPath() + "/environments/" + GitHubScope.seg(env);
  }

  private static boolean customPolicies(Map<?, ?> env) {
    return env.get("deployment_branch_policy") instanceof Map<?, ?> d
        && Boolean.TRUE.equals(d.get("custom_branch_policies"));
  }

  /** {@code GET …/deployment-branch-policies}: pattern → id (branch patterns only). */
  private Map<String, Long> policies(String env) {
    Map<String, Long> out = new TreeMap<>();
    for (Map<?, ?> m :
        http.pages(
            path(env) + "/deployment-branch-policies", "branch_policies", "branch-policies.list")) {
      if (m.get("name") instanceof String name
          && m.get("id") instanceof Number id
          && !"tag".equals(m.get("type"))) {
        out.put(name, id.longValue());
      }
    }
    return out;
  }

  /** The live rules from an environment's {@code protection_rules} and branch policy. */
  private static Rules rules(Map<?, ?> env, Map<String, Long> policies) {
    int wait = 0;
    boolean noSelf = false;
    TreeSet<String> reviewers = new TreeSet<>();
    if (env.get("protection_rules") instanceof List<?> rules) {
      for (Object o : rules) {
        if (!(o instanceof Map<?, ?> rule)) {
          continue;
        }
        if ("wait_timer".equals(rule.get("type")) && rule.get("wait_timer") instanceof Number n) {
          wait = n.intValue();
        } else if ("required_reviewers".equals(rule.get("type"))) {
          noSelf = Boolean.TRUE.equals(rule.get("prevent_self_review"));
          if (rule.get("reviewers") instanceof List<?> rs) {
            for (Object x : rs) {
              if (x instanceof Map<?, ?> rv
                  && rv.get("reviewer") instanceof Map<?, ?> who
                  && who.get("id") instanceof Number id) {
                reviewers.add(rv.get("type") + ":" + id.longValue());
              }
            }
          }
        }
      }
    }
    String branches = "all";
    if (env.get("deployment_branch_policy") instanceof Map<?, ?> d) {
      branches =
          Boolean.TRUE.equals(d.get("protected_branches"))
              ? "protected"
              : Boolean.TRUE.equals(d.get("custom_branch_policies")) ? "custom" : "all";
    }
    return new Rules(
        wait,
        List.copyOf(reviewers),
        noSelf,
        branches,
        "custom".equals(branches) ? List.copyOf(policies.keySet()) : List.of());
  }

  private static String write(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new ProviderException("github", "environments.put", false, e.getMessage());
    }
  }
}
