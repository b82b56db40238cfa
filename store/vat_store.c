/* vat_store.c — the SQLite layer of the vat store: schema, vats, transcript with its span
 * hash chain, snapshots as zstd blobs. The rules are in vat_store.h and docs/vat-store.md. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <zstd.h>
#include <openssl/evp.h>
#include "vat_store.h"
#include "snapshot.h"

/* An open store: the connection and the statements used on hot paths. */
struct VatStore {
    sqlite3 *db;                 /* the connection */
    sqlite3_stmt *append;        /* INSERT INTO transcript */
    EVP_MD_CTX *md;              /* reused for item hashes */
};

/* A transcript iterator. */
struct VsCursor {
    VatStore *st;                /* the store */
    sqlite3_stmt *stmt;          /* SELECT over the range, in position order */
};

/* The schema (docs/vat-store.md, normative). */
static const char SCHEMA[] =
    "CREATE TABLE IF NOT EXISTS vats (\n"
    "  vat TEXT PRIMARY KEY,\n"
    "  snapshot_every INTEGER NOT NULL,\n"
    "  keep_snapshots INTEGER NOT NULL,\n"
    "  meter_limit INTEGER NOT NULL,\n"
    "  memory_mb INTEGER NOT NULL,\n"
    "  engine TEXT NOT NULL\n"
    ");\n"
    "CREATE TABLE IF NOT EXISTS transcript (\n"
    "  vat TEXT NOT NULL,\n"
    "  position INTEGER NOT NULL,\n"
    "  delivery BLOB NOT NULL,\n"
    "  result BLOB NOT NULL,\n"
    "  meter TEXT NOT NULL,\n"
    "  compute INTEGER NOT NULL,\n"
    "  span_hash BLOB NOT NULL,\n"
    "  PRIMARY KEY (vat, position)\n"
    ") WITHOUT ROWID;\n"
    "CREATE TABLE IF NOT EXISTS snapshots (\n"
    "  vat TEXT NOT NULL,\n"
    "  position INTEGER NOT NULL,\n"
    "  hash BLOB NOT NULL,\n"
    "  span_hash BLOB NOT NULL,\n"
    "  size INTEGER NOT NULL,\n"
    "  compressed_size INTEGER,\n"
    "  compressed BLOB,\n"
    "  PRIMARY KEY (vat, position)\n"
    ");\n";

void vs_set_err(char *err, size_t cap, const char *fmt, ...) {
    if (!err || !cap) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, cap, fmt, ap);
    va_end(ap);
}

/* Report a SQLite failure of `what` and return VS_ERROR. */
static int sql_fail(VatStore *st, const char *what, char *err, size_t cap) {
    vs_set_err(err, cap, "vat store: %s: %s", what, sqlite3_errmsg(st->db));
    return VS_ERROR;
}

const char *vs_errmsg(VatStore *st) { return sqlite3_errmsg(st->db); }

/* Run SQL without results. */
static int exec(VatStore *st, const char *sql, char *err, size_t cap) {
    char *msg = NULL;
    if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        vs_set_err(err, cap, "vat store: %s", msg ? msg : sqlite3_errmsg(st->db));
        sqlite3_free(msg);
        return VS_ERROR;
    }
    return VS_OK;
}

/* Read one integer PRAGMA. */
static int pragma_int(VatStore *st, const char *sql, int64_t *out) {
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) return -1;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) *out = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? 0 : -1;
}

VatStore *vs_open(const char *path, const VsOpenOptions *opt, char *err, size_t errcap) {
    VatStore *st = calloc(1, sizeof *st);
    if (!st) { vs_set_err(err, errcap, "vat store: out of memory"); return NULL; }
    int flags = opt->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | (opt->create ? SQLITE_OPEN_CREATE : 0);
    if (sqlite3_open_v2(path, &st->db, flags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
        vs_set_err(err, errcap, "vat store %s: %s", path, st->db ? sqlite3_errmsg(st->db) : "cannot open");
        goto fail;
    }
    sqlite3_busy_timeout(st->db, 10000);
    int64_t app = 0, ver = 0, tables = 0;
    if (pragma_int(st, "PRAGMA application_id", &app) < 0 || pragma_int(st, "PRAGMA user_version", &ver) < 0 ||
        pragma_int(st, "SELECT count(*) FROM sqlite_schema", &tables) < 0) {
        vs_set_err(err, errcap, "vat store %s: not a database (%s)", path, sqlite3_errmsg(st->db));
        goto fail;
    }
    if (tables == 0 && app == 0 && !opt->readonly) {
        if (!opt->create) { vs_set_err(err, errcap, "vat store %s: empty database (create a vat first)", path); goto fail; }
        char sql[128];
        if (exec(st, "PRAGMA journal_mode=WAL", err, errcap) ||
            exec(st, "BEGIN IMMEDIATE", err, errcap) || exec(st, SCHEMA, err, errcap)) goto fail;
        snprintf(sql, sizeof sql, "PRAGMA application_id=%d; PRAGMA user_version=%d", VS_APPLICATION_ID, VS_SCHEMA_VERSION);
        if (exec(st, sql, err, errcap) || exec(st, "COMMIT", err, errcap)) goto fail;
    } else if (app != VS_APPLICATION_ID) {
        vs_set_err(err, errcap, "vat store %s: not a cryo vat store (application_id %lld)", path, (long long)app);
        goto fail;
    } else if (ver != VS_SCHEMA_VERSION) {
        vs_set_err(err, errcap, "vat store %s: schema version %lld, this cryo reads version %d", path, (long long)ver, VS_SCHEMA_VERSION);
        goto fail;
    }
    if (!opt->readonly) {
        if (exec(st, "PRAGMA journal_mode=WAL", err, errcap)) goto fail;
        if (exec(st, opt->sync_full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL", err, errcap)) goto fail;
        /* fewer, larger checkpoints: each one syncs the WAL and the database file */
        if (exec(st, "PRAGMA wal_autocheckpoint=4096", err, errcap)) goto fail;
    }
    if (exec(st, "PRAGMA foreign_keys=OFF", err, errcap)) goto fail;
    st->md = EVP_MD_CTX_new();
    if (!st->md) { vs_set_err(err, errcap, "vat store: SHA-256 unavailable"); goto fail; }
    return st;
fail:
    vs_close(st);
    return NULL;
}

void vs_close(VatStore *st) {
    if (!st) return;
    sqlite3_finalize(st->append);
    if (st->db) sqlite3_close_v2(st->db);
    if (st->md) EVP_MD_CTX_free(st->md);
    free(st);
}

/* ---------------------------------------------------------------------------------------
 * Vats
 * ------------------------------------------------------------------------------------- */

int vs_begin(VatStore *st, char *err, size_t errcap) { return exec(st, "BEGIN IMMEDIATE", err, errcap); }
int vs_commit(VatStore *st, char *err, size_t errcap) { return exec(st, "COMMIT", err, errcap); }
void vs_rollback(VatStore *st) { sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL); }

int vs_vat_create(VatStore *st, const VsVat *vat, char *err, size_t errcap) {
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db, "INSERT INTO vats(vat, snapshot_every, keep_snapshots, meter_limit, memory_mb, engine) "
                           "VALUES (?,?,?,?,?,?)", -1, &s, NULL) != SQLITE_OK)
        return sql_fail(st, "create vat", err, errcap);
    sqlite3_bind_text(s, 1, vat->name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)vat->snapshot_every);
    sqlite3_bind_int64(s, 3, (sqlite3_int64)vat->keep_snapshots);
    sqlite3_bind_int64(s, 4, (sqlite3_int64)vat->meter_limit);
    sqlite3_bind_int64(s, 5, (sqlite3_int64)vat->memory_mb);
    sqlite3_bind_text(s, 6, vat->engine, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc == SQLITE_CONSTRAINT) { vs_set_err(err, errcap, "vat %s already exists", vat->name); return VS_ERROR; }
    if (rc != SQLITE_DONE) return sql_fail(st, "create vat", err, errcap);
    return VS_OK;
}

/* Fill a VsVat from a vats row (columns in SELECT order below). */
static void vat_from_row(sqlite3_stmt *s, VsVat *v) {
    memset(v, 0, sizeof *v);
    snprintf(v->name, sizeof v->name, "%s", (const char *)sqlite3_column_text(s, 0));
    v->snapshot_every = (uint64_t)sqlite3_column_int64(s, 1);
    v->keep_snapshots = (uint64_t)sqlite3_column_int64(s, 2);
    v->meter_limit = (uint64_t)sqlite3_column_int64(s, 3);
    v->memory_mb = (uint64_t)sqlite3_column_int64(s, 4);
    const unsigned char *e = sqlite3_column_text(s, 5);
    snprintf(v->engine, sizeof v->engine, "%s", e ? (const char *)e : "");
    v->position = -1;
}

#define VAT_COLUMNS "vat, snapshot_every, keep_snapshots, meter_limit, memory_mb, engine"

int vs_vat_get(VatStore *st, const char *name, VsVat *vat, char *err, size_t errcap) {
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db, "SELECT " VAT_COLUMNS " FROM vats WHERE vat=?", -1, &s, NULL) != SQLITE_OK)
        return sql_fail(st, "read vat", err, errcap);
    sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) vat_from_row(s, vat);
    sqlite3_finalize(s);
    if (rc == SQLITE_DONE) { vs_set_err(err, errcap, "no vat named %s in this store", name); return VS_ERROR; }
    if (rc != SQLITE_ROW) return sql_fail(st, "read vat", err, errcap);
    if (sqlite3_prepare_v2(st->db, "SELECT position, span_hash FROM transcript WHERE vat=? ORDER BY position DESC LIMIT 1",
                           -1, &s, NULL) != SQLITE_OK)
        return sql_fail(st, "read transcript", err, errcap);
    sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
    rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        vat->position = sqlite3_column_int64(s, 0);
        if (sqlite3_column_bytes(s, 1) == VS_HASH) memcpy(vat->span, sqlite3_column_blob(s, 1), VS_HASH);
        else rc = SQLITE_CORRUPT;
    }
    sqlite3_finalize(s);
    if (rc == SQLITE_CORRUPT) {
        vs_set_err(err, errcap, "vat %s: span hash of position %lld is not 32 bytes", name, (long long)vat->position);
        return VS_CORRUPT;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return sql_fail(st, "read transcript", err, errcap);
    return VS_OK;
}

int vs_vat_set_policy(VatStore *st, const VsVat *vat, char *err, size_t errcap) {
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db, "UPDATE vats SET snapshot_every=?, keep_snapshots=? WHERE vat=?", -1, &s, NULL) != SQLITE_OK)
        return sql_fail(st, "update vat", err, errcap);
    sqlite3_bind_int64(s, 1, (sqlite3_int64)vat->snapshot_every);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)vat->keep_snapshots);
    sqlite3_bind_text(s, 3, vat->name, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? VS_OK : sql_fail(st, "update vat", err, errcap);
}

int vs_vat_list(VatStore *st, void (*fn)(void *ctx, const VsVat *vat), void *ctx, char *err, size_t errcap) {
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db, "SELECT " VAT_COLUMNS " FROM vats ORDER BY vat", -1, &s, NULL) != SQLITE_OK)
        return sql_fail(st, "list vats", err, errcap);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        VsVat v;
        vat_from_row(s, &v);
        fn(ctx, &v);
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? VS_OK : sql_fail(st, "list vats", err, errcap);
}

/* ---------------------------------------------------------------------------------------
 * Hashes
 * ------------------------------------------------------------------------------------- */

void vs_sha256(const void *data, size_t len, uint8_t out[VS_HASH]) {
    unsigned n = 0;
    EVP_Digest(data, len, out, &n, EVP_sha256(), NULL);
}

void vs_hex(const uint8_t h[VS_HASH], char out[2 * VS_HASH + 1]) {
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < VS_HASH; i++) {
        out[2 * i] = digits[h[i] >> 4];
        out[2 * i + 1] = digits[h[i] & 15];
    }
    out[2 * VS_HASH] = 0;
}

/* Feed netstring(bytes) to a digest. */
static void md_netstring(EVP_MD_CTX *md, const void *p, size_t n) {
    char len[24];
    int l = snprintf(len, sizeof len, "%zu:", n);
    EVP_DigestUpdate(md, len, (size_t)l);
    EVP_DigestUpdate(md, p, n);
    EVP_DigestUpdate(md, ",", 1);
}

/* item_hash with a caller's digest context. */
static void item_hash_md(EVP_MD_CTX *md, const VsItem *item, uint8_t out[VS_HASH]) {
    unsigned n = 0;
    EVP_DigestInit_ex(md, EVP_sha256(), NULL);
    md_netstring(md, item->delivery, item->delivery_len);
    md_netstring(md, item->result, item->result_len);
    md_netstring(md, item->meter, strlen(item->meter));
    EVP_DigestFinal_ex(md, out, &n);
}

void vs_item_hash(VatStore *st, const VsItem *item, uint8_t out[VS_HASH]) {
    if (st) { item_hash_md(st->md, item, out); return; }
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    if (!md) { memset(out, 0, VS_HASH); return; }
    item_hash_md(md, item, out);
    EVP_MD_CTX_free(md);
}

void vs_span_next(const uint8_t prior[VS_HASH], const uint8_t item_hash[VS_HASH], uint8_t out[VS_HASH]) {
    uint8_t buf[2 * VS_HASH];
    memcpy(buf, prior, VS_HASH);
    memcpy(buf + VS_HASH, item_hash, VS_HASH);
    vs_sha256(buf, sizeof buf, out);
}

/* ---------------------------------------------------------------------------------------
 * Transcript
 * ------------------------------------------------------------------------------------- */

int vs_append(VatStore *st, VsVat *vat, VsItem *item, char *err, size_t errcap) {
    if (!st->append &&
        sqlite3_prepare_v3(st->db, "INSERT INTO transcript(vat, position, delivery, result, meter, compute, span_hash) "
                           "VALUES (?,?,?,?,?,?,?)", -1, SQLITE_PREPARE_PERSISTENT, &st->append, NULL) != SQLITE_OK)
        return sql_fail(st, "append", err, errcap);
    uint8_t ih[VS_HASH];
    item->position = vat->position + 1;
    item_hash_md(st->md, item, ih);
    vs_span_next(vat->span, ih, item->span);
    sqlite3_stmt *s = st->append;
    sqlite3_bind_text(s, 1, vat->name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, item->position);
    sqlite3_bind_blob64(s, 3, item->delivery, item->delivery_len, SQLITE_STATIC);
    sqlite3_bind_blob64(s, 4, item->result, item->result_len, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, item->meter, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 6, (sqlite3_int64)item->compute);
    sqlite3_bind_blob(s, 7, item->span, VS_HASH, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    sqlite3_clear_bindings(s);
    if (rc == SQLITE_CONSTRAINT) {
        vs_set_err(err, errcap, "vat %s: position %lld was appended by another process", vat->name, (long long)item->position);
        return VS_CONFLICT;
    }
    if (rc != SQLITE_DONE) return sql_fail(st, "append", err, errcap);
    vat->position = item->position;
    memcpy(vat->span, item->span, VS_HASH);
    return VS_OK;
}

VsCursor *vs_items(VatStore *st, const char *vat, int64_t from, int64_t to, char *err, size_t errcap) {
    VsCursor *c = calloc(1, sizeof *c);
    if (!c) { vs_set_err(err, errcap, "out of memory"); return NULL; }
    c->st = st;
    if (sqlite3_prepare_v2(st->db, "SELECT position, delivery, result, meter, compute, span_hash FROM transcript "
                           "WHERE vat=? AND position>=? AND position<=? ORDER BY position", -1, &c->stmt, NULL) != SQLITE_OK) {
        sql_fail(st, "read transcript", err, errcap);
        free(c);
        return NULL;
    }
    sqlite3_bind_text(c->stmt, 1, vat, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(c->stmt, 2, from);
    sqlite3_bind_int64(c->stmt, 3, to);
    return c;
}

int vs_item_next(VsCursor *c, VsItem *item, char *err, size_t errcap) {
    int rc = sqlite3_step(c->stmt);
    if (rc == SQLITE_DONE) return 0;
    if (rc != SQLITE_ROW) { sql_fail(c->st, "read transcript", err, errcap); return -1; }
    sqlite3_stmt *s = c->stmt;
    item->position = sqlite3_column_int64(s, 0);
    item->delivery = sqlite3_column_blob(s, 1);
    item->delivery_len = (size_t)sqlite3_column_bytes(s, 1);
    item->result = sqlite3_column_blob(s, 2);
    item->result_len = (size_t)sqlite3_column_bytes(s, 2);
    const unsigned char *m = sqlite3_column_text(s, 3);
    int ml = sqlite3_column_bytes(s, 3);
    item->compute = (uint64_t)sqlite3_column_int64(s, 4);
    if (!m || ml >= VS_METER_MAX || sqlite3_column_bytes(s, 5) != VS_HASH) {
        vs_set_err(err, errcap, "vat store: transcript item %lld is malformed (meter or span hash)", (long long)item->position);
        return -2;
    }
    memcpy(item->meter, m, (size_t)ml);
    item->meter[ml] = 0;
    memcpy(item->span, sqlite3_column_blob(s, 5), VS_HASH);
    if (!item->delivery) item->delivery = (const uint8_t *)"";
    if (!item->result) item->result = (const uint8_t *)"";
    return 1;
}

void vs_cursor_free(VsCursor *c) {
    if (!c) return;
    sqlite3_finalize(c->stmt);
    free(c);
}

/* ---------------------------------------------------------------------------------------
 * Snapshots
 * ------------------------------------------------------------------------------------- */

/* the trailer: {"HASH",0,SNAP_TRAILER_LEN} section header (16), SHA-256 (32) and the fast
 * checksum (8), then "CRYOEND!" (8) (docs/snapshot-format.md) */
#define SNAP_TRAILER (16 + SNAP_TRAILER_LEN + 8)
#define SNAP_TRAILER_SHA 16   /* offset of the SHA-256 in the trailer */
#define SNAP_HEADER 80     /* the canonical stream's header; total_bytes at offset 72 */

int vs_snapshot_check_bytes(const uint8_t *raw, size_t len, uint8_t hash[VS_HASH], char *err, size_t errcap) {
    if (len < SNAP_HEADER + SNAP_TRAILER || memcmp(raw, "CRYOSNAP", 8) != 0) {
        vs_set_err(err, errcap, "not a cryo snapshot (%zu bytes)", len);
        return -1;
    }
    uint64_t total;
    memcpy(&total, raw + 72, 8);
    if (total != len || memcmp(raw + len - 8, "CRYOEND!", 8) != 0 || memcmp(raw + len - SNAP_TRAILER, "HASH", 4) != 0) {
        vs_set_err(err, errcap, "snapshot is truncated or has no trailer");
        return -1;
    }
    uint8_t h[VS_HASH];
    vs_sha256(raw, len - SNAP_TRAILER, h);
    if (memcmp(h, raw + len - SNAP_TRAILER + SNAP_TRAILER_SHA, VS_HASH) != 0) {
        vs_set_err(err, errcap, "snapshot bytes do not match their trailer hash");
        return -1;
    }
    memcpy(hash, h, VS_HASH);
    return 0;
}

/* Drop blobs beyond the newest `keep` (inside the caller's transaction). */
static int prune_blobs(VatStore *st, const char *vat, uint64_t keep, uint64_t *dropped, char *err, size_t errcap) {
    if (dropped) *dropped = 0;
    if (keep == 0) return VS_OK;
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db, "UPDATE snapshots SET compressed=NULL, compressed_size=NULL WHERE vat=?1 AND "
                           "compressed IS NOT NULL AND position < (SELECT min(position) FROM (SELECT position FROM "
                           "snapshots WHERE vat=?1 AND compressed IS NOT NULL ORDER BY position DESC LIMIT ?2))",
                           -1, &s, NULL) != SQLITE_OK)
        return sql_fail(st, "prune snapshots", err, errcap);
    sqlite3_bind_text(s, 1, vat, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)keep);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc != SQLITE_DONE) return sql_fail(st, "prune snapshots", err, errcap);
    if (dropped) *dropped = (uint64_t)sqlite3_changes(st->db);
    return VS_OK;
}

/* zstd-compress raw; a malloc'd buffer or NULL. */
static uint8_t *compress(const uint8_t *raw, size_t len, size_t *zlen) {
    size_t cap = ZSTD_compressBound(len);
    uint8_t *z = malloc(cap);
    if (!z) return NULL;
    ZSTD_CCtx *cx = ZSTD_createCCtx();
    size_t r = cx ? ZSTD_CCtx_setParameter(cx, ZSTD_c_compressionLevel, 3) : 1;
    if (cx && !ZSTD_isError(r)) r = ZSTD_CCtx_setParameter(cx, ZSTD_c_checksumFlag, 1);
    if (cx && !ZSTD_isError(r)) r = ZSTD_compress2(cx, z, cap, raw, len);
    ZSTD_freeCCtx(cx);
    if (!cx || ZSTD_isError(r)) { free(z); return NULL; }
    *zlen = r;
    return z;
}

int vs_snapshot_put(VatStore *st, const VsVat *vat, int64_t position, const uint8_t span[VS_HASH],
                    const uint8_t *raw, size_t len, VsSnap *out, char *err, size_t errcap) {
    uint8_t hash[VS_HASH];
    char why[200];
    if (vs_snapshot_check_bytes(raw, len, hash, why, sizeof why) < 0) {
        vs_set_err(err, errcap, "vat %s: the worker's snapshot at position %lld is bad: %s", vat->name, (long long)position, why);
        return VS_WORKER;
    }
    size_t zlen = 0;
    uint8_t *z = compress(raw, len, &zlen);
    if (!z) { vs_set_err(err, errcap, "vat store: zstd compression failed"); return VS_ERROR; }
    int rc = exec(st, "BEGIN IMMEDIATE", err, errcap);
    if (rc) { free(z); return rc; }
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db, "INSERT INTO snapshots(vat, position, hash, span_hash, size, compressed_size, compressed) "
                           "VALUES (?,?,?,?,?,?,?)", -1, &s, NULL) != SQLITE_OK) {
        rc = sql_fail(st, "store snapshot", err, errcap);
        goto rollback;
    }
    sqlite3_bind_text(s, 1, vat->name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, position);
    sqlite3_bind_blob(s, 3, hash, VS_HASH, SQLITE_STATIC);
    sqlite3_bind_blob(s, 4, span, VS_HASH, SQLITE_STATIC);
    sqlite3_bind_int64(s, 5, (sqlite3_int64)len);
    sqlite3_bind_int64(s, 6, (sqlite3_int64)zlen);
    sqlite3_bind_blob64(s, 7, z, zlen, SQLITE_STATIC);
    int step = sqlite3_step(s);
    sqlite3_finalize(s);
    if (step == SQLITE_CONSTRAINT) {
        vs_set_err(err, errcap, "vat %s: a snapshot at position %lld exists already", vat->name, (long long)position);
        rc = VS_CONFLICT;
        goto rollback;
    }
    if (step != SQLITE_DONE) { rc = sql_fail(st, "store snapshot", err, errcap); goto rollback; }
    if ((rc = prune_blobs(st, vat->name, vat->keep_snapshots, NULL, err, errcap)) != VS_OK) goto rollback;
    if ((rc = exec(st, "COMMIT", err, errcap)) != VS_OK) goto rollback;
    free(z);
    if (out) {
        memset(out, 0, sizeof *out);
        out->position = position;
        memcpy(out->hash, hash, VS_HASH);
        memcpy(out->span, span, VS_HASH);
        out->size = len;
        out->zsize = zlen;
    }
    return VS_OK;
rollback:
    free(z);
    sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

int vs_snapshot_repair(VatStore *st, const char *vat, int64_t position, const uint8_t *raw, size_t len,
                       char *err, size_t errcap) {
    uint8_t hash[VS_HASH];
    char why[200];
    if (vs_snapshot_check_bytes(raw, len, hash, why, sizeof why) < 0) {
        vs_set_err(err, errcap, "repair: %s", why);
        return VS_WORKER;
    }
    size_t zlen = 0;
    uint8_t *z = compress(raw, len, &zlen);
    if (!z) { vs_set_err(err, errcap, "vat store: zstd compression failed"); return VS_ERROR; }
    sqlite3_stmt *s;
    int rc = VS_OK;
    if (sqlite3_prepare_v2(st->db, "UPDATE snapshots SET compressed=?, compressed_size=? WHERE vat=? AND position=? "
                           "AND hash=? AND size=?", -1, &s, NULL) != SQLITE_OK) {
        free(z);
        return sql_fail(st, "repair snapshot", err, errcap);
    }
    sqlite3_bind_blob64(s, 1, z, zlen, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)zlen);
    sqlite3_bind_text(s, 3, vat, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 4, position);
    sqlite3_bind_blob(s, 5, hash, VS_HASH, SQLITE_STATIC);
    sqlite3_bind_int64(s, 6, (sqlite3_int64)len);
    if (sqlite3_step(s) != SQLITE_DONE) rc = sql_fail(st, "repair snapshot", err, errcap);
    else if (sqlite3_changes(st->db) != 1) {
        vs_set_err(err, errcap, "repair: no snapshot of vat %s at %lld with that hash", vat, (long long)position);
        rc = VS_DIVERGED;
    }
    sqlite3_finalize(s);
    free(z);
    return rc;
}

int vs_snapshot_list(VatStore *st, const char *vat, VsSnap **out, size_t *n, char *err, size_t errcap) {
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db, "SELECT position, hash, span_hash, size, compressed_size, compressed_size IS NULL "
                           "FROM snapshots WHERE vat=? ORDER BY position", -1, &s, NULL) != SQLITE_OK)
        return sql_fail(st, "list snapshots", err, errcap);
    sqlite3_bind_text(s, 1, vat, -1, SQLITE_STATIC);
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            VsSnap *nb = realloc(*out, cap * sizeof **out);
            if (!nb) { sqlite3_finalize(s); vs_set_err(err, errcap, "out of memory"); return VS_ERROR; }
            *out = nb;
        }
        VsSnap *p = &(*out)[(*n)++];
        memset(p, 0, sizeof *p);
        p->position = sqlite3_column_int64(s, 0);
        if (sqlite3_column_bytes(s, 1) != VS_HASH || sqlite3_column_bytes(s, 2) != VS_HASH) {
            sqlite3_finalize(s);
            vs_set_err(err, errcap, "vat %s: snapshot row %lld has a malformed hash", vat, (long long)p->position);
            return VS_CORRUPT;
        }
        memcpy(p->hash, sqlite3_column_blob(s, 1), VS_HASH);
        memcpy(p->span, sqlite3_column_blob(s, 2), VS_HASH);
        p->size = (uint64_t)sqlite3_column_int64(s, 3);
        p->zsize = (uint64_t)sqlite3_column_int64(s, 4);
        p->pruned = sqlite3_column_int(s, 5);
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? VS_OK : sql_fail(st, "list snapshots", err, errcap);
}

/* A VsSink collecting the bytes in memory. */
typedef struct MemSink { uint8_t *p; size_t n, cap; } MemSink;

static int mem_sink(void *ctx, const uint8_t *p, size_t n) {
    MemSink *m = ctx;
    if (m->n + n > m->cap) {
        size_t nc = m->cap ? m->cap : 1 << 20;
        while (nc < m->n + n) nc *= 2;
        uint8_t *nb = realloc(m->p, nc);
        if (!nb) return VS_ERROR;
        m->p = nb;
        m->cap = nc;
    }
    memcpy(m->p + m->n, p, n);
    m->n += n;
    return VS_OK;
}

int vs_snapshot_get(VatStore *st, const char *vat, int64_t position, uint8_t **raw, size_t *len,
                    char *err, size_t errcap) {
    *raw = NULL;
    *len = 0;
    MemSink m = { NULL, 0, 0 };
    int rc = vs_snapshot_stream(st, vat, position, mem_sink, &m, err, errcap);
    uint8_t h[VS_HASH];
    char why[200];
    if (rc == VS_OK && vs_snapshot_check_bytes(m.p, m.n, h, why, sizeof why) < 0) {
        vs_set_err(err, errcap, "vat %s: snapshot at position %lld: %s", vat, (long long)position, why);
        rc = VS_CORRUPT;
    }
    if (rc) { free(m.p); return rc; }
    *raw = m.p;
    *len = m.n;
    return VS_OK;
}

int vs_snapshot_stream(VatStore *st, const char *vat, int64_t position, VsSink sink, void *ctx,
                       char *err, size_t errcap) {
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db, "SELECT hash, size, compressed FROM snapshots WHERE vat=? AND position=?",
                           -1, &s, NULL) != SQLITE_OK)
        return sql_fail(st, "read snapshot", err, errcap);
    sqlite3_bind_text(s, 1, vat, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, position);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(s);
        if (rc == SQLITE_DONE) { vs_set_err(err, errcap, "vat %s has no snapshot at position %lld", vat, (long long)position); return VS_ERROR; }
        return sql_fail(st, "read snapshot", err, errcap);
    }
    const uint8_t *z = sqlite3_column_blob(s, 2);
    size_t zlen = (size_t)sqlite3_column_bytes(s, 2);
    uint64_t size = (uint64_t)sqlite3_column_int64(s, 1);
    if (!z || sqlite3_column_bytes(s, 0) != VS_HASH || size < SNAP_HEADER + SNAP_TRAILER) {
        vs_set_err(err, errcap, "vat %s: the snapshot at position %lld %s", vat, (long long)position, z ? "row is malformed" : "was pruned");
        sqlite3_finalize(s);
        return z ? VS_CORRUPT : VS_ERROR;
    }
    uint8_t want[VS_HASH], tail[SNAP_TRAILER];
    memcpy(want, sqlite3_column_blob(s, 0), VS_HASH);
    ZSTD_DCtx *dz = ZSTD_createDCtx();
    size_t cap = ZSTD_DStreamOutSize() * 8;
    uint8_t *buf = malloc(cap);
    uint64_t done = 0;
    int status = VS_OK;
    if (!dz || !buf) { vs_set_err(err, errcap, "out of memory"); status = VS_ERROR; goto out; }
    ZSTD_inBuffer in = { z, zlen, 0 };
    size_t ret = 1;
    while (status == VS_OK && ret != 0) {
        ZSTD_outBuffer o = { buf, cap, 0 };
        ret = ZSTD_decompressStream(dz, &o, &in);
        if (ZSTD_isError(ret) || (o.pos == 0 && in.pos == in.size && ret != 0) || done + o.pos > size) {
            vs_set_err(err, errcap, "vat %s: the snapshot at position %lld does not decompress: %s", vat, (long long)position,
                    ZSTD_isError(ret) ? ZSTD_getErrorName(ret) : "truncated or too long");
            status = VS_CORRUPT;
            break;
        }
        /* keep the last SNAP_TRAILER bytes for the trailer check */
        if (o.pos >= SNAP_TRAILER) memcpy(tail, buf + o.pos - SNAP_TRAILER, SNAP_TRAILER);
        else {
            memmove(tail, tail + o.pos, SNAP_TRAILER - o.pos);
            memcpy(tail + SNAP_TRAILER - o.pos, buf, o.pos);
        }
        done += o.pos;
        if (o.pos && (status = sink(ctx, buf, o.pos)) != VS_OK) {
            vs_set_err(err, errcap, "vat %s: the snapshot's reader stopped (out of memory, or the worker exited)", vat);
            break;
        }
    }
    if (status == VS_OK && (done != size || in.pos != in.size)) {
        vs_set_err(err, errcap, "vat %s: the snapshot at position %lld decompresses to %llu bytes, not %llu", vat,
                (long long)position, (unsigned long long)done, (unsigned long long)size);
        status = VS_CORRUPT;
    }
    if (status == VS_OK && (memcmp(tail + SNAP_TRAILER - 8, "CRYOEND!", 8) || memcmp(tail + SNAP_TRAILER_SHA, want, VS_HASH))) {
        vs_set_err(err, errcap, "vat %s: the snapshot at position %lld does not have its recorded hash", vat, (long long)position);
        status = VS_CORRUPT;
    }
out:
    ZSTD_freeDCtx(dz);
    free(buf);
    sqlite3_finalize(s);
    return status;
}

int vs_snapshot_prune(VatStore *st, const char *vat, uint64_t keep, uint64_t *dropped, char *err, size_t errcap) {
    if (keep == 0) { vs_set_err(err, errcap, "prune: keep at least one snapshot"); return VS_ERROR; }
    int rc = exec(st, "BEGIN IMMEDIATE", err, errcap);
    if (rc) return rc;
    rc = prune_blobs(st, vat, keep, dropped, err, errcap);
    if (rc == VS_OK) rc = exec(st, "COMMIT", err, errcap);
    if (rc != VS_OK) sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    return rc;
}
