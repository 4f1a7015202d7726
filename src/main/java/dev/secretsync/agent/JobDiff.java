package dev.secretsync.agent;

import dev.secretsync.config.AgentConfig;
import java.util.Objects;

/**
 * Whether a reloaded job is the same job. A job's identity is its name (consul-template keys jobs
 * the same way); a job whose settings or template text changed is replaced and runs at once, an
 * unchanged one keeps its schedule and state.
 */
final class JobDiff {
  private JobDiff() {}

  static boolean same(AgentConfig.Secret a, AgentConfig.Secret b) {
    return a.name().equals(b.name())
        && Objects.equals(a.vault(), b.vault())
        && a.source().equals(b.source())
        && a.key().equals(b.key())
        && a.owner().equals(b.owner())
        && a.group().equals(b.group())
        && a.refresh().equals(b.refresh())
        && a.destination().equals(b.destination())
        && a.templateFile().equals(b.templateFile())
        && a.mode().equals(b.mode())
        && a.required() == b.required()
        // Template has no equals: the parsed form follows from the text.
        && a.template().source().equals(b.template().source());
  }
}
