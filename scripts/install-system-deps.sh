#!/usr/bin/env bash
# Debian packages the tests and benchmarks use beyond Node: PyTorch 1.13 with OpenBLAS (fixtures,
# the PyTorch round trip, same-run benchmarks), NumPy, and Chromium (browser tests). Installs only
# what is missing, so a machine that has them pays nothing. Needs root (CI runs as root).
set -euo pipefail
# fonts-liberation: chromium only recommends it (skipped by --no-install-recommends); without it pages
# and screenshots fall back to whatever single font fontconfig pulled in.
PACKAGES=(python3-torch python3-numpy libopenblas0-pthread chromium fonts-liberation)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-system-deps: all present (${PACKAGES[*]})"
  exit 0
fi
echo "install-system-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
