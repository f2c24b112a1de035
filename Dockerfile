# claimtrack in a container:
#
#   docker build -t claimtrack .
#   docker run --rm -v "$PWD:/repo" -w /repo claimtrack check
#
# Built in two stages; the image holds the binary, git (for review and
# --changed-since) and the CA certificates, and runs as a user without
# privileges.
FROM rust:1-slim-bookworm AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends make \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cargo build --profile dist --locked && strip target/dist/claimtrack

FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates git \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --uid 10001 --create-home --shell /usr/sbin/nologin claimtrack \
    && git config --system --add safe.directory /repo
COPY --from=build /src/target/dist/claimtrack /usr/local/bin/claimtrack
USER claimtrack
WORKDIR /repo
ENTRYPOINT ["claimtrack"]
CMD ["check"]
