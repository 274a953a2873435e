# syntax=docker/dockerfile:1
# Build a static binary, then ship it alone in a distroless image that runs
# as a non-root user. Time-zone data is embedded in the binary.
#
# .git stays out of the build context (.dockerignore), so the version and
# commit come in as build arguments; "eidbot version" prints them:
#
#   docker build --build-arg VERSION="$(git describe --tags --always --dirty)" \
#                --build-arg COMMIT="$(git rev-parse HEAD)" -t eidbot .
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=devel
ARG COMMIT=unknown
RUN CGO_ENABLED=0 go build -trimpath -buildvcs=false \
      -ldflags="-s -w -X main.version=${VERSION} -X main.commit=${COMMIT}" \
      -o /out/eidbot ./cmd/eidbot

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/eidbot /eidbot
USER nonroot:nonroot
EXPOSE 8080
ENV EIDBOT_ADDR=:8080
HEALTHCHECK --interval=30s --timeout=3s CMD ["/eidbot", "probe", "http://127.0.0.1:8080/healthz"]
ENTRYPOINT ["/eidbot"]
CMD ["serve"]
