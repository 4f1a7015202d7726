#!/bin/sh
# Seeds the docker-compose.test.yml services from the shared fixture: every source in
# /fixtures/secrets_seed.json becomes a Vault KV v2 mount of that name holding its secrets, and
# LocalStack gets the merge-store bucket. POSIX sh + curl + jq (runs in the `seed` service).
set -eu
fixture=/fixtures/secrets_seed.json
vault() { # vault METHOD PATH [JSON]
  curl -sS --fail-with-body -X "$1" -H "X-Vault-Token: $VAULT_TOKEN" \
    ${3:+-H "Content-Type: application/json" --data "$3"} "$VAULT_ADDR/v1/$2"
}

for source in $(jq -r '.sources | keys[]' "$fixture"); do
  vault POST "sys/mounts/$source" '{"type":"kv","options":{"version":"2"}}' >/dev/null ||
    echo "mount $source exists"
  jq -r --arg s "$source" '.sources[$s] | keys[]' "$fixture" | while read -r key; do
    body=$(jq -c --arg s "$source" --arg k "$key" '{data: .sources[$s][$k]}' "$fixture")
    vault POST "$source/data/$key" "$body" >/dev/null
    echo "seeded vault $source/$key"
  done
done

curl -sS --fail -X PUT "$AWS_ENDPOINT_URL/secretsync-merged" >/dev/null
echo "seeded s3 bucket secretsync-merged"
