#!/usr/bin/env bash
# Cached GET /v1/verify against /health/live of the same process, with wrk.
#
# Starts redis-server and the API (Release) on free loopback ports. DNS points at a port where nothing
# answers (127.0.0.1:9), so nothing leaves the machine. The address measured is an address literal in the
# documentation range, user@[192.0.2.1]: its verdict (undeliverable, unroutable_mx, kept 30 days) needs no
# DNS and no SMTP, so the first request computes it and stores it in memory and in Redis, and every later
# request is a cache hit (the script checks that the second answer says "cached": true).
#
# Three runs of DURATION each, after a warm-up: /health/live, then cached verify served from process memory
# (the normal case: Verifier:Cache:LocalExpiration keeps hits in memory for a minute), then - in a second API
# process started with LocalExpiration=0 - cached verify where every hit is a Redis GET.
#
# Throughput is measured with CONNECTIONS concurrent connections (saturating the machine: its p99 is mostly
# queueing behind other requests); the latency of one hit is measured with one connection, one request at a time.
#
# Targets: cached verify >= 70% of /health/live requests/s; p99 of a hit < 2 ms on loopback.
# Usage: tests/bench/cached-verify.sh [duration, default 10s] [connections, default 16]
set -euo pipefail
cd "$(dirname "$0")/../.."

duration=${1:-10s}
connections=${2:-16}
threads=${THREADS:-1}

for tool in redis-server wrk curl dotnet; do
  command -v "$tool" >/dev/null || { echo "missing: $tool (apt-get install redis-server wrk curl)" >&2; exit 1; }
done

free_port() {
  local port
  while :; do
    port=$(( (RANDOM % 20000) + 40000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

wait_for() {
  local url=$1
  for _ in $(seq 1 150); do curl -fsS -o /dev/null "$url" 2>/dev/null && return 0; sleep 0.1; done
  echo "no answer from $url" >&2; exit 1
}

echo "Building Release..."
dotnet build src/Verifier.Api -c Release -nologo -v quiet >/dev/null
dll=src/Verifier.Api/bin/Release/net10.0/Verifier.Api.dll

redis_port=$(free_port)
redis-server --port "$redis_port" --save "" --appendonly no --bind 127.0.0.1 >/dev/null &
pids+=($!)
for _ in $(seq 1 100); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.05; done

start_api() { # port local-expiration
  ASPNETCORE_URLS="http://127.0.0.1:$1" \
  ASPNETCORE_ENVIRONMENT=Production \
  Logging__LogLevel__Default=Warning \
  ConnectionStrings__Redis="127.0.0.1:$redis_port" \
  Verifier__Cache__LocalExpiration="$2" \
  Verifier__RateLimit__PermitsPerMinute=60000000 \
  Verifier__Dns__Servers__0=127.0.0.1:9 \
  Verifier__Smtp__HeloName=bench.verifier.test \
  Verifier__Smtp__MailFrom=verify@bench.verifier.test \
  dotnet "$dll" >/dev/null &
  pids+=($!)
  wait_for "http://127.0.0.1:$1/health/live"
}

email='user%40%5B192.0.2.1%5D'

warm() { # base-url
  curl -fsS "$1/v1/verify?email=$email" >/dev/null
  local second
  second=$(curl -fsS "$1/v1/verify?email=$email")
  case "$second" in *'"cached":true'*) ;; *) echo "second answer was not a cache hit: $second" >&2; exit 1;; esac
}

# Prints "requests/s p99-ms p50-ms" for one wrk run; stops the script if any answer was not 2xx (a 429 from the
# per-caller rate limit, which every request passes through, would measure the refusal instead of the answer).
measure() { # url [connections]
  wrk -t"$threads" -c"${2:-$connections}" -d"$duration" --latency "$1" | awk '
    /Non-2xx or 3xx responses:/ { print "wrk: " $5 " answers were not 2xx" > "/dev/stderr"; bad = 1 }
    /Socket errors:/ { print "wrk: " $0 > "/dev/stderr"; bad = 1 }
    /Requests\/sec:/ { rps = $2 }
    function ms(v) {
      if (v ~ /us$/) { sub(/us$/, "", v); return v / 1000 }
      if (v ~ /ms$/) { sub(/ms$/, "", v); return v }
      sub(/s$/, "", v); return v * 1000
    }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    END { if (bad) exit 1; printf "%.0f %.3f %.3f\n", rps, p99, p50 }'
}

api_port=$(free_port)
start_api "$api_port" 00:01:00
base="http://127.0.0.1:$api_port"
warm "$base"

echo "Warm-up ($duration each)..."
run=$(measure "$base/health/live")
run=$(measure "$base/v1/verify?email=$email")

run=$(measure "$base/health/live")
read -r live_rps live_p99 _ <<<"$run"
run=$(measure "$base/v1/verify?email=$email")
read -r hit_rps hit_p99 _ <<<"$run"
run=$(measure "$base/health/live" 1)
read -r _ live_p99_one live_p50_one <<<"$run"
run=$(measure "$base/v1/verify?email=$email" 1)
read -r _ hit_p99_one hit_p50_one <<<"$run"

redis_api_port=$(free_port)
start_api "$redis_api_port" 00:00:00
redis_base="http://127.0.0.1:$redis_api_port"
warm "$redis_base"
run=$(measure "$redis_base/v1/verify?email=$email")
run=$(measure "$redis_base/v1/verify?email=$email")
read -r redis_rps redis_p99 _ <<<"$run"
run=$(measure "$redis_base/health/live")
read -r redis_live_rps redis_live_p99 _ <<<"$run"

echo
echo "wrk -t$threads -c$connections -d$duration, $(nproc) CPUs shared by wrk, the API and redis-server; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-44s %12s %10s\n' "endpoint" "requests/s" "p99 ms"
printf '%-44s %12s %10s\n' "/health/live" "$live_rps" "$live_p99"
printf '%-44s %12s %10s\n' "/v1/verify cache hit (memory, Redis behind)" "$hit_rps" "$hit_p99"
echo
echo "one connection, one request at a time (latency without queueing)"
printf '%-44s %12s %10s\n' "" "p50 ms" "p99 ms"
printf '%-44s %12s %10s\n' "/health/live" "$live_p50_one" "$live_p99_one"
printf '%-44s %12s %10s\n' "/v1/verify cache hit (memory, Redis behind)" "$hit_p50_one" "$hit_p99_one"
echo
echo "second process, Verifier__Cache__LocalExpiration=00:00:00"
printf '%-44s %12s %10s\n' "/health/live (second process)" "$redis_live_rps" "$redis_live_p99"
printf '%-44s %12s %10s\n' "/v1/verify cache hit (every hit a Redis GET)" "$redis_rps" "$redis_p99"
echo
awk -v h="$hit_rps" -v l="$live_rps" -v r="$redis_rps" -v rl="$redis_live_rps" -v p="$hit_p99_one" -v pc="$hit_p99" -v c="$connections" 'BEGIN {
  ratio = 100 * h / l
  printf "cached verify / health/live: %.1f%% (target >= 70%%): %s\n", ratio, (ratio >= 70 ? "met" : "NOT met")
  printf "p99 of a hit, one connection: %.3f ms (target < 2 ms): %s\n", p, (p < 2 ? "met" : "NOT met")
  printf "p99 of a hit at saturation with %d connections: %.3f ms\n", c, pc
  printf "Redis-only hits / health/live of that process: %.1f%%\n", 100 * r / rl
}'
