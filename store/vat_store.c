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

/* The statements used on hot paths, prepared once per connection (see cached()). */
enum {
    Q_APPEND, Q_SYSCALL, Q_KV_GET, Q_KV_SET, Q_KV_DELETE, Q_KV_NEXT, Q_OUTBOX, Q_RESOLVE,
    Q_SCRATCH_SET, Q_SCRATCH_DELETE, Q_SCRATCH_SEND, Q_SCRATCH_RESOLVE, Q_COUNT
};

/* An open store: the connection and the statements used on hot paths. */
struct VatStore {
    sqlite3 *db;                 /* the connection */
    sqlite3_stmt *q[Q_COUNT];    /* cached statements, NULL until first used */
    EVP_MD_CTX *md;              /* reused for item hashes */
};

/* A transcript iterator: the items and, walked beside them, their syscall rows. */
struct VsCursor {
    VatStore *st;                /* the store */
    sqlite3_stmt *stmt;          /* SELECT over the range, in position order */
    sqlite3_stmt *sc;            /* the syscall rows of the range, in (position, n) order */
    int sc_row;                  /* sc holds a row not yet given to an item */
    VsSyscall *sys;              /* the current item's syscalls (pointers into bytes) */
    size_t sys_cap;              /* capacity of sys */
    uint8_t *bytes;              /* copies of the current item's syscall and answer bytes */
    size_t bytes_cap;            /* capacity of bytes */
};

/* What schema version 2 added to version 1 and version 3 kept (docs/vat-store.md). */
#define SCHEMA_2 \
    "CREATE TABLE IF NOT EXISTS syscalls (\n" \
    "  vat TEXT NOT NULL,\n" \
    "  position INTEGER NOT NULL,\n" \
    "  n INTEGER NOT NULL,\n" \
    "  syscall BLOB NOT NULL,\n" \
    "  answer BLOB NOT NULL,\n" \
    "  PRIMARY KEY (vat, position, n)\n" \
    ") WITHOUT ROWID;\n" \
    "CREATE TABLE IF NOT EXISTS kvstore (\n" \
    "  vat TEXT NOT NULL,\n" \
    "  key BLOB NOT NULL,\n" \
    "  value BLOB NOT NULL,\n" \
    "  PRIMARY KEY (vat, key)\n" \
    ") WITHOUT ROWID;\n"

/* What schema version 3 added (SwingSet's syscalls, boot blobs; also the migration). */
#define SCHEMA_3 \
    "CREATE TABLE IF NOT EXISTS outbox (\n" \
    "  vat TEXT NOT NULL,\n" \
    "  position INTEGER NOT NULL,\n" \
    "  n INTEGER NOT NULL,\n" \
    "  target BLOB NOT NULL,\n" \
    "  methargs BLOB NOT NULL,\n" \
    "  result BLOB,\n" \
    "  PRIMARY KEY (vat, position, n)\n" \
    ") WITHOUT ROWID;\n" \
    "CREATE TABLE IF NOT EXISTS resolutions (\n" \
    "  vat TEXT NOT NULL,\n" \
    "  position INTEGER NOT NULL,\n" \
    "  n INTEGER NOT NULL,\n" \
    "  i INTEGER NOT NULL,\n" \
    "  vpid BLOB NOT NULL,\n" \
    "  rejected INTEGER NOT NULL,\n" \
    "  data BLOB NOT NULL,\n" \
    "  PRIMARY KEY (vat, position, n, i),\n" \
    "  UNIQUE (vat, vpid)\n" \
    ") WITHOUT ROWID;\n" \
    "CREATE TABLE IF NOT EXISTS exits (\n" \
    "  vat TEXT PRIMARY KEY,\n" \
    "  position INTEGER NOT NULL,\n" \
    "  n INTEGER NOT NULL,\n" \
    "  failure INTEGER NOT NULL,\n" \
    "  info BLOB NOT NULL\n" \
    ");\n" \
    "CREATE TABLE IF NOT EXISTS blobs (\n" \
    "  hash BLOB PRIMARY KEY,\n" \
    "  size INTEGER NOT NULL,\n" \
    "  compressed BLOB NOT NULL\n" \
    ");\n"

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
    ");\n" SCHEMA_2 SCHEMA_3;

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
    } else if ((ver == 1 || ver == 2) && !opt->readonly) {
        /* version 1 had no syscalls, version 2 sends of another shape: add the new tables;
         * every recorded hash stays valid */
        char sql[64];
        int64_t sends = 0;
        snprintf(sql, sizeof sql, "PRAGMA user_version=%d", VS_SCHEMA_VERSION);
        if (exec(st, "BEGIN IMMEDIATE", err, errcap)) goto fail;
        if (ver == 2 && pragma_int(st, "SELECT count(*) FROM outbox", &sends) < 0) sends = -1;
        if (sends != 0) {
            sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
            vs_set_err(err, errcap, "vat store %s: schema version 2 with sends in that version's shape [\"send\",target,"
                       "method,args]; this cryo records SwingSet's [\"send\",target,{methargs,result}] (version %d): "
                       "recreate the vats", path, VS_SCHEMA_VERSION);
            goto fail;
        }
        if ((ver == 2 && exec(st, "DROP TABLE outbox", err, errcap)) || exec(st, SCHEMA_2 SCHEMA_3, err, errcap) ||
            exec(st, sql, err, errcap) || exec(st, "COMMIT", err, errcap)) {
            sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
            goto fail;
        }
    } else if (ver == 1 || ver == 2) {
        vs_set_err(err, errcap, "vat store %s: schema version %lld; any writing command (e.g. `cryo vat restart`) "
                   "upgrades it to version %d", path, (long long)ver, VS_SCHEMA_VERSION);
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
    for (int i = 0; i < Q_COUNT; i++) sqlite3_finalize(st->q[i]);
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
    for (size_t i = 0; i < item->nsys; i++) {
        md_netstring(md, item->sys[i].call, item->sys[i].call_len);
        md_netstring(md, item->sys[i].answer, item->sys[i].answer_len);
    }
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

/* The cached statement `which` (prepared from sql on first use), reset and unbound; NULL
 * with the message in err on failure. */
static sqlite3_stmt *cached(VatStore *st, int which, const char *sql, char *err, size_t errcap) {
    if (!st->q[which] && sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st->q[which], NULL) != SQLITE_OK) {
        sql_fail(st, "prepare", err, errcap);
        return NULL;
    }
    sqlite3_reset(st->q[which]);
    sqlite3_clear_bindings(st->q[which]);
    return st->q[which];
}

/* Step a write statement to completion; VS_OK, VS_CONFLICT on a constraint, or VS_ERROR. */
static int step_done(VatStore *st, sqlite3_stmt *s, const char *what, char *err, size_t errcap) {
    int rc = sqlite3_step(s);
    sqlite3_reset(s);
    if (rc == SQLITE_DONE) return VS_OK;
    if (rc == SQLITE_CONSTRAINT) { vs_set_err(err, errcap, "vat store: %s: %s", what, sqlite3_errmsg(st->db)); return VS_CONFLICT; }
    return sql_fail(st, what, err, errcap);
}

int vs_append(VatStore *st, VsVat *vat, VsItem *item, char *err, size_t errcap) {
    sqlite3_stmt *s = cached(st, Q_APPEND, "INSERT INTO transcript(vat, position, delivery, result, meter, compute, span_hash) "
                             "VALUES (?,?,?,?,?,?,?)", err, errcap);
    if (!s) return VS_ERROR;
    uint8_t ih[VS_HASH];
    item->position = vat->position + 1;
    item_hash_md(st->md, item, ih);
    vs_span_next(vat->span, ih, item->span);
    sqlite3_bind_text(s, 1, vat->name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, item->position);
    sqlite3_bind_blob64(s, 3, item->delivery, item->delivery_len, SQLITE_STATIC);
    sqlite3_bind_blob64(s, 4, item->result, item->result_len, SQLITE_STATIC);
    sqlite3_bind_text(s, 5, item->meter, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 6, (sqlite3_int64)item->compute);
    sqlite3_bind_blob(s, 7, item->span, VS_HASH, SQLITE_STATIC);
    int rc = step_done(st, s, "append", err, errcap);
    if (rc == VS_CONFLICT) {
        vs_set_err(err, errcap, "vat %s: position %lld was appended by another process", vat->name, (long long)item->position);
        return VS_CONFLICT;
    }
    if (rc) return rc;
    for (size_t i = 0; i < item->nsys; i++) {
        if (!(s = cached(st, Q_SYSCALL, "INSERT INTO syscalls(vat, position, n, syscall, answer) VALUES (?,?,?,?,?)", err, errcap)))
            return VS_ERROR;
        sqlite3_bind_text(s, 1, vat->name, -1, SQLITE_STATIC);
        sqlite3_bind_int64(s, 2, item->position);
        sqlite3_bind_int64(s, 3, (sqlite3_int64)i);
        sqlite3_bind_blob64(s, 4, item->sys[i].call, item->sys[i].call_len, SQLITE_STATIC);
        sqlite3_bind_blob64(s, 5, item->sys[i].answer, item->sys[i].answer_len, SQLITE_STATIC);
        if ((rc = step_done(st, s, "append syscall", err, errcap)) == VS_CONFLICT) {
            vs_set_err(err, errcap, "vat %s: syscall rows at position %lld exist without their transcript item (corrupt store)",
                       vat->name, (long long)item->position);
            return VS_CORRUPT;
        }
        if (rc) return rc;
    }
    vat->position = item->position;
    memcpy(vat->span, item->span, VS_HASH);
    return VS_OK;
}

VsCursor *vs_items(VatStore *st, const char *vat, int64_t from, int64_t to, char *err, size_t errcap) {
    VsCursor *c = calloc(1, sizeof *c);
    if (!c) { vs_set_err(err, errcap, "out of memory"); return NULL; }
    c->st = st;
    if (sqlite3_prepare_v2(st->db, "SELECT position, delivery, result, meter, compute, span_hash FROM transcript "
                           "WHERE vat=? AND position>=? AND position<=? ORDER BY position", -1, &c->stmt, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(st->db, "SELECT position, n, syscall, answer FROM syscalls "
                           "WHERE vat=? AND position>=? AND position<=? ORDER BY position, n", -1, &c->sc, NULL) != SQLITE_OK) {
        sql_fail(st, "read transcript", err, errcap);
        vs_cursor_free(c);
        return NULL;
    }
    sqlite3_stmt *both[2] = { c->stmt, c->sc };
    for (int i = 0; i < 2; i++) {
        sqlite3_bind_text(both[i], 1, vat, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(both[i], 2, from);
        sqlite3_bind_int64(both[i], 3, to);
    }
    int rc = sqlite3_step(c->sc);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        sql_fail(st, "read syscalls", err, errcap);
        vs_cursor_free(c);
        return NULL;
    }
    c->sc_row = rc == SQLITE_ROW;
    return c;
}

/* Ensure room for n more bytes in the cursor's byte buffer. 0 or -1. */
static int cursor_reserve(VsCursor *c, size_t used, size_t n) {
    if (used + n <= c->bytes_cap) return 0;
    size_t cap = c->bytes_cap ? c->bytes_cap : 4096;
    while (cap < used + n) cap *= 2;
    uint8_t *nb = realloc(c->bytes, cap);
    if (!nb) return -1;
    c->bytes = nb;
    c->bytes_cap = cap;
    return 0;
}

/* Gather the syscall rows of item `position` into c->sys. 0, -1 (SQLite), -2 (corrupt). */
static int item_syscalls(VsCursor *c, VsItem *item, char *err, size_t errcap) {
    size_t n = 0, used = 0;
    int rc = SQLITE_ROW;
    while (c->sc_row && sqlite3_column_int64(c->sc, 0) <= item->position) {
        sqlite3_stmt *s = c->sc;
        if (sqlite3_column_int64(s, 0) < item->position || sqlite3_column_int64(s, 1) != (sqlite3_int64)n) {
            vs_set_err(err, errcap, "vat store: syscall row (%lld, %lld) does not follow its transcript item",
                       (long long)sqlite3_column_int64(s, 0), (long long)sqlite3_column_int64(s, 1));
            return -2;
        }
        if (n == c->sys_cap) {
            size_t cap = c->sys_cap ? c->sys_cap * 2 : 16;
            VsSyscall *ns = realloc(c->sys, cap * sizeof *ns);
            if (!ns) { vs_set_err(err, errcap, "out of memory"); return -1; }
            c->sys = ns;
            c->sys_cap = cap;
        }
        size_t cl = (size_t)sqlite3_column_bytes(s, 2), al = (size_t)sqlite3_column_bytes(s, 3);
        if (cursor_reserve(c, used, cl + al + 1) < 0) { vs_set_err(err, errcap, "out of memory"); return -1; }
        /* offsets now, pointers once every copy is in place (the buffer may move) */
        if (cl) memcpy(c->bytes + used, sqlite3_column_blob(s, 2), cl);
        if (al) memcpy(c->bytes + used + cl, sqlite3_column_blob(s, 3), al);
        c->sys[n].call = (const uint8_t *)(uintptr_t)used;
        c->sys[n].call_len = cl;
        c->sys[n].answer = (const uint8_t *)(uintptr_t)(used + cl);
        c->sys[n].answer_len = al;
        used += cl + al;
        n++;
        rc = sqlite3_step(s);
        c->sc_row = rc == SQLITE_ROW;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) { sql_fail(c->st, "read syscalls", err, errcap); return -1; }
    for (size_t i = 0; i < n; i++) {
        c->sys[i].call = c->bytes + (uintptr_t)c->sys[i].call;
        c->sys[i].answer = c->bytes + (uintptr_t)c->sys[i].answer;
    }
    item->sys = c->sys;
    item->nsys = n;
    return 0;
}

int vs_item_next(VsCursor *c, VsItem *item, char *err, size_t errcap) {
    int rc = sqlite3_step(c->stmt);
    if (rc == SQLITE_DONE) {
        if (c->sc_row) {
            vs_set_err(err, errcap, "vat store: syscall row (%lld, %lld) has no transcript item",
                       (long long)sqlite3_column_int64(c->sc, 0), (long long)sqlite3_column_int64(c->sc, 1));
            return -2;
        }
        return 0;
    }
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
    int sr = item_syscalls(c, item, err, errcap);
    return sr < 0 ? sr : 1;
}

void vs_cursor_free(VsCursor *c) {
    if (!c) return;
    sqlite3_finalize(c->stmt);
    sqlite3_finalize(c->sc);
    free(c->sys);
    free(c->bytes);
    free(c);
}

/* ---------------------------------------------------------------------------------------
 * Key-value store, outbox, and their scratch copies for `check`
 * ------------------------------------------------------------------------------------- */

/* A malloc'd copy of column i of s (one extra NUL byte); NULL on out of memory. */
static uint8_t *column_copy(sqlite3_stmt *s, int i, size_t *len) {
    size_t n = (size_t)sqlite3_column_bytes(s, i);
    uint8_t *p = malloc(n + 1);
    if (!p) return NULL;
    if (n) memcpy(p, sqlite3_column_blob(s, i), n);
    p[n] = 0;
    *len = n;
    return p;
}

/* A one-row lookup by (vat, key) with the cached statement `which`: column 0 copied into
 * *out (NULL when there is no row). */
static int lookup(VatStore *st, int which, const char *sql, const char *vat, const uint8_t *key, size_t klen,
                  uint8_t **out, size_t *outlen, char *err, size_t errcap) {
    *out = NULL;
    *outlen = 0;
    sqlite3_stmt *s = cached(st, which, sql, err, errcap);
    if (!s) return VS_ERROR;
    sqlite3_bind_text(s, 1, vat, -1, SQLITE_STATIC);
    sqlite3_bind_blob64(s, 2, klen ? (const void *)key : "", klen, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW && !(*out = column_copy(s, 0, outlen))) rc = SQLITE_NOMEM;
    sqlite3_reset(s);
    if (rc == SQLITE_ROW || rc == SQLITE_DONE) return VS_OK;
    if (rc == SQLITE_NOMEM) { vs_set_err(err, errcap, "out of memory"); return VS_ERROR; }
    return sql_fail(st, "read vatstore", err, errcap);
}

int vs_kv_get(VatStore *st, const char *vat, const uint8_t *key, size_t klen, uint8_t **out, size_t *outlen,
              char *err, size_t errcap) {
    return lookup(st, Q_KV_GET, "SELECT value FROM kvstore WHERE vat=? AND key=?", vat, key, klen, out, outlen, err, errcap);
}

int vs_kv_next(VatStore *st, const char *vat, const uint8_t *prior, size_t plen, uint8_t **out, size_t *outlen,
               char *err, size_t errcap) {
    return lookup(st, Q_KV_NEXT, "SELECT key FROM kvstore WHERE vat=? AND key>? ORDER BY key LIMIT 1", vat, prior, plen,
                  out, outlen, err, errcap);
}

/* INSERT OR REPLACE a key (statement `which`: the vat's table or the scratch one). */
static int kv_write(VatStore *st, int which, const char *vat, const uint8_t *key, size_t klen, const uint8_t *val,
                    size_t vlen, char *err, size_t errcap) {
    static const char *const sql[2] = { "INSERT OR REPLACE INTO kvstore(vat, key, value) VALUES (?,?,?)",
                                        "INSERT OR REPLACE INTO temp.scratch_kv(vat, key, value) VALUES (?,?,?)" };
    sqlite3_stmt *s = cached(st, which, sql[which == Q_SCRATCH_SET], err, errcap);
    if (!s) return VS_ERROR;
    sqlite3_bind_text(s, 1, vat, -1, SQLITE_STATIC);
    sqlite3_bind_blob64(s, 2, klen ? (const void *)key : "", klen, SQLITE_STATIC);
    sqlite3_bind_blob64(s, 3, vlen ? (const void *)val : "", vlen, SQLITE_STATIC);
    return step_done(st, s, "write vatstore", err, errcap);
}

/* DELETE a key (statement `which`: the vat's table or the scratch one). */
static int kv_erase(VatStore *st, int which, const char *vat, const uint8_t *key, size_t klen, char *err, size_t errcap) {
    static const char *const sql[2] = { "DELETE FROM kvstore WHERE vat=? AND key=?", "DELETE FROM temp.scratch_kv WHERE vat=? AND key=?" };
    sqlite3_stmt *s = cached(st, which, sql[which == Q_SCRATCH_DELETE], err, errcap);
    if (!s) return VS_ERROR;
    sqlite3_bind_text(s, 1, vat, -1, SQLITE_STATIC);
    sqlite3_bind_blob64(s, 2, klen ? (const void *)key : "", klen, SQLITE_STATIC);
    return step_done(st, s, "write vatstore", err, errcap);
}

static int count_query(VatStore *st, const char *sql, const char *vat, int64_t *out, char *err, size_t errcap);

/* Bind `n` bytes (NULL: SQL NULL) to parameter i of s. */
static void bind_bytes(sqlite3_stmt *s, int i, const uint8_t *p, size_t n) {
    if (!p) sqlite3_bind_null(s, i);
    else sqlite3_bind_blob64(s, i, n ? (const void *)p : "", n, SQLITE_STATIC);
}

/* INSERT an outbox row (statement `which`: the vat's table or the scratch one). */
static int outbox_write(VatStore *st, int which, const char *vat, const VsSend *m, char *err, size_t errcap) {
    static const char *const sql[2] = { "INSERT INTO outbox(vat, position, n, target, methargs, result) VALUES (?,?,?,?,?,?)",
                                        "INSERT INTO temp.scratch_outbox(vat, position, n, target, methargs, result) VALUES (?,?,?,?,?,?)" };
    sqlite3_stmt *s = cached(st, which, sql[which == Q_SCRATCH_SEND], err, errcap);
    if (!s) return VS_ERROR;
    sqlite3_bind_text(s, 1, vat, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, m->position);
    sqlite3_bind_int64(s, 3, m->index);
    bind_bytes(s, 4, m->target ? m->target : (const uint8_t *)"", m->target_len);
    bind_bytes(s, 5, m->methargs ? m->methargs : (const uint8_t *)"", m->methargs_len);
    bind_bytes(s, 6, m->result, m->result_len);
    return step_done(st, s, "write outbox", err, errcap);
}

/* INSERT a resolution (statement `which`: the vat's table or the scratch one). */
static int resolution_write(VatStore *st, int which, const char *vat, const VsResolution *r, char *err, size_t errcap) {
    static const char *const sql[2] = {
        "INSERT INTO resolutions(vat, position, n, i, vpid, rejected, data) VALUES (?,?,?,?,?,?,?)",
        "INSERT INTO temp.scratch_resolutions(vat, position, n, i, vpid, rejected, data) VALUES (?,?,?,?,?,?,?)" };
    sqlite3_stmt *s = cached(st, which, sql[which == Q_SCRATCH_RESOLVE], err, errcap);
    if (!s) return VS_ERROR;
    sqlite3_bind_text(s, 1, vat, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, r->position);
    sqlite3_bind_int64(s, 3, r->index);
    sqlite3_bind_int64(s, 4, r->sub);
    bind_bytes(s, 5, r->vpid ? r->vpid : (const uint8_t *)"", r->vpid_len);
    sqlite3_bind_int(s, 6, r->rejected);
    bind_bytes(s, 7, r->data ? r->data : (const uint8_t *)"", r->data_len);
    return step_done(st, s, "write resolutions", err, errcap);
}

/* INSERT an exit row (into the vat's table or, scratch, the scratch one). */
static int exit_write(VatStore *st, int scratch, const char *vat, const VsExit *e, char *err, size_t errcap) {
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db, scratch ? "INSERT INTO temp.scratch_exits(vat, position, n, failure, info) VALUES (?,?,?,?,?)"
                                           : "INSERT INTO exits(vat, position, n, failure, info) VALUES (?,?,?,?,?)",
                           -1, &s, NULL) != SQLITE_OK)
        return sql_fail(st, "write exit", err, errcap);
    sqlite3_bind_text(s, 1, vat, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, e->position);
    sqlite3_bind_int64(s, 3, e->index);
    sqlite3_bind_int(s, 4, e->failure);
    bind_bytes(s, 5, e->info ? e->info : (const uint8_t *)"", e->info_len);
    int rc = step_done(st, s, "write exit", err, errcap);
    sqlite3_finalize(s);
    return rc;
}

int vs_resolution_put(VatStore *st, const char *vat, const VsResolution *r, char *err, size_t errcap) {
    return resolution_write(st, Q_RESOLVE, vat, r, err, errcap);
}

int vs_exit_put(VatStore *st, const char *vat, const VsExit *e, char *err, size_t errcap) {
    return exit_write(st, 0, vat, e, err, errcap);
}

int vs_exit_get(VatStore *st, const char *vat, VsExit *e, char *err, size_t errcap) {
    memset(e, 0, sizeof *e);
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db, "SELECT position, n, failure, info FROM exits WHERE vat=?", -1, &s, NULL) != SQLITE_OK)
        return sql_fail(st, "read exit", err, errcap);
    sqlite3_bind_text(s, 1, vat, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) {
        e->exited = 1;
        e->position = sqlite3_column_int64(s, 0);
        e->index = sqlite3_column_int64(s, 1);
        e->failure = sqlite3_column_int(s, 2);
        if (!(e->info = column_copy(s, 3, &e->info_len))) rc = SQLITE_NOMEM;
    }
    sqlite3_finalize(s);
    if (rc == SQLITE_NOMEM) { vs_set_err(err, errcap, "out of memory"); return VS_ERROR; }
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? VS_OK : sql_fail(st, "read exit", err, errcap);
}

int vs_savepoint(VatStore *st, char *err, size_t errcap) { return exec(st, "SAVEPOINT syscall", err, errcap); }
int vs_release(VatStore *st, char *err, size_t errcap) { return exec(st, "RELEASE syscall", err, errcap); }
void vs_rollback_savepoint(VatStore *st) {
    sqlite3_exec(st->db, "ROLLBACK TO syscall", NULL, NULL, NULL);
    sqlite3_exec(st->db, "RELEASE syscall", NULL, NULL, NULL);
}

int vs_kv_set(VatStore *st, const char *vat, const uint8_t *key, size_t klen, const uint8_t *val, size_t vlen,
              char *err, size_t errcap) {
    return kv_write(st, Q_KV_SET, vat, key, klen, val, vlen, err, errcap);
}

int vs_kv_delete(VatStore *st, const char *vat, const uint8_t *key, size_t klen, char *err, size_t errcap) {
    return kv_erase(st, Q_KV_DELETE, vat, key, klen, err, errcap);
}

int vs_outbox_put(VatStore *st, const char *vat, const VsSend *m, char *err, size_t errcap) {
    return outbox_write(st, Q_OUTBOX, vat, m, err, errcap);
}

int vs_kv_list(VatStore *st, const char *vat, int (*fn)(void *ctx, const uint8_t *k, size_t kl, const uint8_t *v,
               size_t vl), void *ctx, char *err, size_t errcap) {
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db, "SELECT key, value FROM kvstore WHERE vat=? ORDER BY key", -1, &s, NULL) != SQLITE_OK)
        return sql_fail(st, "read vatstore", err, errcap);
    sqlite3_bind_text(s, 1, vat, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const uint8_t *k = sqlite3_column_blob(s, 0), *v = sqlite3_column_blob(s, 1);
        if (fn(ctx, k ? k : (const uint8_t *)"", (size_t)sqlite3_column_bytes(s, 0), v ? v : (const uint8_t *)"",
               (size_t)sqlite3_column_bytes(s, 1))) { rc = SQLITE_DONE; break; }
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? VS_OK : sql_fail(st, "read vatstore", err, errcap);
}

/* The state of vs_kv_summary's walk. */
typedef struct KvSum {
    EVP_MD_CTX *md;              /* the digest being fed */
    int64_t count;               /* keys so far */
    int64_t bytes;               /* key and value bytes so far */
} KvSum;

/* One key and value into the summary. */
static int kv_sum_one(void *ctx, const uint8_t *k, size_t kl, const uint8_t *v, size_t vl) {
    KvSum *m = ctx;
    md_netstring(m->md, k, kl);
    md_netstring(m->md, v, vl);
    m->count++;
    m->bytes += (int64_t)(kl + vl);
    return 0;
}

int vs_kv_summary(VatStore *st, const char *vat, int64_t *count, int64_t *bytes, uint8_t hash[VS_HASH],
                  char *err, size_t errcap) {
    KvSum m = { st->md, 0, 0 };
    unsigned n = 0;
    EVP_DigestInit_ex(st->md, EVP_sha256(), NULL);
    int rc = vs_kv_list(st, vat, kv_sum_one, &m, err, errcap);
    EVP_DigestFinal_ex(st->md, hash, &n);
    *count = m.count;
    *bytes = m.bytes;
    return rc;
}

/* The page of a per-vat listing: *total gets the row count of `table` for vat, and *out a
 * statement over `select` (parameters: vat, first position, row limit; count <= 0: all). */
static int page_query(VatStore *st, const char *table, const char *select, const char *vat, int64_t from,
                      int64_t count, int64_t *total, sqlite3_stmt **out, char *err, size_t errcap) {
    char sql[96];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM %s WHERE vat=?1", table);
    int rc = count_query(st, sql, vat, total, err, errcap);
    if (rc) return rc;
    if (sqlite3_prepare_v2(st->db, select, -1, out, NULL) != SQLITE_OK) return sql_fail(st, "read listing", err, errcap);
    sqlite3_bind_text(*out, 1, vat, -1, SQLITE_STATIC);
    sqlite3_bind_int64(*out, 2, from);
    sqlite3_bind_int64(*out, 3, count > 0 ? count : -1);
    return VS_OK;
}

int vs_outbox_list(VatStore *st, const char *vat, int64_t from, int64_t count, void (*fn)(void *ctx, const VsSend *m),
                   void *ctx, int64_t *total, char *err, size_t errcap) {
    sqlite3_stmt *s;
    int rc = page_query(st, "outbox", "SELECT position, n, target, methargs, result FROM outbox WHERE vat=? AND position>=? "
                        "ORDER BY position, n LIMIT ?", vat, from, count, total, &s, err, errcap);
    if (rc) return rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        VsSend m;
        m.position = sqlite3_column_int64(s, 0);
        m.index = sqlite3_column_int64(s, 1);
        m.target = sqlite3_column_blob(s, 2);
        m.target_len = (size_t)sqlite3_column_bytes(s, 2);
        m.methargs = sqlite3_column_blob(s, 3);
        m.methargs_len = (size_t)sqlite3_column_bytes(s, 3);
        int none = sqlite3_column_type(s, 4) == SQLITE_NULL;
        m.result = none ? NULL : sqlite3_column_blob(s, 4);
        m.result_len = (size_t)sqlite3_column_bytes(s, 4);
        if (!m.target) m.target = (const uint8_t *)"";
        if (!m.methargs) m.methargs = (const uint8_t *)"";
        if (!none && !m.result) m.result = (const uint8_t *)"";
        if (fn) fn(ctx, &m);
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? VS_OK : sql_fail(st, "read outbox", err, errcap);
}

int vs_resolution_list(VatStore *st, const char *vat, int64_t from, int64_t count,
                       void (*fn)(void *ctx, const VsResolution *r), void *ctx, int64_t *total, char *err, size_t errcap) {
    sqlite3_stmt *s;
    int rc = page_query(st, "resolutions", "SELECT position, n, i, vpid, rejected, data FROM resolutions WHERE vat=? "
                        "AND position>=? ORDER BY position, n, i LIMIT ?", vat, from, count, total, &s, err, errcap);
    if (rc) return rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        VsResolution r;
        r.position = sqlite3_column_int64(s, 0);
        r.index = sqlite3_column_int64(s, 1);
        r.sub = sqlite3_column_int64(s, 2);
        r.vpid = sqlite3_column_blob(s, 3);
        r.vpid_len = (size_t)sqlite3_column_bytes(s, 3);
        r.rejected = sqlite3_column_int(s, 4);
        r.data = sqlite3_column_blob(s, 5);
        r.data_len = (size_t)sqlite3_column_bytes(s, 5);
        if (!r.vpid) r.vpid = (const uint8_t *)"";
        if (!r.data) r.data = (const uint8_t *)"";
        if (fn) fn(ctx, &r);
    }
    sqlite3_finalize(s);
    return rc == SQLITE_DONE ? VS_OK : sql_fail(st, "read resolutions", err, errcap);
}

int vs_scratch_reset(VatStore *st, char *err, size_t errcap) {
    return exec(st, "CREATE TEMP TABLE IF NOT EXISTS scratch_kv (vat TEXT NOT NULL, key BLOB NOT NULL, value BLOB NOT NULL, "
                "PRIMARY KEY (vat, key)) WITHOUT ROWID;"
                "CREATE TEMP TABLE IF NOT EXISTS scratch_outbox (vat TEXT NOT NULL, position INTEGER NOT NULL, "
                "n INTEGER NOT NULL, target BLOB NOT NULL, methargs BLOB NOT NULL, result BLOB, "
                "PRIMARY KEY (vat, position, n)) WITHOUT ROWID;"
                "CREATE TEMP TABLE IF NOT EXISTS scratch_resolutions (vat TEXT NOT NULL, position INTEGER NOT NULL, "
                "n INTEGER NOT NULL, i INTEGER NOT NULL, vpid BLOB NOT NULL, rejected INTEGER NOT NULL, data BLOB NOT NULL, "
                "PRIMARY KEY (vat, position, n, i)) WITHOUT ROWID;"
                "CREATE TEMP TABLE IF NOT EXISTS scratch_exits (vat TEXT NOT NULL, position INTEGER NOT NULL, "
                "n INTEGER NOT NULL, failure INTEGER NOT NULL, info BLOB NOT NULL);"
                "DELETE FROM temp.scratch_kv; DELETE FROM temp.scratch_outbox; DELETE FROM temp.scratch_resolutions; "
                "DELETE FROM temp.scratch_exits;", err, errcap);
}

int vs_scratch_resolution(VatStore *st, const VsResolution *r, char *err, size_t errcap) {
    return resolution_write(st, Q_SCRATCH_RESOLVE, "", r, err, errcap);
}

int vs_scratch_exit(VatStore *st, const VsExit *e, char *err, size_t errcap) {
    return exit_write(st, 1, "", e, err, errcap);
}

int vs_scratch_set(VatStore *st, const uint8_t *key, size_t klen, const uint8_t *val, size_t vlen, char *err, size_t errcap) {
    return kv_write(st, Q_SCRATCH_SET, "", key, klen, val, vlen, err, errcap);
}

int vs_scratch_delete(VatStore *st, const uint8_t *key, size_t klen, char *err, size_t errcap) {
    return kv_erase(st, Q_SCRATCH_DELETE, "", key, klen, err, errcap);
}

int vs_scratch_send(VatStore *st, const VsSend *m, char *err, size_t errcap) {
    return outbox_write(st, Q_SCRATCH_SEND, "", m, err, errcap);
}

/* The count of one comparison query with the vat's name bound to ?1. */
static int count_query(VatStore *st, const char *sql, const char *vat, int64_t *out, char *err, size_t errcap) {
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) return sql_fail(st, "compare", err, errcap);
    sqlite3_bind_text(s, 1, vat, -1, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    if (rc == SQLITE_ROW) *out = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return rc == SQLITE_ROW ? VS_OK : sql_fail(st, "compare", err, errcap);
}

int vs_syscall_count(VatStore *st, const char *vat, int64_t *n, char *err, size_t errcap) {
    return count_query(st, "SELECT count(*) FROM syscalls WHERE vat=?1", vat, n, err, errcap);
}

/* The rows present on one side only (or different) between the scratch table and the
 * vat's rows of `table`, over `cols`, counted once by `key`. */
static int diff_query(VatStore *st, const char *vat, const char *table, const char *cols, const char *key, int64_t *out,
                      char *err, size_t errcap) {
    char sql[1024];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM (SELECT %s FROM (SELECT %s FROM temp.scratch_%s EXCEPT SELECT %s FROM %s "
             "WHERE vat=?1) UNION SELECT %s FROM (SELECT %s FROM %s WHERE vat=?1 EXCEPT SELECT %s FROM temp.scratch_%s))",
             key, cols, table, cols, table, key, cols, table, cols, table);
    return count_query(st, sql, vat, out, err, errcap);
}

int vs_scratch_compare(VatStore *st, const char *vat, int64_t diff[4], char *err, size_t errcap) {
    int rc;
    /* the scratch kv table is named scratch_kv, the vat's kvstore */
    if ((rc = count_query(st, "SELECT count(*) FROM (SELECT key FROM (SELECT key, value FROM temp.scratch_kv EXCEPT "
                          "SELECT key, value FROM kvstore WHERE vat=?1) UNION SELECT key FROM (SELECT key, value FROM kvstore "
                          "WHERE vat=?1 EXCEPT SELECT key, value FROM temp.scratch_kv))", vat, &diff[0], err, errcap)))
        return rc;
    if ((rc = diff_query(st, vat, "outbox", "position, n, target, methargs, result", "position, n", &diff[1], err, errcap)) ||
        (rc = diff_query(st, vat, "resolutions", "position, n, i, vpid, rejected, data", "position, n, i", &diff[2], err, errcap)))
        return rc;
    return diff_query(st, vat, "exits", "position, n, failure, info", "position, n", &diff[3], err, errcap);
}

/* ---------------------------------------------------------------------------------------
 * Blobs (boot files and setup messages, content-addressed)
 * ------------------------------------------------------------------------------------- */

static uint8_t *compress(const uint8_t *raw, size_t len, size_t *zlen);

int vs_blob_put(VatStore *st, const uint8_t *raw, size_t len, uint8_t hash[VS_HASH], char *err, size_t errcap) {
    vs_sha256(raw, len, hash);
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM blobs WHERE hash=?", -1, &s, NULL) != SQLITE_OK)
        return sql_fail(st, "read blobs", err, errcap);
    sqlite3_bind_blob(s, 1, hash, VS_HASH, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if (rc == SQLITE_ROW) return VS_OK;
    if (rc != SQLITE_DONE) return sql_fail(st, "read blobs", err, errcap);
    size_t zlen = 0;
    uint8_t *z = compress(raw, len, &zlen);
    if (!z) { vs_set_err(err, errcap, "vat store: zstd compression failed"); return VS_ERROR; }
    if (sqlite3_prepare_v2(st->db, "INSERT INTO blobs(hash, size, compressed) VALUES (?,?,?)", -1, &s, NULL) != SQLITE_OK) {
        free(z);
        return sql_fail(st, "write blob", err, errcap);
    }
    sqlite3_bind_blob(s, 1, hash, VS_HASH, SQLITE_STATIC);
    sqlite3_bind_int64(s, 2, (sqlite3_int64)len);
    sqlite3_bind_blob64(s, 3, z, zlen, SQLITE_STATIC);
    rc = step_done(st, s, "write blob", err, errcap);
    sqlite3_finalize(s);
    free(z);
    return rc;
}

int vs_blob_get(VatStore *st, const uint8_t hash[VS_HASH], uint8_t **raw, size_t *len, char *err, size_t errcap) {
    *raw = NULL;
    *len = 0;
    char hex[2 * VS_HASH + 1];
    vs_hex(hash, hex);
    sqlite3_stmt *s;
    if (sqlite3_prepare_v2(st->db, "SELECT size, compressed FROM blobs WHERE hash=?", -1, &s, NULL) != SQLITE_OK)
        return sql_fail(st, "read blob", err, errcap);
    sqlite3_bind_blob(s, 1, hash, VS_HASH, SQLITE_STATIC);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(s);
        if (rc == SQLITE_DONE) { vs_set_err(err, errcap, "vat store: no blob %s", hex); return VS_CORRUPT; }
        return sql_fail(st, "read blob", err, errcap);
    }
    sqlite3_int64 size = sqlite3_column_int64(s, 0);
    const void *z = sqlite3_column_blob(s, 1);
    size_t zlen = (size_t)sqlite3_column_bytes(s, 1);
    unsigned long long want = z ? ZSTD_getFrameContentSize(z, zlen) : ZSTD_CONTENTSIZE_ERROR;
    int status = VS_CORRUPT;
    uint8_t *out = NULL;
    if (size >= 0 && want == (unsigned long long)size && (out = malloc((size_t)size + 1)) != NULL) {
        size_t got = ZSTD_decompress(out, (size_t)size + 1, z, zlen);
        uint8_t h[VS_HASH];
        if (!ZSTD_isError(got) && got == (size_t)size) {
            vs_sha256(out, got, h);
            if (!memcmp(h, hash, VS_HASH)) status = VS_OK;
        }
    } else if (size >= 0 && want == (unsigned long long)size) {
        vs_set_err(err, errcap, "out of memory");
        sqlite3_finalize(s);
        return VS_ERROR;
    }
    sqlite3_finalize(s);
    if (status != VS_OK) {
        free(out);
        vs_set_err(err, errcap, "vat store: blob %s does not decompress to bytes with that SHA-256", hex);
        return VS_CORRUPT;
    }
    *raw = out;
    *len = (size_t)size;
    return VS_OK;
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
    if (snap_identity(raw, len, h) < 0 || memcmp(h, raw + len - SNAP_TRAILER + SNAP_TRAILER_SHA, VS_HASH) != 0) {
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
