#!/bin/sh
# Seeds the dev server of docker-compose.vault.yml / docker-compose.openbao.yml with the test data
# agent.yaml renders. Runs in the server's own image (its CLI: `vault`, or `bao` for OpenBao, named
# by SEED_CLI), against VAULT_ADDR / BAO_ADDR with the dev root token. Dev data only.
set -eu
cli=${SEED_CLI:-vault}
# The dev server mounts KV v2 at secret/ already; wait until it answers.
i=0
until "$cli" status >/dev/null 2>&1; do
  i=$((i + 1))
  if [ "$i" -gt 60 ]; then
    echo "seed: the server did not come up" >&2
    exit 1
  fi
  sleep 1
done
"$cli" kv put -mount=secret app/db username=app password=dev-only-db-password >/dev/null
"$cli" kv put -mount=secret app/api key=dev-only-api-key endpoint=https://api.example.test >/dev/null
"$cli" kv put -mount=secret app/flags new_checkout=true dark_mode=false >/dev/null
echo "seed: wrote secret/app/db, secret/app/api, secret/app/flags"
