# syntax=docker/dockerfile:1
#
# The Pretext image: one image for every role (PRETEXT_ROLES=api, worker or both).
#
#   docker build -t pretext:0.1.0 .                                  # CPU (default)
#   docker build --build-arg FLAVOR=cu128 -t pretext:0.1.0-cu128 .   # CUDA 12.8 workers
#
# The CUDA flavor downloads libtorch 2.7.1+cu128 while the image is built (never at run time):
# DJL serves no CUDA native jar for PyTorch 2.7.1 on Maven Central, so DJL is pointed at that
# folder (PYTORCH_LIBRARY_PATH) and the CPU native jar is left out of the image. The host needs
# an NVIDIA driver and the NVIDIA container toolkit; libtorch brings its own CUDA libraries.

ARG FLAVOR=cpu

# ---- build: the Spring Boot jar, split into its layers ------------------------------------------
FROM eclipse-temurin:17-jdk AS build
WORKDIR /build
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY db/ db/
COPY src/main/ src/main/
# No tests here (CI runs them); mdep.skip skips copying S3Proxy, which only the tests use.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B --no-transfer-progress package -Dmaven.test.skip=true -Dmdep.skip=true \
    && cp target/pretext-*.jar application.jar
# extract --layers (no --launcher) gives lib/*.jar and a thin application.jar. The training child
# JVM is started on the parent's java.class.path, so the entrypoint below names an explicit
# class path: with `java -jar application.jar` or Boot's JarLauncher the child finds neither
# PropertiesLauncher nor its main class.
RUN java -Djarmode=tools -jar application.jar extract --layers --destination extracted \
    && mkdir -p extracted/pytorch-native-cpu/lib \
    && mv extracted/dependencies/lib/pytorch-native-cpu-*.jar extracted/pytorch-native-cpu/lib/

# ---- libtorch for the CUDA flavor (only built when FLAVOR=cu128) --------------------------------
FROM eclipse-temurin:17-jdk AS libtorch-cu128
ARG LIBTORCH_URL=https://download.pytorch.org/libtorch/cu128/libtorch-cxx11-abi-shared-with-deps-2.7.1%2Bcu128.zip
# Optional: pin the archive's SHA-256 (--build-arg LIBTORCH_SHA256=...) to fail on any other file.
ARG LIBTORCH_SHA256=
RUN set -eux; \
    apt-get update; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends unzip; \
    rm -rf /var/lib/apt/lists/*; \
    curl -fsSL --retry 3 -o /tmp/libtorch.zip "$LIBTORCH_URL"; \
    if [ -n "$LIBTORCH_SHA256" ]; then echo "$LIBTORCH_SHA256  /tmp/libtorch.zip" | sha256sum -c -; fi; \
    unzip -q /tmp/libtorch.zip -d /opt; \
    rm /tmp/libtorch.zip; \
    test -f /opt/libtorch/lib/libtorch.so

# ---- runtime base: JRE, non-root user, data directory -------------------------------------------
FROM eclipse-temurin:17-jre AS runtime-base
# jemalloc: the worker preloads it into training children (pretext.worker.child-allocator=auto),
# which gives back the memory of text batches cut to their longest text; glibc's malloc keeps it.
RUN set -eux; \
    apt-get update; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends libjemalloc2; \
    rm -rf /var/lib/apt/lists/*; \
    groupadd --system --gid 10001 pretext; \
    useradd --system --uid 10001 --gid pretext --home-dir /home/pretext --create-home \
        --shell /usr/sbin/nologin pretext; \
    mkdir -p /data; \
    chown pretext:pretext /data
# PRETEXT_DATA_DIR: the worker's job folders (and, without SPRING_DATASOURCE_URL, the embedded
# database and the folder artifact store). DJL_CACHE_DIR: where DJL unpacks its native libraries,
# writable for the non-root user. JAVA_OPTS: options of the main JVM only (training children get
# -Xmx from PRETEXT_WORKER_CHILDHEAP).
ENV PRETEXT_DATA_DIR=/data \
    DJL_CACHE_DIR=/data/djl \
    JAVA_OPTS="-XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError"

FROM runtime-base AS flavor-cpu
COPY --from=build /build/extracted/pytorch-native-cpu/ /app/

FROM runtime-base AS flavor-cu128
COPY --from=libtorch-cu128 /opt/libtorch/lib/ /opt/libtorch/lib/
ENV PYTORCH_LIBRARY_PATH=/opt/libtorch/lib \
    PYTORCH_VERSION=2.7.1 \
    PYTORCH_FLAVOR=cu128 \
    NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility

# ---- the image: the flavor plus the application layers, least often changed first --------------
FROM flavor-${FLAVOR}
WORKDIR /app
COPY --from=build /build/extracted/dependencies/ ./
COPY --from=build /build/extracted/spring-boot-loader/ ./
COPY --from=build /build/extracted/snapshot-dependencies/ ./
COPY --from=build /build/extracted/application/ ./
USER pretext:pretext
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 \
    CMD curl -fsS "http://localhost:${SERVER_PORT:-8080}/actuator/health/readiness" >/dev/null || exit 1
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -cp '/app/application.jar:/app/lib/*' io.pretext.PretextApplication \"$@\"", "pretext"]
