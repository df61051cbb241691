#!/usr/bin/env bash
# Adds a migration to both providers' sets: tools/migrations.sh <Name>
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?usage: tools/migrations.sh <MigrationName>}
dotnet tool restore >/dev/null
dotnet build tools/EfDesign -v q -nologo >/dev/null
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$name" \
    --project src/Console.Domain --startup-project tools/EfDesign \
    --context "${provider}ConsoleDbContext" \
    --output-dir "Persistence/Migrations/$provider" --namespace "AdminConsole.Domain.Persistence.Migrations.$provider"
done
