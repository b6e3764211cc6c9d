#!/usr/bin/env bash
# Memory and throughput of a bulk job: a 1,000,000-row CSV uploaded to the API built in Release,
# verified with smtp=false (syntax and DNS only), results downloaded. Prints the peak resident set
# size of the API process (target: at most 400 MB) and rows per second.
#
# Everything stays on this machine: the API listens on 127.0.0.1 and its DNS server is a loopback
# port where nothing listens, so every domain lookup fails at once (dns_error) and no query leaves.
#
#   tests/bench/job-memory.sh [rows]        (default 1000000)
set -euo pipefail
cd "$(dirname "$0")/../.."

rows=${1:-1000000}
port=${BENCH_PORT:-5088}
work=$(mktemp -d)
api_pid=""
cleanup() {
  if [ -n "$api_pid" ] && kill -0 "$api_pid" 2>/dev/null; then kill -TERM "$api_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
calc() { awk "BEGIN { printf \"%.1f\", $1 }"; }

[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian package 'time')" >&2; exit 1; }

echo "== building (Release)"
dotnet publish src/Verifier.Api -c Release -o "$work/app" -v quiet -nologo >/dev/null

echo "== generating $rows rows"
awk -v rows="$rows" 'BEGIN {
  srand(42);
  split("ok.test example.test mail.test nowhere.test gmial.test", domains, " ");
  print "id,name,email,note";
  for (i = 1; i <= rows; i++) {
    d = domains[(i % 5) + 1];
    k = i % 10;
    if (k == 0)      email = "user" i "@" d;
    else if (k == 1) email = "First.Last" i "@" d;
    else if (k == 2) email = "\"quoted " i "\"@" d;
    else if (k == 3) email = "no-at-sign-" i;
    else if (k == 4) email = "double..dot" i "@" d;
    else if (k == 5) email = "";
    else if (k == 6) email = "tag+" i "@" toupper(d);
    else if (k == 7) email = "user" i "@[127.0.0.1]";
    else if (k == 8) email = "ünï" i "@" d;
    else             email = "x" i "@sub." d;
    if (index(email, "\"") > 0) { gsub("\"", "\"\"", email); email = "\"" email "\"" }
    note = (i % 7 == 0) ? "\"a, b\nc\"" : "n" i;
    print i ",Name " i "," email "," note;
  }
}' > "$work/list.csv"
size=$(stat -c %s "$work/list.csv")
echo "   $(( size / 1024 / 1024 )) MiB"

echo "== starting the API on 127.0.0.1:$port"
ASPNETCORE_URLS="http://127.0.0.1:$port" \
ASPNETCORE_ENVIRONMENT=Development \
Logging__LogLevel__Default=Warning \
Verifier__Jobs__DataDirectory="$work/jobs" \
Verifier__Dns__Servers__0="127.0.0.1:5399" \
Verifier__Dns__Timeout="00:00:01" \
Verifier__Dns__Retries=0 \
  /usr/bin/time -v -o "$work/time.txt" dotnet "$work/app/Verifier.Api.dll" >"$work/api.log" 2>&1 &
time_pid=$!
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/health/live" >/dev/null 2>&1 && break
  sleep 0.2
done
api_pid=$(pgrep -P "$time_pid" || true)
[ -n "$api_pid" ] || { echo "the API did not start:"; cat "$work/api.log"; exit 1; }

echo "== uploading"
start=$(date +%s.%N)
created=$(curl -fsS -X POST -H 'Content-Type: text/csv' --data-binary @"$work/list.csv" "http://127.0.0.1:$port/v1/jobs?smtp=false")
uploaded=$(date +%s.%N)
id=$(echo "$created" | sed -E 's/.*"id":"([0-9a-f]+)".*/\1/')
echo "   job $id accepted in $(calc "$uploaded - $start") s"

echo "== waiting for completion"
while true; do
  progress=$(curl -fsS "http://127.0.0.1:$port/v1/jobs/$id")
  status=$(echo "$progress" | sed -E 's/.*"status":"([a-z]+)".*/\1/')
  [ "$status" = "completed" ] || [ "$status" = "failed" ] && break
  sleep 0.5
done
finished=$(date +%s.%N)
echo "   $progress"

echo "== downloading results"
curl -fsS "http://127.0.0.1:$port/v1/jobs/$id/results" -o "$work/results.csv"
downloaded=$(date +%s.%N)
out_rows=$(( $(grep -c '' "$work/results.csv") ))

kill -TERM "$api_pid"
wait "$time_pid" || true
api_pid=""

peak_kb=$(grep 'Maximum resident set size' "$work/time.txt" | awk '{print $NF}')
total=$(calc "$finished - $start")
echo
echo "rows:                 $rows"
echo "upload + ingest:      $(calc "$uploaded - $start") s"
echo "upload to completed:  $total s"
echo "rows per second:      $(calc "$rows / $total")"
echo "results download:     $(calc "$downloaded - $finished") s ($out_rows lines incl. header and quoted line breaks)"
echo "peak RSS:             $(( peak_kb / 1024 )) MB (target <= 400 MB)"
