package dev.secretsync.config;

import java.util.List;

/**
 * One source ({@code sources.<name>}): exactly one of {@code vault} or {@code file}.
 *
 * @param name the source's name
 * @param vault a Vault KV mount, or {@code null}
 * @param file a local directory of YAML/JSON files, or {@code null}
 */
public record SourceConfig(String name, Vault vault, File file) {

  /** The provider kind: {@code vault} or {@code file}. */
  public String kind() {
    return vault != null ? "vault" : "file";
  }

  /**
   * A Vault KV mount.
   *
   * @param mount the mount, one segment ({@code analytics}) or several ({@code teams/data})
   * @param paths sub-trees to list ({@code ""} = the whole mount)
   * @param kvVersion {@code auto}, {@code 1} or {@code 2}
   * @param address overrides {@code vault.address} for this source, or empty
   * @param namespace overrides {@code vault.namespace} for this source, or empty
   */
  public record Vault(
      String mount, List<String> paths, String kvVersion, String address, String namespace) {}

  /**
   * A directory of {@code .yaml}, {@code .yml} and {@code .json} files; key = relative path without
   * extension.
   *
   * @param path the directory, relative to the config file
   */
  public record File(String path) {}
}
