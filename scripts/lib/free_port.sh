# ferry_free_port: prints a TCP port on 127.0.0.1 that nobody listens on.
# Sourced by the ephemeral-server scripts in this folder.
ferry_free_port() {
  local port
  for _ in $(seq 200); do
    port=$((20000 + RANDOM % 30000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  echo "no free port found" >&2
  return 1
}
