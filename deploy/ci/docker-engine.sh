#!/usr/bin/env bash
# Gives the container test (test/deploy/container-cluster.test.ts) a Docker
# engine and a local base image, on a machine that can reach only Debian's
# archive and the npm registry (no image registry):
#   1. installs Debian's docker.io when dockerd is missing;
#   2. starts dockerd on the default socket unless an engine already answers;
#   3. builds eddy-local/node:20-slim, a Debian bookworm (debootstrap minbase)
#      root filesystem with this machine's Node.js 20, npm and Node's headers,
#      unless that image exists (docker import; no registry involved).
# Idempotent. Exits 0 with a "skip" line when no engine can be started, so the
# test then skips (loudly) instead of failing; any other failure exits 1.
set -euo pipefail

BASE_TAG=eddy-local/node:20-slim
state="${EDDY_DOCKER_STATE:-/var/tmp/eddy-docker}"

say() { echo "docker-engine: $*"; }

if ! command -v dockerd >/dev/null 2>&1; then
  say "installing docker.io"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io >/dev/null
fi

if ! docker version --format '{{.Server.Version}}' >/dev/null 2>&1; then
  mkdir -p "$state"
  say "starting dockerd (log: $state/dockerd.log)"
  # setsid: the engine outlives this script, as a service would.
  setsid dockerd --pidfile "$state/dockerd.pid" >"$state/dockerd.log" 2>&1 < /dev/null &
  for _ in $(seq 1 60); do
    docker version --format '{{.Server.Version}}' >/dev/null 2>&1 && break
    sleep 1
  done
  if ! docker version --format '{{.Server.Version}}' >/dev/null 2>&1; then
    tail -5 "$state/dockerd.log" | sed 's/^/  /'
    say "skip: dockerd did not start here; the container test will skip"
    exit 0
  fi
fi
say "engine $(docker version --format '{{.Server.Version}}') answers"

if [ -n "$(docker images -q "$BASE_TAG")" ]; then
  say "$BASE_TAG exists"
  exit 0
fi

node_bin="$(command -v node)"
case "$("$node_bin" --version)" in
  v20.*) ;;
  *) say "this machine's node is $("$node_bin" --version), not 20: set EDDY_DOCKER_BASE_IMAGE instead"; exit 1 ;;
esac
node_prefix="$(dirname "$(dirname "$(readlink -f "$node_bin")")")"
command -v debootstrap >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null

rootfs="$(mktemp -d)"
trap 'rm -rf "$rootfs"' EXIT
say "debootstrap bookworm into $rootfs"
# The same Debian mirror apt already uses on this machine.
mirror="$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)"
[ -n "$mirror" ] || mirror="$(awk '$1 == "deb" { print $2; exit }' /etc/apt/sources.list 2>/dev/null)"
if [ -z "$mirror" ]; then
  say "no Debian mirror found in apt's sources; cannot build the base image"
  exit 1
fi
debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$state/debootstrap.log" 2>&1 \
  || { tail -5 "$state/debootstrap.log"; exit 1; }
mkdir -p "$rootfs/usr/local/bin" "$rootfs/usr/local/lib/node_modules" "$rootfs/usr/local/include"
cp "$(readlink -f "$node_bin")" "$rootfs/usr/local/bin/node"
cp -a "$node_prefix/lib/node_modules/npm" "$rootfs/usr/local/lib/node_modules/"
cp -a "$node_prefix/include/node" "$rootfs/usr/local/include/"
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
# The image trusts what this machine trusts (its CA bundle is public
# certificates only), so npm and pnpm inside a build reach the registry as
# they do here.
mkdir -p "$rootfs/etc/ssl/certs" "$rootfs/usr/local/etc"
cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
echo "cafile=/etc/ssl/certs/ca-certificates.crt" >"$rootfs/usr/local/etc/npmrc"
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
tar -C "$rootfs" -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
  --change 'ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt' \
  --change 'CMD ["node"]' - "$BASE_TAG" >/dev/null
say "built $BASE_TAG"
