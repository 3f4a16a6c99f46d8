#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into a FRESH, empty database, media directory and private directory,
# then verify it.
#   createdb gonghui_restored
#   DATABASE_URL=postgres://.../gonghui_restored MEDIA_ROOT=/srv/gonghui/media-restored \
#     PRIVATE_ROOT=/srv/gonghui/private-restored scripts/restore.sh /backups/gonghui-2026-12-05
# The private attachments come back with their modes (files 0600, directories 0700, PRIVATE_ROOT itself 0700);
# run it as the account the application runs as, so that it owns them.
# The same keys as the backed-up installation must be in the environment (PII_KEYS, PII_INDEX_KEY, ...), or the
# personal data cannot be read. Exits non-zero when a checksum, the restore, audit_verify or ledger_verify fails.
set -euo pipefail
SRC=${1:?usage: restore.sh BACKUP_DIR}
: "${DATABASE_URL:?DATABASE_URL must point at the fresh database}"
PG_BIN=${PG_BIN:-}
PY=${PY:-.venv/bin/python}
(cd "$SRC" && sha256sum --check --quiet SHA256SUMS)
"${PG_BIN:+$PG_BIN/}pg_restore" --no-owner --no-privileges --exit-on-error --jobs=2 --dbname="$DATABASE_URL" "$SRC/db.dump"
if [ -f "$SRC/media.tar.gz" ]; then
  : "${MEDIA_ROOT:?MEDIA_ROOT must name the directory to restore the media into}"
  mkdir -p "$MEDIA_ROOT"
  tar -C "$MEDIA_ROOT" -xzf "$SRC/media.tar.gz"
fi
if [ -f "$SRC/private.tar.gz" ]; then
  : "${PRIVATE_ROOT:?PRIVATE_ROOT must name the directory to restore the private attachments into}"
  mkdir -p -m 0700 "$PRIVATE_ROOT"
  # --preserve-permissions: the archived modes (0600/0700), not the umask's; --no-same-owner: owned by this account.
  tar -C "$PRIVATE_ROOT" --preserve-permissions --no-same-owner -xzf "$SRC/private.tar.gz"
  chmod 0700 "$PRIVATE_ROOT"
fi
$PY manage.py migrate --check >/dev/null   # the code and the restored schema agree
$PY manage.py audit_verify
$PY manage.py ledger_verify
echo "restore verified"
