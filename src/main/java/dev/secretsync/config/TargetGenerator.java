package dev.secretsync.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Turns discovered accounts into targets: renders each {@code dynamic_targets} template per
 * account, binds the copy exactly like a static target, and validates the whole config again with
 * the generated targets in it — so a generated target obeys every rule a hand-written one does, and
 * its problems point at the template's lines with the account named.
 */
public final class TargetGenerator {
  private final Map<String, String> env;
  private final Set<String> supported;

  /**
   * @param env environment for {@code ${VAR}} in templates
   * @param supported provider kinds this build runs (as for {@link ConfigLoader})
   */
  public TargetGenerator(Map<String, String> env, Set<String> supported) {
    this.env = Map.copyOf(env);
    this.supported = Set.copyOf(supported);
  }

  /**
   * One generated target.
   *
   * @param block the {@code dynamic_targets} block
   * @param accountId the account it was generated for
   * @param target the target's name
   */
  public record Generated(String block, String accountId, String target) {}

  /**
   * The expanded config.
   *
   * @param config the config with static and generated targets
   * @param generated what was generated, in discovery order
   * @param accountProblems accounts skipped because a placeholder had no value (one line each)
   */
  public record Result(
      SecretSyncConfig config, List<Generated> generated, List<String> accountProblems) {
    public Result {
      generated = List.copyOf(generated);
      accountProblems = List.copyOf(accountProblems);
    }
  }

  /**
   * Generates the targets of {@code matched} (block name → accounts, in order) into {@code base}.
   *
   * @param displayName how problems name the config file
   * @throws ConfigException for name clashes and for generated targets that fail validation
   */
  public Result expand(
      SecretSyncConfig base, Map<String, List<AccountFacts>> matched, String displayName) {
    Problems problems = new Problems(displayName);
    YamlContext ctx = new YamlContext(problems, new Interpolator(env));
    ConfigBinder binder = new ConfigBinder(ctx);
    Map<String, TargetConfig> targets = new LinkedHashMap<>(base.targets());
    List<Generated> generated = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    Map<String, Generated> origin = new HashMap<>();
    for (DynamicTargetConfig d : base.dynamicTargets().values()) {
      TargetTemplate t = d.template();
      for (AccountFacts a : matched.getOrDefault(d.name(), List.of())) {
        Map<String, Object> data = TargetTemplate.data(a, t.tagKeys());
        String name;
        Node body;
        try {
          name = t.renderName(data);
          body = t.renderBody(data);
        } catch (Placeholders.PlaceholderException e) {
          skipped.add(
              "dynamic_targets." + d.name() + ": account " + describe(a) + ": " + e.getMessage());
          continue;
        }
        Generated g = new Generated(d.name(), a.accountId(), name);
        Generated clash = origin.get(name);
        Node at = t.nameNode();
        if (base.targets().containsKey(name)) {
          ctx.problem(
              at,
              t.path() + ".name",
              "account "
                  + describe(a)
                  + " generates target \""
                  + name
                  + "\", which is a static target already (targets."
                  + name
                  + "); change the template name");
          continue;
        }
        if (clash != null) {
          ctx.problem(
              at,
              t.path() + ".name",
              "accounts "
                  + clash.accountId()
                  + " and "
                  + a.accountId()
                  + " both generate target \""
                  + name
                  + "\"; make the name unique, e.g. with {{account_id}}");
          continue;
        }
        origin.put(name, g);
        generated.add(g);
        targets.put(name, binder.target(name, body));
      }
    }
    SecretSyncConfig expanded = withTargets(base, targets);
    new ConfigValidator(ctx, supported).validate(expanded);
    if (!problems.isEmpty()) {
      throw new ConfigException(rewrite(problems.sorted(), origin, base));
    }
    return new Result(expanded, generated, skipped);
  }

  /** Points problems of generated targets at their template, naming the account. */
  private static List<ConfigProblem> rewrite(
      List<ConfigProblem> in, Map<String, Generated> origin, SecretSyncConfig base) {
    List<ConfigProblem> out = new ArrayList<>();
    for (ConfigProblem p : in) {
      Generated g = generatedOf(p.path(), origin);
      if (g == null) {
        out.add(p);
        continue;
      }
      String prefix = "targets." + g.target();
      String rest = p.path().substring(prefix.length());
      String where = base.dynamicTargets().get(g.block()).template().path() + rest;
      out.add(
          new ConfigProblem(
              p.file(),
              p.line(),
              p.column(),
              where,
              p.message() + " (account " + g.accountId() + ", target " + g.target() + ")"));
    }
    return out;
  }

  private static Generated generatedOf(String path, Map<String, Generated> origin) {
    if (path == null || !path.startsWith("targets.")) {
      return null;
    }
    for (Map.Entry<String, Generated> e : origin.entrySet()) {
      String prefix = "targets." + e.getKey();
      if (path.equals(prefix) || path.startsWith(prefix + ".") || path.startsWith(prefix + "[")) {
        return e.getValue();
      }
    }
    return null;
  }

  private static String describe(AccountFacts a) {
    return a.accountId() + " (" + a.accountName() + ")";
  }

  private static SecretSyncConfig withTargets(
      SecretSyncConfig c, Map<String, TargetConfig> targets) {
    return new SecretSyncConfig(
        c.file(),
        c.vault(),
        c.sources(),
        c.mergeStore(),
        c.aws(),
        targets,
        c.dynamicTargets(),
        c.pipeline(),
        c.circuitBreaker(),
        c.metrics(),
        c.logging(),
        c.fingerprintKey(),
        c.agent(),
        c.notifications(),
        c.policies(),
        c.audit(),
        c.tracing());
  }
}
