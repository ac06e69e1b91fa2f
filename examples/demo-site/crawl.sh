#!/usr/bin/env bash
# Generate the demo site, serve it on 127.0.0.1, crawl it with wget into a WARC file.
#   crawl.sh OUTDIR [DATE]      writes OUTDIR/site/ (the generated files), OUTDIR/mirror/
#                               (what wget saved: one folder per host) and OUTDIR/demo.warc.gz
# The server listens on loopback only and is stopped on exit.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$1
date=${2:-2023-08-15}
mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -rf "$out/site" "$out/mirror" "$out/demo.warc.gz"

port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
/usr/bin/python3 "$here/generate.py" "$out/site" --date "$date" --port "$port"
/usr/bin/python3 -m http.server "$port" --bind 127.0.0.1 --directory "$out/site" >"$out/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 200); do
    /usr/bin/python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.2)" 2>/dev/null && break
    sleep 0.1
done
# --span-hosts with --domains reaches the "external" links on localhost (another host name
# for the same loopback server) so their status is recorded, and nothing beyond.
mkdir -p "$out/mirror"
(cd "$out/mirror" && wget --recursive --level=inf --no-verbose --span-hosts \
    --domains=127.0.0.1,localhost -e robots=off --tries=3 --timeout=10 \
    --warc-file="$out/demo" "http://127.0.0.1:$port/" >"$out/wget.log" 2>&1) || true
[ -s "$out/demo.warc.gz" ] || { echo "crawl.sh: wget wrote no WARC; see $out/wget.log" >&2; exit 1; }
echo "$out/demo.warc.gz"
