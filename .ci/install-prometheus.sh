#!/usr/bin/env bash
# Installs Debian's prometheus package (prometheus + promtool) when either binary is missing.
# Idempotent: does nothing when both are already on PATH. The e2e tests start their own
# prometheus process on 127.0.0.1 with a temporary TSDB; no service is needed (or started here).
set -euo pipefail

if command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; then
  echo "prometheus already installed: $(prometheus --version 2>&1 | head -n 1)"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-prometheus: need root (or sudo) to apt-get install prometheus" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
# policy-rc.d 101 keeps the package's post-install from trying to start a service (no init here).
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
  $SUDO chmod +x /usr/sbin/policy-rc.d
  trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
fi
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends prometheus

command -v prometheus >/dev/null 2>&1 || { echo "install-prometheus: prometheus not on PATH after install" >&2; exit 1; }
command -v promtool >/dev/null 2>&1 || { echo "install-prometheus: promtool not on PATH after install" >&2; exit 1; }
echo "installed: $(prometheus --version 2>&1 | head -n 1)"
