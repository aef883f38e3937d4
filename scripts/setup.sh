#!/usr/bin/env bash
# setup.sh [fuzz]: install what building and testing gridline needs (and, with `fuzz`, the clang
# toolchain for `make fuzz`). Idempotent: a package that is already installed is not fetched
# again, and apt-get only runs when something is missing. Runs as root in CI (no sudo there);
# uses sudo when a developer runs it as a normal user.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  librocksdb-dev libzstd-dev liblz4-dev libsnappy-dev libbz2-dev zlib1g-dev liblzma-dev
  libxxhash-dev
  libabsl-dev libfmt-dev libcli11-dev
  libhowardhinnant-date-dev tzdata
  rapidjson-dev libboost-dev
  libtomlplusplus-dev  # VEE rules files and tariffs are TOML
  libexpat1-dev libxml2-utils  # expat: the reference of the Green Button XML tokenizer's test; xmllint checks exported feeds
  libgtest-dev libgmock-dev libbenchmark-dev
  libcpp-httplib-dev libssl-dev wrk
  e2fsprogs mount  # mkfs.ext4 and loop mounts for the disk-full test
  curl influxdb-client  # the line protocol tests drive /write with curl and `influx -import`
  mosquitto mosquitto-clients  # the MQTT feed tests run a real broker and mosquitto_pub
)

if [ "${1:-}" = "fuzz" ]; then
  packages+=(clang libclang-rt-14-dev)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update
  $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
fi

# The web UI's npm packages are installed here once web/ exists (a later issue).
if [ -f web/package-lock.json ]; then
  (cd web && npm ci --no-audit --no-fund)
fi
