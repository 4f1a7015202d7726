package dev.secretsync.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Binds {@code dynamic_targets:}; templates are parsed here so placeholder typos are config errors.
 */
final class DiscoveryBinder {
  private final YamlContext ctx;

  DiscoveryBinder(YamlContext ctx) {
    this.ctx = ctx;
  }

  Map<String, DynamicTargetConfig> bind(YamlObject top) {
    Map<String, DynamicTargetConfig> out = new LinkedHashMap<>();
    top.namedEntries("dynamic_targets").forEach((name, node) -> out.put(name, block(name, node)));
    return out;
  }

  private DynamicTargetConfig block(String name, Node node) {
    String path = "dynamic_targets." + name;
    YamlObject o = YamlObject.of(node, path, ctx);
    YamlObject d = o.object("discovery");
    DynamicTargetConfig.Organizations org = null;
    DynamicTargetConfig.IdentityCenter ic = null;
    Duration ttl = Duration.ZERO;
    if (d == null) {
      o.problem("discovery", "discovery is required: discovery: {organizations: {}}");
    } else {
      YamlObject g = d.object("organizations");
      if (g == null) {
        d.problem("organizations", "organizations is required (an empty {} lists every account)");
      } else {
        org = organizations(g);
      }
      YamlObject i = d.object("identity_center");
      if (i != null) {
        ic = identityCenter(i);
      }
      YamlObject c = d.object("cache");
      if (c != null) {
        ttl = c.duration("ttl", ttl);
        c.finish();
      }
      d.finish();
    }
    TargetTemplate template = null;
    Node t = o.raw("template");
    if (t == null || YamlObject.isNull(t)) {
      o.problem("template", "template is required: the fields of each generated target");
    } else {
      template = TargetTemplate.bind(t, o.child("template"), ctx);
    }
    o.allow("template");
    o.finish();
    if (org == null) {
      org =
          new DynamicTargetConfig.Organizations(
              "", List.of(), true, List.of("ACTIVE"), Map.of(), Map.of(), List.of());
    }
    return new DynamicTargetConfig(name, org, ic, ttl, template);
  }

  private DynamicTargetConfig.Organizations organizations(YamlObject g) {
    Map<String, String> all = Map.of();
    Map<String, List<String>> any = new LinkedHashMap<>();
    YamlObject tags = g.object("tags");
    if (tags != null) {
      all = tags.has("all") ? tags.stringMap("all") : Map.of();
      // Tag names are the user's: a free-form map (a named map to the schema).
      Map<String, Node> anyEntries = tags.namedEntries("any");
      anyEntries.forEach(
          (key, v) -> {
            String at = tags.child("any") + "." + key;
            if (v instanceof SequenceNode) {
              any.put(key, YamlObject.stringList(v, at, ctx));
            } else {
              // A non-scalar is reported by scalarString (null): keep the key with no values.
              String one = YamlObject.scalarString(v, at, ctx);
              any.put(key, one == null ? List.of() : List.of(one));
            }
          });
      tags.finish();
    }
    DynamicTargetConfig.Organizations org =
        new DynamicTargetConfig.Organizations(
            g.string("role_arn", ""),
            g.strings("ous"),
            g.bool("recursive", true),
            g.has("status") ? g.strings("status") : List.of("ACTIVE"),
            all,
            any,
            g.strings("exclude_accounts"));
    g.finish();
    return org;
  }

  private DynamicTargetConfig.IdentityCenter identityCenter(YamlObject i) {
    String group = "";
    String user = "";
    YamlObject p = i.object("principal");
    if (p != null) {
      group = p.string("group", "");
      user = p.string("user", "");
      p.finish();
    }
    DynamicTargetConfig.IdentityCenter ic =
        new DynamicTargetConfig.IdentityCenter(i.string("permission_set", ""), group, user);
    i.finish();
    return ic;
  }
}
