#!/usr/bin/env bash
# Load check: mixed traffic against one API process (Release, Production settings, Redis) with wrk, for DURATION.
#
# Starts redis-server and the API on free loopback ports. DNS points at a port where nothing answers
# (127.0.0.1:9) and the addresses are literals in the documentation range or at loopback (refused by the network
# guard before any connection), invalid syntax, or domains whose lookup fails: nothing leaves the machine.
# The mix (tests/bench/load-check.lua): GET /v1/verify (literals, invalid syntax, DNS failures, smtp=false),
# POST /v1/verify/batch, GET /v1/smtp-codes/{code}, POST /v1/bounces/classify, GET /health/live.
#
# The process runs with the published appsettings.json (content root = the build output), as in the container.
# Reports requests/s, p50/p99 latency, responses by status class, non-2xx and socket errors, then what /metrics
# and the JSON log say about the run. Target: 0 socket errors, 0 5xx; exits 1 when it is missed. Every request of the
# mix is valid, so any other non-2xx is worth a look too; the per-caller rate limit (Verifier:RateLimit, one client IP
# here) is raised to its maximum, 1,000,000 a minute, which a fast machine can still exceed: 429s are counted apart.
# Usage: tests/bench/load-check.sh [duration, default 60s] [connections, default 32]
set -euo pipefail
cd "$(dirname "$0")/../.."

duration=${1:-60s}
connections=${2:-32}
threads=${THREADS:-2}

for tool in redis-server redis-cli wrk curl dotnet; do
  command -v "$tool" >/dev/null || { echo "missing: $tool (apt-get install redis-server wrk curl)" >&2; exit 1; }
done

free_port() {
  local port
  while :; do
    port=$(( (RANDOM % 20000) + 40000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; if [ -n "${KEEP:-}" ]; then echo "kept: $work"; else rm -rf "$work"; fi; }
trap cleanup EXIT

echo "Building Release..."
dotnet build src/Verifier.Api -c Release -nologo -v quiet >/dev/null
dll=$PWD/src/Verifier.Api/bin/Release/net10.0/Verifier.Api.dll

redis_port=$(free_port)
redis-server --port "$redis_port" --save "" --appendonly no --bind 127.0.0.1 >/dev/null &
pids+=($!)
for _ in $(seq 1 100); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.05; done

api_port=$(free_port)
base="http://127.0.0.1:$api_port"
ASPNETCORE_URLS="$base" \
ASPNETCORE_ENVIRONMENT=Production \
ConnectionStrings__Redis="127.0.0.1:$redis_port" \
Verifier__Dns__Servers__0=127.0.0.1:9 \
Verifier__Dns__Timeout=00:00:01 \
Verifier__Dns__Retries=0 \
Verifier__RateLimit__PermitsPerMinute=60000000 \
Verifier__Smtp__HeloName=bench.verifier.test \
Verifier__Smtp__MailFrom=verify@bench.verifier.test \
dotnet "$dll" --contentRoot "$(dirname "$dll")" >"$work/api.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 150); do curl -fsS -o /dev/null "$base/health/live" 2>/dev/null && break; sleep 0.1; done
curl -fsS -o /dev/null "$base/health/live" || { echo "the API did not start:" >&2; cat "$work/api.log" >&2; exit 1; }

# Warm-up: one request per address first, so the run measures the steady state. The DNS failures (a 1 s time-out
# here) are cached for Verifier:Cache:DnsError (1 min): in a run longer than that some requests wait for them again.
for email in 'user%40%5B192.0.2.1%5D' 'postmaster%40%5B127.0.0.1%5D' 'alice%40example.com' 'bob%40example.org&smtp=false'; do
  curl -fsS -o /dev/null "$base/v1/verify?email=$email"
done

echo "Running wrk -t$threads -c$connections -d$duration with the mix of tests/bench/load-check.lua..."
wrk -t"$threads" -c"$connections" -d"$duration" --timeout 10s -s tests/bench/load-check.lua "$base" >"$work/wrk.txt"
value() { awk -v k="$1" '$1 == k { print $2 }' "$work/wrk.txt"; }

curl -fsS "$base/metrics" >"$work/metrics.txt"
metric_sum() { # name label-filter
  awk -v m="$1" -v f="$2" 'index($0, m "{") == 1 && index($0, f) > 0 { s += $NF } END { printf "%.0f", s }' "$work/metrics.txt"
}

echo
echo "wrk -t$threads -c$connections -d$duration, $(nproc) CPUs shared by wrk, the API and redis-server; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-28s %s\n' "requests" "$(value requests) in $(value seconds) s"
printf '%-28s %s\n' "requests/s" "$(value rps)"
printf '%-28s %s\n' "latency p50 / p99 / max ms" "$(value p50_ms) / $(value p99_ms) / $(value max_ms)"
printf '%-28s %s\n' "responses 2xx/3xx/4xx/5xx" "$(value status_2xx) / $(value status_3xx) / $(value status_4xx) / $(value status_5xx)"
printf '%-28s %s\n' "non-2xx (wrk)" "$(value non_2xx) (429 rate-limited: $(value status_429))"
printf '%-28s %s\n' "socket errors" "connect $(value socket_connect), read $(value socket_read), write $(value socket_write), timeout $(value socket_timeout)"
echo
echo "/metrics after the run"
printf '%-28s %s\n' "verifications" "$(metric_sum verifier_verifications_total '')"
printf '%-28s %s\n' "  of them cached" "$(metric_sum verifier_verifications_total 'cached="true"')"
printf '%-28s %s\n' "cache memory hit / miss" "$(metric_sum verifier_cache_lookups_total 'level="memory",result="hit"') / $(metric_sum verifier_cache_lookups_total 'level="memory",result="miss"')"
printf '%-28s %s\n' "cache redis hit / miss" "$(metric_sum verifier_cache_lookups_total 'level="redis",result="hit"') / $(metric_sum verifier_cache_lookups_total 'level="redis",result="miss"')"
printf '%-28s %s\n' "HTTP requests counted" "$(metric_sum http_server_request_duration_seconds_count '')"
# Server time as ASP.NET Core measured it; the rest of the client's latency is queueing on a shared machine.
printf '%-28s %s\n' "server time <= 5 / 25 ms" "$(metric_sum http_server_request_duration_seconds_bucket 'le="0.005"') / $(metric_sum http_server_request_duration_seconds_bucket 'le="0.025"') requests"
printf '%-28s %s\n' "GC pauses (runtime metrics)" "$(awk '/^dotnet_gc_pause_time_seconds_total/ { printf "%.3f s", $NF }' "$work/metrics.txt") in $(metric_sum dotnet_gc_collections_total '') collections"
printf '%-28s %s\n' "log lines" "$(wc -l <"$work/api.log") (lines with an '@': $(grep -c '@' "$work/api.log" || true))"

errors=$(( $(value socket_connect) + $(value socket_read) + $(value socket_write) + $(value socket_timeout) ))
if [ "$errors" -eq 0 ] && [ "$(value status_5xx)" -eq 0 ]; then
  echo "target (0 socket errors, 0 5xx): met"
else
  echo "target (0 socket errors, 0 5xx): NOT met"
  tail -n 20 "$work/api.log" >&2
  exit 1
fi
