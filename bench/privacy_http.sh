#!/usr/bin/env bash
# privacy_http.sh: the public 15/15 check over HTTP (docs/privacy.md "Cost"), cold (the first
# public answer after the server starts: no kept verdict) and warm (asked again), against the
# analyst's unchecked answer. curl time_total on 127.0.0.1, medians of RUNS.
#
#   bench/privacy_http.sh GRIDLINE DATA_DIR LABEL FROM TO STEP ASSET...
# prints LABEL_ASSET_{public_cold,public_warm,analyst}_s lines.
set -euo pipefail
gridline=$1 data=$2 label=$3 from=$4 to=$5 step=$6
shift 6
runs=${RUNS:-7}
port=${PORT:-18911}
public=$("$gridline" token create --data "$data" --role public 2>/dev/null)
analyst=$("$gridline" token create --data "$data" --role analyst 2>/dev/null)
pid=
start() {
  "$gridline" serve --data "$data" --listen 127.0.0.1:$port >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 200); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return; sleep 0.05; done
  echo "server did not start" >&2; exit 1
}
stop() { kill "$pid"; wait "$pid" || true; }
trap 'stop 2>/dev/null || true' EXIT
get() {  # token asset -> seconds; fails unless 200
  local out
  out=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H "Authorization: Bearer $1" \
    "http://127.0.0.1:$port/api/v1/assets/$2/rollup?from=$from&to=$to&step=$step")
  [[ ${out%% *} == 200 ]] || { echo "$2: HTTP ${out%% *}" >&2; exit 1; }
  echo "${out#* }"
}
median() { sort -g | awk '{v[NR]=$1} END {print v[int(NR/2)+1]}'; }
for asset in "$@"; do
  name=${asset#_}
  cold=() warm=() analyst_s=()
  for _ in $(seq "$runs"); do
    start
    cold+=("$(get "$public" "$asset")")
    warm+=("$(get "$public" "$asset")")
    analyst_s+=("$(get "$analyst" "$asset")")
    stop
  done
  echo "${label}_${name}_public_cold_s $(printf '%s\n' "${cold[@]}" | median) s"
  echo "${label}_${name}_public_warm_s $(printf '%s\n' "${warm[@]}" | median) s"
  echo "${label}_${name}_analyst_s $(printf '%s\n' "${analyst_s[@]}" | median) s"
done
