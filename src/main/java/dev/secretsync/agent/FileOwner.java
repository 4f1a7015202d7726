package dev.secretsync.agent;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;

/**
 * A job's {@code owner} / {@code group}: a name or a numeric id each, either may be empty (left as
 * created). Names are looked up at each write, so a user added to the image later needs no restart.
 *
 * <p>As in consul-template (which vault-agent renders with): when an owner or group is set, a file
 * whose content is unchanged but whose owner differs is fixed, and a {@code chown} the process may
 * not do fails the job with a clear error rather than leaving a file the application cannot read
 * (or, worse, one readable by the wrong user). Giving a file away needs root or {@code CAP_CHOWN}.
 *
 * @param user user name or uid, or empty
 * @param group group name or gid, or empty
 */
record FileOwner(String user, String group) {
  /** Leave ownership as the file system creates it. */
  static final FileOwner NONE = new FileOwner("", "");

  boolean isSet() {
    return !user.isEmpty() || !group.isEmpty();
  }

  /** Whether {@code file}'s owner or group differs from the wanted one. */
  boolean differs(Path file) throws IOException {
    if (!isSet()) {
      return false;
    }
    PosixFileAttributes now =
        Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    UserPrincipalLookupService lookup = file.getFileSystem().getUserPrincipalLookupService();
    return (!user.isEmpty() && !now.owner().equals(user(lookup)))
        || (!group.isEmpty() && !now.group().equals(group(lookup)));
  }

  /**
   * Gives {@code file} to the wanted owner and group.
   *
   * @throws IOException with a message naming what to change (unknown name, not permitted)
   */
  void apply(Path file, Path destination) throws IOException {
    if (!isSet()) {
      return;
    }
    UserPrincipalLookupService lookup = file.getFileSystem().getUserPrincipalLookupService();
    PosixFileAttributeView view =
        Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    try {
      if (!user.isEmpty()) {
        view.setOwner(user(lookup));
      }
      if (!group.isEmpty()) {
        view.setGroup(group(lookup));
      }
    } catch (AccessDeniedException e) {
      throw notPermitted(destination);
    } catch (FileSystemException e) {
      if (e.getReason() != null && e.getReason().contains("not permitted")) {
        throw notPermitted(destination);
      }
      throw e;
    }
  }

  private IOException notPermitted(Path destination) {
    return new IOException(
        "cannot give "
            + destination
            + " to "
            + describe()
            + ": operation not permitted (changing a file's owner needs root or CAP_CHOWN; run"
            + " the agent as root or remove owner/group from the job)");
  }

  String describe() {
    return (user.isEmpty() ? "" : "owner " + user)
        + (!user.isEmpty() && !group.isEmpty() ? ", " : "")
        + (group.isEmpty() ? "" : "group " + group);
  }

  private UserPrincipal user(UserPrincipalLookupService lookup) throws IOException {
    try {
      return lookup.lookupPrincipalByName(user);
    } catch (UserPrincipalNotFoundException e) {
      throw new IOException(
          "unknown user \"" + user + "\" (owner): not in this system's user database; use a uid");
    }
  }

  private GroupPrincipal group(UserPrincipalLookupService lookup) throws IOException {
    try {
      return lookup.lookupPrincipalByGroupName(group);
    } catch (UserPrincipalNotFoundException e) {
      throw new IOException(
          "unknown group \""
              + group
              + "\" (group): not in this system's group database; use a gid");
    }
  }
}
