#!/usr/bin/env bats
# pp-alert: receivers, payloads, grouping, dedup, retries, spool.  Every
# HTTP receiver is tests/http-receiver on 127.0.0.1.

load common

setup() {
	tmp=$(mktemp -d)
	mkdir "$tmp/rx"
	v=$(fixture violations.csv)
}

teardown() {
	[ -n "${rxpid:-}" ] && kill "$rxpid" 2>/dev/null || true
	rm -rf "$tmp"
}

# Starts the receiver with its options; sets $port.
receiver() {
	rm -f "$tmp/port"
	python3 "$TOP/tests/http-receiver" "$tmp/rx" "$tmp/port" "$@" &
	rxpid=$!
	for _ in $(seq 1 50); do
		[ -s "$tmp/port" ] && break
		sleep 0.1
	done
	port=$(cat "$tmp/port")
}

@test "a webhook gets Alertmanager's payload, byte for byte" {
	receiver
	run -0 pp-alert --webhook "http://127.0.0.1:$port/hook" "$v"
	assert_line --index 0 "ts,receiver,status,alerts,http_status,attempts,error"
	assert_line --index 1 --regexp '^[^,]+Z,webhook,sent,3,200,1,$'
	assert_equal "$(ls "$tmp/rx")" "1.req"
	assert_equal "$(cat "$tmp/rx/1.req")" 'POST /hook
Content-Type: application/json

{"version":"4","groupKey":"","truncatedAlerts":0,"status":"firing","receiver":"webhook","groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"","alerts":[{"status":"firing","labels":{"budget":"api-latency","metric":"api.response_time","severity":"error","host":"web1"},"annotations":{"observed":"0.695","limit":"0.5"},"startsAt":"2026-11-01T10:00:00.000000Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"","fingerprint":"d599130d55395946"},{"status":"firing","labels":{"budget":"api-latency","metric":"api.response_time","severity":"error","host":"web2"},"annotations":{"observed":"0.71","limit":"0.5"},"startsAt":"2026-11-01T10:00:00.000000Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"","fingerprint":"d58f130d553104c1"},{"status":"firing","labels":{"budget":"build-memory","metric":"max_rss","severity":"critical","host":"ci"},"annotations":{"observed":"2684354560","limit":"2147483648"},"startsAt":"2026-11-01T10:00:00.000000Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"","fingerprint":"852f3c88a8948903"}]}'
}

@test "headers come from the environment" {
	receiver
	HOOK_TOKEN="Bearer s3cret" run -0 pp-alert --webhook "http://127.0.0.1:$port/" --header-env Authorization=HOOK_TOKEN "$v"
	run -0 sed -n 3p "$tmp/rx/1.req"
	assert_output "Authorization: Bearer s3cret"
}

@test "-g groups alerts into one message per group" {
	receiver
	run -0 pp-alert --webhook "http://127.0.0.1:$port/" -g budget "$v"
	assert_equal "$(count_lines ',webhook,sent,')" 2
	assert_line --index 1 --regexp ',webhook,sent,2,200,1,$'
	assert_line --index 2 --regexp ',webhook,sent,1,200,1,$'
	run -0 grep -c '"groupKey":"budget=api-latency","truncatedAlerts":0,"status":"firing","receiver":"webhook","groupLabels":{"budget":"api-latency"}' "$tmp/rx/1.req"
}

@test "an alert sent within --repeat-interval is not sent again" {
	receiver
	run -0 pp-alert --webhook "http://127.0.0.1:$port/" --state "$tmp/state" "$v"
	assert_line --index 1 --regexp ',webhook,sent,3,'
	run -0 pp-alert --webhook "http://127.0.0.1:$port/" --state "$tmp/state" "$v"
	assert_output ""
	assert_equal "$(ls "$tmp/rx" | grep -c req)" 1
	# a new alert goes; the old ones stay quiet
	{ cat "$v"; echo "2026-11-02T10:00:00Z,api-latency,api.response_time,0.9,0.5,error,web3"; } > "$tmp/more.csv"
	run -0 pp-alert --webhook "http://127.0.0.1:$port/" --state "$tmp/state" "$tmp/more.csv"
	assert_line --index 1 --regexp ',webhook,sent,1,'
	# past the interval they go again
	run -0 pp-alert --webhook "http://127.0.0.1:$port/" --state "$tmp/state" --repeat-interval 0 "$v"
	assert_line --index 1 --regexp ',webhook,sent,3,'
	assert_equal "$(wc -l < "$tmp/state")" 0
}

@test "5xx answers are retried with backoff" {
	receiver --fail-first 2
	run -0 pp-alert --webhook "http://127.0.0.1:$port/" --retries 3 --backoff 10ms "$v"
	assert_line --index 1 --regexp ',webhook,sent,3,200,3,$'
	assert_equal "$(ls "$tmp/rx" | grep -c req)" 3
}

@test "what still fails is spooled, exit 1, and sent first next time" {
	receiver --status 503
	run -1 --separate-stderr pp-alert --webhook "http://127.0.0.1:$port/" --retries 1 --backoff 10ms --spool "$tmp/spool" "$v"
	assert_line --index 1 --regexp ',webhook,spooled,3,503,2,HTTP 503$'
	assert_equal "$stderr" "pp-alert: webhook: not delivered: HTTP 503"
	assert_equal "$(ls "$tmp/spool" | grep -c '\.msg$')" 1
	kill "$rxpid"
	receiver
	run -0 pp-alert --webhook "http://127.0.0.1:$port/" --spool "$tmp/spool" < /dev/null
	assert_line --index 1 --regexp ',webhook,sent_from_spool,3,200,1,$'
	assert_equal "$(ls "$tmp/spool")" ""
	run -0 grep -c '"fingerprint":"852f3c88a8948903"' "$tmp/rx/1.req"
}

@test "a receiver that hangs times out" {
	receiver --hang 3
	SECONDS=0
	run -1 --separate-stderr pp-alert --webhook "http://127.0.0.1:$port/" --timeout 300ms --retries 0 "$v"
	[ "$SECONDS" -lt 3 ]
	assert_line --index 1 --regexp ',webhook,failed,3,,1,Timeout was reached$'
}

@test "a receiver that is down: connection errors are retried" {
	run -1 --separate-stderr pp-alert --webhook "http://127.0.0.1:9/" --retries 2 --backoff 10ms "$v"
	assert_line --index 1 --regexp ',webhook,failed,3,,3,'
}

@test "Slack gets a text and a block per alert" {
	receiver
	run -0 pp-alert --slack "http://127.0.0.1:$port/slack" -g budget "$v"
	assert_equal "$(count_lines ',slack,sent,')" 2
	assert_equal "$(tail -n 1 "$tmp/rx/2.req")" '{"text":"1 alert from pp: budget=build-memory","blocks":[{"type":"section","text":{"type":"mrkdwn","text":"*build-memory max_rss critical*\nts: 2026-11-01T10:00:00Z\nbudget: build-memory\nmetric: max_rss\nobserved: 2684354560\nlimit: 2147483648\nseverity: critical\nhost: ci"}}]}'
}

@test "email through sendmail -t -i, subject from a template" {
	printf '#!/bin/sh\necho "$@" >> "%s/args"\ncat >> "%s/mail"\n' "$tmp" "$tmp" > "$tmp/sendmail"
	chmod +x "$tmp/sendmail"
	run -0 pp-alert --email ops@example.com --sendmail "$tmp/sendmail" --subject 'pp: {{count}} budgets, first {{budget}}' -g severity "$v"
	assert_equal "$(cat "$tmp/args")" "-t -i
-t -i"
	run -0 head -3 "$tmp/mail"
	assert_output "To: ops@example.com
Subject: pp: 2 budgets, first api-latency
Content-Type: text/plain; charset=utf-8"
	run -0 grep -c '^observed: 0.71$' "$tmp/mail"
}

@test "a subject field that is missing: sent with the raw record, and a warning" {
	printf '#!/bin/sh\ncat >> "%s/mail"\n' "$tmp" > "$tmp/sendmail"
	chmod +x "$tmp/sendmail"
	run -0 --separate-stderr pp-alert --email ops@example.com --sendmail "$tmp/sendmail" --subject '{{nosuch}}' "$v"
	assert_equal "$stderr" "pp-alert: email: the subject template names a field the alert does not have: sent with the raw record"
	run -0 sed -n 2p "$tmp/mail"
	assert_output "Subject: pp: 3 alerts"
}

@test "a line break in a value adds no mail header" {
	printf 'ts,budget,severity\n2026-11-01T10:00:00Z,"x\nBcc: someone@example.org",error\n' > "$tmp/inj.csv"
	run -0 pp-alert --email ops@example.com --subject 'pp: {{budget}}' --dry-run "$tmp/inj.csv"
	assert_line --index 2 "Subject: pp: x Bcc: someone@example.org"
	# the headers end at the first blank line: none of them is a Bcc
	run -0 sh -c "printf '%s\n' \"\$1\" | sed -n '2,/^\$/p' | grep -c '^Bcc:' || true" sh "$output"
	assert_output 0
}

@test "two routes to one receiver send a record once; --time-field is no label" {
	printf 'alerts:\n  receivers:\n    - {name: a, exec: "cat > %s/got"}\n  routes:\n    - {receiver: a, continue: true}\n    - {receiver: a}\n' "$tmp" > "$tmp/a.yaml"
	run -0 pp-alert -c "$tmp/a.yaml" "$v"
	assert_line --index 1 --regexp ',a,sent,3,'
	printf 'when,budget\n2026-11-01T00:00:00Z,x\n' > "$tmp/d1.csv"
	printf 'when,budget\n2026-11-02T00:00:00Z,x\n' > "$tmp/d2.csv"
	run -0 pp-alert --time-field when --exec true --state "$tmp/s" "$tmp/d1.csv"
	assert_line --index 1 --regexp ',exec,sent,1,'
	run -0 pp-alert --time-field when --exec true --state "$tmp/s" "$tmp/d2.csv"
	assert_output ""
}

@test "--exec gets the records in the input format" {
	run -0 pp-alert --exec "cat > $tmp/got" -g budget "$v"
	assert_equal "$(count_lines ',exec,sent,')" 2
	assert_equal "$(cat "$tmp/got")" "ts,budget,metric,observed,limit,severity,host
2026-11-01T10:00:00Z,build-memory,max_rss,2684354560,2147483648,critical,ci"
	run -1 --separate-stderr pp-alert --exec "exit 3" --retries 0 "$v"
	assert_line --index 1 --regexp ",exec,failed,3,,1,'exit 3' exited with status 3$"
}

@test "routes from alerts: first match, continue goes on" {
	receiver
	sed "s/PORT/$port/" "$(fixture alerts.yaml)" > "$tmp/a.yaml"
	printf '#!/bin/sh\ncat >> "%s/mail"\n' "$tmp" > "$tmp/sendmail"
	chmod +x "$tmp/sendmail"
	run -0 pp-alert -c "$tmp/a.yaml" --sendmail "$tmp/sendmail" "$v"
	# critical: pager and chat; errors: chat; nothing left for mail
	assert_equal "$(count_lines ',pager,sent,1,')" 1
	assert_equal "$(count_lines ',chat,sent,')" 2
	assert_equal "$(count_lines ',mail,')" 0
	run -0 grep -l '^POST /pager' "$tmp/rx/1.req" "$tmp/rx/2.req" "$tmp/rx/3.req"
	printf 'ts,budget\n1,x\n' > "$tmp/other.csv"
	run -0 --separate-stderr pp-alert -c "$tmp/a.yaml" --sendmail "$tmp/sendmail" "$tmp/other.csv"
	assert_equal "$(count_lines ',mail,sent,1,')" 1
	run -0 grep -c '^Subject: pp: 1 alert$' "$tmp/mail"
}

@test "--dry-run prints the payloads and sends nothing" {
	run -0 pp-alert --webhook "http://127.0.0.1:9/" --dry-run -g budget "$v"
	assert_line --index 0 "# webhook (http://127.0.0.1:9/): 2 alerts"
	assert_line --index 1 --regexp '^\{"version":"4","groupKey":"budget=api-latency",'
	assert_line --index 2 "# webhook (http://127.0.0.1:9/): 1 alert"
}

@test "bad receivers and configuration" {
	run -2 --separate-stderr pp-alert --webhook ftp://example.com "$v"
	assert_equal "${stderr_lines[0]}" "pp-alert: --webhook: 'ftp://example.com' is not an http:// or https:// URL"
	run -2 --separate-stderr pp-alert "$v"
	assert_equal "${stderr_lines[0]}" "pp-alert: no receiver: give --webhook, --slack, --email or --exec, or receivers in alerts:"
	printf 'alerts:\n  receivers:\n    - {name: x}\n' > "$tmp/a.yaml"
	run -3 --separate-stderr pp-alert -c "$tmp/a.yaml" "$v"
	assert_equal "$stderr" "pp-alert: $tmp/a.yaml:3:7: receiver 'x' has no target (webhook, slack, email or exec)"
	printf 'alerts:\n  receivers:\n    - {name: x, webhook: "http://a/", retires: 3}\n' > "$tmp/a.yaml"
	run -3 --separate-stderr pp-alert -c "$tmp/a.yaml" "$v"
	assert_equal "$stderr" "pp-alert: $tmp/a.yaml:3:39: unknown key 'retires'"
	printf 'alerts:\n  receivers:\n    - {name: x, webhook: "gopher://a/"}\n' > "$tmp/a.yaml"
	run -3 --separate-stderr pp-alert -c "$tmp/a.yaml" "$v"
	assert_equal "$stderr" "pp-alert: $tmp/a.yaml:3:26: 'gopher://a/' is not an http:// or https:// URL"
	printf 'alerts:\n  routes:\n    - {receiver: nobody}\n' > "$tmp/a.yaml"
	run -3 --separate-stderr pp-alert -c "$tmp/a.yaml" "$v"
	assert_equal "$stderr" "pp-alert: $tmp/a.yaml:3:18: unknown receiver 'nobody'"
}

# Writes a spooled message of KIND for receiver NAME with TARGET into DIR.
plant() {
	printf 'pp-alert spool 1\nreceiver %s\nkind %s\ntarget %s\nalerts 1\n\nts,budget\n1,x\n' \
	    "$2" "$3" "$4" > "$1/0-1-0.msg"
}

@test "a spool directory that others can write to is refused" {
	mkdir -m 700 "$tmp/spool"
	chmod 770 "$tmp/spool"
	run -3 --separate-stderr pp-alert --exec true --spool "$tmp/spool" "$v"
	assert_equal "$stderr" "pp-alert: $tmp/spool: the spool directory is writable by group or others: chmod 700 it"
	assert_output ""
	chmod 703 "$tmp/spool"
	run -3 --separate-stderr pp-alert --exec true --spool "$tmp/spool" --dry-run "$v"
	assert_equal "$stderr" "pp-alert: $tmp/spool: the spool directory is writable by group or others: chmod 700 it"
	assert_equal "$(ls -A "$tmp/spool")" ""
	chmod 700 "$tmp/spool"
	run -0 pp-alert --exec true --spool "$tmp/spool" "$v"
	assert_line --index 1 --regexp ',exec,sent,3,'
}

@test "a spool directory of another user is refused" {
	if [ "$(id -u)" = 0 ]; then
		mkdir -m 700 "$tmp/spool"
		chown 65534 "$tmp/spool"
		dir=$tmp/spool uid=65534
	else
		dir=/ uid=0
	fi
	run -3 --separate-stderr pp-alert --exec true --spool "$dir" "$v"
	assert_equal "$stderr" "pp-alert: $dir: the spool directory is owned by uid $uid, not by this user: give a directory of your own"
	assert_output ""
}

@test "a spooled message never names the command that runs" {
	mkdir -m 700 "$tmp/spool"
	plant "$tmp/spool" exec 3 "touch $tmp/PWNED"
	# no exec receiver today: kept, with a warning, and nothing runs
	receiver
	run -0 --separate-stderr pp-alert --webhook "http://127.0.0.1:$port/" --spool "$tmp/spool" < /dev/null
	assert_equal "$stderr" "pp-alert: $tmp/spool/0-1-0.msg: no exec receiver 'exec' in this run: kept in the spool"
	assert_output ""
	[ ! -e "$tmp/PWNED" ]
	[ -e "$tmp/spool/0-1-0.msg" ]
	assert_equal "$(ls "$tmp/rx")" ""
	# an exec receiver of another name does not take it either
	run -0 --separate-stderr pp-alert --exec "cat > $tmp/got" --spool "$tmp/spool" --dry-run < /dev/null
	assert_equal "$stderr" ""
	assert_output "# exec (cat > $tmp/got): 1 alert
ts,budget
1,x"
	[ ! -e "$tmp/PWNED" ]
	# today's command of the receiver of that name runs it
	run -0 --separate-stderr pp-alert --exec "cat > $tmp/got" --spool "$tmp/spool" < /dev/null
	assert_line --index 1 --regexp ',exec,sent_from_spool,1,,1,$'
	assert_equal "$(cat "$tmp/got")" "ts,budget
1,x"
	[ ! -e "$tmp/PWNED" ]
	assert_equal "$(ls "$tmp/spool")" ""
}

@test "a spooled message of an unknown kind is reported and left alone" {
	mkdir -m 700 "$tmp/spool"
	plant "$tmp/spool" exec 7 "touch $tmp/PWNED"
	run -0 --separate-stderr pp-alert --exec true --spool "$tmp/spool" < /dev/null
	assert_equal "$stderr" "pp-alert: $tmp/spool/0-1-0.msg: unknown kind '7': left alone"
	assert_output ""
	[ ! -e "$tmp/PWNED" ]
	[ -e "$tmp/spool/0-1-0.msg" ]
	plant "$tmp/spool" exec exec "touch $tmp/PWNED"
	run -0 --separate-stderr pp-alert --exec true --spool "$tmp/spool" < /dev/null
	assert_equal "$stderr" "pp-alert: $tmp/spool/0-1-0.msg: unknown kind 'exec': left alone"
	[ ! -e "$tmp/PWNED" ]
}

@test "a run stopped while a slow receiver waits keeps the state of what it sent" {
	receiver --hang 30
	pp-alert --exec "cat >> $tmp/first" --webhook "http://127.0.0.1:$port/" --timeout 60s --retries 0 --state "$tmp/state" "$v" > "$tmp/out" 2> "$tmp/err" &
	pid=$!
	for _ in $(seq 1 100); do
		[ -e "$tmp/rx/1.req" ] && break
		sleep 0.1
	done
	[ -e "$tmp/rx/1.req" ]
	kill -TERM "$pid"
	st=0
	wait "$pid" || st=$?
	assert_equal "$st" 143
	assert_equal "$(cat "$tmp/err")" ""
	assert_equal "$(grep -c . "$tmp/first")" 4
	assert_equal "$(ls "$tmp" | grep -c '^state\.')" 0
	kill "$rxpid"
	rm -f "$tmp/rx"/*
	receiver
	run -0 --separate-stderr pp-alert --exec "cat >> $tmp/first" --webhook "http://127.0.0.1:$port/" --state "$tmp/state" "$v"
	assert_equal "$(count_lines ',exec,')" 0
	assert_line --index 1 --regexp ',webhook,sent,3,200,1,$'
	assert_equal "$(grep -c . "$tmp/first")" 4
	# and a third run sends nothing
	run -0 --separate-stderr pp-alert --exec "cat >> $tmp/first" --webhook "http://127.0.0.1:$port/" --state "$tmp/state" "$v"
	assert_output ""
}

# Runs "$@" with its standard output a pipe that nobody reads any more,
# SIGPIPE at its default, and prints its exit status.
to_closed_pipe() {
	mkfifo "$tmp/fifo"
	exec 3<>"$tmp/fifo" 4>"$tmp/fifo" 3<&-
	st=0
	env --default-signal=PIPE "$@" >&4 || st=$?
	exec 4>&-
	rm -f "$tmp/fifo"
	echo "$st"
}

@test "pp-alert | head -1 ends quietly, as the other programs do" {
	{ echo ts,budget,metric,value; seq 1 3000 | sed 's/^/2026-11-01T10:00:00Z,b/; s/$/,m,1/'; } > "$tmp/many.csv"
	run -0 --separate-stderr bash -c 'env --default-signal=PIPE pp-alert --exec true --dry-run -g budget "$1" | head -1; echo "${PIPESTATUS[0]}"' sh "$tmp/many.csv"
	assert_output "# exec (true): 1 alert
141"
	assert_equal "$stderr" ""
	run -0 --separate-stderr bash -c 'env --default-signal=PIPE pp-sample --anomaly "$1" | head -1; echo "${PIPESTATUS[0]}"' sh "$tmp/many.csv"
	assert_output "ts,budget,metric,value,zscore,baseline,anomaly
141"
	assert_equal "$stderr" ""
}

@test "a reader that is gone: what was delivered stays in the state" {
	run -0 --separate-stderr to_closed_pipe pp-alert --exec "cat >> $tmp/got" --state "$tmp/state" "$v"
	assert_output 141
	assert_equal "$stderr" ""
	assert_equal "$(grep -c . "$tmp/got")" 4
	run -0 --separate-stderr pp-alert --exec "cat >> $tmp/got" --state "$tmp/state" "$v"
	assert_output ""
	# SIGPIPE ignored: a write error, exit 4, as in the other programs
	run -0 --separate-stderr to_closed_pipe env --ignore-signal=PIPE pp-alert --exec "cat >> $tmp/got" --state "$tmp/state2" "$v"
	assert_output 4
	assert_equal "$stderr" "pp-alert: standard output: write error: Broken pipe"
	assert_equal "$(grep -c . "$tmp/got")" 8
	run -0 --separate-stderr pp-alert --exec "cat >> $tmp/got" --state "$tmp/state2" "$v"
	assert_output ""
}

@test "a command that stops reading its message does not end the run" {
	{ echo ts,budget; seq 1 20000 | sed 's/^/2026-11-01T10:00:00Z,b/'; } > "$tmp/many.csv"
	run -0 --separate-stderr pp-alert --exec true "$tmp/many.csv"
	assert_line --index 1 --regexp ',exec,sent,20000,,1,$'
	# the command gets SIGPIPE at its default, and not held
	run -0 --separate-stderr pp-alert --exec "cat | head -c 1 > /dev/null" "$tmp/many.csv"
	assert_line --index 1 --regexp ',exec,sent,20000,,1,$'
	assert_equal "$stderr" ""
}

@test "-f is refused: pp-alert reads no value" {
	run -2 --separate-stderr pp-alert -f x
	assert_equal "$stderr" "pp-alert: -f: an alert is a record as it comes: pp-alert reads no value
Try 'pp-alert --help'."
}
