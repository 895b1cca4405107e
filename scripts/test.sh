#!/usr/bin/env bash
# Runs Castellan's whole test suite on a fresh machine: installs what the tests need (PostgreSQL, GnuTLS,
# OpenSSL), then builds and runs every unit and integration test. A skipped test fails the run.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/scripts/lib.sh"
JAVA_HOME="$(castellan_find_jdk)"
export JAVA_HOME

need_packages=()
command -v openssl >/dev/null || need_packages+=(openssl)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_packages+=(postgresql)
command -v certtool >/dev/null || need_packages+=(gnutls-bin)
command -v curl >/dev/null || need_packages+=(curl)
if [ ${#need_packages[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "castellan test: missing packages ${need_packages[*]}; install them (apt-get install -y ${need_packages[*]}) or run as root." >&2
    exit 1
  fi
  echo "castellan test: installing ${need_packages[*]}" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_packages[@]}" >/dev/null
fi
python3 -m awscli --version >/dev/null 2>&1 || { echo "castellan test: the AWS CLI v1 (python3 -m awscli) is required" >&2; exit 1; }

cd "$here"
./mvnw -B -ntp install "$@"

# Surefire counts skipped tests but does not fail on them; we do, so the suite can never silently shrink.
skipped=$(grep -ho 'skipped="[0-9]*"' castellan-*/target/surefire-reports/TEST-*.xml | grep -v 'skipped="0"' || true)
if [ -n "$skipped" ]; then
  echo "castellan test: some tests were skipped; a skipped test is a failure here:" >&2
  grep -l 'skipped="[1-9]' castellan-*/target/surefire-reports/TEST-*.xml >&2
  exit 1
fi
total=$(cat castellan-*/target/surefire-reports/TEST-*.xml | grep -o '<testsuite [^>]*tests="[0-9]*"' | sed 's/.*tests="\([0-9]*\)"/\1/' | awk '{s+=$1} END {print s}')
echo "castellan test: all ${total} tests passed"
