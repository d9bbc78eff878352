# Ephemeral PostgreSQL 15 clusters for tests and the demo. Source this file, then:
#   pg_start NAME      starts a cluster and exports its URL as FERRY_PG_URL_<NAME>
# Call it directly, not in $(...): a subshell would not stop the cluster on exit.
# Every cluster started here is stopped and deleted when the shell exits, even on failure.
source "$(dirname "${BASH_SOURCE[0]}")/free_port.sh"

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
_ferry_pg_dirs=()

_ferry_pg_stop_all() {
  local dir
  for dir in "${_ferry_pg_dirs[@]}"; do
    _ferry_as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
  done
}
trap _ferry_pg_stop_all EXIT
trap 'exit 130' INT TERM

# Runs a command as the postgres user when we are root (initdb refuses root).
_ferry_as_pg() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() {
  local name=${1:-main} dir port user
  dir=$(mktemp -d -t "ferry-pg-$name.XXXXXX")   # under /tmp: reachable by the postgres user
  _ferry_pg_dirs+=("$dir")
  [[ $(id -u) -eq 0 ]] && chown postgres: "$dir"
  user=$([[ $(id -u) -eq 0 ]] && echo postgres || id -un)
  port=$(ferry_free_port)
  _ferry_as_pg "$PG_BIN/initdb" -D "$dir/data" -U "$user" -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; return 1; }
  _ferry_as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { cat "$dir/server.log" >&2; return 1; }
  local url="postgres://$user@127.0.0.1:$port/postgres"
  export "FERRY_PG_URL_${name^^}=$url"
}
