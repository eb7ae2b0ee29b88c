#!/usr/bin/env bash
# Install the Debian packages Pillars needs when they are missing: PostgreSQL's server (the embedded
# warehouse), docker-compose (validating docker-compose.yml) and chromium (rendering the report to PDF and
# screenshotting it in tests). Only root can install; a normal user gets one line saying what to install.
set -euo pipefail

missing=()
have_initdb() {
  command -v initdb >/dev/null 2>&1 || compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null
}
have_initdb || missing+=(postgresql)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  if ! have_initdb; then
    echo "pillars: PostgreSQL's server is missing: run 'sudo apt-get install ${missing[*]}'," \
         "or set PILLARS_WAREHOUSE_URL to an existing server" >&2
    [ -n "${PILLARS_WAREHOUSE_URL:-}" ] || exit 1
  fi
  echo "pillars: optional packages missing (${missing[*]}): 'sudo apt-get install ${missing[*]}'" >&2
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
echo "installing Debian packages: ${missing[*]}"
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
