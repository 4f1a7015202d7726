package dev.secretsync.engine;

import dev.secretsync.config.GitHubConfig;
import dev.secretsync.config.PolicyConfig;
import dev.secretsync.config.TargetConfig;
import dev.secretsync.core.Bundle;
import dev.secretsync.core.Change;
import dev.secretsync.core.ChangeKind;
import dev.secretsync.core.Secret;
import dev.secretsync.core.SecretKey;
import dev.secretsync.core.TargetPlan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks one target's plan against {@code policies:} before anything is written. Pure: no I/O.
 * Messages name rules, targets, secret names and field paths — never a value (a plaintext-pattern
 * hit names the field, not what matched).
 */
public final class PolicyCheck {
  private static final Pattern ROLE_ACCOUNT = Pattern.compile("^arn:[^:]+:iam::(\\d{12}):");
  private static final int EXAMPLES = 3;

  private final List<PolicyConfig> rules;

  /** A check of these rules. */
  public PolicyCheck(List<PolicyConfig> rules) {
    this.rules = List.copyOf(rules);
  }

  /**
   * One broken rule.
   *
   * @param rule the rule's name
   * @param deny whether it stops the target
   * @param message what is wrong, without values
   */
  public record Violation(String rule, boolean deny, String message) {
    @Override
    public String toString() {
      return "policy " + rule + (deny ? "" : " (warn)") + ": " + message;
    }
  }

  /** Every rule {@code plan} breaks for {@code target}, in rule order. */
  public List<Violation> check(TargetConfig target, TargetPlan plan, Bundle desired, Instant now) {
    List<Violation> out = new ArrayList<>();
    for (PolicyConfig rule : rules) {
      boolean applies =
          rule.kind().equals("forbid_plaintext_patterns") && rule.targets().isEmpty()
              ? visibleToEveryRepository(target)
              : rule.appliesTo(target.name());
      if (!applies) {
        continue;
      }
      String message = violation(rule, target, plan, desired, now);
      if (message != null) {
        out.add(new Violation(rule.name(), rule.denies(), message));
      }
    }
    return out;
  }

  private static String violation(
      PolicyConfig rule, TargetConfig target, TargetPlan plan, Bundle desired, Instant now) {
    List<Change> writes = plan.writes();
    return switch (rule.kind()) {
      case "forbid_delete" -> {
        List<String> deletes =
            writes.stream().filter(c -> c.kind() == ChangeKind.DELETE).map(Change::name).toList();
        yield deletes.isEmpty()
            ? null
            : "the plan deletes " + deletes.size() + " secret(s) (" + examples(deletes) + ")";
      }
      case "max_changes" ->
          writes.size() > rule.count()
              ? "the plan has " + writes.size() + " changes, more than " + rule.count()
              : null;
      case "require_tags" -> {
        if (!TargetConfig.AWS_SECRETSMANAGER.equals(target.type())) {
          yield null;
        }
        List<String> missing =
            rule.values().stream().filter(k -> !target.tags().containsKey(k)).toList();
        yield missing.isEmpty()
            ? null
            : "the target's tags lack " + String.join(", ", missing) + " (set them under tags:)";
      }
      case "name_pattern" -> {
        Pattern p = rule.patterns().get(0);
        List<String> bad =
            writes.stream()
                .filter(c -> c.kind() != ChangeKind.DELETE)
                .map(Change::name)
                .filter(n -> !p.matcher(n).find())
                .toList();
        yield bad.isEmpty()
            ? null
            : bad.size() + " name(s) do not match " + p.pattern() + " (" + examples(bad) + ")";
      }
      case "forbid_plaintext_patterns" -> plaintext(rule, desired);
      case "allowed_accounts" -> {
        if (!TargetConfig.AWS_SECRETSMANAGER.equals(target.type())) {
          yield null;
        }
        String account = account(target);
        yield rule.values().contains(account)
            ? null
            : "account "
                + (account.isEmpty() ? "(ambient credentials)" : account)
                + " is not in allowed_accounts";
      }
      case "freeze" ->
          !writes.isEmpty() && !now.isBefore(rule.from()) && now.isBefore(rule.to())
              ? "changes are frozen from "
                  + rule.from()
                  + " to "
                  + rule.to()
                  + "; the plan has "
                  + writes.size()
              : null;
      default -> null;
    };
  }

  private static String plaintext(PolicyConfig rule, Bundle desired) {
    List<String> hits = new ArrayList<>();
    for (Map.Entry<SecretKey, Secret> e : desired.secrets().entrySet()) {
      scan(e.getKey().path(), e.getValue().data(), rule.patterns(), hits);
    }
    return hits.isEmpty()
        ? null
        : hits.size()
            + " field(s) look like credentials that must not be synced here ("
            + examples(hits)
            + ")";
  }

  @SuppressWarnings("unchecked")
  private static void scan(String path, Object value, List<Pattern> patterns, List<String> hits) {
    if (value instanceof Map<?, ?> m) {
      m.forEach((k, v) -> scan(path + "." + k, v, patterns, hits));
    } else if (value instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) {
        scan(path + "[" + i + "]", l.get(i), patterns, hits);
      }
    } else if (value instanceof String s) {
      for (Pattern p : patterns) {
        Matcher m = p.matcher(s);
        if (m.find()) {
          hits.add(path);
          return;
        }
      }
    }
  }

  private static boolean visibleToEveryRepository(TargetConfig target) {
    GitHubConfig g = target.github();
    return TargetConfig.GITHUB.equals(target.type())
        && g != null
        && "org".equals(g.scope())
        && g.scoping() != null
        && "all".equals(g.scoping().visibility());
  }

  private static String account(TargetConfig t) {
    if (!t.accountId().isEmpty()) {
      return t.accountId();
    }
    Matcher m = ROLE_ACCOUNT.matcher(t.roleArn());
    return m.find() ? m.group(1) : "";
  }

  private static String examples(List<String> names) {
    String shown = String.join(", ", names.subList(0, Math.min(EXAMPLES, names.size())));
    return names.size() > EXAMPLES ? shown + ", …" : shown;
  }
}
