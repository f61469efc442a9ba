# shellcheck shell=sh
# Defaults for the local stack of deploy/local/infra.sh. Source it:  . deploy/local/env.sh
# A variable that is already set is kept, so the same code and tests run against a real Kafka
# cluster / MongoDB / trace collector when those are exported instead.
: "${KAFKA_BROKERS:=127.0.0.1:${KAFKA_PORT:-9092}}"
: "${MONGODB_URI:=mongodb://127.0.0.1:${MONGO_PORT:-27017}/?directConnection=true}"
export KAFKA_BROKERS MONGODB_URI
# Someone sending traces over OTLP keeps OTLP (the SDK's default exporter).
if [ -z "${OTEL_EXPORTER_OTLP_ENDPOINT:-}" ] && [ -z "${OTEL_EXPORTER_OTLP_TRACES_ENDPOINT:-}" ]; then
  : "${OTEL_TRACES_EXPORTER:=zipkin}"
  : "${OTEL_EXPORTER_ZIPKIN_ENDPOINT:=http://127.0.0.1:${ZIPKIN_PORT:-9411}/api/v2/spans}"
  export OTEL_TRACES_EXPORTER OTEL_EXPORTER_ZIPKIN_ENDPOINT
fi
