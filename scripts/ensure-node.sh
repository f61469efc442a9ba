# Sourced by ./gridpay and .ci/run: puts Node >= 22 on PATH.
# The machine's node may be older (Debian's is 20); then Node 24 LTS is installed project-locally
# from the npm registry's `node` package, which ships the real binary.
GRIDPAY_ROOT="${GRIDPAY_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
GRIDPAY_CACHE="${GRIDPAY_CACHE:-$GRIDPAY_ROOT/.cache}"
GRIDPAY_NODE_VERSION="${GRIDPAY_NODE_VERSION:-24}"

gridpay_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

gridpay_ensure_node() {
  local local_bin="$GRIDPAY_CACHE/node/node_modules/node/bin"
  if [ -x "$local_bin/node" ]; then
    export PATH="$local_bin:$PATH"
  fi
  if [ "$(gridpay_node_major)" -ge 22 ]; then
    return 0
  fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "gridpay: Node.js >= 22 is needed and npm is missing to install it; install Node.js 22+ (24 LTS)" >&2
    return 1
  fi
  echo "gridpay: node $(node --version 2>/dev/null || echo none) is older than 22; installing node@$GRIDPAY_NODE_VERSION into $GRIDPAY_CACHE/node"
  mkdir -p "$GRIDPAY_CACHE/node"
  (cd "$GRIDPAY_CACHE/node" && [ -f package.json ] || echo '{"private":true}' > package.json)
  npm install --prefix "$GRIDPAY_CACHE/node" --no-save --no-audit --no-fund --loglevel=error "node@$GRIDPAY_NODE_VERSION" >&2
  export PATH="$local_bin:$PATH"
  if [ "$(gridpay_node_major)" -lt 22 ]; then
    echo "gridpay: could not bring Node >= 22 (have $(node --version))" >&2
    return 1
  fi
}
