#!/usr/bin/env bash
# Runs every test suite of AdminConsole: domain, persistence (SQLite and PostgreSQL), web, and the browser
# tests. On a fresh Debian machine it first installs what the tests need: Chromium, PostgreSQL, Node.js/npm
# and the npm test peers. Ends with the line "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
configuration=${CONFIGURATION:-Debug}

step() { printf '\n== %s\n' "$*"; }

step "Debian packages"
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
command -v npm >/dev/null || missing+=(nodejs npm)
# Reading the audit reports back: pdftotext, pdfsig and pdftoppm (poppler-utils), qpdf --check; the reports' font.
command -v pdftotext >/dev/null || missing+=(poppler-utils)
command -v qpdf >/dev/null || missing+=(qpdf)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  echo "installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "chromium, postgresql, npm, poppler-utils, qpdf and DejaVu fonts are present"
fi

step "npm test peers"
(cd tests/Console.E2E && npm install --no-package-lock --no-audit --no-fund --loglevel=error)

step "PostgreSQL for the tests"
tools/test-postgres.sh start
trap 'tools/test-postgres.sh stop' EXIT
export ADMINCONSOLE_TEST_POSTGRES="Host=127.0.0.1;Port=${PGTEST_PORT:-55432};Username=postgres;Database=postgres"

step "Build ($configuration)"
dotnet build AdminConsole.sln -c "$configuration" -nologo -v quiet

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"
status=0
for project in tests/Console.Domain.Tests tests/Console.Persistence.Tests tests/Console.Jobs.Tests tests/Console.Web.Tests tests/Console.E2E; do
  name=$(basename "$project")
  step "Test $name"
  dotnet test "$project" -c "$configuration" --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" --results-directory "$results" || status=1
done

passed=0 failed=0 skipped=0 total=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  value() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  total=$((total + $(value total)))
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed)))
  skipped=$((skipped + $(value notExecuted)))
done
if [ "$total" -eq 0 ]; then
  echo "no test was executed"
  status=1
fi
echo
echo "Screenshots: artifacts/screenshots; test results: artifacts/test-results"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] || status=1
exit $status
