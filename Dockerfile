# SecretSync container image.
#
#   docker build -t secretsync .
#   docker run --rm -v "$PWD/secretsync.yaml:/config/secretsync.yaml:ro" secretsync          # pipeline
#   docker run --rm -v "$PWD:/config:ro" secretsync validate
#   docker build --target agent -t secretsync-agent .   # the sidecar (docs/agent.md)
#
# Every base image is pinned to an exact version tag (Dependabot proposes updates). Release builds
# pin them by digest as well: see docs/container.md, "Pinning base images by digest".

# ---- build: the Maven wrapper on a pinned JDK ---------------------------------------------------
# The jar is platform-independent: build it once on the builder's own platform (no emulation).
FROM --platform=$BUILDPLATFORM eclipse-temurin:21.0.5_11-jdk-noble AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY src/main/ src/main/
# Tests run in CI, not here; -Dmdep.skip skips fetching the tests' S3 emulator.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -Dmaven.test.skip=true -Dmdep.skip=true package \
 && install -m 0755 target/secretsync /secretsync \
 && cp target/secretsync-*-all.jar /secretsync.jar

# ---- agent: the sidecar image (`docker build --target agent`) -----------------------------------
# Distroless-style: an empty base holding a jlink'd JRE (only the modules the CLI uses), the jar,
# the C library the JRE links to, and a small exec launcher, so no shell is needed or present:
# exec-form commands and HEALTHCHECK run `secretsync` directly. Built for the target platform
# (jlink output and the launcher are native code).
FROM eclipse-temurin:21.0.5_11-jdk-noble AS agent-rootfs
COPY src/main/launcher/secretsync-exec.c /tmp/secretsync-exec.c
COPY --from=build /secretsync.jar /rootfs/opt/secretsync/secretsync.jar
# The libraries are what ldd says the JRE and the launcher load (the JRE's own excepted). The
# modules: `jdeps --multi-release 17 --ignore-missing-deps --print-module-deps` of the jar,
# plus jdk.crypto.ec (the SunEC provider TLS negotiates ECDHE with, loaded as a service, so jdeps
# cannot see it). docs/agent.md says how to check the list after a dependency update.
RUN apt-get update \
 && apt-get install -y --no-install-recommends gcc libc6-dev \
 && jlink --add-modules java.base,java.desktop,java.management,java.naming,java.net.http,java.security.jgss,java.sql,jdk.crypto.ec,jdk.httpserver,jdk.management,jdk.unsupported \
      --strip-debug --no-man-pages --no-header-files --compress=zip-6 --output /rootfs/opt/java \
 && mkdir -p /rootfs/usr/local/bin /rootfs/etc /rootfs/config /rootfs/run/secretsync /rootfs/secrets \
 && gcc -O2 -Wall -Wextra -o /rootfs/usr/local/bin/secretsync /tmp/secretsync-exec.c \
 && ldd /rootfs/opt/java/bin/java /rootfs/opt/java/lib/*.so /rootfs/opt/java/lib/server/libjvm.so \
      /rootfs/usr/local/bin/secretsync \
    | awk '$2 == "=>" && $3 ~ /^\// && $3 !~ /^\/rootfs\// {print $3} $1 ~ /^\/.*ld-linux/ {print $1}' \
    | sort -u \
    | xargs -I{} cp --parents -L {} /rootfs \
 && cp /etc/ld.so.cache /rootfs/etc/ \
 && printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/nonexistent:/sbin/nologin\n' \
      > /rootfs/etc/passwd \
 && printf 'root:x:0:\nnonroot:x:65532:\n' > /rootfs/etc/group \
 && mkdir -m 1777 /rootfs/tmp \
 && chown 65532:65532 /rootfs/run/secretsync /rootfs/secrets \
 && /rootfs/opt/java/bin/java -jar /rootfs/opt/secretsync/secretsync.jar --version

FROM scratch AS agent
ARG VERSION=dev
LABEL org.opencontainers.image.title="secretsync-agent" \
      org.opencontainers.image.description="secretsync agent: Vault/OpenBao secrets rendered into files on a shared volume, kept fresh." \
      org.opencontainers.image.source="https://github.com/secretsync/secretsync" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.version="${VERSION}"
COPY --from=agent-rootfs /rootfs/ /
# /run/secretsync holds the status file (the default agent.status_file); /secrets is a mount point
# for the shared volume. JVM options go in JDK_JAVA_OPTIONS (the java launcher reads it).
ENV PATH=/usr/local/bin:/opt/java/bin \
    SECRETSYNC_CONFIG=/config/secretsync.yaml
USER 65532:65532
WORKDIR /config
EXPOSE 8080
HEALTHCHECK --interval=5s --timeout=5s --start-period=10s --retries=3 CMD ["secretsync", "isready"]
ENTRYPOINT ["secretsync"]
CMD ["agent"]

# ---- runtime: a pinned JRE, non-root, read-only-root-filesystem friendly ------------------------
FROM eclipse-temurin:21.0.5_11-jre-noble AS runtime

ARG VERSION=dev
LABEL org.opencontainers.image.title="secretsync" \
      org.opencontainers.image.description="Makes an organisation's secrets converge: Vault/files -> deep merge -> plan -> AWS Secrets Manager, GitHub, files." \
      org.opencontainers.image.source="https://github.com/secretsync/secretsync" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.version="${VERSION}"

# uid/gid 65532 ("nonroot", as in distroless images). ca-certificates come with the base image;
# the check fails the build if a future base image drops them.
RUN groupadd --gid 65532 nonroot \
 && useradd --uid 65532 --gid 65532 --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin nonroot \
 && test -s /etc/ssl/certs/ca-certificates.crt \
 && mkdir -p /config /opt/secretsync

COPY --from=build /secretsync /usr/local/bin/secretsync

# AppCDS: run the CLI once on the bundled example (a dry run: it writes nothing) with
# -XX:ArchiveClassesAtExit, so the classes it loads are archived; every later start maps them
# instead of loading and verifying them again. The archive is tied to this JRE and this jar, both
# fixed in this image. docs/performance.md has the figures.
COPY examples/quickstart/ /opt/secretsync/training/
RUN cd /opt/secretsync/training \
 && JAVA_OPTS="-XX:ArchiveClassesAtExit=/opt/secretsync/secretsync.jsa" \
      secretsync pipeline --config secretsync.yaml --dry-run > /dev/null \
 && JAVA_OPTS="-XX:SharedArchiveFile=/opt/secretsync/secretsync.jsa -Xshare:on" secretsync version \
 && rm -rf /opt/secretsync/training \
 && chmod 0444 /opt/secretsync/secretsync.jsa

# JAVA_OPTS is read by the launcher; keep the archive flag when you override it. No hsperfdata
# files: the root filesystem may be read-only (only /tmp and configured paths are written).
ENV JAVA_OPTS="-XX:SharedArchiveFile=/opt/secretsync/secretsync.jsa -XX:-UsePerfData" \
    SECRETSYNC_CONFIG=/config/secretsync.yaml

USER 65532:65532
WORKDIR /config

ENTRYPOINT ["secretsync"]
# The default command is `pipeline --config /config/secretsync.yaml`, with the path coming from
# SECRETSYNC_CONFIG so that `-e SECRETSYNC_CONFIG=...` still changes it (a --config flag would win).
CMD ["pipeline"]
