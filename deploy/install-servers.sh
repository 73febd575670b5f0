#!/usr/bin/env bash
# Installs what distributed mode needs on Debian without Docker, and only what is missing:
#   - PostgreSQL (Debian's `postgresql`), when no /usr/lib/postgresql/*/bin/initdb exists;
#   - Node.js and npm (Debian's `nodejs`, `npm`), when `npm` is not on PATH and Azurite must be installed;
#   - Azurite 3.37.0 (npm) into a cache that outlives the repository:
#       ${XDG_CACHE_HOME:-$HOME/.cache}/emotiongrid/azurite/node_modules/.bin/azurite
#     unless EMOTIONGRID_AZURITE names an existing azurite executable (then nothing is installed).
# Safe to run again: a second run installs nothing and says so. Apt needs root (sudo is used when present).
# The last line printed is `azurite: <path>`; deploy/run-cluster.sh finds Azurite the same way.
set -euo pipefail

readonly AZURITE_VERSION=3.37.0

say() { printf 'install-servers: %s\n' "$*"; }
die() { printf 'install-servers: error: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "installing packages needs root (or sudo): $*"
  fi
}

apt_updated=false
apt_install() {
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found: install $* yourself (this script knows Debian only)"
  if [ "$apt_updated" = false ]; then
    say "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    apt_updated=true
  fi
  say "apt-get install $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

# --- PostgreSQL ---------------------------------------------------------------------------------
pg_initdb() { compgen -G '/usr/lib/postgresql/*/bin/initdb' | sort -V | tail -n 1; }
if [ -n "$(pg_initdb || true)" ]; then
  say "postgresql: already installed ($(dirname "$(pg_initdb)"))"
else
  apt_install postgresql
  [ -n "$(pg_initdb || true)" ] || die "postgresql was installed but no /usr/lib/postgresql/*/bin/initdb exists"
  say "postgresql: installed ($(dirname "$(pg_initdb)"))"
fi

# --- Azurite ------------------------------------------------------------------------------------
if [ -n "${EMOTIONGRID_AZURITE:-}" ]; then
  [ -x "$EMOTIONGRID_AZURITE" ] || die "EMOTIONGRID_AZURITE=$EMOTIONGRID_AZURITE is not an executable file"
  say "azurite: EMOTIONGRID_AZURITE is set, nothing to install"
  azurite=$EMOTIONGRID_AZURITE
else
  cache=${XDG_CACHE_HOME:-${HOME:?HOME or XDG_CACHE_HOME must be set}/.cache}
  prefix=$cache/emotiongrid/azurite
  azurite=$prefix/node_modules/.bin/azurite
  if [ -x "$azurite" ]; then
    say "azurite: already installed ($prefix)"
  else
    if command -v npm >/dev/null 2>&1; then
      say "npm: already installed ($(command -v npm))"
    else
      apt_install nodejs npm
      command -v npm >/dev/null 2>&1 || die "nodejs and npm were installed but npm is not on PATH"
    fi
    mkdir -p "$prefix"
    say "npm install azurite@$AZURITE_VERSION into $prefix (about 360 MB; 30 s to 3 min)"
    npm install --no-audit --no-fund --loglevel=error --prefix "$prefix" "azurite@$AZURITE_VERSION"
    [ -x "$azurite" ] || die "npm finished but $azurite does not exist"
    say "azurite: installed ($prefix)"
  fi
fi

command -v node >/dev/null 2>&1 || say "warning: node is not on PATH; Azurite needs it to run"
printf 'azurite: %s\n' "$azurite"
