# SecretSync container image.
#
#   docker build -t secretsync .
#   docker run --rm -v "$PWD/secretsync.yaml:/config/secretsync.yaml:ro" secretsync          # pipeline
#   docker run --rm -v "$PWD:/config:ro" secretsync validate
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
 && install -m 0755 target/secretsync /secretsync

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
