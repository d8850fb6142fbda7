#!/usr/bin/env bash
# By hand: how soon ingest works again after a Redis outage (OUT seconds, default 45), with the built server.
# bash bench/ops/redis-outage.sh  (prints the time from /health 200 until an ingested point is readable)
set -u
cd "$(dirname "$0")/../.."
RP=6392; D=$(mktemp -d)
redis-server --port $RP --bind 127.0.0.1 --save "" --appendonly no --dir $D --daemonize yes >/dev/null
sleep 0.5
KEY=admin-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
REDIS_URL=redis://127.0.0.1:$RP IOC_DEMO=0 IOC_DATA_DIR=$D PORT=3997 IOC_ADMIN_KEY=$KEY node dist/apps/server/main.js > $D/server.log 2>&1 &
P=$!
until curl -sf localhost:3997/health >/dev/null; do sleep 0.2; done

c() { curl -s -H "authorization: Bearer $KEY" -H 'content-type: application/json' "$@"; }
c -X POST localhost:3997/api/v1/domains -d '{"code":"d","name":"d"}' >/dev/null
c -X POST localhost:3997/api/v1/indicators -d '{"code":"d.x","domain":"d","name":"x","unit":"u"}' >/dev/null
c -X POST localhost:3997/api/v1/scopes -d '{"code":"s1","name":"s1"}' >/dev/null
redis-cli -p $RP shutdown nosave >/dev/null 2>&1
sleep ${OUT:-45}
redis-server --port $RP --bind 127.0.0.1 --save "" --appendonly no --dir $D --daemonize yes >/dev/null
until curl -sf localhost:3997/health >/dev/null; do sleep 0.2; done
T0=$(date +%s.%N)
TS=$(($(date +%s) * 1000))
c -X POST localhost:3997/api/v1/ingest -d "{\"points\":[{\"indicator\":\"d.x\",\"scope\":\"s1\",\"ts\":$TS,\"value\":5}]}"; echo
until [ "$(c -o /dev/null -w '%{http_code}' localhost:3997/api/v1/series/d.x/s1/latest)" = 200 ]; do sleep 0.2; done
echo "readable $(echo "$(date +%s.%N) - $T0" | bc) s after health 200"
kill -TERM $P; wait $P
redis-cli -p $RP shutdown nosave >/dev/null 2>&1
