# Ephemeral MongoDB wire-protocol test server for tests and the demo. Source this file, then:
#   mongo_start NAME   starts a server and exports its URL as FERRY_MONGO_URL_<NAME>
# Call it directly, not in $(...): a subshell would not stop the server on exit.
# Every server started here is stopped when the shell exits, even on failure.
#
# The server is CongoDB (pure JavaScript, from the npm package @push.rocks/smartmongo 2.2.0),
# installed once with pinned versions into $FERRY_CACHE_DIR/mongo-test-server (default
# ${XDG_CACHE_HOME:-$HOME/.cache}/ferry), never into the repository. Its known limits: no change
# streams; _id must be an ObjectId (ints and 24-hex strings are turned into ObjectIds); Int64 below
# 2^31 comes back as Int32 and below 2^53 as Double; replies over ~16 MB fail. So it tests the
# network read path; type fidelity is tested on BSON files.
source "$(dirname "${BASH_SOURCE[0]}")/free_port.sh"

FERRY_CACHE_DIR=${FERRY_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ferry}
_ferry_mongo_dir="$FERRY_CACHE_DIR/mongo-test-server"
_ferry_mongo_pids=()
_ferry_mongo_logs=()

_ferry_mongo_stop_all() {
  local pid
  for pid in "${_ferry_mongo_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${_ferry_mongo_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -f "${_ferry_mongo_logs[@]}"
}
# Chain onto any EXIT trap already set (scripts/lib/postgres.sh sets one).
_ferry_mongo_prev_trap=$(trap -p EXIT | sed -E "s/^trap -- '(.*)' EXIT$/\1/")
trap "_ferry_mongo_stop_all; ${_ferry_mongo_prev_trap}" EXIT

# Installs the server once (needs npm and the npm registry); quiet when it is there.
mongo_install() {
  local d=$_ferry_mongo_dir
  [[ -f "$d/server.mjs" && -d "$d/vendor/smartmongo" && -d "$d/node_modules/mingo" ]] && return 0
  echo "mongo: installing the test server into $d" >&2
  mkdir -p "$d" && (
    cd "$d" || exit 1
    [ -f package.json ] || echo '{"name":"mongo-test-server","private":true,"type":"module"}' > package.json
    npm install --save-exact --no-audit --no-fund --loglevel=error \
      bson@6.10.4 mingo@7.2.7 @push.rocks/smartfs@1.5.0 @push.rocks/smartpath@5.1.0 \
      @push.rocks/smartpromise@4.2.3 @push.rocks/smartrx@3.0.10 >&2 || exit 1
    # The package's own dependency tree is not needed by the server and does not resolve: unpack only.
    npm pack --silent @push.rocks/smartmongo@2.2.0 >/dev/null || exit 1
    rm -rf vendor && mkdir -p vendor && tar xzf push.rocks-smartmongo-2.2.0.tgz -C vendor &&
      mv vendor/package vendor/smartmongo || exit 1
    cat > server.mjs <<'JS'
import { CongoServer } from './vendor/smartmongo/dist_ts/congodb/index.js';
const port = Number(process.argv[2] || 27117);
const server = new CongoServer({ host: '127.0.0.1', port, storage: 'memory' });
await server.start();
console.log(`READY 127.0.0.1:${port}`);
for (const s of ['SIGTERM', 'SIGINT']) process.on(s, async () => { await server.stop(); process.exit(0); });
JS
  )
}

mongo_start() {
  local name=${1:-main} port log pid
  mongo_install || { echo "mongo: cannot install the test server (npm registry reachable?)" >&2; return 1; }
  port=$(ferry_free_port) || return 1
  log=$(mktemp -t "ferry-mongo-$name.XXXXXX")
  _ferry_mongo_logs+=("$log")
  node "$_ferry_mongo_dir/server.mjs" "$port" >"$log" 2>&1 &
  pid=$!
  _ferry_mongo_pids+=("$pid")
  for _ in $(seq 600); do
    grep -q '^READY' "$log" && break
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; return 1; }
    sleep 0.1
  done
  grep -q '^READY' "$log" || { echo "mongo: the test server did not start in 60 s" >&2; cat "$log" >&2; return 1; }
  export "FERRY_MONGO_URL_${name^^}=mongodb://127.0.0.1:$port/?directConnection=true"
}
