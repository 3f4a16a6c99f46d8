#!/usr/bin/env bash
# Back up Gonghui: the PostgreSQL database (pg_dump, custom format) and the local attachment storage (MEDIA_ROOT).
#   DATABASE_URL=postgres://... MEDIA_ROOT=/srv/gonghui/media scripts/backup.sh /backups/gonghui-$(date +%F)
# Writes db.dump, media.tar.gz (when MEDIA_ROOT is a directory) and SHA256SUMS into the target directory.
# With S3-compatible storage (STORAGE_BACKEND=s3) the attachments are not here: see docs/operations.md.
# The keys (PII_KEYS, PII_INDEX_KEY, MEMBER_CARD_SIGNING_KEY, SECRET_KEY) are NOT in the backup, on purpose.
set -euo pipefail
OUT=${1:?usage: backup.sh TARGET_DIR}
: "${DATABASE_URL:?DATABASE_URL must point at the PostgreSQL database}"
PG_BIN=${PG_BIN:-}
mkdir -p "$OUT"
"${PG_BIN:+$PG_BIN/}pg_dump" --format=custom --compress=6 --no-owner --no-privileges --file="$OUT/db.dump" "$DATABASE_URL"
if [ -n "${MEDIA_ROOT:-}" ] && [ -d "$MEDIA_ROOT" ]; then
  tar -C "$MEDIA_ROOT" -czf "$OUT/media.tar.gz" .
fi
(cd "$OUT" && sha256sum db.dump $( [ -f media.tar.gz ] && echo media.tar.gz ) > SHA256SUMS)
echo "backup written to $OUT"
