#!/bin/sh
# Installs what building, the demo and the tests need on a fresh Debian/Ubuntu machine, and nothing
# when it is all there already. Run by ./test and ./demo (and so by CI, which runs ./test).
#   java/javac 17+  openjdk-17-jdk-headless   builds and runs everything
#   mvn             maven                     ./mvnw fetches Maven 3.9 through it once
#   unzip           unzip                     ./mvnw unpacks that Maven
#   curl            curl                      ./demo sends its requests with it
#   go              golang-go                 tests read reqprof's pprof output with `go tool pprof`
#   chromium        chromium                  the collector's UI tests drive headless Chromium
# Usage: scripts/install-prerequisites.sh [demo|test]   (default test: everything above)
set -e
what=${1:-test}
need=""
has() { command -v "$1" >/dev/null 2>&1; }
has javac || need="$need openjdk-17-jdk-headless"
has mvn || need="$need maven"
has unzip || need="$need unzip"
has curl || need="$need curl"
if [ "$what" = test ]; then
  has go || need="$need golang-go"
  has chromium || has chromium-browser || need="$need chromium"
fi
[ -n "$need" ] || exit 0

echo "reqprof: installing$need (apt-get)" >&2
if ! has apt-get; then
  echo "reqprof: no apt-get here; install these yourself:$need" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" != 0 ]; then
  has sudo || { echo "reqprof: need root (or sudo) to install:$need" >&2; exit 1; }
  sudo=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq $need >/dev/null
