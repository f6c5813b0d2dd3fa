# Real Prometheus and Pushgateway servers (Debian's prometheus and
# prometheus-pushgateway) for tests and benchmarks: on 127.0.0.1, on
# ports free when they start, waited for at most a bounded time, and
# stopped by whoever started them (prom_stop).

# A TCP port of 127.0.0.1 that is free now.
free_port() {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# Waits at most $2 seconds for URL $1 to answer 200.
wait_http() {
	local i
	for i in $(seq 1 $(($2 * 10))); do
		curl -sf -o /dev/null "$1" && return 0
		sleep 0.1
	done
	echo "wait_http: $1 did not answer in $2 s" >&2
	return 1
}

# Writes the metric records of CSV file $1 (ts in Unix seconds, metric,
# value, unit, host) as an OpenMetrics history, every sample with its
# time, each family's samples together, as promtool reads it.
records_to_openmetrics() {
	awk -F, 'NR == 1 { next }
	!seen[$2]++ { printf "# TYPE %s gauge\n", $2 }
	{ printf "%s{host=\"%s\"} %s %s\n", $2, $5, $3, $1 }
	END { print "# EOF" }' "$1"
}

# Backfills OpenMetrics file $1 into a new TSDB in directory $2.
prom_backfill() {
	promtool tsdb create-blocks-from openmetrics --quiet \
	    --max-block-duration=8760h "$1" "$2" >&2
}

# Starts Prometheus on TSDB directory $1 with config file $2 (logging to
# $1.log); sets prom_url and prom_pid.
prom_start() {
	local port
	port=$(free_port)
	prometheus --config.file="$2" --storage.tsdb.path="$1" \
	    --storage.tsdb.retention.time=100y --log.level=warn \
	    --web.listen-address="127.0.0.1:$port" >"$1.log" 2>&1 3>&- &
	prom_pid=$!
	prom_url="http://127.0.0.1:$port"
	wait_http "$prom_url/-/ready" 60 || { cat "$1.log" >&2; return 1; }
}

# Starts a Pushgateway, logging to $1; sets push_url and push_pid.
push_start() {
	local port
	port=$(free_port)
	prometheus-pushgateway --web.listen-address="127.0.0.1:$port" \
	    --log.level=warn >"$1" 2>&1 3>&- &
	push_pid=$!
	push_url="http://127.0.0.1:$port"
	wait_http "$push_url/-/ready" 30 || { cat "$1" >&2; return 1; }
}

# Stops the servers started, waiting at most 10 s for each.
prom_stop() {
	local p i
	for p in ${prom_pid:-} ${push_pid:-}; do
		kill "$p" 2>/dev/null || continue
		for i in $(seq 1 100); do
			kill -0 "$p" 2>/dev/null || break
			sleep 0.1
		done
		kill -9 "$p" 2>/dev/null || true
	done
}
