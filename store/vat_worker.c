/* vat_worker.c — a cryo-worker child process driven over netstrings (vat_worker.h). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "vat_worker.h"
#include "../worker/netstring.h"

int vw_default_path(char *out, size_t cap) {
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0) return -1;
    self[n] = 0;
    char *slash = strrchr(self, '/');
    if (!slash) return -1;
    slash[1] = 0;
    if ((size_t)snprintf(out, cap, "%scryo-worker", self) >= cap) return -1;
    return 0;
}

/* The xsnap exit code names (docs/worker-protocol.md). */
static const char *exit_name(int code) {
    switch (code) {
    case 0: return "success";
    case 1: return "bad usage";
    case 2: return "I/O or protocol error";
    case 11: return "not enough memory";
    case 12: return "stack overflow";
    case 15: return "unhandled exception";
    case 17: return "too much computation";
    default: return "unknown";
    }
}

/* Wait for the child (blocking) once. */
static void reap(VatWorker *w) {
    if (w->reaped || w->pid <= 0) return;
    int st;
    while (waitpid(w->pid, &st, 0) < 0) {
        if (errno != EINTR) { st = 0; break; }
    }
    w->status = st;
    w->reaped = 1;
}

/* "the worker <what>: exited with code N (name)" after reaping it; returns VS_WORKER. */
static int worker_died(VatWorker *w, const char *what, char *err, size_t errcap) {
    if (w->cmd_fd >= 0) { close(w->cmd_fd); w->cmd_fd = -1; }
    reap(w);
    if (WIFEXITED(w->status))
        vs_set_err(err, errcap, "worker %s: it exited with code %d (%s)", what, WEXITSTATUS(w->status), exit_name(WEXITSTATUS(w->status)));
    else if (WIFSIGNALED(w->status))
        vs_set_err(err, errcap, "worker %s: it was killed by signal %d", what, WTERMSIG(w->status));
    else
        vs_set_err(err, errcap, "worker %s", what);
    return VS_WORKER;
}

/* Close every descriptor of w that is open. */
static void close_fds(VatWorker *w) {
    if (w->cmd_fd >= 0) close(w->cmd_fd);
    if (w->reply_fd >= 0) close(w->reply_fd);
    if (w->snap_fd >= 0) close(w->snap_fd);
    if (w->feed_fd >= 0) close(w->feed_fd);
    w->cmd_fd = w->reply_fd = w->snap_fd = w->feed_fd = -1;
    free(w->in);
    w->in = NULL;
}

void vw_init(VatWorker *w) {
    memset(w, 0, sizeof *w);
    w->cmd_fd = w->reply_fd = w->snap_fd = w->feed_fd = -1;
}

/* Spawn the worker; with `fed`, its fd 8 is a pipe whose write end stays in w->feed_fd. */
static int spawn(VatWorker *w, const VwOptions *opt, int fed, char *err, size_t errcap) {
    vw_init(w);
    signal(SIGPIPE, SIG_IGN);          /* a dead worker is an EPIPE, reported with its status */
    int p3[2] = { -1, -1 }, p4[2] = { -1, -1 }, p7[2] = { -1, -1 }, p8[2] = { -1, -1 };
    if (pipe2(p3, O_CLOEXEC) < 0 || pipe2(p4, O_CLOEXEC) < 0 || pipe2(p7, O_CLOEXEC) < 0 ||
        (fed && pipe2(p8, O_CLOEXEC) < 0)) {
        vs_set_err(err, errcap, "cannot create pipes: %s", strerror(errno));
        goto fail;
    }
    /* large pipes: fewer context switches while snapshots stream (best effort) */
    fcntl(p7[0], F_SETPIPE_SZ, 1 << 20);
    if (fed) fcntl(p8[0], F_SETPIPE_SZ, 1 << 20);
    char lim[32], mem[32];
    const char *argv[12];
    int ac = 0;
    argv[ac++] = opt->path;
    char label[160];                   /* "vat=NAME": never starts with '-', so never an option */
    snprintf(label, sizeof label, "vat=%s", opt->label ? opt->label : "");
    argv[ac++] = label;
    if (opt->meter_limit) { snprintf(lim, sizeof lim, "%llu", (unsigned long long)opt->meter_limit); argv[ac++] = "-l"; argv[ac++] = lim; }
    if (opt->memory_mb) { snprintf(mem, sizeof mem, "%llu", (unsigned long long)opt->memory_mb); argv[ac++] = "-m"; argv[ac++] = mem; }
    if (fed) { argv[ac++] = "-r"; argv[ac++] = "@8"; }
    argv[ac] = NULL;
    int devnull = opt->prints_fd < 0 ? open("/dev/null", O_WRONLY | O_CLOEXEC) : -1;
    pid_t pid = fork();
    if (pid < 0) {
        vs_set_err(err, errcap, "cannot fork: %s", strerror(errno));
        if (devnull >= 0) close(devnull);
        goto fail;
    }
    if (pid == 0) {
        /* child: move every source above the targets first, then dup2 into place */
        int src[5] = { p3[0], p4[1], p7[1], fed ? p8[0] : -1, opt->prints_fd < 0 ? devnull : opt->prints_fd };
        int dst[5] = { 3, 4, 7, 8, 1 };
        for (int i = 0; i < 5; i++)
            if (src[i] >= 0 && (src[i] = fcntl(src[i], F_DUPFD_CLOEXEC, 20)) < 0) _exit(127);
        int nullin = open("/dev/null", O_RDONLY);
        if (nullin >= 0 && nullin != 0) { dup2(nullin, 0); close(nullin); }
        for (int i = 0; i < 5; i++)
            if (src[i] >= 0 && dup2(src[i], dst[i]) < 0) _exit(127);
        execv(opt->path, (char *const *)argv);
        fprintf(stderr, "cryo vat: cannot run %s: %s\n", opt->path, strerror(errno));
        _exit(127);
    }
    if (devnull >= 0) close(devnull);
    w->pid = pid;
    w->serve = opt->serve;
    w->serve_ctx = opt->serve_ctx;
    close(p3[0]); close(p4[1]); close(p7[1]);
    p3[0] = p4[1] = p7[1] = -1;
    w->cmd_fd = p3[1];
    w->reply_fd = p4[0];
    w->snap_fd = p7[0];
    fcntl(w->snap_fd, F_SETFL, O_NONBLOCK);
    w->in = malloc(sizeof *w->in);
    if (!w->in) { vs_set_err(err, errcap, "out of memory"); vw_stop(w); return VS_ERROR; }
    ns_reader_init(w->in, w->reply_fd);
    if (fed) {
        close(p8[0]);
        w->feed_fd = p8[1];
    }
    return VS_OK;
fail:
    for (int i = 0; i < 2; i++) {
        if (p3[i] >= 0) close(p3[i]);
        if (p4[i] >= 0) close(p4[i]);
        if (p7[i] >= 0) close(p7[i]);
        if (p8[i] >= 0) close(p8[i]);
    }
    return VS_WORKER;
}

int vw_start_fed(VatWorker *w, const VwOptions *opt, char *err, size_t errcap) { return spawn(w, opt, 1, err, errcap); }

int vw_feed(void *wp, const uint8_t *p, size_t n) {
    VatWorker *w = wp;
    return w->feed_fd >= 0 && ns_write_all(w->feed_fd, p, n) == 0 ? VS_OK : VS_WORKER;
}

void vw_feed_end(VatWorker *w) {
    if (w->feed_fd >= 0) close(w->feed_fd);
    w->feed_fd = -1;
}

int vw_start(VatWorker *w, const VwOptions *opt, const uint8_t *snap, size_t snap_len, char *err, size_t errcap) {
    int rc = spawn(w, opt, snap != NULL, err, errcap);
    if (rc || !snap) return rc;
    /* the worker reads exactly the snapshot's length at start-up */
    rc = vw_feed(w, snap, snap_len);
    vw_feed_end(w);
    if (rc) return worker_died(w, "refused the snapshot", err, errcap);
    return VS_OK;
}

/* Write one netstring command. */
static int send_cmd(VatWorker *w, const void *p, size_t n, char *err, size_t errcap) {
    struct iovec part = { (void *)p, n };
    if (w->cmd_fd < 0 || ns_write(w->cmd_fd, &part, 1) < 0)
        return worker_died(w, "stopped reading commands", err, errcap);
    return VS_OK;
}

/* Answer one issueCommand query (body = `?` + query) with w->serve. */
static int answer_query(VatWorker *w, int serving, uint8_t *body, size_t len, char *err, size_t errcap) {
    uint8_t *answer = NULL;
    size_t alen = 0;
    int rc;
    if (!serving || !w->serve) {
        vs_set_err(err, errcap, "the worker sent an issueCommand query outside of a delivery");
        rc = VS_WORKER;
    } else {
        rc = w->serve(w->serve_ctx, body + 1, len - 1, &answer, &alen, err, errcap);
    }
    free(body);
    if (rc) {
        /* the worker waits for this answer: end it without a word on its stderr */
        if (w->pid > 0 && !w->reaped) kill(w->pid, SIGKILL);
        vw_stop(w);
        return rc;
    }
    struct iovec parts[2] = { { "/", 1 }, { answer, alen } };
    int wr = w->cmd_fd >= 0 ? ns_write(w->cmd_fd, parts, 2) : -1;
    free(answer);
    if (wr < 0) return worker_died(w, "stopped reading answers", err, errcap);
    return VS_OK;
}

/* Read one reply frame; with `serving`, answers issueCommand queries (`?` frames) with
 * w->serve until the reply comes. */
static int read_reply_serving(VatWorker *w, int serving, uint8_t **body, size_t *len, char *err, size_t errcap) {
    NsStatus st = ns_read(w->in, NS_MAX_FRAME, body, len);
    while (st == NS_OK && *len > 0 && (*body)[0] == '?') {
        int rc = answer_query(w, serving, *body, *len, err, errcap);
        *body = NULL;
        if (rc) return rc;
        st = ns_read(w->in, NS_MAX_FRAME, body, len);
    }
    if (st == NS_OK && *len > 0) return VS_OK;
    if (st == NS_OK) free(*body);
    *body = NULL;
    if (st == NS_EOF || st == NS_TRUNCATED || st == NS_IO_ERROR) return worker_died(w, "ended without a reply", err, errcap);
    char what[160];
    ns_describe(w->in, st, what, sizeof what);
    vw_stop(w);
    vs_set_err(err, errcap, "worker sent a bad reply: %s", what);
    return VS_WORKER;
}

/* Read one reply frame (no JavaScript runs: an issueCommand query is a protocol error). */
static int read_reply(VatWorker *w, uint8_t **body, size_t *len, char *err, size_t errcap) {
    return read_reply_serving(w, 0, body, len, err, errcap);
}

/* Copy the deterministic part of the meter record (everything but "timestamps"). */
static int strip_meter(const uint8_t *m, size_t n, char out[VS_METER_MAX], uint64_t *compute) {
    static const char ts[] = ",\"timestamps\":";
    size_t cut = n;
    for (size_t i = 0; i + sizeof ts - 1 <= n; i++)
        if (!memcmp(m + i, ts, sizeof ts - 1)) { cut = i; break; }
    if (cut == n || cut + 2 > VS_METER_MAX || m[0] != '{') return -1;
    memcpy(out, m, cut);
    out[cut] = '}';
    out[cut + 1] = 0;
    const char *c = strstr(out, "\"compute\":");
    if (!c) return -1;
    *compute = strtoull(c + 10, NULL, 10);
    return 0;
}

int vw_send(VatWorker *w, const uint8_t *cmd, size_t len, char *err, size_t errcap) {
    return send_cmd(w, cmd, len, err, errcap);
}

int vw_receive(VatWorker *w, VwReply *r, char *err, size_t errcap) {
    memset(r, 0, sizeof *r);
    size_t n;
    int rc = read_reply_serving(w, 1, &r->body, &n, err, errcap);
    if (rc) return rc;
    r->status = (char)r->body[0];
    if (r->status == '!') {
        r->result = r->body;
        r->result_len = n;
        return VS_OK;
    }
    uint8_t *sep = r->status == '.' ? memchr(r->body, 1, n) : NULL;
    if (!sep || strip_meter(r->body + 1, (size_t)(sep - r->body - 1), r->meter, &r->compute) < 0) {
        vw_reply_free(r);
        vw_stop(w);
        vs_set_err(err, errcap, "worker sent a malformed reply (no meter record)");
        return VS_WORKER;
    }
    *sep = '.';                        /* the recorded result: status byte + result bytes */
    r->result = sep;
    r->result_len = n - (size_t)(sep - r->body);
    return VS_OK;
}

int vw_deliver(VatWorker *w, const uint8_t *cmd, size_t len, VwReply *r, char *err, size_t errcap) {
    memset(r, 0, sizeof *r);
    int rc = send_cmd(w, cmd, len, err, errcap);
    return rc ? rc : vw_receive(w, r, err, errcap);
}

int vw_ready(VatWorker *w, char *err, size_t errcap) {
    int rc = send_cmd(w, "R", 1, err, errcap);
    if (rc) return rc;
    uint8_t *body;
    size_t n;
    if ((rc = read_reply(w, &body, &n, err, errcap))) return rc;
    int ok = n == 1 && body[0] == '.';
    free(body);
    if (!ok) { vw_stop(w); vs_set_err(err, errcap, "worker sent a bad reply to R"); return VS_WORKER; }
    return VS_OK;
}

void vw_reply_free(VwReply *r) {
    free(r->body);
    r->body = NULL;
}

/* Read what is available on the snapshot pipe into *buf (growing it). 1 at end of file,
 * 0 when it would block, -1 on error. */
static int drain_snap(VatWorker *w, uint8_t **buf, size_t *len, size_t *cap) {
    for (;;) {
        if (*len == *cap) {
            size_t nc = *cap ? *cap * 2 : 1 << 20;
            uint8_t *nb = realloc(*buf, nc);
            if (!nb) { errno = ENOMEM; return -1; }
            *buf = nb;
            *cap = nc;
        }
        ssize_t k = read(w->snap_fd, *buf + *len, *cap - *len);
        if (k > 0) { *len += (size_t)k; continue; }
        if (k == 0) return 1;
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
        return -1;
    }
}

int vw_snapshot(VatWorker *w, uint8_t **raw, size_t *len, char *err, size_t errcap) {
    *raw = NULL;
    *len = 0;
    static const char cmd[] = "w@7";
    int rc = send_cmd(w, cmd, 3, err, errcap);
    if (rc) return rc;
    uint8_t *buf = NULL, *body = NULL;
    size_t have = 0, cap = 0, blen = 0;
    /* the worker streams the snapshot to fd 7, then replies on fd 4: read both */
    for (;;) {
        if (w->in->pos < w->in->len) break;          /* a reply is already buffered */
        struct pollfd pf[2] = { { w->snap_fd, POLLIN, 0 }, { w->reply_fd, POLLIN, 0 } };
        if (poll(pf, 2, -1) < 0) {
            if (errno == EINTR) continue;
            vs_set_err(err, errcap, "poll: %s", strerror(errno));
            free(buf);
            return VS_ERROR;
        }
        if (pf[0].revents && drain_snap(w, &buf, &have, &cap) < 0) {
            vs_set_err(err, errcap, "reading the snapshot: %s", strerror(errno));
            free(buf);
            vw_stop(w);
            return VS_WORKER;
        }
        if (pf[1].revents) break;
    }
    if ((rc = read_reply(w, &body, &blen, err, errcap))) { free(buf); return rc; }
    if (body[0] != '.') {
        vs_set_err(err, errcap, "worker could not write a snapshot: %.*s", (int)(blen > 200 ? 200 : blen - 1), body + 1);
        drain_snap(w, &buf, &have, &cap);             /* discard a partial stream */
        free(buf);
        free(body);
        return VS_WORKER;
    }
    uint8_t *sep = memchr(body, 1, blen);
    unsigned long long want = sep ? strtoull((const char *)sep + 1, NULL, 10) : 0;
    free(body);
    if (!want) { free(buf); vw_stop(w); vs_set_err(err, errcap, "worker sent a malformed snapshot reply"); return VS_WORKER; }
    /* everything was written before the reply: read the rest of the pipe */
    while (have < want) {
        struct pollfd pf = { w->snap_fd, POLLIN, 0 };
        if (poll(&pf, 1, 10000) <= 0) { free(buf); vw_stop(w); vs_set_err(err, errcap, "snapshot stream stalled"); return VS_WORKER; }
        int d = drain_snap(w, &buf, &have, &cap);
        if (d < 0 || (d == 1 && have < want)) {
            free(buf);
            return worker_died(w, "ended the snapshot stream early", err, errcap);
        }
    }
    if (have != want) {
        free(buf);
        vw_stop(w);
        vs_set_err(err, errcap, "worker wrote %zu snapshot bytes but reported %llu", have, want);
        return VS_WORKER;
    }
    *raw = buf;
    *len = have;
    return VS_OK;
}

void vw_stop(VatWorker *w) {
    if (w->pid <= 0) { close_fds(w); return; }
    if (!w->reaped && w->cmd_fd >= 0) {
        struct iovec q = { "q", 1 };
        ns_write(w->cmd_fd, &q, 1);
    }
    close_fds(w);
    if (!w->reaped) {
        /* give it a moment to exit on `q` / end of input, then insist */
        for (int i = 0; i < 2000; i++) {
            int st;
            pid_t r = waitpid(w->pid, &st, WNOHANG);
            if (r == w->pid) { w->status = st; w->reaped = 1; break; }
            if (r < 0 && errno != EINTR) { w->reaped = 1; break; }
            struct timespec ts = { 0, 1000 * 1000 };
            nanosleep(&ts, NULL);
        }
        if (!w->reaped) {
            kill(w->pid, SIGKILL);
            reap(w);
        }
    }
    w->pid = 0;
}
