package dev.secretsync.config;

import dev.secretsync.template.Template;
import dev.secretsync.template.TemplateException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Binds {@code agent:}. Templates are parsed here, at load time, so a typo in a template is a
 * config error ({@code agent.secrets[2].template:3:14: unknown function "upprr"}) rather than a job
 * that fails at 3 a.m.
 */
final class AgentBinder {
  private final YamlContext ctx;
  private final Path baseDir;

  AgentBinder(YamlContext ctx, Path baseDir) {
    this.ctx = ctx;
    this.baseDir = baseDir;
  }

  AgentConfig bind(YamlObject o) {
    AgentConfig d = AgentConfig.NONE;
    if (o == null) {
      return d;
    }
    List<AgentConfig.Secret> secrets = new ArrayList<>();
    Node list = o.raw("secrets");
    if (list instanceof SequenceNode seq) {
      int i = 0;
      for (Node item : seq.getValue()) {
        String path = o.child("secrets") + "[" + i++ + "]";
        ctx.remember(path, item);
        secrets.add(secret(YamlObject.of(item, path, ctx)));
      }
    } else if (list != null && !YamlObject.isNull(list)) {
      ctx.problem(list, o.child("secrets"), "expected a list, found " + YamlObject.describe(list));
    }
    AgentConfig.Health health = d.health();
    YamlObject h = o.object("health");
    if (h != null) {
      health =
          new AgentConfig.Health(
              h.string("address", health.address()), h.integer("port", health.port()));
      h.finish();
    }
    AgentConfig a =
        new AgentConfig(
            secrets,
            health,
            o.string("status_file", d.statusFile()),
            o.bool("watch_config", d.watchConfig()),
            o.duration("shutdown_timeout", d.shutdownTimeout()));
    o.finish();
    return a;
  }

  private AgentConfig.Secret secret(YamlObject o) {
    AgentConfig.Vault vault = null;
    YamlObject v = o.object("vault");
    if (v != null) {
      vault =
          new AgentConfig.Vault(
              v.string("path", ""),
              v.string("mount", ""),
              v.choice("kv_version", "auto", Set.of("auto", "1", "2")),
              v.integer("version", 0));
      v.finish();
    }
    String refreshText = o.string("refresh", "5m");
    Duration refresh = Duration.ofMinutes(5);
    if ("never".equals(refreshText)) {
      refresh = Duration.ZERO;
    } else {
      refresh = o.duration("refresh", refresh);
    }
    String inline = o.string("template", null);
    String file = o.string("template_file", "");
    Template template = null;
    if (inline != null) {
      template = parse(inline, o, "template", null);
    } else if (!file.isEmpty()) {
      template = fromFile(file, o);
    }
    AgentConfig.Secret s =
        new AgentConfig.Secret(
            o.string("name", ""),
            vault,
            o.string("source", ""),
            o.string("key", ""),
            refresh,
            o.string("destination", ""),
            template,
            file,
            o.string("mode", "0400"),
            o.string("owner", ""),
            o.string("group", ""),
            o.bool("required", true));
    if (inline != null && !file.isEmpty()) {
      o.problem("template_file", "give either template or template_file, not both");
    }
    o.finish();
    return s;
  }

  private Template fromFile(String file, YamlObject o) {
    Path p = baseDir.resolve(file).normalize();
    try {
      return parse(Files.readString(p, StandardCharsets.UTF_8), o, "template_file", file);
    } catch (NoSuchFileException e) {
      o.problem("template_file", "template file " + p + " does not exist");
    } catch (IOException e) {
      o.problem("template_file", "cannot read template file " + p + ": " + e.getMessage());
    }
    return null;
  }

  /** Parses a template; a problem names the template's own line:column after the config path. */
  private Template parse(String text, YamlObject o, String key, String file) {
    try {
      return Template.parse(text);
    } catch (TemplateException e) {
      if (file == null) {
        ctx.problem(o.raw(key), o.child(key) + ":" + e.line() + ":" + e.column(), e.detail());
      } else {
        ctx.problem(o.raw(key), o.child(key), file + ":" + e.getMessage());
      }
      return null;
    }
  }
}
