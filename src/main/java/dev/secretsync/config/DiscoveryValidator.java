package dev.secretsync.config;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Semantic checks on {@code dynamic_targets:} that need no account: ids, statuses, ARNs, the
 * Identity Center block, and the template bound once with sample values (so an unknown target key
 * or an import of nothing is reported at load time, with its line).
 */
final class DiscoveryValidator {
  private static final Pattern PARENT =
      Pattern.compile("r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}");
  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern ROLE = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/.+");
  private static final Set<String> STATUSES = Set.of("ACTIVE", "SUSPENDED", "PENDING_CLOSURE");

  private final YamlContext ctx;
  private final SecretSyncConfig config;

  DiscoveryValidator(YamlContext ctx, SecretSyncConfig config) {
    this.ctx = ctx;
    this.config = config;
  }

  void validate() {
    for (DynamicTargetConfig d : config.dynamicTargets().values()) {
      String path = "dynamic_targets." + d.name();
      String org = path + ".discovery.organizations";
      DynamicTargetConfig.Organizations o = d.organizations();
      if (config.targets().containsKey(d.name()) || config.sources().containsKey(d.name())) {
        ctx.problemAt(path, "\"" + d.name() + "\" is also a source or target name: rename one");
      }
      if (!o.roleArn().isEmpty() && !ROLE.matcher(o.roleArn()).matches()) {
        ctx.problemAt(
            org + ".role_arn", "expected a role ARN such as arn:aws:iam::123456789012:role/Name");
      }
      each(
          org + ".ous",
          o.ous(),
          v -> PARENT.matcher(v).matches(),
          "is not an OU or root id (ou-xxxx-xxxxxxxx or r-xxxx)");
      each(
          org + ".status",
          o.status(),
          STATUSES::contains,
          "is not an account status (ACTIVE, SUSPENDED or PENDING_CLOSURE)");
      each(
          org + ".exclude_accounts",
          o.excludeAccounts(),
          v -> ACCOUNT.matcher(v).matches(),
          "is not an AWS account id (12 digits; quote it in YAML)");
      if (o.status().isEmpty()) {
        ctx.problemAt(org + ".status", "list at least one status, e.g. [ACTIVE]");
      }
      DynamicTargetConfig.IdentityCenter ic = d.identityCenter();
      if (ic != null) {
        String p = path + ".discovery.identity_center";
        if (ic.permissionSet().isBlank()) {
          ctx.problemAt(p + ".permission_set", "permission_set (its name) is required");
        }
        if (!ic.group().isEmpty() && !ic.user().isEmpty()) {
          ctx.problemAt(p + ".principal", "give a group or a user, not both");
        }
      }
      if (d.cacheTtl().isNegative()) {
        ctx.problemAt(path + ".discovery.cache.ttl", "must not be negative (0 lists every run)");
      }
      if (d.template() != null && d.template().usable()) {
        sample(d);
      }
    }
  }

  /**
   * Binds the raw template once (placeholders are just text to the binder) so unknown keys and
   * wrong types are reported at load time, and checks literal imports exist.
   */
  private void sample(DynamicTargetConfig d) {
    TargetTemplate t = d.template();
    Node body = t.body();
    Problems own = new Problems("");
    YamlContext sub = new YamlContext(own, ctx.interpolator);
    TargetConfig bound = new ConfigBinder(sub).target("sample", body);
    for (ConfigProblem p : own.sorted()) {
      String where = p.path().replaceFirst("^targets\\.sample", t.path());
      ctx.problems.add(p.line(), p.column(), where, p.message());
    }
    List<String> imports = bound.imports();
    for (int i = 0; i < imports.size(); i++) {
      String imp = imports.get(i);
      if (!Placeholders.hasAny(imp)
          && !config.sources().containsKey(imp)
          && !config.targets().containsKey(imp)) {
        ctx.problemAt(
            t.path() + ".imports[" + i + "]",
            "unknown source or target \""
                + imp
                + "\" (generated targets import sources and static"
                + " targets)");
      }
    }
  }

  private void each(
      String path, List<String> values, java.util.function.Predicate<String> ok, String what) {
    for (int i = 0; i < values.size(); i++) {
      if (!ok.test(values.get(i))) {
        ctx.problemAt(path + "[" + i + "]", "\"" + values.get(i) + "\" " + what);
      }
    }
  }
}
