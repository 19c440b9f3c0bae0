# Sourced by the measuring scripts: starts the built `hookstream standalone` in the background with its data in
# $work/data, its log in $work/standalone.log, HTTP on $http_port and Kafka on $kafka_port (set them, $root and $work
# first), stops it and removes $work on exit, and returns once /health/ready answers (or prints the log and exits).
#   start_standalone [more standalone options...]
start_standalone() {
  HOOKSTREAM_WORKER_HTTP_PORT=-1 java -jar "$root/standalone/target/hookstream.jar" standalone \
    --http-port "$http_port" --kafka-port "$kafka_port" --data-dir "$work/data" "$@" \
    > "$work/standalone.log" 2>&1 &
  pid=$!
  trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$work"' EXIT
  for _ in $(seq 1 180); do
    curl -fsS "http://127.0.0.1:$http_port/health/ready" >/dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || { cat "$work/standalone.log"; exit 1; }
    sleep 1
  done
  echo "the standalone was not ready after 180 s; its log: $work/standalone.log" >&2
  exit 1
}
