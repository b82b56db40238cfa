/* parsecheck.c - standalone driver for the cryo lexer/parser.
 *
 *   parsecheck [-m] [-s] [-e] [-w] [-d] [-q] [-D N] FILE
 *                                                 parse one file: exit 0 if it parses, 1 on a
 *                                                 SyntaxError (printed), 2 on usage/IO errors
 *       -m module goal, -s strict script, -e eval code, -w WTF-8 source, -d dump the AST,
 *       -q quiet, -D N nesting limit
 *   parsecheck --many [-m] FILE...                one line per file: "1" or "0 message"
 *   parsecheck --function KIND PARAMS BODY        CreateDynamicFunction check (KIND: normal,
 *                                                 generator, async, asyncGenerator)
 *   parsecheck --test262 ROOT [-x FEATURES] [-f FAILS] [-o SUBDIR] [-d] [-v]
 *                                                 run every test under ROOT/test/{language,
 *                                                 built-ins,annexB}: negative parse/early tests
 *                                                 must fail, all others must parse (module,
 *                                                 onlyStrict, noStrict, raw flags honoured)
 *   parsecheck --bench FILE [N]                   parse FILE N times, report MB/s
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../src/parser.h"

#ifdef PARSECHECK_WITH_REGEXP
/* The RegExp engine's literal validator (src/regexp.h), linked when available. */
int regexp_validate_literal(void *ctx, const uint16_t *pattern, uint32_t pattern_len,
                            const uint16_t *flags, uint32_t flags_len, char *msg, size_t msg_size);
#define PC_REGEXP_HOOK regexp_validate_literal
#define PC_HAVE_REGEXP 1
#else
#define PC_REGEXP_HOOK NULL
#define PC_HAVE_REGEXP 0
#endif

/* Reads a whole file; returns NULL on error. */
static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    if (!buf) { fclose(f); return NULL; }
    for (;;) {
        if (n == cap) {
            cap *= 2;
            char *nb = realloc(buf, cap);
            if (!nb) { free(buf); fclose(f); return NULL; }
            buf = nb;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0) break;
    }
    fclose(f);
    *len = n;
    return buf;
}

/* CPU time of this process (robust against a loaded machine). */
static double now_sec(void) {
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* ---------------------------------------------------------------------------------------
 * test262 runner
 * ------------------------------------------------------------------------------------ */

typedef struct T262Stats {
    long pos_total, pos_pass;       /* tests that must parse */
    long neg_total, neg_pass;       /* tests that must fail at parse/early phase */
    long neg_regexp_total, neg_regexp_miss; /* negative tests about RegExp pattern syntax */
    long skipped;                   /* excluded features */
    double bytes, secs;             /* parse throughput */
    FILE *fail_log;                 /* failures (may be NULL) */
    int verbose;                    /* print failures to stdout */
    FILE *dump_to;                  /* when set, every tree is dumped here (exercises
                                       ast_dump) */
    char **excluded;                /* excluded feature names */
    int n_excluded;
} T262Stats;

/* Loads feature names (first word of each non-comment line). */
static void load_excluded(T262Stats *st, const char *path) {
    size_t len;
    char *txt = read_file(path, &len);
    if (!txt) return;
    txt = realloc(txt, len + 1);
    txt[len] = 0;
    char *save = NULL;
    for (char *line = strtok_r(txt, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        while (*line == ' ' || *line == '\t') line++;
        if (!*line || *line == '#') continue;
        size_t k = strcspn(line, " \t#");
        char *name = strndup(line, k);
        st->excluded = realloc(st->excluded, (st->n_excluded + 1) * sizeof(char *));
        st->excluded[st->n_excluded++] = name;
    }
    free(txt);
}

/* 1 if the YAML list value `features: [a, b]` (or block list) mentions name. */
static int meta_has_word(const char *meta, const char *key, const char *word) {
    const char *k = strstr(meta, key);
    if (!k) return 0;
    k += strlen(key);
    /* inline list [..] or block list of "- x" lines */
    const char *nl = strchr(k, '\n');
    const char *lb = strchr(k, '[');
    size_t wl = strlen(word);
    if (lb && nl && lb < nl) {
        const char *rb = strchr(lb, ']');
        if (!rb) return 0;
        for (const char *s = lb + 1; s < rb;) {
            while (s < rb && (*s == ' ' || *s == ',')) s++;
            const char *e = s;
            while (e < rb && *e != ',' && *e != ' ') e++;
            if ((size_t)(e - s) == wl && !memcmp(s, word, wl)) return 1;
            s = e;
        }
        return 0;
    }
    /* block list */
    const char *s = nl ? nl + 1 : NULL;
    while (s && *s) {
        const char *t = s;
        while (*t == ' ') t++;
        if (*t != '-') break;
        t++;
        while (*t == ' ') t++;
        const char *e = t;
        while (*e && *e != '\n' && *e != ' ' && *e != '\r') e++;
        if ((size_t)(e - t) == wl && !memcmp(t, word, wl)) return 1;
        s = strchr(t, '\n');
        if (s) s++;
    }
    return 0;
}

/* Extracts the YAML front matter of a test262 file. */
static char *front_matter(const char *src) {
    const char *a = strstr(src, "/*---");
    if (!a) return strdup("");
    const char *b = strstr(a, "---*/");
    if (!b) return strdup("");
    return strndup(a + 5, (size_t)(b - a - 5));
}

/* Parses src in one mode; returns 1 on success. */
static int try_parse(const char *src, size_t len, int module, int strict_prefix, T262Stats *st,
                     ParseError *err) {
    ParseOptions o;
    memset(&o, 0, sizeof o);
    o.is_module = module;
    o.validate_regexp = PC_REGEXP_HOOK;
    const char *text = src;
    size_t tlen = len;
    char *buf = NULL;
    if (strict_prefix) {
        static const char pre[] = "\"use strict\";\n";
        buf = malloc(len + sizeof pre);
        memcpy(buf, pre, sizeof pre - 1);
        memcpy(buf + sizeof pre - 1, src, len);
        text = buf;
        tlen = len + sizeof pre - 1;
    }
    double t0 = now_sec();
    Ast *ast = parse_program(text, tlen, &o, err);
    st->secs += now_sec() - t0;
    st->bytes += (double)tlen;
    free(buf);
    if (!ast) return 0;
    if (st->dump_to) ast_dump(st->dump_to, ast->root);
    ast_free(ast);
    return 1;
}

static void run_test262_file(const char *path, T262Stats *st) {
    size_t len;
    char *src = read_file(path, &len);
    if (!src) return;
    src = realloc(src, len + 1);
    src[len] = 0;
    char *meta = front_matter(src);
    for (int i = 0; i < st->n_excluded; i++) {
        if (meta_has_word(meta, "features:", st->excluded[i])) {
            st->skipped++;
            free(meta);
            free(src);
            return;
        }
    }
    int negative = 0;
    const char *neg = strstr(meta, "negative:");
    if (neg) {
        const char *ph = strstr(neg, "phase:");
        if (ph) {
            ph += 6;
            while (*ph == ' ') ph++;
            if (!strncmp(ph, "parse", 5) || !strncmp(ph, "early", 5)) negative = 1;
        }
    }
    int is_module = meta_has_word(meta, "flags:", "module");
    int only_strict = meta_has_word(meta, "flags:", "onlyStrict");
    int no_strict = meta_has_word(meta, "flags:", "noStrict") || meta_has_word(meta, "flags:", "raw");
    int modes[2][2]; /* {module, strict_prefix} */
    int nm = 0;
    if (is_module) {
        modes[nm][0] = 1; modes[nm][1] = 0; nm++;
    } else {
        if (!only_strict) { modes[nm][0] = 0; modes[nm][1] = 0; nm++; }
        if (!no_strict) { modes[nm][0] = 0; modes[nm][1] = 1; nm++; }
    }
    int ok = 1;
    ParseError err;
    char why[600] = "";
    for (int m = 0; m < nm; m++) {
        int parsed = try_parse(src, len, modes[m][0], modes[m][1], st, &err);
        if (parsed == negative) {
            ok = 0;
            if (parsed) snprintf(why, sizeof why, "[%s] parsed but must fail",
                                 modes[m][0] ? "module" : modes[m][1] ? "strict" : "sloppy");
            else snprintf(why, sizeof why, "[%s] %s", modes[m][0] ? "module" : modes[m][1] ? "strict" : "sloppy",
                          err.message);
            break;
        }
    }
    int regexp_related = strstr(path, "literals/regexp") || strstr(path, "built-ins/RegExp");
    if (negative) {
        if (regexp_related) {
            st->neg_regexp_total++;
            if (!ok) st->neg_regexp_miss++;
        } else {
            st->neg_total++;
            if (ok) st->neg_pass++;
        }
    } else {
        st->pos_total++;
        if (ok) st->pos_pass++;
    }
    if (!ok && !(negative && regexp_related)) {
        if (st->fail_log) fprintf(st->fail_log, "%s: %s\n", path, why);
        if (st->verbose) printf("FAIL %s: %s\n", path, why);
    }
    free(meta);
    free(src);
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Walks a directory tree in sorted order. */
static void walk(const char *dir, T262Stats *st) {
    DIR *d = opendir(dir);
    if (!d) return;
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        names = realloc(names, (n + 1) * sizeof(char *));
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof(char *), cmp_str);
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        struct stat sb;
        if (stat(path, &sb) == 0) {
            if (S_ISDIR(sb.st_mode)) {
                walk(path, st);
            } else {
                size_t l = strlen(names[i]);
                if (l > 3 && !strcmp(names[i] + l - 3, ".js") && !strstr(names[i], "_FIXTURE"))
                    run_test262_file(path, st);
            }
        }
        free(names[i]);
    }
    free(names);
}

static int run_test262(const char *root, const char *excl, const char *fail_path, int verbose,
                       const char *only, int dump) {
    T262Stats st;
    memset(&st, 0, sizeof st);
    st.verbose = verbose;
    if (dump) st.dump_to = fopen("/dev/null", "w");
    if (excl) load_excluded(&st, excl);
    if (fail_path) st.fail_log = fopen(fail_path, "w");
    const char *dirs[] = {"test/language", "test/built-ins", "test/annexB"};
    for (int i = 0; i < 3; i++) {
        char path[4096];
        if (only) snprintf(path, sizeof path, "%s/%s", root, only);
        else snprintf(path, sizeof path, "%s/%s", root, dirs[i]);
        walk(path, &st);
        if (only) break;
    }
    if (st.fail_log) fclose(st.fail_log);
    if (st.dump_to) fclose(st.dump_to);
    printf("positive (must parse):      %ld / %ld  (%.3f%%)\n", st.pos_pass, st.pos_total,
           st.pos_total ? 100.0 * st.pos_pass / st.pos_total : 100.0);
    printf("negative (must fail early): %ld / %ld  (%.3f%%)\n", st.neg_pass, st.neg_total,
           st.neg_total ? 100.0 * st.neg_pass / st.neg_total : 100.0);
    printf("negative RegExp-pattern tests (%s): %ld, of which %ld accepted\n",
           PC_HAVE_REGEXP ? "checked with the RegExp engine's validator" : "left to the RegExp engine: no validator linked",
           st.neg_regexp_total, st.neg_regexp_miss);
    printf("skipped (excluded features): %ld\n", st.skipped);
    long tot = st.pos_total + st.neg_total, pass = st.pos_pass + st.neg_pass;
    printf("agreement: %ld / %ld  (%.3f%%)\n", pass, tot, tot ? 100.0 * pass / tot : 100.0);
    printf("throughput: %.1f MB in %.2f s CPU = %.1f MB/s\n", st.bytes / 1e6, st.secs,
           st.secs > 0 ? st.bytes / 1e6 / st.secs : 0.0);
    for (int i = 0; i < st.n_excluded; i++) free(st.excluded[i]);
    free(st.excluded);
    return pass == tot ? 0 : 1;
}

/* ---------------------------------------------------------------------------------------
 * main
 * ------------------------------------------------------------------------------------ */

int main(int argc, char **argv) {
    if (argc >= 3 && !strcmp(argv[1], "--test262")) {
        const char *excl = NULL, *fails = NULL, *only = NULL;
        int verbose = 0, dump = 0;
        for (int i = 3; i < argc; i++) {
            if (!strcmp(argv[i], "-d")) dump = 1;
            else if (!strcmp(argv[i], "-x") && i + 1 < argc) excl = argv[++i];
            else if (!strcmp(argv[i], "-f") && i + 1 < argc) fails = argv[++i];
            else if (!strcmp(argv[i], "-o") && i + 1 < argc) only = argv[++i];
            else if (!strcmp(argv[i], "-v")) verbose = 1;
        }
        return run_test262(argv[2], excl, fails, verbose, only, dump);
    }
    if (argc >= 5 && !strcmp(argv[1], "--function")) {
        ParseFunctionKind k = PARSE_FUNC_NORMAL;
        if (!strcmp(argv[2], "generator")) k = PARSE_FUNC_GENERATOR;
        else if (!strcmp(argv[2], "async")) k = PARSE_FUNC_ASYNC;
        else if (!strcmp(argv[2], "asyncGenerator")) k = PARSE_FUNC_ASYNC_GENERATOR;
        ParseError err;
        Ast *ast = parse_dynamic_function(k, argv[3], strlen(argv[3]), argv[4], strlen(argv[4]), NULL, &err);
        if (!ast) {
            printf("SyntaxError: %s\n", err.message);
            return 1;
        }
        if (argc >= 6 && !strcmp(argv[5], "-d")) ast_dump(stdout, ast->root);
        ast_free(ast);
        return 0;
    }
    if (argc >= 2 && !strcmp(argv[1], "--many")) {
        /* one line per file: "1" parsed, "0 message" SyntaxError (script goal; -m module) */
        int module = 0;
        for (int i = 2; i < argc; i++) {
            if (!strcmp(argv[i], "-m")) { module = 1; continue; }
            size_t len;
            char *src = read_file(argv[i], &len);
            if (!src) { printf("? %s\n", argv[i]); continue; }
            ParseOptions o;
            memset(&o, 0, sizeof o);
            o.is_module = module;
            o.validate_regexp = PC_REGEXP_HOOK;
            ParseError err;
            Ast *ast = parse_program(src, len, &o, &err);
            if (ast) printf("1\n");
            else printf("0 %s\n", err.message);
            ast_free(ast);
            free(src);
        }
        return 0;
    }
    if (argc >= 3 && !strcmp(argv[1], "--bench")) {
        size_t len;
        char *src = read_file(argv[2], &len);
        if (!src) { perror(argv[2]); return 2; }
        int n = argc >= 4 ? atoi(argv[3]) : 20;
        int module = argc >= 5 && !strcmp(argv[4], "-m");
        ParseOptions o;
        memset(&o, 0, sizeof o);
        o.is_module = module;
        double t0 = now_sec();
        for (int i = 0; i < n; i++) {
            ParseError err;
            Ast *ast = parse_program(src, len, &o, &err);
            if (!ast) { printf("SyntaxError: %s\n", err.message); return 1; }
            ast_free(ast);
        }
        double dt = now_sec() - t0;
        printf("%zu bytes x %d in %.3f s CPU: %.1f MB/s\n", len, n, dt, (double)len * n / 1e6 / dt);
        free(src);
        return 0;
    }
    ParseOptions o;
    memset(&o, 0, sizeof o);
    o.validate_regexp = PC_REGEXP_HOOK;
    int dump = 0, quiet = 0;
    const char *file = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-m")) o.is_module = 1;
        else if (!strcmp(argv[i], "-s")) o.strict = 1;
        else if (!strcmp(argv[i], "-e")) o.is_eval = 1;
        else if (!strcmp(argv[i], "-w")) o.wtf8 = 1;
        else if (!strcmp(argv[i], "-d")) dump = 1;
        else if (!strcmp(argv[i], "-q")) quiet = 1;
        else if (!strcmp(argv[i], "-D") && i + 1 < argc) o.max_depth = (uint32_t)atoi(argv[++i]);
        else file = argv[i];
    }
    if (!file) {
        fprintf(stderr, "usage: parsecheck [-m] [-s] [-e] [-w] [-d] [-q] [-D DEPTH] FILE | --test262 ROOT [-x FEATURES] [-f FAILS] [-o SUBDIR] [-d] [-v] | --bench FILE [N] [-m] | --function KIND PARAMS BODY\n");
        return 2;
    }
    size_t len;
    char *src = read_file(file, &len);
    if (!src) {
        perror(file);
        return 2;
    }
    o.filename = file;
    ParseError err;
    Ast *ast = parse_program(src, len, &o, &err);
    free(src);
    if (!ast) {
        if (!quiet) printf("SyntaxError: %s\n", err.message);
        return 1;
    }
    if (dump) ast_dump(stdout, ast->root);
    ast_free(ast);
    return 0;
}
