#!/usr/bin/env bash
# Local infrastructure without Docker: Apache Kafka (single-node KRaft), FerretDB (MongoDB wire
# protocol on PostgreSQL, or on SQLite) and Zipkin, provisioned from package registries and cached
# under ${GRIDPAY_CACHE:-<repo>/.cache}.
#
#   deploy/local/infra.sh provision|start|stop [kafka|ferretdb|zipkin...] | status | reset
#
# Ports: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), MONGO_PORT (27017), ZIPKIN_PORT (9411),
# POSTGRES_PORT (55432, only with the pg backend).
# FerretDB's storage: GRIDPAY_FERRETDB_BACKEND=pg (default) or sqlite. pg runs a private PostgreSQL
# cluster (Debian package 'postgresql', apt-get installed when missing) under the cache, tuned for
# throwaway test data (fsync, synchronous_commit and full_page_writes off: a crash loses it), and
# stopped together with FerretDB. As root, PostgreSQL runs as the 'postgres' user.
# A server is skipped ("using external ...") when KAFKA_BROKERS, MONGODB_URI,
# OTEL_EXPORTER_ZIPKIN_ENDPOINT or OTEL_EXPORTER_OTLP(_TRACES)_ENDPOINT point somewhere else than
# the local default address (so sourcing env.sh first does not disable anything).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$HERE/../.." && pwd)"
CACHE="${GRIDPAY_CACHE:-$REPO_ROOT/.cache}"
mkdir -p "$CACHE"
CACHE="$(cd "$CACHE" && pwd)"
RUN="$CACHE/run"

FERRETDB_VERSION=v1.24.2
ZIPKIN_VERSION=3.6.1
MVN_DEP_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1

KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
MONGO_PORT="${MONGO_PORT:-27017}"
ZIPKIN_PORT="${ZIPKIN_PORT:-9411}"
POSTGRES_PORT="${POSTGRES_PORT:-55432}"
FERRETDB_BACKEND="${GRIDPAY_FERRETDB_BACKEND:-pg}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms256m -Xmx768m}"
ZIPKIN_HEAP_OPTS="${ZIPKIN_HEAP_OPTS:--Xmx1g}"  # 100,000 spans in memory (a demo month makes more, the oldest go)
START_TIMEOUT="${INFRA_START_TIMEOUT:-120}"
STOP_TIMEOUT="${INFRA_STOP_TIMEOUT:-30}"

ALL=(kafka ferretdb zipkin)

say() { printf '%s\n' "$*"; }
die() { printf 'infra.sh: error: %s\n' "$*" >&2; exit 1; }

case "$FERRETDB_BACKEND" in
  sqlite|pg) ;;
  postgres|postgresql) FERRETDB_BACKEND=pg ;;
  *) die "GRIDPAY_FERRETDB_BACKEND must be sqlite or pg, not '$FERRETDB_BACKEND'" ;;
esac

# ---------------------------------------------------------------------------------------------
# external endpoints

# Prints "VAR=value" and succeeds when the component is replaced by an external endpoint.
external() {
  case "$1" in
    kafka)
      if [[ -n "${KAFKA_BROKERS:-}" && "$KAFKA_BROKERS" != "127.0.0.1:$KAFKA_PORT" \
            && "$KAFKA_BROKERS" != "localhost:$KAFKA_PORT" ]]; then
        say "KAFKA_BROKERS=$KAFKA_BROKERS"; return 0
      fi ;;
    ferretdb)
      if [[ -n "${MONGODB_URI:-}" \
            && ! "$MONGODB_URI" =~ ^mongodb://(127\.0\.0\.1|localhost):$MONGO_PORT(/|\?|$) ]]; then
        say "MONGODB_URI=$MONGODB_URI"; return 0
      fi ;;
    zipkin)
      local v
      for v in OTEL_EXPORTER_OTLP_ENDPOINT OTEL_EXPORTER_OTLP_TRACES_ENDPOINT; do
        if [[ -n "${!v:-}" ]]; then say "$v=${!v}"; return 0; fi
      done
      if [[ -n "${OTEL_EXPORTER_ZIPKIN_ENDPOINT:-}" \
            && ! "$OTEL_EXPORTER_ZIPKIN_ENDPOINT" =~ ^http://(127\.0\.0\.1|localhost):$ZIPKIN_PORT(/|$) ]]; then
        say "OTEL_EXPORTER_ZIPKIN_ENDPOINT=$OTEL_EXPORTER_ZIPKIN_ENDPOINT"; return 0
      fi ;;
  esac
  return 1
}

# Only the named components (all when none is named); dies on an unknown name.
selected() {
  local c
  SELECTED=("$@")
  [ "$#" -gt 0 ] || SELECTED=("${ALL[@]}")
  for c in "${SELECTED[@]}"; do
    [[ " ${ALL[*]} " == *" $c "* ]] || die "unknown component '$c' (one of: ${ALL[*]})"
  done
}

# The components this invocation manages locally; reports the external ones.
local_components() {
  local c ext
  selected "$@"
  LOCAL=()
  for c in "${SELECTED[@]}"; do
    if ext="$(external "$c")"; then
      say "$(printf '%-9s' "$c") using external $ext"
    else
      LOCAL+=("$c")
    fi
  done
}

# ---------------------------------------------------------------------------------------------
# tools

need() { # command component
  command -v "$1" >/dev/null 2>&1 && return 0
  local hint
  case "$1" in
    java) hint="install a JDK/JRE 17+ (Debian: apt-get install openjdk-17-jre-headless)" ;;
    mvn)  hint="install Maven 3.6.3+ (Debian: apt-get install maven)" ;;
    go)   hint="install Go 1.21+ (it fetches the Go 1.24 toolchain FerretDB needs from the module proxy)" ;;
    *)    hint="install it" ;;
  esac
  case "$2" in
    Kafka)    hint+=", or set KAFKA_BROKERS to use an external Kafka" ;;
    FerretDB) hint+=", or set MONGODB_URI to use an external MongoDB" ;;
    Zipkin)   hint+=", or set OTEL_EXPORTER_ZIPKIN_ENDPOINT / OTEL_EXPORTER_OTLP_ENDPOINT" ;;
  esac
  die "$2 needs '$1' on PATH, which is missing: $hint"
}

need_java17() { # component
  need java "$1"
  local v major
  v="$(java -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')"
  major="${v%%.*}"
  [[ "$major" == 1 ]] && major="$(cut -d. -f2 <<<"$v")"
  [[ "$major" =~ ^[0-9]+$ && "$major" -ge 17 ]] \
    || die "$1 needs Java 17 or newer, but 'java' on PATH is '${v:-unknown}'"
}

# ---------------------------------------------------------------------------------------------
# provisioning (idempotent; everything lands in $CACHE)

KAFKA_LIBS="$CACHE/kafka/libs"
FERRETDB_BIN="$CACHE/bin/ferretdb"
ZIPKIN_JAR="$CACHE/zipkin/zipkin-server-$ZIPKIN_VERSION-exec.jar"

quietly() { # logfile cmd... : output goes to logfile, shown only on failure
  local log="$1"
  shift
  if ! "$@" >"$log" 2>&1; then
    tail -n 60 "$log" >&2
    die "failed: $* (full output in $log)"
  fi
}

pom_stamp() { sha256sum "$HERE/kafka/pom.xml" | cut -d' ' -f1; }

ferretdb_built() {
  [[ -x "$FERRETDB_BIN" && -f "$FERRETDB_BIN.version" \
    && "$(<"$FERRETDB_BIN.version")" == "$FERRETDB_VERSION" ]]
}

provisioned() {
  case "$1" in
    kafka)    [[ -f "$KAFKA_LIBS.stamp" && "$(<"$KAFKA_LIBS.stamp")" == "$(pom_stamp)" ]] ;;
    ferretdb) ferretdb_built && { [[ "$FERRETDB_BACKEND" != pg ]] || pg_bindir >/dev/null; } ;;
    zipkin)   [[ -s "$ZIPKIN_JAR" ]] ;;
  esac
}

# Prints the directory holding initdb/postgres: POSTGRES_BINDIR, else Debian's newest
# /usr/lib/postgresql/<major>/bin, else the one of initdb on PATH.
pg_bindir() {
  local d
  if [[ -n "${POSTGRES_BINDIR:-}" ]]; then
    [[ -x "$POSTGRES_BINDIR/initdb" ]] || return 1
    say "$POSTGRES_BINDIR"; return 0
  fi
  for d in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -t/ -k5,5nr); do
    [[ -x "$d/initdb" && -x "$d/postgres" ]] && { say "$d"; return 0; }
  done
  d="$(command -v initdb 2>/dev/null)" || return 1
  say "$(dirname "$d")"
}

provision_postgres() {
  pg_bindir >/dev/null && return 0
  local sudo=()
  if [[ "$(id -u)" != 0 ]]; then
    command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null && sudo=(sudo -n)
  fi
  if ! command -v apt-get >/dev/null 2>&1 || [[ "$(id -u)" != 0 && ${#sudo[@]} -eq 0 ]]; then
    die "the pg backend of FerretDB needs PostgreSQL (initdb, postgres), which is missing: install" \
      "it (Debian: apt-get install postgresql) or set POSTGRES_BINDIR, or use GRIDPAY_FERRETDB_BACKEND=sqlite"
  fi
  say "provision: PostgreSQL from Debian's packages (apt-get install postgresql) ..."
  local -x DEBIAN_FRONTEND=noninteractive
  # an image without package lists needs an update first
  if ! "${sudo[@]}" apt-get install -y --no-install-recommends postgresql \
      >"$CACHE/provision-postgres.log" 2>&1; then
    quietly "$CACHE/provision-postgres-update.log" "${sudo[@]}" apt-get update
    quietly "$CACHE/provision-postgres.log" "${sudo[@]}" apt-get install -y --no-install-recommends postgresql
  fi
  pg_bindir >/dev/null || die "PostgreSQL installed, but no initdb found (see $CACHE/provision-postgres.log)"
}

provision_kafka() {
  need mvn Kafka
  say "provision: Kafka jars from Maven Central ($HERE/kafka/pom.xml) ..."
  rm -rf "$KAFKA_LIBS.tmp"
  quietly "$CACHE/provision-kafka.log" mvn -B -f "$HERE/kafka/pom.xml" \
    "$MVN_DEP_PLUGIN:copy-dependencies" -DincludeScope=runtime -DoutputDirectory="$KAFKA_LIBS.tmp"
  rm -rf "$KAFKA_LIBS"
  mv "$KAFKA_LIBS.tmp" "$KAFKA_LIBS"
  pom_stamp >"$KAFKA_LIBS.stamp"
}

provision_ferretdb() {
  [[ "$FERRETDB_BACKEND" == pg ]] && provision_postgres
  ferretdb_built && return 0
  need go FerretDB
  say "provision: building FerretDB $FERRETDB_VERSION from the Go module proxy (takes minutes) ..."
  # Our own flags only: a go.work or -mod=vendor from the caller's environment must not leak in,
  # and VCS stamping would pick up this repository's git state.
  local -x GOWORK=off GOFLAGS=-buildvcs=false CGO_ENABLED=0
  local json dir src="$CACHE/build/ferretdb-src"
  json="$(go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION")" \
    || die "go mod download of FerretDB $FERRETDB_VERSION failed: $json"
  dir="$(sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p' <<<"$json")"
  [[ -n "$dir" && -d "$dir" ]] || die "go mod download gave no module directory: $json"
  rm -rf "$src"
  mkdir -p "$(dirname "$src")" "$(dirname "$FERRETDB_BIN")"
  cp -R "$dir" "$src"
  chmod -R u+w "$src"  # the module cache is read-only
  # The module zip lacks the generated version file; without it the binary panics at start.
  printf '%s\n' "$FERRETDB_VERSION" >"$src/build/version/version.txt"
  (cd "$src" && quietly "$CACHE/provision-ferretdb.log" go build -trimpath -o "$FERRETDB_BIN.tmp" ./cmd/ferretdb)
  mv "$FERRETDB_BIN.tmp" "$FERRETDB_BIN"
  printf '%s\n' "$FERRETDB_VERSION" >"$FERRETDB_BIN.version"
  rm -rf "$src"
  rmdir "$(dirname "$src")" 2>/dev/null || true
}

provision_zipkin() {
  need mvn Zipkin
  say "provision: Zipkin server $ZIPKIN_VERSION from Maven Central ..."
  # run outside any project so no pom.xml is picked up
  (cd "$CACHE" && quietly "$CACHE/provision-zipkin.log" mvn -B "$MVN_DEP_PLUGIN:copy" \
    -Dartifact="io.zipkin:zipkin-server:$ZIPKIN_VERSION:jar:exec" -DoutputDirectory="$CACHE/zipkin")
  [[ -s "$ZIPKIN_JAR" ]] || die "Zipkin jar not found after download: $ZIPKIN_JAR"
}

provision() { # components...
  local c t0
  for c in "$@"; do
    if provisioned "$c"; then continue; fi
    t0=$SECONDS
    "provision_$c"
    say "provision: $c done in $((SECONDS - t0))s"
  done
}

# ---------------------------------------------------------------------------------------------
# processes

pidfile() { printf '%s/%s.pid' "$RUN" "$1"; }

marker() {
  case "$1" in
    kafka) say "kafka.Kafka" ;;
    ferretdb) say "$FERRETDB_BIN" ;;
    zipkin) say "zipkin-server" ;;
    postgres) say "$PG_DATA" ;;
  esac
}

cmdline_of() {
  if [[ -r "/proc/$1/cmdline" ]]; then tr '\0' ' ' <"/proc/$1/cmdline"
  else ps -o args= -p "$1" 2>/dev/null || true; fi
}

# Prints the pid when the component's pid file names a live process that is really ours
# (guards against pid reuse after a reboot).
live_pid() {
  local f pid
  f="$(pidfile "$1")"
  [[ -f "$f" ]] || return 1
  pid="$(<"$f")"
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  [[ "$(cmdline_of "$pid")" == *"$(marker "$1")"* ]] || return 1
  say "$pid"
}

port_vars() {
  case "$1" in
    kafka) say KAFKA_PORT KAFKA_CONTROLLER_PORT ;;
    ferretdb)
      # our PostgreSQL may still run from an earlier start; start_postgres reuses it
      if [[ "$FERRETDB_BACKEND" == pg ]] && ! live_pid postgres >/dev/null; then
        say MONGO_PORT POSTGRES_PORT
      else
        say MONGO_PORT
      fi ;;
    zipkin) say ZIPKIN_PORT ;;
  esac
}

port_of() { local v; v="$(port_vars "$1")"; v="${v%% *}"; say "${!v}"; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

address() {
  case "$1" in
    kafka) say "PLAINTEXT 127.0.0.1:$KAFKA_PORT (controller 127.0.0.1:$KAFKA_CONTROLLER_PORT; KAFKA_BROKERS=127.0.0.1:$KAFKA_PORT)" ;;
    ferretdb)
      if [[ "$(running_backend)" == pg ]]; then
        local pg=""
        pg="$(live_pid postgres)" && pg=", pid $pg"
        say "mongodb://127.0.0.1:$MONGO_PORT/?directConnection=true (on PostgreSQL 127.0.0.1:$POSTGRES_PORT$pg, data $PG_DATA)"
      else
        say "mongodb://127.0.0.1:$MONGO_PORT/?directConnection=true"
      fi ;;
    zipkin) say "http://127.0.0.1:$ZIPKIN_PORT (UI /zipkin/, spans POST /api/v2/spans)" ;;
  esac
}

# Sends an OP_MSG {hello: 1, $db: "admin"} and checks for an OP_MSG reply carrying maxWireVersion.
mongo_hello() {
  local fd hdr len op body
  exec {fd}<>"/dev/tcp/127.0.0.1/$1" || return 1
  # shellcheck disable=SC2016 # "$db" is a BSON key
  printf '\x34\0\0\0\x01\0\0\0\0\0\0\0\xdd\x07\0\0\0\0\0\0\0\x1f\0\0\0\x10hello\0\x01\0\0\0\x02$db\0\x06\0\0\0admin\0\0' >&"$fd"
  hdr="$(timeout 5 head -c 16 <&"$fd" | od -An -tu4)" || true
  read -r len _ _ op <<<"$hdr" || true
  if [[ "${op:-}" == 2013 && "${len:-0}" -gt 16 ]]; then
    body="$(timeout 5 head -c "$((len - 16))" <&"$fd" | tr -d '\0')" || true
  fi
  exec {fd}>&-
  [[ "${body:-}" == *maxWireVersion* ]]
}

http_ok() { # url
  if command -v curl >/dev/null 2>&1; then
    curl -sf -o /dev/null --max-time 5 "$1"
  else
    local fd rest="${1#http://}" hostport path line
    hostport="${rest%%/*}"; path="/${rest#*/}"
    exec {fd}<>"/dev/tcp/${hostport%:*}/${hostport#*:}" || return 1
    printf 'GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n' "$path" "$hostport" >&"$fd"
    IFS= read -r -t 5 line <&"$fd" || true
    exec {fd}>&-
    [[ "$line" == "HTTP/1."?" 200"* ]]
  fi
}

ready() {
  case "$1" in
    kafka) port_open "$KAFKA_PORT" && grep -q "Kafka Server started" "$RUN/kafka-server.log" 2>/dev/null ;;
    ferretdb) port_open "$MONGO_PORT" && mongo_hello "$MONGO_PORT" ;;
    zipkin) http_ok "http://127.0.0.1:$ZIPKIN_PORT/health" ;;
  esac
}

# Runs "$@" detached in its own session; the child writes its own pid (setsid may fork).
launch() { # name cmd...
  local name="$1" f
  shift
  f="$(pidfile "$name")"
  rm -f "$f"
  [[ -f "$RUN/$name.log" ]] && mv -f "$RUN/$name.log" "$RUN/$name.log.prev"
  local detach=()
  command -v setsid >/dev/null 2>&1 && detach=(setsid)
  # shellcheck disable=SC2016
  "${detach[@]}" nohup bash -c 'echo $$ >"$0"; exec "$@"' "$f" "$@" \
    </dev/null >"$RUN/$name.log" 2>&1 9>&- &  # fd 9 is our lock: the server must not keep it
  local i
  for ((i = 0; i < 50; i++)); do [[ -s "$f" ]] && return 0; sleep 0.1; done
  die "$name did not start (no pid file); see $RUN/$name.log"
}

kafka_properties() {
  cat <<EOF
# generated by deploy/local/infra.sh on every start
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
log.dirs=$RUN/kafka/data
num.partitions=3
auto.create.topics.enable=true
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
}

kafka_cmd() { # main-class args...  -> CMD
  # shellcheck disable=SC2206 # KAFKA_HEAP_OPTS is a list of options
  CMD=(java $KAFKA_HEAP_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError
    -Djava.awt.headless=true -Dkafka.logs.dir="$RUN" -Dlog4j2.configurationFile="$HERE/kafka/log4j2.xml"
    -cp "$KAFKA_LIBS/*" "$@")
}

start_kafka() {
  need_java17 Kafka
  mkdir -p "$RUN/kafka/data"
  kafka_properties >"$RUN/kafka/server.properties"
  if [[ ! -f "$RUN/kafka/data/meta.properties" ]]; then
    local id
    kafka_cmd kafka.tools.StorageTool random-uuid
    id="$("${CMD[@]}")"
    # static controller.quorum.voters, so no --standalone
    kafka_cmd kafka.tools.StorageTool format -t "$id" -c "$RUN/kafka/server.properties"
    "${CMD[@]}" >"$RUN/kafka-format.log" 2>&1 \
      || { cat "$RUN/kafka-format.log" >&2; die "formatting Kafka storage failed"; }
  fi
  # readiness greps this file, so a line from an earlier run must not count
  [[ -f "$RUN/kafka-server.log" ]] && mv -f "$RUN/kafka-server.log" "$RUN/kafka-server.log.prev"
  kafka_cmd kafka.Kafka "$RUN/kafka/server.properties"
  launch kafka "${CMD[@]}"
}

# The backend of the running FerretDB, else the configured one.
running_backend() {
  local pid
  if pid="$(live_pid ferretdb)"; then
    [[ "$(cmdline_of "$pid")" == *--handler=postgresql* ]] && { say pg; return; }
    say sqlite; return
  fi
  say "$FERRETDB_BACKEND"
}

# FerretDB 1.24 holds one pooled PostgreSQL connection per updateOne of an update command until
# the command ends, so a bulkWrite with more updates than the pool deadlocks the server (its
# default pool is 50). Bulk writes must stay below this.
FERRETDB_PG_POOL="${FERRETDB_PG_POOL:-400}"
PG_DATA="$RUN/postgres/data"

# AS_PG: the command prefix that runs a command as the PostgreSQL user, because initdb and
# postgres refuse to run as root. setpriv execs (su/runuser fork and stay the parent), so the
# pid file launch writes is the postmaster's.
pg_user() {
  AS_PG=()
  [[ "$(id -u)" == 0 ]] || return 0
  local u="${POSTGRES_OS_USER:-postgres}"
  id -u "$u" >/dev/null 2>&1 \
    || die "PostgreSQL cannot run as root and there is no user '$u' (set POSTGRES_OS_USER)"
  need setpriv FerretDB
  AS_PG=(setpriv --reuid="$u" --regid="$(id -g "$u")" --init-groups --)
}

# Starts (initialising on first use) the private PostgreSQL cluster and waits until it answers.
start_postgres() {
  local bin pid
  bin="$(pg_bindir)" || die "no PostgreSQL (initdb) found; run: $0 provision ferretdb"
  pg_user
  if pid="$(live_pid postgres)"; then
    say "postgres  already running (pid $pid): 127.0.0.1:$POSTGRES_PORT"
  else
    mkdir -p "$RUN/postgres"
    if [[ "$(id -u)" == 0 ]]; then
      chown "${POSTGRES_OS_USER:-postgres}:" "$RUN/postgres" 2>/dev/null || true
      "${AS_PG[@]}" test -w "$RUN/postgres" \
        || die "user ${POSTGRES_OS_USER:-postgres} cannot write $RUN/postgres (a parent directory is closed to it); set GRIDPAY_CACHE to a directory it can reach"
    fi
    if [[ ! -f "$PG_DATA/PG_VERSION" ]]; then
      rm -rf "$PG_DATA"
      "${AS_PG[@]}" "$bin/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --locale=C \
        >"$RUN/postgres-initdb.log" 2>&1 \
        || { cat "$RUN/postgres-initdb.log" >&2; die "initdb of $PG_DATA failed"; }
    fi
    # Settings on the command line, regenerated on every start. A throwaway test database:
    # no fsync, no synchronous commit, no full-page writes (a machine crash loses the data).
    # FerretDB prepares `WHERE _jsonb->$1 @> $2` once per connection; a generic plan chosen while
    # a table is small stays a sequential scan forever, so plan every execution with its values
    # (which is what lets the GIN twins of ferretdb-gin-twins.sql be used).
    launch postgres "${AS_PG[@]}" "$bin/postgres" -D "$PG_DATA" \
      -c listen_addresses=127.0.0.1 -c port="$POSTGRES_PORT" -c unix_socket_directories= \
      -c max_connections="$((FERRETDB_PG_POOL + 20))" -c shared_buffers=128MB \
      -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
      -c plan_cache_mode=force_custom_plan \
      -c log_min_messages=warning -c log_checkpoints=off
  fi
  local deadline=$((SECONDS + START_TIMEOUT))
  until "$bin/pg_isready" -q -h 127.0.0.1 -p "$POSTGRES_PORT" -U postgres -d postgres; do
    if ! live_pid postgres >/dev/null; then
      tail_logs postgres
      die "postgres exited during start-up (logs above, in $RUN)"
    fi
    ((SECONDS < deadline)) || { tail_logs postgres; die "postgres not ready after ${START_TIMEOUT}s"; }
    sleep 0.2
  done
  local psql=("$bin/psql" -X -q -h 127.0.0.1 -p "$POSTGRES_PORT" -U postgres -d postgres -tA)
  if [[ "$("${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = 'ferretdb'")" != 1 ]]; then
    "${psql[@]}" -c "CREATE DATABASE ferretdb" >/dev/null || die "creating database ferretdb failed"
  fi
  "${psql[@]}" -d ferretdb -v ON_ERROR_STOP=1 -f "$HERE/ferretdb-gin-twins.sql" >/dev/null \
    || die "installing the GIN twins of FerretDB's indexes (ferretdb-gin-twins.sql) failed"
}

start_ferretdb() {
  if [[ "$FERRETDB_BACKEND" == pg ]]; then
    start_postgres
    launch ferretdb "$FERRETDB_BIN" --handler=postgresql \
      --postgresql-url="postgres://postgres@127.0.0.1:$POSTGRES_PORT/ferretdb?pool_max_conns=$FERRETDB_PG_POOL" \
      --listen-addr="127.0.0.1:$MONGO_PORT" --telemetry=disable --state-dir=- --debug-addr=- \
      --log-level=warn
    return
  fi
  mkdir -p "$RUN/ferretdb"
  launch ferretdb "$FERRETDB_BIN" --handler=sqlite --sqlite-url="file:$RUN/ferretdb/" \
    --listen-addr="127.0.0.1:$MONGO_PORT" --telemetry=disable --state-dir=- --debug-addr=- \
    --log-level=warn
}

start_zipkin() {
  need_java17 Zipkin
  # In-memory storage only; unset variables that would make Zipkin connect to a Kafka/RabbitMQ
  # collector or another storage. A Spring list property is replaced whole, hence all three keys.
  # shellcheck disable=SC2086
  launch zipkin env -u KAFKA_BOOTSTRAP_SERVERS -u RABBIT_ADDRESSES -u RABBIT_URI \
    STORAGE_TYPE=mem MEM_MAX_SPANS="${ZIPKIN_MEM_MAX_SPANS:-100000}" \
    java $ZIPKIN_HEAP_OPTS -XX:+ExitOnOutOfMemoryError -jar "$ZIPKIN_JAR" \
    "--armeria.ports[0].ip=127.0.0.1" "--armeria.ports[0].port=$ZIPKIN_PORT" \
    "--armeria.ports[0].protocols[0]=http"
}

tail_logs() {
  local f
  for f in "$RUN/$1.log" "$RUN/$1-server.log"; do
    [[ -s "$f" ]] || continue
    printf -- '--- last lines of %s ---\n' "$f" >&2
    tail -n 40 "$f" >&2
  done
}

stop_one() { # name [signal]; SIGTERM (or signal), then SIGKILL after STOP_TIMEOUT
  local name="$1" sig="${2:-TERM}" pid i
  if ! pid="$(live_pid "$name")"; then
    rm -f "$(pidfile "$name")"
    return 1
  fi
  kill -"$sig" "$pid" 2>/dev/null || true
  for ((i = 0; i < STOP_TIMEOUT * 5; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "$(printf '%-9s' "$name") did not stop within ${STOP_TIMEOUT}s, sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  fi
  rm -f "$(pidfile "$name")"
  say "$pid"
}

lock() {
  command -v flock >/dev/null 2>&1 || return 0
  exec 9>"$CACHE/.infra.lock"
  flock -w 900 9 || die "another infra.sh holds $CACHE/.infra.lock"
}

# ---------------------------------------------------------------------------------------------
# commands

cmd_provision() {
  lock
  local_components "$@"
  provision "${LOCAL[@]}"
  say "provisioned under $CACHE"
}

cmd_start() {
  lock
  local_components "$@"
  provision "${LOCAL[@]}"
  mkdir -p "$RUN"
  local c pid p todo=() waiting=() t0=$SECONDS
  for c in "${LOCAL[@]}"; do
    if pid="$(live_pid "$c")"; then
      if ready "$c"; then
        say "$(printf '%-9s' "$c") already running (pid $pid): $(address "$c")"
        if [[ "$c" == ferretdb && "$(running_backend)" != "$FERRETDB_BACKEND" ]]; then
          say "ferretdb  note: it runs on $(running_backend), not on $FERRETDB_BACKEND; stop it to switch"
        fi
      else
        waiting+=("$c")  # still starting from an earlier invocation
      fi
      continue
    fi
    for p in $(port_vars "$c"); do
      if port_open "${!p}"; then
        die "$c: 127.0.0.1:${!p} is in use by a process this script did not start (set $p to move it)"
      fi
    done
    todo+=("$c")
  done
  for c in "${todo[@]}"; do
    "start_$c"
    waiting+=("$c")
  done
  # all servers boot in parallel; now wait for each
  local deadline=$((SECONDS + START_TIMEOUT))
  for c in "${waiting[@]}"; do
    until ready "$c"; do
      if ! live_pid "$c" >/dev/null; then
        tail_logs "$c"
        die "$c exited during start-up (logs above, in $RUN)"
      fi
      if ((SECONDS >= deadline)); then
        tail_logs "$c"
        stop_one "$c" >/dev/null || true
        die "$c not ready after ${START_TIMEOUT}s (INFRA_START_TIMEOUT); stopped it"
      fi
      sleep 0.5
    done
    say "$(printf '%-9s' "$c") ready after $((SECONDS - t0))s (pid $(live_pid "$c")): $(address "$c")"
  done
}

cmd_stop() {
  lock
  local c pid
  selected "$@"
  # stop in parallel: Kafka's controlled shutdown takes a few seconds
  for c in "${SELECTED[@]}"; do
    ( if pid="$(stop_one "$c")"; then say "$(printf '%-9s' "$c") stopped (pid $pid)"
      else say "$(printf '%-9s' "$c") not running"; fi
      # our PostgreSQL goes with FerretDB, after it (SIGINT: fast shutdown, no waiting for clients)
      if [[ "$c" == ferretdb ]]; then
        if pid="$(stop_one postgres INT)"; then say "postgres  stopped (pid $pid)"
        elif [[ "$FERRETDB_BACKEND" == pg ]]; then say "postgres  not running"; fi
      fi ) &
  done
  wait
}

cmd_status() {
  local c pid
  for c in "${ALL[@]}"; do
    if pid="$(live_pid "$c")"; then
      if port_open "$(port_of "$c")"; then
        say "$(printf '%-9s' "$c") running (pid $pid): $(address "$c")"
      else
        say "$(printf '%-9s' "$c") running (pid $pid) but port $(port_of "$c") not answering yet"
      fi
    else
      # one line per component: ./gridpay reads "<component> stopped|running"
      if [[ "$c" == ferretdb ]] && pid="$(live_pid postgres)"; then
        say "$(printf '%-9s' "$c") stopped (its PostgreSQL still runs, pid $pid, 127.0.0.1:$POSTGRES_PORT)"
      else
        say "$(printf '%-9s' "$c") stopped"
      fi
    fi
  done
}

cmd_reset() {
  cmd_stop
  rm -rf "$RUN"
  say "deleted run data ($RUN); downloaded/built artifacts kept in $CACHE"
}

case "${1:-}" in
  provision|start|stop) "cmd_$1" "${@:2}" ;;
  status|reset) "cmd_$1" ;;
  *)
    say "usage: $0 provision|start|stop [kafka|ferretdb|zipkin...] | status | reset" >&2
    exit 2 ;;
esac
