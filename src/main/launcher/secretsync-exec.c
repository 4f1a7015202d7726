/*
 * SecretSync launcher for images without a shell (the `agent` image target): execs the bundled
 * JRE on the bundled jar with the flags src/main/launcher/secretsync.sh passes, followed by the
 * arguments, so that exec-form commands such as HEALTHCHECK CMD ["secretsync", "isready"] work.
 * JVM options: JDK_JAVA_OPTIONS (read by the java launcher itself), e.g. -XX:MaxRAMPercentage=75.
 * The paths are compile-time constants (-DSECRETSYNC_JAVA=..., -DSECRETSYNC_JAR=...).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef SECRETSYNC_JAVA
#define SECRETSYNC_JAVA "/opt/java/bin/java"
#endif
#ifndef SECRETSYNC_JAR
#define SECRETSYNC_JAR "/opt/secretsync/secretsync.jar"
#endif

static const char *const FLAGS[] = {
    "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
};

int main(int argc, char **argv) {
  size_t nflags = sizeof FLAGS / sizeof *FLAGS;
  char **args = calloc((size_t)argc + nflags + 3, sizeof *args);
  if (args == NULL) {
    perror("secretsync");
    return 2;
  }
  size_t n = 0;
  args[n++] = "java";
  for (size_t i = 0; i < nflags; i++) {
    args[n++] = (char *)FLAGS[i];
  }
  args[n++] = "-jar";
  args[n++] = SECRETSYNC_JAR;
  for (int i = 1; i < argc; i++) {
    args[n++] = argv[i];
  }
  args[n] = NULL;
  execv(SECRETSYNC_JAVA, args);
  /* Only reached when the exec failed. */
  fprintf(stderr, "secretsync: cannot run %s: %s\n", SECRETSYNC_JAVA, strerror(errno));
  return 2;
}
