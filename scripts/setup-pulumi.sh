#!/usr/bin/env bash
# Provides the Pulumi engine for NeuroPilot in <repo>/.tools/pulumi/bin (git-ignored), idempotently:
#   pulumi                         the real Pulumi CLI/engine, built from the Go module proxy
#                                  (github.com/pulumi/pulumi/pkg/v3/cmd/pulumi), unless a `pulumi` on PATH
#                                  already has the version of @pulumi/pulumi in package-lock.json
#   pulumi-language-nodejs         NeuroPilot's own Node.js language host (scripts/pulumi-tools/language-nodejs)
#   pulumi-resource-pulumi-nodejs  launcher of @pulumi/pulumi's dynamic provider
# A stamp file records what was built; a second run with nothing changed only compares it and exits.
# Caches: Go's module cache and build cache (`go env GOMODCACHE GOCACHE`).
# Usage: bash scripts/setup-pulumi.sh [--force]
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOLS_SRC="$ROOT/scripts/pulumi-tools"
TOOLS_DIR="$ROOT/.tools/pulumi"
BIN="$TOOLS_DIR/bin"
STAMP="$TOOLS_DIR/stamp"
LOG_DIR="$TOOLS_DIR/logs"
FORCE=0
[[ "${1:-}" == "--force" ]] && FORCE=1

say() { printf '[setup-pulumi] %s\n' "$*"; }
die() { printf '[setup-pulumi] ERROR: %s\n' "$*" >&2; exit 1; }

command -v node >/dev/null 2>&1 || die "node is not on PATH; install Node.js 20+ first"
VERSION=$(cd "$ROOT" && node -p "require('./package-lock.json').packages['node_modules/@pulumi/pulumi'].version" 2>/dev/null) \
  || die "cannot read the @pulumi/pulumi version from $ROOT/package-lock.json (run npm install first)"
[[ "$VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "unexpected @pulumi/pulumi version '$VERSION' in package-lock.json"

# Fingerprint of everything that ends up in $BIN besides the CLI itself.
sources_hash() {
  (cd "$TOOLS_SRC" && find language-nodejs pulumi-resource-pulumi-nodejs -type f \( -name '*.go' -o -name 'go.mod' -o -name 'go.sum' -o -name 'pulumi-resource-*' \) -print0 \
    | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
}

# Is there a usable pulumi of the right version on PATH that is not ours?
EXTERNAL=""
if command -v pulumi >/dev/null 2>&1; then
  candidate=$(command -v pulumi)
  if [[ "$(readlink -f "$candidate")" != "$(readlink -f "$BIN/pulumi" 2>/dev/null || echo none)" ]] \
     && [[ "$(pulumi version 2>/dev/null || true)" == "v$VERSION" ]]; then
    EXTERNAL="$candidate"
  fi
fi

WANT_STAMP="version=v$VERSION cli=${EXTERNAL:-built} host=$(sources_hash)"
if [[ $FORCE -eq 0 && -f "$STAMP" && "$(cat "$STAMP")" == "$WANT_STAMP" \
      && -x "$BIN/pulumi-language-nodejs" && -x "$BIN/pulumi-resource-pulumi-nodejs" \
      && ( -n "$EXTERNAL" || -x "$BIN/pulumi" ) ]]; then
  say "up to date: Pulumi v$VERSION in $BIN${EXTERNAL:+ (CLI: $EXTERNAL)}"
  exit 0
fi

command -v go >/dev/null 2>&1 || die "go is not on PATH. Install Go 1.25.11+ to build the Pulumi engine v$VERSION, \
or install the official Pulumi CLI v$VERSION and put it on PATH (see docs/engine.md)."
mkdir -p "$BIN" "$LOG_DIR"
export CGO_ENABLED=0
LDFLAGS="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$VERSION"

# run_logged <log name> <description> <command...>: runs a command, prints a heartbeat with the number of
# packages compiled so far, and on failure prints the failing command and the end of its output.
run_logged() {
  local name=$1 what=$2; shift 2
  local log="$LOG_DIR/$name.log" start=$SECONDS
  say "$what"
  say "  \$ $*"
  "$@" >"$log" 2>&1 &
  local pid=$!
  local next=$((SECONDS + 15))
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    if (( SECONDS >= next )) && kill -0 "$pid" 2>/dev/null; then
      say "  ... $((SECONDS - start))s, $(grep -c '^[a-zA-Z0-9]' "$log" || true) packages compiled so far"
      next=$((SECONDS + 15))
    fi
  done
  if ! wait "$pid"; then
    tail -n 40 "$log" >&2
    die "command failed (full output in $log): $*"
  fi
  say "  done in $((SECONDS - start))s"
}

# Fetch modules first, so a module the proxy refuses is reported as such (with the command), not as a build error.
download_modules() {
  local dir=$1
  if ! (cd "$dir" && go mod download 2>"$LOG_DIR/download.log"); then
    cat "$LOG_DIR/download.log" >&2
    die "could not download a Go module (refused by the module proxy or unreachable); failing command: (cd $dir && go mod download)"
  fi
}

# 1. Language host and dynamic-provider launcher (small; always ours).
download_modules "$TOOLS_SRC/language-nodejs"
run_logged language-host "building pulumi-language-nodejs (NeuroPilot's Node.js language host)" \
  bash -c "cd '$TOOLS_SRC/language-nodejs' && go build -v -trimpath -ldflags '$LDFLAGS' -o '$BIN/pulumi-language-nodejs' ."
install -m 0755 "$TOOLS_SRC/pulumi-resource-pulumi-nodejs" "$BIN/pulumi-resource-pulumi-nodejs"

# 2. The CLI/engine.
if [[ -n "$EXTERNAL" ]]; then
  say "using $EXTERNAL (pulumi version v$VERSION) instead of building the CLI"
  rm -f "$BIN/pulumi"
else
  CLI_DIR="$TOOLS_SRC/cli"
  PINNED=$(cd "$CLI_DIR" && go list -m -f '{{.Version}}' github.com/pulumi/pulumi/pkg/v3)
  if [[ "$PINNED" != "v$VERSION" ]]; then
    # package-lock.json moved on: build from a scratch copy of the wrapper module at the wanted version.
    say "WARNING: scripts/pulumi-tools/cli/go.mod pins $PINNED but package-lock.json has $VERSION; building v$VERSION from a scratch copy (update the pin)"
    rm -rf "$TOOLS_DIR/cli-build" && cp -r "$CLI_DIR" "$TOOLS_DIR/cli-build"
    CLI_DIR="$TOOLS_DIR/cli-build"
    (cd "$CLI_DIR" && go get -tool "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v$VERSION" "github.com/pulumi/pulumi/sdk/v3@v$VERSION" \
      && go mod tidy) 2>"$LOG_DIR/get.log" || { cat "$LOG_DIR/get.log" >&2; \
      die "the Go module proxy refused pkg/v3@v$VERSION; failing command: go get -tool github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v$VERSION github.com/pulumi/pulumi/sdk/v3@v$VERSION"; }
  fi
  download_modules "$CLI_DIR"
  run_logged cli "building the Pulumi CLI v$VERSION from source (first time: a few minutes on 2 cores)" \
    bash -c "cd '$CLI_DIR' && go build -v -trimpath -tags osusergo,grpcnotrace -ldflags '$LDFLAGS' -o '$BIN/pulumi' github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
  got=$("$BIN/pulumi" version)
  [[ "$got" == "v$VERSION" ]] || die "built pulumi reports $got, expected v$VERSION"
fi

printf '%s' "$WANT_STAMP" >"$STAMP.tmp" && mv "$STAMP.tmp" "$STAMP"
say "ready: $BIN (source scripts/pulumi-env.sh to put it on PATH)"
