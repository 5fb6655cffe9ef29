#!/usr/bin/env bash
# Installs the Debian 12 packages event-engine needs to build, run and test.
# Idempotent: when every package is already present it does nothing (no apt-get update).
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config clang-format
  libboost-filesystem-dev libboost-system-dev libboost-dev
  nlohmann-json3-dev libcpp-httplib-dev libhiredis-dev
  cppzmq-dev libzmq3-dev libsimdjson-dev libabsl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libcairo2-dev libpng-dev libspdlog-dev libcli11-dev
  redis-server redis-tools wrk fonts-dejavu-core curl
  nats-server libnats-dev openssl libssl-dev
  chromium chromium-driver python3-selenium
  docker-compose
  python3-jsonschema dpkg-dev
  jupyter-notebook jupyter-nbconvert python3-ipykernel python3-matplotlib python3-scipy
  clang libclang-rt-14-dev libfuzzer-14-dev
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
