#!/bin/sh
# Entrypoint of the Eddy image (under tini). With no arguments, or with flags
# only, it runs `eddy server`; any other arguments run that eddy command.
# For the server it fills in what a StatefulSet pod knows only at run time,
# unless the variable is already set:
#   EDDY_NODE_ID             EDDY_NODE_ID_BASE + the pod ordinal (the -N suffix of
#                            the pod name): controllers 1.., storage nodes 101..
#   EDDY_ADVERTISED_ADDRESS  <pod>.<EDDY_HEADLESS_SERVICE>.<POD_NAMESPACE>.svc:<port>
#                            (the port of EDDY_LISTEN_ADDRESS, the client listener)
#   EDDY_INTERNAL_ADVERTISED_ADDRESS  the same host, with the port of
#                            EDDY_INTERNAL_LISTEN_ADDRESS (the internal listener),
#                            when that is set
#   EDDY_RACK                read from EDDY_TOPOLOGY_FILE (written by the init
#                            container from the node's zone label)
set -eu

EDDY_JS=/app/packages/cli/dist/bin/eddy.js

if [ "$#" -gt 0 ]; then
  case "$1" in
    -*) set -- server "$@" ;;
  esac
else
  set -- server
fi
if [ "$1" != server ]; then
  exec node "$EDDY_JS" "$@"
fi

pod="${POD_NAME:-$(hostname)}"
ordinal="${pod##*-}"

if [ -z "${EDDY_NODE_ID:-}" ] && [ -n "${EDDY_NODE_ID_BASE:-}" ]; then
  case "$ordinal" in
    '' | *[!0-9]*)
      echo "eddy-entrypoint: EDDY_NODE_ID_BASE is set but pod name \"$pod\" has no -N ordinal suffix" >&2
      exit 2
      ;;
  esac
  EDDY_NODE_ID=$((EDDY_NODE_ID_BASE + ordinal))
  export EDDY_NODE_ID
fi

if [ -n "${EDDY_HEADLESS_SERVICE:-}" ]; then
  host="$pod.$EDDY_HEADLESS_SERVICE"
  if [ -n "${POD_NAMESPACE:-}" ]; then host="$host.$POD_NAMESPACE.svc"; fi
  if [ -z "${EDDY_ADVERTISED_ADDRESS:-}" ]; then
    port="${EDDY_LISTEN_ADDRESS:-}"
    port="${port##*:}"
    EDDY_ADVERTISED_ADDRESS="$host:${port:-9092}"
    export EDDY_ADVERTISED_ADDRESS
  fi
  if [ -z "${EDDY_INTERNAL_ADVERTISED_ADDRESS:-}" ] && [ -n "${EDDY_INTERNAL_LISTEN_ADDRESS:-}" ]; then
    EDDY_INTERNAL_ADVERTISED_ADDRESS="$host:${EDDY_INTERNAL_LISTEN_ADDRESS##*:}"
    export EDDY_INTERNAL_ADVERTISED_ADDRESS
  fi
fi

if [ -z "${EDDY_RACK:-}" ] && [ -n "${EDDY_TOPOLOGY_FILE:-}" ] && [ -r "$EDDY_TOPOLOGY_FILE" ]; then
  EDDY_RACK="$(cat "$EDDY_TOPOLOGY_FILE")"
  export EDDY_RACK
fi

echo "eddy-entrypoint: node id ${EDDY_NODE_ID:-unset}, advertised ${EDDY_ADVERTISED_ADDRESS:-default}, internal ${EDDY_INTERNAL_ADVERTISED_ADDRESS:-default}, rack '${EDDY_RACK:-}'" >&2
exec node "$EDDY_JS" "$@"
