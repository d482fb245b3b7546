# llmrouter in a container: the distribution's layout (bin/llmrouter, lib/llmrouter.jar, conf/)
# on a JRE base image. Build the distribution first, then the image:
#
#   mvn -B package -DskipTests
#   docker build -t llmrouter .
#
# The channel file and the metrics history live in /data/.config (a volume), logs in /data/logs.
# Java 25 (the current long-term release): virtual threads and compact object headers, the
# runtime the benchmarks measured best (BENCHMARKS.md, "Where the overhead targets stand").
FROM eclipse-temurin:25-jre

ARG VERSION=0.1.0-SNAPSHOT

RUN groupadd --system llmrouter \
 && useradd --system --gid llmrouter --uid 10001 --home-dir /data --shell /usr/sbin/nologin llmrouter \
 && mkdir -p /data/.config /data/logs \
 && chown -R llmrouter:llmrouter /data

# The tarball unpacks to /opt/llmrouter-<version>.
ADD llmrouter-server/target/llmrouter-${VERSION}.tar.gz /opt/
RUN ln -s /opt/llmrouter-${VERSION} /opt/llmrouter \
 && mkdir -p /opt/llmrouter/cds \
 && chown llmrouter:llmrouter /opt/llmrouter/cds

WORKDIR /data
VOLUME ["/data/.config", "/data/logs"]
USER llmrouter

ENV PORT=3000 \
    LISTEN_HOST=0.0.0.0
EXPOSE 3000

# /health is public; bash's /dev/tcp needs no curl in the image.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${PORT} && printf 'GET /health HTTP/1.0\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]

# bin/llmrouter execs the JVM: docker stop's SIGTERM reaches it and in-flight requests finish.
ENTRYPOINT ["/opt/llmrouter/bin/llmrouter"]
