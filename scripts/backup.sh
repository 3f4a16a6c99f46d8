#!/usr/bin/env bash
# Back up Gonghui: the PostgreSQL database (pg_dump, custom format), the media storage (MEDIA_ROOT) and the private
# attachments' storage (PRIVATE_ROOT: voucher scans, audit working papers and evidence, certificates).
#   DATABASE_URL=postgres://... MEDIA_ROOT=/srv/gonghui/media PRIVATE_ROOT=/srv/gonghui/private \
#     scripts/backup.sh /backups/gonghui-$(date +%F)
# Writes db.dump, media.tar.gz (when MEDIA_ROOT is a directory), private.tar.gz (when PRIVATE_ROOT is a directory)
# and SHA256SUMS into the target directory, every file 0600 (the archives keep the files' own modes, 0600/0700 for
# the private storage). Take it in this order: a file without a record is harmless, the reverse is a broken link.
# With S3-compatible storage (STORAGE_BACKEND=s3) neither storage is on this disk: the bucket (both prefixes) is
# backed up by its own versioning and copy, see docs/operations.md.
# The keys (PII_KEYS, PII_INDEX_KEY, MEMBER_CARD_SIGNING_KEY, SECRET_KEY) are NOT in the backup, on purpose.
set -euo pipefail
umask 077
OUT=${1:?usage: backup.sh TARGET_DIR}
: "${DATABASE_URL:?DATABASE_URL must point at the PostgreSQL database}"
PG_BIN=${PG_BIN:-}
mkdir -p "$OUT"
"${PG_BIN:+$PG_BIN/}pg_dump" --format=custom --compress=6 --no-owner --no-privileges --file="$OUT/db.dump" "$DATABASE_URL"
FILES=(db.dump)
if [ -n "${MEDIA_ROOT:-}" ] && [ -d "$MEDIA_ROOT" ]; then
  tar -C "$MEDIA_ROOT" -czf "$OUT/media.tar.gz" .
  FILES+=(media.tar.gz)
fi
if [ -n "${PRIVATE_ROOT:-}" ] && [ -d "$PRIVATE_ROOT" ]; then
  tar -C "$PRIVATE_ROOT" -czf "$OUT/private.tar.gz" .
  FILES+=(private.tar.gz)
fi
(cd "$OUT" && sha256sum "${FILES[@]}" > SHA256SUMS)
echo "backup written to $OUT"
