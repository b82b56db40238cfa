/* module.c — ES modules: loading (files read relative to the importing file through a
 * loader hook), module records, linking (InitializeEnvironment: environments, import
 * bindings as live references, hoisted functions, export resolution with star exports and
 * ambiguity detection), module namespace exotic objects, evaluation (including top-level
 * await), import() and import.meta.
 *
 * A module record is a MISC_MODULE cell (MOD_* slots). The registry (ROOT_MODULE_MAP) is a
 * CELL_ARRAY of [key, record] pairs; the key is the resolved path, or JSON_KEY_PREFIX + path
 * for the JSON module of that file (ModuleRequest Records with attributes: `type` is the
 * only supported import attribute and "json" its only supported value; a JSON module is a
 * synthetic module with one export, "default", holding JSON.parse of the file's text). An imported binding's env slot holds a reference cell
 * (CELL_ARRAY [exporter env, index]) that the get_import instruction follows; a namespace
 * import holds the namespace object itself.
 *
 * Evaluation follows the spec's Evaluate / InnerModuleEvaluation with asynchronous module
 * execution (top-level await): [[AsyncParentModules]], [[PendingAsyncDependencies]], cycle
 * roots and top-level capabilities; continuations are native closures over the record.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "interp_int.h"
#include "compiler.h"
#include "parser.h"
#include "regexp.h"
#include "builtins/builtins.h"

/* Module record slots. */
enum {
    MOD_STATUS = 0,     /* int MS_* */
    MOD_PATH,           /* string: resolved path */
    MOD_INFO,           /* module info list (compiler_stmt.c compile_module_top) */
    MOD_ENV,            /* CELL_ENV of the module scope */
    MOD_NAMESPACE,      /* namespace object or undefined */
    MOD_DEPS,           /* CELL_ARRAY: record per request */
    MOD_ERROR,          /* evaluation error */
    MOD_FUNC,           /* module body closure */
    MOD_META,           /* import.meta object or undefined */
    /* evaluation (ECMA-262 16.2.1.5.3; undefined reads as 0 / empty) */
    MOD_DFS_INDEX,      /* int [[DFSIndex]] */
    MOD_DFS_ANCESTOR,   /* int [[DFSAncestorIndex]] */
    MOD_CYCLE_ROOT,     /* record [[CycleRoot]] or undefined */
    MOD_ASYNC_EVAL,     /* true while [[AsyncEvaluation]] */
    MOD_ASYNC_ORDER,    /* int: the order in which [[AsyncEvaluation]] was set (0 = never) */
    MOD_PENDING,        /* int [[PendingAsyncDependencies]] */
    MOD_PARENTS,        /* CELL_ARRAY list of [[AsyncParentModules]] (MOD_NPARENTS used) */
    MOD_NPARENTS,       /* int */
    MOD_TOP_CAP,        /* promise of [[TopLevelCapability]] or undefined */
    MOD_JSON,           /* JSON module (a synthetic module): its default export, the
                           JSON.parse of the file's text (never undefined); undefined for a
                           source text module */
    MOD_COUNT
};
/* MS_EVALUATED: evaluated with an empty [[EvaluationError]]; MS_ERRORED: evaluated with one
 * (MOD_ERROR). */
enum { MS_NEW = 0, MS_LINKING, MS_LINKED, MS_EVALUATING, MS_EVALUATED, MS_ERRORED, MS_EVALUATING_ASYNC };
/* Module info list (see compile_module_top). MI_REQUESTS holds the module requests'
 * specifiers, MI_REQ_TYPES in parallel their `type` import attribute (undefined when
 * absent); a request is the pair, so one specifier may appear with two types. */
enum { MI_FUNCDEF = 0, MI_SCOPE, MI_REQUESTS, MI_IMPORTS, MI_LOCAL_EXPORTS, MI_INDIRECT_EXPORTS,
       MI_STAR_EXPORTS, MI_FUNCTIONS, MI_HAS_TLA, MI_REQ_TYPES };

/* The loader hook: read the file at `path`; malloc'd bytes (NULL + errno on failure). A
 * process-wide C function pointer (never stored in the heap); embedders may replace it. */
static char *default_loader(VM *vm, const char *path, size_t *len) {
    (void)vm;
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        size_t k = fread(buf + n, 1, cap - n, f);
        n += k;
        if (n < cap) break;
        cap *= 2;
        char *nb = realloc(buf, cap);
        if (!nb) { free(buf); buf = NULL; break; }
        buf = nb;
    }
    fclose(f);
    if (buf) *len = n;
    return buf;
}
char *(*cryo_module_loader)(VM *vm, const char *path, size_t *len) = default_loader;

static Value *rec(VM *vm, Value m) { return vm_cell_values(vm, val_ref(m)); }
/* Count of a module-info list (undefined = empty). */
static uint32_t mcount(VM *vm, Value l) { return val_is_cell(l) ? list_count(vm, l) : 0; }
static Value info_get(VM *vm, Value m, int i) { return list_items(vm, rec(vm, m)[MOD_INFO])[i]; }

/* ---------------------------------------------------------------------------------------
 * Paths and the registry
 * ------------------------------------------------------------------------------------- */

/* Resolve `spec` relative to the directory of `referrer`; malloc'd normalized path. */
static char *resolve_path(const char *referrer, const char *spec) {
    size_t rl = strlen(referrer), sl = strlen(spec);
    char *buf = malloc(rl + sl + 3);
    if (!buf) return NULL;
    if (spec[0] == '/') {
        strcpy(buf, spec);
    } else {
        const char *slash = strrchr(referrer, '/');
        size_t dl = slash ? (size_t)(slash - referrer) + 1 : 0;
        memcpy(buf, referrer, dl);
        strcpy(buf + dl, spec);
    }
    /* normalize "." and ".." segments */
    char *out = malloc(strlen(buf) + 2);
    if (!out) { free(buf); return NULL; }
    size_t o = 0;
    const char *p = buf;
    int absolute = buf[0] == '/';
    if (absolute) out[o++] = '/';
    while (*p) {
        while (*p == '/') p++;
        const char *q = p;
        while (*q && *q != '/') q++;
        size_t n = (size_t)(q - p);
        if (n == 1 && p[0] == '.') {
            /* skip */
        } else if (n == 2 && p[0] == '.' && p[1] == '.') {
            size_t base = absolute ? 1 : 0;
            if (o > base) {
                if (out[o - 1] == '/') o--;
                while (o > base && out[o - 1] != '/') o--;
                if (o == base && !absolute && n) {
                    /* ".." past the start of a relative path: keep it */
                }
            } else if (!absolute) {
                memcpy(out + o, "../", 3);
                o += 3;
            }
        } else if (n) {
            if (o && out[o - 1] != '/') out[o++] = '/';
            memcpy(out + o, p, n);
            o += n;
        }
        p = q;
    }
    out[o] = 0;
    free(buf);
    return out;
}

static Value registry_find(VM *vm, Value path) {
    Value map = vm->roots[ROOT_MODULE_MAP];
    if (!val_is_cell(map)) return VAL_UNDEFINED;
    uint32_t n = list_count(vm, map);
    for (uint32_t i = 0; i + 1 < n; i += 2) {
        Value p = list_items(vm, map)[i];
        if (val_is_string(p) && str_equals(vm, p, path)) return list_items(vm, map)[i + 1];
    }
    return VAL_UNDEFINED;
}

static int registry_add(VM *vm, Value path, Value m) {
    Value map = vm->roots[ROOT_MODULE_MAP];
    uint32_t n = val_is_cell(map) ? list_count(vm, map) : 0;
    /* free pairs are undefined at the end */
    for (uint32_t i = 0; i + 1 < n; i += 2) {
        if (list_items(vm, map)[i] == VAL_UNDEFINED) {
            list_items(vm, map)[i] = path;
            list_items(vm, map)[i + 1] = m;
            return 0;
        }
    }
    Value nm = list_new(vm, n ? n * 2 : 16);
    if (nm == VAL_EXCEPTION) return -1;
    map = vm->roots[ROOT_MODULE_MAP];
    if (n) memcpy(list_items(vm, nm), list_items(vm, map), n * sizeof(Value));
    list_items(vm, nm)[n] = path;
    list_items(vm, nm)[n + 1] = m;
    vm->roots[ROOT_MODULE_MAP] = nm;
    return 0;
}

/* The module record whose file is `path` (for import.meta / import() from a funcdef). */
static Value module_of_path(VM *vm, Value path) { return registry_find(vm, path); }

/* ---------------------------------------------------------------------------------------
 * Loading
 * ------------------------------------------------------------------------------------- */

/* Parse and compile module source; a new record (status MS_NEW), registered under `key`
 * (NULL: the path). json != undefined makes a JSON module whose default export is json
 * (src is then the stub JSON_STUB). */
static Value module_create(VM *vm, const char *src, size_t len, const char *path, const char *key, Value json) {
    VM_ROOT_SCOPE(vm);
    size_t mark = vm->nroots;
    vm_root(vm, &json);
    Value info = interp_compile_program(vm, src, len, path, 1);
    if (info == VAL_EXCEPTION) { vm->nroots = mark; return info; }
    vm_root(vm, &info);
    Value m = misc_new(vm, MISC_MODULE, MOD_COUNT);
    if (m == VAL_EXCEPTION) { vm->nroots = mark; return m; }
    vm_root(vm, &m);
    Value p = str_from_cstr(vm, path);
    if (p == VAL_EXCEPTION) { vm->nroots = mark; return p; }
    rec(vm, m)[MOD_STATUS] = val_int(MS_NEW);
    rec(vm, m)[MOD_PATH] = p;
    rec(vm, m)[MOD_INFO] = info;
    rec(vm, m)[MOD_JSON] = json;
    if (key) {
        p = str_from_cstr(vm, key);
        if (p == VAL_EXCEPTION) { vm->nroots = mark; return p; }
    }
    uint32_t nreq = mcount(vm, list_items(vm, info)[MI_REQUESTS]);
    Value deps = list_new(vm, nreq ? nreq : 1);
    if (deps == VAL_EXCEPTION) { vm->nroots = mark; return deps; }
    rec(vm, m)[MOD_DEPS] = deps;
    if (registry_add(vm, p, m) < 0) { vm->nroots = mark; return VAL_EXCEPTION; }
    vm->nroots = mark;
    return m;
}

/* Registry key prefix of JSON modules (cannot start a resolved path). */
#define JSON_KEY_PREFIX "\x01json:"
/* The source of every JSON module record: one `default` export, set at link time. */
static const char JSON_STUB[] = "var json; export { json as default };";

/* Whether `path` names a .json file. */
static int is_json_path(const char *path) {
    size_t n = strlen(path);
    return n >= 5 && strcmp(path + n - 5, ".json") == 0;
}

/* Validate a request's `type` import attribute (undefined or a string); *is_json is set
 * for type "json". -1 with a TypeError for an unsupported value. */
static int check_type_attribute(VM *vm, Value type, int *is_json) {
    *is_json = 0;
    if (type == VAL_UNDEFINED) return 0;
    char *t = str_to_utf8(vm, type, NULL);
    if (!t) { vm_throw_out_of_memory(vm); return -1; }
    if (strcmp(t, "json") != 0 || str_length(vm, type) != 4) {
        vm_throw_type_error(vm, "import attributes: type '%s' is not supported", t);
        free(t);
        return -1;
    }
    free(t);
    *is_json = 1;
    return 0;
}

/* Load the JSON module of `path` (ParseJSONModule): JSON.parse of the file's text. */
static Value json_module_load(VM *vm, const char *path, const char *key) {
    VM_ROOT_SCOPE(vm);
    size_t len;
    char *src = cryo_module_loader(vm, path, &len);
    if (!src) return vm_throw_type_error(vm, "Cannot find module '%s'", path);
    Value text = str_from_utf8(vm, src, len);
    free(src);
    if (text == VAL_EXCEPTION) return text;
    Value json = json_parse(vm, text);
    if (json == VAL_EXCEPTION) return json;
    return module_create(vm, JSON_STUB, sizeof JSON_STUB - 1, path, key, json);
}

/* HostLoadImportedModule: the record for `path` requested with `type` import attribute
 * `type` (undefined or a string), loaded and registered when new. */
static Value module_load(VM *vm, const char *path, Value type) {
    int json;
    if (check_type_attribute(vm, type, &json) < 0) return VAL_EXCEPTION;
    if (!json && is_json_path(path))
        return vm_throw_type_error(vm, "Cannot import JSON file '%s' without the import attribute with { type: 'json' }", path);
    char *key = NULL;
    if (json) {
        key = malloc(strlen(JSON_KEY_PREFIX) + strlen(path) + 1);
        if (!key) return vm_throw_out_of_memory(vm);
        strcpy(key, JSON_KEY_PREFIX);
        strcat(key, path);
    }
    Value p = str_from_cstr(vm, key ? key : path);
    if (p == VAL_EXCEPTION) { free(key); return p; }
    Value m = registry_find(vm, p);
    if (val_is_cell(m)) { free(key); return m; }
    if (json) {
        m = json_module_load(vm, path, key);
        free(key);
        return m;
    }
    size_t len;
    char *src = cryo_module_loader(vm, path, &len);
    if (!src) return vm_throw_type_error(vm, "Cannot find module '%s'", path);
    m = module_create(vm, src, len, path, NULL, VAL_UNDEFINED);
    free(src);
    return m;
}

static int module_load_deps(VM *vm, Value m);

/* Load every request of m (depth first). */
static int module_load_deps(VM *vm, Value m) {
    VM_ROOT_SCOPE(vm);
    size_t mark = vm->nroots;
    vm_root(vm, &m);
    Value reqs = info_get(vm, m, MI_REQUESTS);
    uint32_t n = mcount(vm, reqs);
    for (uint32_t i = 0; i < n; i++) {
        if (val_is_cell(list_items(vm, rec(vm, m)[MOD_DEPS])[i])) continue;
        char *spec = str_to_utf8(vm, list_items(vm, info_get(vm, m, MI_REQUESTS))[i], NULL);
        char *ref = str_to_utf8(vm, rec(vm, m)[MOD_PATH], NULL);
        if (!spec || !ref) { free(spec); free(ref); vm->nroots = mark; vm_throw_out_of_memory(vm); return -1; }
        char *path = resolve_path(ref, spec);
        free(spec);
        free(ref);
        if (!path) { vm->nroots = mark; vm_throw_out_of_memory(vm); return -1; }
        Value types = list_count(vm, rec(vm, m)[MOD_INFO]) > MI_REQ_TYPES ? info_get(vm, m, MI_REQ_TYPES) : VAL_UNDEFINED;
        Value d = module_load(vm, path, val_is_cell(types) ? list_items(vm, types)[i] : VAL_UNDEFINED);
        free(path);
        if (d == VAL_EXCEPTION) { vm->nroots = mark; return -1; }
        list_items(vm, rec(vm, m)[MOD_DEPS])[i] = d;
        if (val_to_int(rec(vm, d)[MOD_STATUS]) == MS_NEW && !val_is_cell(rec(vm, d)[MOD_ENV])) {
            /* mark as loading by creating its env lazily later; recurse */
            rec(vm, d)[MOD_ENV] = VAL_NULL;
            if (module_load_deps(vm, d) < 0) { vm->nroots = mark; return -1; }
        }
    }
    vm->nroots = mark;
    return 0;
}

/* ---------------------------------------------------------------------------------------
 * Export resolution (no JavaScript runs here: plain C arrays of Values are safe)
 * ------------------------------------------------------------------------------------- */

typedef struct Resolution {
    Value module;           /* record, or undefined for "not found", VAL_EMPTY for ambiguous */
    int32_t idx;            /* env index, or -1 for the namespace of `module` */
} Resolution;

typedef struct ResolveSet {
    Value mods[256];
    Value names[256];
    int n;
} ResolveSet;

static Resolution resolve_export(VM *vm, Value m, Value name, ResolveSet *set) {
    Resolution none = { VAL_UNDEFINED, 0 };
    for (int i = 0; i < set->n; i++)
        if (set->mods[i] == m && str_equals(vm, set->names[i], name)) return none;   /* circular */
    if (set->n < 256) {
        set->mods[set->n] = m;
        set->names[set->n] = name;
        set->n++;
    }
    Value locals = info_get(vm, m, MI_LOCAL_EXPORTS);
    uint32_t n = mcount(vm, locals);
    for (uint32_t i = 0; i + 1 < n; i += 2) {
        if (str_equals(vm, list_items(vm, locals)[i], name)) {
            Resolution r = { m, val_to_int(list_items(vm, locals)[i + 1]) };
            return r;
        }
    }
    Value ind = info_get(vm, m, MI_INDIRECT_EXPORTS);
    n = mcount(vm, ind);
    for (uint32_t i = 0; i + 2 < n; i += 3) {
        if (!str_equals(vm, list_items(vm, ind)[i], name)) continue;
        Value dep = list_items(vm, rec(vm, m)[MOD_DEPS])[val_to_int(list_items(vm, ind)[i + 1])];
        Value imp = list_items(vm, ind)[i + 2];
        if (imp == VAL_NULL) {
            Resolution r = { dep, -1 };
            return r;
        }
        return resolve_export(vm, dep, imp, set);
    }
    if (str_equals(vm, name, ATOM(vm, default_))) return none;
    Resolution star = none;
    Value stars = info_get(vm, m, MI_STAR_EXPORTS);
    n = mcount(vm, stars);
    for (uint32_t i = 0; i < n; i++) {
        Value dep = list_items(vm, rec(vm, m)[MOD_DEPS])[val_to_int(list_items(vm, stars)[i])];
        Resolution r = resolve_export(vm, dep, name, set);
        if (r.module == VAL_EMPTY) return r;
        if (r.module == VAL_UNDEFINED) continue;
        if (star.module == VAL_UNDEFINED) {
            star = r;
        } else if (star.module != r.module || star.idx != r.idx) {
            Resolution amb = { VAL_EMPTY, 0 };
            return amb;
        }
    }
    return star;
}

/* GetExportedNames into a growable C list (deduplicated). */
typedef struct NameList {
    Value *v;
    uint32_t n, cap;
} NameList;

static int names_has(VM *vm, NameList *l, Value s) {
    for (uint32_t i = 0; i < l->n; i++)
        if (str_equals(vm, l->v[i], s)) return 1;
    return 0;
}

static int names_add(VM *vm, NameList *l, Value s) {
    if (names_has(vm, l, s)) return 0;
    if (l->n == l->cap) {
        uint32_t nc = l->cap ? l->cap * 2 : 16;
        Value *nv = realloc(l->v, nc * sizeof(Value));
        if (!nv) return -1;
        l->v = nv;
        l->cap = nc;
    }
    l->v[l->n++] = s;
    return 0;
}

static int exported_names(VM *vm, Value m, NameList *out, Value *visited, int *nvisited) {
    for (int i = 0; i < *nvisited; i++)
        if (visited[i] == m) return 0;
    if (*nvisited < 256) visited[(*nvisited)++] = m;
    Value locals = info_get(vm, m, MI_LOCAL_EXPORTS);
    for (uint32_t i = 0; i + 1 < mcount(vm, locals); i += 2)
        if (names_add(vm, out, list_items(vm, locals)[i]) < 0) return -1;
    Value ind = info_get(vm, m, MI_INDIRECT_EXPORTS);
    for (uint32_t i = 0; i + 2 < mcount(vm, ind); i += 3)
        if (names_add(vm, out, list_items(vm, ind)[i]) < 0) return -1;
    Value stars = info_get(vm, m, MI_STAR_EXPORTS);
    for (uint32_t i = 0; i < mcount(vm, stars); i++) {
        Value dep = list_items(vm, rec(vm, m)[MOD_DEPS])[val_to_int(list_items(vm, stars)[i])];
        NameList sub = { 0 };
        if (exported_names(vm, dep, &sub, visited, nvisited) < 0) { free(sub.v); return -1; }
        for (uint32_t j = 0; j < sub.n; j++)
            if (!str_equals(vm, sub.v[j], ATOM(vm, default_)) && names_add(vm, out, sub.v[j]) < 0) {
                free(sub.v);
                return -1;
            }
        free(sub.v);
    }
    return 0;
}

/* ---------------------------------------------------------------------------------------
 * Namespace objects
 * ------------------------------------------------------------------------------------- */

enum { NS_MODULE = 0, NS_BINDINGS = 1 };   /* bindings: triples [name, env or namespace, idx] */

static Value get_namespace(VM *vm, Value m);

/* Sort names by code units (insertion sort; export lists are short). */
static void sort_names(VM *vm, NameList *l) {
    for (uint32_t i = 1; i < l->n; i++) {
        Value x = l->v[i];
        uint32_t j = i;
        while (j > 0 && str_compare(vm, l->v[j - 1], x) > 0) {
            l->v[j] = l->v[j - 1];
            j--;
        }
        l->v[j] = x;
    }
}

static Value get_namespace(VM *vm, Value m) {
    VM_ROOT_SCOPE(vm);
    Value ns = rec(vm, m)[MOD_NAMESPACE];
    if (val_is_object(ns)) return ns;
    size_t mark = vm->nroots;
    vm_root(vm, &m);
    NameList names = { 0 };
    Value visited[256];
    int nv = 0;
    if (exported_names(vm, m, &names, visited, &nv) < 0) { free(names.v); return vm_throw_out_of_memory(vm); }
    sort_names(vm, &names);
    /* resolvable names only */
    Value list = list_new(vm, names.n * 3);
    if (list == VAL_EXCEPTION) { free(names.v); vm->nroots = mark; return list; }
    vm_root(vm, &list);
    uint32_t k = 0;
    for (uint32_t i = 0; i < names.n; i++) {
        ResolveSet *set = calloc(1, sizeof *set);
        if (!set) { free(names.v); vm->nroots = mark; return vm_throw_out_of_memory(vm); }
        Resolution r = resolve_export(vm, m, names.v[i], set);
        free(set);
        if (r.module == VAL_UNDEFINED || r.module == VAL_EMPTY) continue;
        list_items(vm, list)[3 * k] = names.v[i];
        if (r.idx < 0) {
            list_items(vm, list)[3 * k + 1] = r.module;   /* namespace of that module (lazy) */
            list_items(vm, list)[3 * k + 2] = val_int(-1);
        } else {
            list_items(vm, list)[3 * k + 1] = rec(vm, r.module)[MOD_ENV];
            list_items(vm, list)[3 * k + 2] = val_int(r.idx);
        }
        k++;
    }
    free(names.v);
    Value trimmed = list_new(vm, k * 3);
    if (trimmed == VAL_EXCEPTION) { vm->nroots = mark; return trimmed; }
    memcpy(list_items(vm, trimmed), list_items(vm, list), (size_t)k * 3 * sizeof(Value));
    vm_root(vm, &trimmed);
    ns = obj_new(vm, VAL_NULL, CLASS_MODULE_NAMESPACE);
    if (ns == VAL_EXCEPTION) { vm->nroots = mark; return ns; }
    *obj_slot(vm, ns, NS_MODULE) = m;
    *obj_slot(vm, ns, NS_BINDINGS) = trimmed;
    vm_root(vm, &ns);
    Value tag = str_from_cstr(vm, "Module");
    if (tag == VAL_EXCEPTION || obj_define_fast(vm, ns, vm_wks(vm, WKS_toStringTag), tag, 0) < 0) {
        vm->nroots = mark;
        return VAL_EXCEPTION;
    }
    obj_header(vm, ns)->flags &= (uint8_t)~OF_EXTENSIBLE;
    rec(vm, m)[MOD_NAMESPACE] = ns;
    vm->nroots = mark;
    return ns;
}

/* Find export `key` (string) in namespace ns: binding triple index or -1. */
static int ns_find(VM *vm, Value ns, Value key) {
    if (!val_is_string(key)) return -1;
    Value b = *obj_slot(vm, ns, NS_BINDINGS);
    uint32_t n = list_count(vm, b) / 3;
    for (uint32_t i = 0; i < n; i++)
        if (str_equals(vm, list_items(vm, b)[3 * i], key)) return (int)i;
    return -1;
}

/* Value of binding i (throws ReferenceError in its TDZ). */
static Value ns_value(VM *vm, Value ns, int i) {
    Value b = *obj_slot(vm, ns, NS_BINDINGS);
    Value where = list_items(vm, b)[3 * i + 1];
    int32_t idx = val_to_int(list_items(vm, b)[3 * i + 2]);
    if (idx < 0) return get_namespace(vm, where);
    Value v = vm_cell_values(vm, val_ref(where))[ENV_VARS + idx];
    if (v == VAL_UNINIT) {
        iop_tdz_error(vm, list_items(vm, b)[3 * i]);
        return VAL_EXCEPTION;
    }
    return v;
}

static Value ns_key_string(VM *vm, Value key) {
    if (val_is_int(key)) return key_to_string(vm, key);
    return key;
}

static int ns_get_own(VM *vm, Value obj, Value key, PropDesc *d) {
    if (val_is_symbol(key)) return ordinary_get_own_property(vm, obj, key, d);
    Value ks = ns_key_string(vm, key);
    if (ks == VAL_EXCEPTION) return -1;
    int i = ns_find(vm, obj, ks);
    if (i < 0) return 0;
    Value v = ns_value(vm, obj, i);
    if (v == VAL_EXCEPTION) return -1;
    desc_data(d, v, PROP_WRITABLE | PROP_ENUMERABLE);
    return 1;
}

static int ns_define(VM *vm, Value obj, Value key, const PropDesc *desc) {
    if (val_is_symbol(key)) return ordinary_define_own_property(vm, obj, key, desc);
    PropDesc cur;
    int has = ns_get_own(vm, obj, key, &cur);
    if (has <= 0) return has;
    if ((desc->has & DESC_HAS_CONFIGURABLE) && (desc->flags & PROP_CONFIGURABLE)) return 0;
    if ((desc->has & DESC_HAS_ENUMERABLE) && !(desc->flags & PROP_ENUMERABLE)) return 0;
    if (desc->has & (DESC_HAS_GET | DESC_HAS_SET)) return 0;
    if ((desc->has & DESC_HAS_WRITABLE) && !(desc->flags & PROP_WRITABLE)) return 0;
    if (desc->has & DESC_HAS_VALUE) return same_value(vm, desc->value, cur.value);
    return 1;
}

static int ns_has(VM *vm, Value obj, Value key) {
    if (val_is_symbol(key)) return ordinary_has_property(vm, obj, key);
    Value ks = ns_key_string(vm, key);
    if (ks == VAL_EXCEPTION) return -1;
    return ns_find(vm, obj, ks) >= 0;
}

static Value ns_get(VM *vm, Value obj, Value key, Value receiver) {
    if (val_is_symbol(key)) return ordinary_get(vm, obj, key, receiver);
    Value ks = ns_key_string(vm, key);
    if (ks == VAL_EXCEPTION) return ks;
    int i = ns_find(vm, obj, ks);
    if (i < 0) return VAL_UNDEFINED;
    return ns_value(vm, obj, i);
}

static int ns_set(VM *vm, Value obj, Value key, Value v, Value receiver) {
    (void)vm; (void)obj; (void)key; (void)v; (void)receiver;
    return 0;
}

static int ns_delete(VM *vm, Value obj, Value key) {
    if (val_is_symbol(key)) return ordinary_delete(vm, obj, key);
    Value ks = ns_key_string(vm, key);
    if (ks == VAL_EXCEPTION) return -1;
    return ns_find(vm, obj, ks) < 0;
}

static Value ns_own_keys(VM *vm, Value obj) {
    VM_ROOT_SCOPE(vm);
    Value b = *obj_slot(vm, obj, NS_BINDINGS);
    uint32_t n = list_count(vm, b) / 3;
    Value sym = ordinary_own_keys(vm, obj);
    if (sym == VAL_EXCEPTION) return sym;
    size_t mark = vm->nroots;
    vm_root(vm, &sym);
    uint32_t ns = list_count(vm, sym);
    Value out = list_new(vm, n + ns);
    vm->nroots = mark;
    if (out == VAL_EXCEPTION) return out;
    b = *obj_slot(vm, obj, NS_BINDINGS);
    for (uint32_t i = 0; i < n; i++) list_items(vm, out)[i] = list_items(vm, b)[3 * i];
    for (uint32_t i = 0; i < ns; i++) list_items(vm, out)[n + i] = list_items(vm, sym)[i];
    return out;
}

static Value ns_get_proto(VM *vm, Value obj) { (void)vm; (void)obj; return VAL_NULL; }
static int ns_set_proto(VM *vm, Value obj, Value proto) { (void)vm; (void)obj; return proto == VAL_NULL; }
static int ns_is_extensible(VM *vm, Value obj) { (void)vm; (void)obj; return 0; }
static int ns_prevent_extensions(VM *vm, Value obj) { (void)vm; (void)obj; return 1; }

const ClassOps module_namespace_class_ops = {
    .name = "Module",
    .get_own_property = ns_get_own,
    .define_own_property = ns_define,
    .has_property = ns_has,
    .get = ns_get,
    .set = ns_set,
    .delete_property = ns_delete,
    .own_keys = ns_own_keys,
    .get_prototype_of = ns_get_proto,
    .set_prototype_of = ns_set_proto,
    .is_extensible = ns_is_extensible,
    .prevent_extensions = ns_prevent_extensions,
};

/* ---------------------------------------------------------------------------------------
 * Linking
 * ------------------------------------------------------------------------------------- */

/* Pass 1: create the environment of every module in the graph. */
static int create_envs(VM *vm, Value m) {
    VM_ROOT_SCOPE(vm);
    if (val_is_cell(rec(vm, m)[MOD_ENV])) return 0;
    size_t mark = vm->nroots;
    vm_root(vm, &m);
    Value desc = info_get(vm, m, MI_SCOPE);
    uint32_t n = (uint32_t)val_to_int(vm_cell_values(vm, val_ref(desc))[SD_COUNT]);
    Value env = env_new(vm, VAL_UNDEFINED, desc, n, VAL_UNDEFINED);
    if (env == VAL_EXCEPTION) { vm->nroots = mark; return -1; }
    Value *dw = vm_cell_values(vm, val_ref(info_get(vm, m, MI_SCOPE)));
    Value *ew = vm_cell_values(vm, val_ref(env));
    for (uint32_t i = 0; i < n; i++) {
        int k = val_to_int(dw[SD_VARS + 2 * i + 1]) & SV_KIND_MASK;
        if (k == SV_LET || k == SV_CONST || k == SV_CLASS) ew[ENV_VARS + i] = VAL_UNINIT;
    }
    rec(vm, m)[MOD_ENV] = env;
    /* a JSON module's only binding is its default export (set at once: it has no code
     * and no dependencies, so nothing can observe it before its evaluation) */
    if (rec(vm, m)[MOD_JSON] != VAL_UNDEFINED) {
        int32_t idx = val_to_int(list_items(vm, info_get(vm, m, MI_LOCAL_EXPORTS))[1]);
        vm_cell_values(vm, val_ref(env))[ENV_VARS + idx] = rec(vm, m)[MOD_JSON];
    }
    uint32_t nd = mcount(vm, info_get(vm, m, MI_REQUESTS));
    for (uint32_t i = 0; i < nd; i++) {
        Value d = list_items(vm, rec(vm, m)[MOD_DEPS])[i];
        if (val_is_cell(d) && create_envs(vm, d) < 0) { vm->nroots = mark; return -1; }
    }
    vm->nroots = mark;
    return 0;
}

static void throw_resolve_error(VM *vm, Value m, Value dep, Value name, int ambiguous) {
    char *dn = str_to_utf8(vm, rec(vm, dep)[MOD_PATH], NULL);
    char *nm = str_to_utf8(vm, name, NULL);
    (void)m;
    if (ambiguous)
        vm_throw_syntax_error(vm, "The requested module '%s' contains conflicting star exports for name '%s'", dn ? dn : "?", nm ? nm : "?");
    else
        vm_throw_syntax_error(vm, "The requested module '%s' does not provide an export named '%s'", dn ? dn : "?", nm ? nm : "?");
    free(dn);
    free(nm);
}

/* Pass 2: InitializeEnvironment (imports, indirect export checks, functions). */
static int link_module(VM *vm, Value m) {
    VM_ROOT_SCOPE(vm);
    int st = val_to_int(rec(vm, m)[MOD_STATUS]);
    if (st != MS_NEW) return 0;
    rec(vm, m)[MOD_STATUS] = val_int(MS_LINKING);
    size_t mark = vm->nroots;
    vm_root(vm, &m);
    uint32_t nd = mcount(vm, info_get(vm, m, MI_REQUESTS));
    for (uint32_t i = 0; i < nd; i++) {
        Value d = list_items(vm, rec(vm, m)[MOD_DEPS])[i];
        if (link_module(vm, d) < 0) goto fail;
    }
    /* indirect exports must resolve */
    {
        Value ind = info_get(vm, m, MI_INDIRECT_EXPORTS);
        for (uint32_t i = 0; i + 2 < mcount(vm, ind); i += 3) {
            Value imp = list_items(vm, ind)[i + 2];
            if (imp == VAL_NULL) continue;
            Value dep = list_items(vm, rec(vm, m)[MOD_DEPS])[val_to_int(list_items(vm, ind)[i + 1])];
            ResolveSet *set = calloc(1, sizeof *set);
            if (!set) { vm_throw_out_of_memory(vm); goto fail; }
            Resolution r = resolve_export(vm, dep, imp, set);
            free(set);
            if (r.module == VAL_UNDEFINED || r.module == VAL_EMPTY) {
                throw_resolve_error(vm, m, dep, imp, r.module == VAL_EMPTY);
                goto fail;
            }
            ind = info_get(vm, m, MI_INDIRECT_EXPORTS);
        }
    }
    /* imports */
    {
        Value imps = info_get(vm, m, MI_IMPORTS);
        uint32_t n = mcount(vm, imps);
        for (uint32_t i = 0; i + 2 < n; i += 3) {
            imps = info_get(vm, m, MI_IMPORTS);
            Value dep = list_items(vm, rec(vm, m)[MOD_DEPS])[val_to_int(list_items(vm, imps)[i])];
            Value name = list_items(vm, imps)[i + 1];
            int32_t idx = val_to_int(list_items(vm, imps)[i + 2]);
            Value bind;
            if (name == VAL_NULL) {
                bind = get_namespace(vm, dep);
                if (bind == VAL_EXCEPTION) goto fail;
            } else {
                ResolveSet *set = calloc(1, sizeof *set);
                if (!set) { vm_throw_out_of_memory(vm); goto fail; }
                Resolution r = resolve_export(vm, dep, name, set);
                free(set);
                if (r.module == VAL_UNDEFINED || r.module == VAL_EMPTY) {
                    throw_resolve_error(vm, m, dep, name, r.module == VAL_EMPTY);
                    goto fail;
                }
                if (r.idx < 0) {
                    bind = get_namespace(vm, r.module);
                    if (bind == VAL_EXCEPTION) goto fail;
                } else {
                    Value cell = list_new(vm, 2);
                    if (cell == VAL_EXCEPTION) goto fail;
                    list_items(vm, cell)[0] = rec(vm, r.module)[MOD_ENV];
                    list_items(vm, cell)[1] = val_int(r.idx);
                    bind = cell;
                }
            }
            vm_cell_values(vm, val_ref(rec(vm, m)[MOD_ENV]))[ENV_VARS + idx] = bind;
        }
    }
    /* hoisted function declarations */
    {
        uint32_t n = mcount(vm, info_get(vm, m, MI_FUNCTIONS));
        for (uint32_t i = 0; i + 1 < n; i += 2) {
            Value fs = info_get(vm, m, MI_FUNCTIONS);
            Value f = closure_new(vm, list_items(vm, fs)[i], rec(vm, m)[MOD_ENV], VAL_UNDEFINED);
            if (f == VAL_EXCEPTION) goto fail;
            fs = info_get(vm, m, MI_FUNCTIONS);
            vm_cell_values(vm, val_ref(rec(vm, m)[MOD_ENV]))[ENV_VARS + val_to_int(list_items(vm, fs)[i + 1])] = f;
        }
    }
    {
        Value body = closure_new(vm, info_get(vm, m, MI_FUNCDEF), rec(vm, m)[MOD_ENV], VAL_UNDEFINED);
        if (body == VAL_EXCEPTION) goto fail;
        rec(vm, m)[MOD_FUNC] = body;
    }
    rec(vm, m)[MOD_STATUS] = val_int(MS_LINKED);
    vm->nroots = mark;
    return 0;
fail:
    rec(vm, m)[MOD_STATUS] = val_int(MS_NEW);
    vm->nroots = mark;
    return -1;
}

/* ---------------------------------------------------------------------------------------
 * Evaluation
 * ------------------------------------------------------------------------------------- */

static int mod_int(VM *vm, Value m, int k) {
    Value v = rec(vm, m)[k];
    return val_is_int(v) ? val_to_int(v) : 0;
}
static int mod_status(VM *vm, Value m) { return mod_int(vm, m, MOD_STATUS); }
static int mod_has_tla(VM *vm, Value m) { return info_get(vm, m, MI_HAS_TLA) == VAL_TRUE; }
static Value mod_cycle_root(VM *vm, Value m) {
    Value r = rec(vm, m)[MOD_CYCLE_ROOT];
    return val_is_cell(r) ? r : m;
}

/* Append m to owner's [[AsyncParentModules]]. -1 on OOM. */
static int parents_add(VM *vm, Value owner, Value m) {
    uint32_t n = (uint32_t)mod_int(vm, owner, MOD_NPARENTS);
    Value l = rec(vm, owner)[MOD_PARENTS];
    uint32_t cap = val_is_cell(l) ? list_count(vm, l) : 0;
    if (n == cap) {
        Value nl = list_new(vm, cap ? cap * 2 : 4);   /* allocation does not collect */
        if (nl == VAL_EXCEPTION) return -1;
        if (n) memcpy(list_items(vm, nl), list_items(vm, l), n * sizeof(Value));
        rec(vm, owner)[MOD_PARENTS] = nl;
        l = nl;
    }
    list_items(vm, l)[n] = m;
    rec(vm, owner)[MOD_NPARENTS] = val_int((int32_t)n + 1);
    return 0;
}

/* The next [[AsyncEvaluation]] order number (one more than any so far). */
static int next_async_order(VM *vm) {
    Value map = vm->roots[ROOT_MODULE_MAP];
    int mx = 0;
    uint32_t n = val_is_cell(map) ? list_count(vm, map) : 0;
    for (uint32_t i = 0; i + 1 < n; i += 2) {
        Value m = list_items(vm, map)[i + 1];
        if (val_is_cell(m) && mod_int(vm, m, MOD_ASYNC_ORDER) > mx) mx = mod_int(vm, m, MOD_ASYNC_ORDER);
    }
    return mx + 1;
}

/* A growable list of records on the side of an evaluation (its Value lives in a rooted
 * local; allocation never collects). */
typedef struct ModList { Value list; uint32_t n; } ModList;

static int modlist_push(VM *vm, ModList *l, Value m) {
    uint32_t cap = val_is_cell(l->list) ? list_count(vm, l->list) : 0;
    if (l->n == cap) {
        Value nl = list_new(vm, cap ? cap * 2 : 8);
        if (nl == VAL_EXCEPTION) return -1;
        if (l->n) memcpy(list_items(vm, nl), list_items(vm, l->list), l->n * sizeof(Value));
        l->list = nl;
    }
    list_items(vm, l->list)[l->n++] = m;
    return 0;
}

static void async_rejected(VM *vm, Value m, Value error);
static int execute_async(VM *vm, Value m);

/* Run a module body synchronously (no top-level await). -1 on throw. */
static int execute_sync(VM *vm, Value m) {
    Value r = vm_call(vm, rec(vm, m)[MOD_FUNC], VAL_UNDEFINED, 0, NULL);
    return r == VAL_EXCEPTION ? -1 : 0;
}

/* InnerModuleEvaluation: the next DFS index, or -1 on throw. */
static int inner_evaluate(VM *vm, Value m, ModList *stack, int index) {
    VM_ROOT_SCOPE(vm);
    int st = mod_status(vm, m);
    if (st == MS_EVALUATED || st == MS_EVALUATING_ASYNC || st == MS_EVALUATING) return index;
    if (st == MS_ERRORED) {
        vm_throw(vm, rec(vm, m)[MOD_ERROR]);
        return -1;
    }
    if (vm_stack_exhausted(vm)) { vm_throw_stack_overflow(vm); return -1; }
    size_t mark = vm->nroots;
    vm_root(vm, &m);
    rec(vm, m)[MOD_STATUS] = val_int(MS_EVALUATING);
    rec(vm, m)[MOD_DFS_INDEX] = val_int(index);
    rec(vm, m)[MOD_DFS_ANCESTOR] = val_int(index);
    rec(vm, m)[MOD_PENDING] = val_int(0);
    index++;
    if (modlist_push(vm, stack, m) < 0) goto fail;
    uint32_t nd = mcount(vm, info_get(vm, m, MI_REQUESTS));
    for (uint32_t i = 0; i < nd; i++) {
        index = inner_evaluate(vm, list_items(vm, rec(vm, m)[MOD_DEPS])[i], stack, index);
        if (index < 0) goto fail;
        Value d = list_items(vm, rec(vm, m)[MOD_DEPS])[i];
        if (mod_status(vm, d) == MS_EVALUATING) {
            int a = mod_int(vm, d, MOD_DFS_ANCESTOR);
            if (a < mod_int(vm, m, MOD_DFS_ANCESTOR)) rec(vm, m)[MOD_DFS_ANCESTOR] = val_int(a);
        } else {
            d = mod_cycle_root(vm, d);
            if (mod_status(vm, d) == MS_ERRORED) {
                vm_throw(vm, rec(vm, d)[MOD_ERROR]);
                goto fail;
            }
        }
        if (rec(vm, d)[MOD_ASYNC_EVAL] == VAL_TRUE) {
            rec(vm, m)[MOD_PENDING] = val_int(mod_int(vm, m, MOD_PENDING) + 1);
            if (parents_add(vm, d, m) < 0) goto fail;
        }
    }
    if (mod_int(vm, m, MOD_PENDING) > 0 || mod_has_tla(vm, m)) {
        rec(vm, m)[MOD_ASYNC_EVAL] = VAL_TRUE;
        rec(vm, m)[MOD_ASYNC_ORDER] = val_int(next_async_order(vm));
        if (mod_int(vm, m, MOD_PENDING) == 0 && execute_async(vm, m) < 0) goto fail;
    } else if (execute_sync(vm, m) < 0) {
        goto fail;
    }
    if (mod_int(vm, m, MOD_DFS_ANCESTOR) == mod_int(vm, m, MOD_DFS_INDEX)) {
        for (;;) {
            Value r = list_items(vm, stack->list)[--stack->n];
            rec(vm, r)[MOD_STATUS] = val_int(rec(vm, r)[MOD_ASYNC_EVAL] == VAL_TRUE ? MS_EVALUATING_ASYNC : MS_EVALUATED);
            rec(vm, r)[MOD_CYCLE_ROOT] = m;
            if (r == m) break;
        }
    }
    vm->nroots = mark;
    return index;
fail:
    vm->nroots = mark;
    return -1;
}

/* Evaluate(): the module's top-level promise (VAL_EXCEPTION only for terminations / OOM). */
static Value module_evaluate(VM *vm, Value m) {
    VM_ROOT_SCOPE(vm);
    int st = mod_status(vm, m);
    if (st == MS_EVALUATING_ASYNC || st == MS_EVALUATED || st == MS_ERRORED) m = mod_cycle_root(vm, m);
    if (val_is_object(rec(vm, m)[MOD_TOP_CAP])) return rec(vm, m)[MOD_TOP_CAP];
    size_t mark = vm->nroots;
    ModList stack = { VAL_UNDEFINED, 0 };
    vm_root(vm, &m);
    vm_root(vm, &stack.list);
    Value promise = promise_new(vm);
    if (promise == VAL_EXCEPTION) { vm->nroots = mark; return promise; }
    rec(vm, m)[MOD_TOP_CAP] = promise;
    if (inner_evaluate(vm, m, &stack, 0) < 0) {
        if (vm->uncatchable) { vm->nroots = mark; return VAL_EXCEPTION; }
        Value err = vm_take_exception(vm);
        for (uint32_t i = 0; i < stack.n; i++) {
            Value x = list_items(vm, stack.list)[i];
            rec(vm, x)[MOD_STATUS] = val_int(MS_ERRORED);
            rec(vm, x)[MOD_ERROR] = err;
        }
        vm_root(vm, &err);
        promise_reject(vm, rec(vm, m)[MOD_TOP_CAP], err);
    } else if (rec(vm, m)[MOD_ASYNC_EVAL] != VAL_TRUE) {
        promise_resolve(vm, rec(vm, m)[MOD_TOP_CAP], VAL_UNDEFINED);
    }
    promise = rec(vm, m)[MOD_TOP_CAP];
    vm->nroots = mark;
    if (vm->has_exception) return VAL_EXCEPTION;   /* a termination inside promise_resolve */
    return promise;
}

/* Module closures (magic): 0 async execution fulfilled (data0 = record), 1 rejected
 * (data0 = record), 2 import() evaluation fulfilled (data0 = record, data1 = promise),
 * 3 import() rejected (data0 = promise). */
static Value Module_closure(VM *vm, Value this_val, int argc, Value *argv, Value nt, Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)this_val; (void)argc; (void)nt;
    Value d0 = *obj_slot(vm, func, NFN_DATA0);
    switch (magic) {
    case 0: {
        /* AsyncModuleExecutionFulfilled */
        size_t mark = vm->nroots;
        Value m = d0;
        ModList exec = { VAL_UNDEFINED, 0 };
        vm_root(vm, &m);
        vm_root(vm, &exec.list);
        if (mod_status(vm, m) == MS_ERRORED) { vm->nroots = mark; return VAL_UNDEFINED; }
        rec(vm, m)[MOD_ASYNC_EVAL] = VAL_FALSE;
        rec(vm, m)[MOD_STATUS] = val_int(MS_EVALUATED);
        if (val_is_object(rec(vm, m)[MOD_TOP_CAP])) promise_resolve(vm, rec(vm, m)[MOD_TOP_CAP], VAL_UNDEFINED);
        if (vm->has_exception) { vm->nroots = mark; return VAL_EXCEPTION; }
        /* GatherAvailableAncestors (iteratively, in discovery order) */
        Value work = m;
        vm_root(vm, &work);
        uint32_t scan = 0;
        for (;;) {
            uint32_t np = (uint32_t)mod_int(vm, work, MOD_NPARENTS);
            for (uint32_t i = 0; i < np; i++) {
                Value p = list_items(vm, rec(vm, work)[MOD_PARENTS])[i];
                int seen = 0;
                for (uint32_t j = 0; j < exec.n; j++)
                    if (list_items(vm, exec.list)[j] == p) seen = 1;
                if (seen || mod_status(vm, mod_cycle_root(vm, p)) == MS_ERRORED) continue;
                int pend = mod_int(vm, p, MOD_PENDING) - 1;
                rec(vm, p)[MOD_PENDING] = val_int(pend);
                if (pend == 0) {
                    if (modlist_push(vm, &exec, p) < 0) { vm->nroots = mark; return VAL_EXCEPTION; }
                }
            }
            /* continue with the next gathered module that has no top-level await */
            for (;;) {
                if (scan >= exec.n) { work = VAL_UNDEFINED; break; }
                Value x = list_items(vm, exec.list)[scan++];
                if (!mod_has_tla(vm, x)) { work = x; break; }
            }
            if (!val_is_cell(work)) break;
        }
        /* sort by [[AsyncEvaluation]] order (insertion sort: the lists are short) */
        for (uint32_t i = 1; i < exec.n; i++) {
            Value *it = list_items(vm, exec.list);
            Value x = it[i];
            uint32_t j = i;
            while (j > 0 && mod_int(vm, it[j - 1], MOD_ASYNC_ORDER) > mod_int(vm, x, MOD_ASYNC_ORDER)) {
                it[j] = it[j - 1];
                j--;
            }
            it[j] = x;
        }
        for (uint32_t i = 0; i < exec.n; i++) {
            Value x = list_items(vm, exec.list)[i];
            if (mod_status(vm, x) == MS_ERRORED) continue;
            if (mod_has_tla(vm, x)) {
                if (execute_async(vm, x) < 0) { vm->nroots = mark; return VAL_EXCEPTION; }
                continue;
            }
            work = x;
            if (execute_sync(vm, work) < 0) {
                if (vm->uncatchable) { vm->nroots = mark; return VAL_EXCEPTION; }
                Value err = vm_take_exception(vm);
                async_rejected(vm, work, err);
            } else {
                rec(vm, work)[MOD_ASYNC_EVAL] = VAL_FALSE;
                rec(vm, work)[MOD_STATUS] = val_int(MS_EVALUATED);
                if (val_is_object(rec(vm, work)[MOD_TOP_CAP])) promise_resolve(vm, rec(vm, work)[MOD_TOP_CAP], VAL_UNDEFINED);
            }
            if (vm->has_exception) { vm->nroots = mark; return VAL_EXCEPTION; }
        }
        vm->nroots = mark;
        return VAL_UNDEFINED;
    }
    case 1:
        async_rejected(vm, d0, argv[0]);
        return vm->has_exception ? VAL_EXCEPTION : VAL_UNDEFINED;
    case 2: {
        Value promise = *obj_slot(vm, func, NFN_DATA1);
        vm_root(vm, &promise);
        Value ns = get_namespace(vm, d0);
        if (ns == VAL_EXCEPTION) {
            if (vm->uncatchable) return ns;
            Value e = vm_take_exception(vm);
            promise_reject(vm, promise, e);
        } else {
            promise_resolve(vm, promise, ns);
        }
        return vm->has_exception ? VAL_EXCEPTION : VAL_UNDEFINED;
    }
    default:
        promise_reject(vm, d0, argv[0]);
        return vm->has_exception ? VAL_EXCEPTION : VAL_UNDEFINED;
    }
}

/* AsyncModuleExecutionRejected. */
static void async_rejected(VM *vm, Value m, Value error) {
    VM_ROOT_SCOPE(vm);
    if (mod_status(vm, m) == MS_ERRORED) return;
    if (vm_stack_exhausted(vm)) return;
    size_t mark = vm->nroots;
    vm_root(vm, &m);
    vm_root(vm, &error);
    rec(vm, m)[MOD_ERROR] = error;
    rec(vm, m)[MOD_STATUS] = val_int(MS_ERRORED);
    rec(vm, m)[MOD_ASYNC_EVAL] = VAL_FALSE;
    /* the module's own capability first, then its async parents: leaf-to-root order */
    if (val_is_object(rec(vm, m)[MOD_TOP_CAP])) promise_reject(vm, rec(vm, m)[MOD_TOP_CAP], error);
    uint32_t np = (uint32_t)mod_int(vm, m, MOD_NPARENTS);
    for (uint32_t i = 0; i < np; i++) async_rejected(vm, list_items(vm, rec(vm, m)[MOD_PARENTS])[i], error);
    vm->nroots = mark;
}

/* A native closure Module_closure(magic) with data0 / data1. */
static Value module_closure_new(VM *vm, int magic, Value d0, Value d1) {
    VM_ROOT_SCOPE(vm);
    size_t mark = vm->nroots;
    vm_root(vm, &d0);
    vm_root(vm, &d1);
    Value f = vm_new_native_closure(vm, Module_closure, magic, "", 1);
    if (f != VAL_EXCEPTION) {
        *obj_slot(vm, f, NFN_DATA0) = d0;
        *obj_slot(vm, f, NFN_DATA1) = d1;
    }
    vm->nroots = mark;
    return f;
}

/* ExecuteAsyncModule: run the body (an async function) and continue when it settles. */
static int execute_async(VM *vm, Value m) {
    VM_ROOT_SCOPE(vm);
    size_t mark = vm->nroots;
    Value p = VAL_UNDEFINED, f1 = VAL_UNDEFINED;
    vm_root(vm, &m);
    vm_root(vm, &p);
    vm_root(vm, &f1);
    p = vm_call(vm, rec(vm, m)[MOD_FUNC], VAL_UNDEFINED, 0, NULL);
    if (p == VAL_EXCEPTION) { vm->nroots = mark; return -1; }
    f1 = module_closure_new(vm, 0, m, VAL_UNDEFINED);
    Value f2 = f1 == VAL_EXCEPTION ? f1 : module_closure_new(vm, 1, m, VAL_UNDEFINED);
    int r = f2 == VAL_EXCEPTION ? -1 : promise_then(vm, p, f1, f2, VAL_UNDEFINED);
    vm->nroots = mark;
    return r < 0 ? -1 : 0;
}

/* Load the dependencies of m and link the graph (a no-op once linked). */
static int module_link(VM *vm, Value m) {
    VM_ROOT_SCOPE(vm);
    if (mod_status(vm, m) != MS_NEW) return 0;
    size_t mark = vm->nroots;
    vm_root(vm, &m);
    int r = module_load_deps(vm, m);
    if (r == 0) r = create_envs(vm, m);
    if (r == 0) r = link_module(vm, m);
    vm->nroots = mark;
    return r;
}

Value vm_eval_module(VM *vm, const char *src, size_t len, const char *filename) {
    VM_ROOT_SCOPE(vm);
    char *path = resolve_path("", filename);
    if (!path) return vm_throw_out_of_memory(vm);
    Value p = str_from_cstr(vm, path);
    if (p == VAL_EXCEPTION) { free(path); return p; }
    Value m = registry_find(vm, p);
    if (!val_is_cell(m)) m = module_create(vm, src, len, path, NULL, VAL_UNDEFINED);
    free(path);
    if (m == VAL_EXCEPTION) return m;
    size_t mark = vm->nroots;
    Value promise = VAL_UNDEFINED;
    vm_root(vm, &m);
    vm_root(vm, &promise);
    if (module_link(vm, m) < 0) { vm->nroots = mark; return VAL_EXCEPTION; }
    promise = module_evaluate(vm, m);
    if (promise == VAL_EXCEPTION) { vm->nroots = mark; return promise; }
    /* the entry point reports its own failure: run the jobs until the evaluation settles */
    *obj_slot(vm, promise, PROMISE_SLOT_HANDLED) = VAL_TRUE;
    if (val_to_int(*obj_slot(vm, promise, PROMISE_SLOT_STATE)) == PROMISE_PENDING && vm_run_jobs(vm) < 0) {
        vm->nroots = mark;
        return VAL_EXCEPTION;
    }
    Value r = VAL_UNDEFINED;
    if (val_to_int(*obj_slot(vm, promise, PROMISE_SLOT_STATE)) == PROMISE_REJECTED)
        r = vm_throw(vm, *obj_slot(vm, promise, PROMISE_SLOT_RESULT));
    vm->nroots = mark;
    return r;
}

/* ---------------------------------------------------------------------------------------
 * import() and import.meta
 * ------------------------------------------------------------------------------------- */

/* The job of import() (ContinueDynamicImport): data0 = specifier string, data1 = referrer
 * path, data2 = promise; magic 1 when the request has import attribute type "json". */
static Value Module_import_job(VM *vm, Value this_val, int argc, Value *argv, Value nt, Value func, int magic) {
    VM_ROOT_SCOPE(vm);
    (void)this_val; (void)argc; (void)argv; (void)nt;
    vm_root(vm, &func);
    Value promise = *obj_slot(vm, func, NFN_DATA2);
    vm_root(vm, &promise);
    Value type = magic ? str_from_cstr(vm, "json") : VAL_UNDEFINED;
    if (type == VAL_EXCEPTION) return type;
    vm_root(vm, &type);
    char *spec = str_to_utf8(vm, *obj_slot(vm, func, NFN_DATA0), NULL);
    char *ref = str_to_utf8(vm, *obj_slot(vm, func, NFN_DATA1), NULL);
    char *path = spec && ref ? resolve_path(ref, spec) : NULL;
    free(spec);
    free(ref);
    if (!path) return vm_throw_out_of_memory(vm);
    Value m = module_load(vm, path, type);
    free(path);
    if (m != VAL_EXCEPTION) {
        vm_root(vm, &m);
        if (module_link(vm, m) == 0) {
            Value ep = module_evaluate(vm, m);
            if (ep == VAL_EXCEPTION) return ep;
            vm_root(vm, &ep);
            Value f1 = module_closure_new(vm, 2, m, promise);
            if (f1 == VAL_EXCEPTION) return f1;
            vm_root(vm, &f1);
            Value f2 = module_closure_new(vm, 3, promise, VAL_UNDEFINED);
            if (f2 == VAL_EXCEPTION) return f2;
            if (promise_then(vm, ep, f1, f2, VAL_UNDEFINED) < 0) return VAL_EXCEPTION;
            return VAL_UNDEFINED;
        }
    }
    if (vm->uncatchable) return VAL_EXCEPTION;
    Value e = vm_take_exception(vm);
    promise_reject(vm, promise, e);
    return VAL_UNDEFINED;
}

/* The `type` import attribute of import()'s options (EvaluateImportCall steps 9-10):
 * undefined when absent, else the value; VAL_EXCEPTION with the error to reject with. */
static Value import_options_type(VM *vm, Value options) {
    VM_ROOT_SCOPE(vm);
    if (options == VAL_UNDEFINED) return VAL_UNDEFINED;
    if (!val_is_object(options)) return vm_throw_type_error(vm, "import() options must be an object");
    Value key = atom_from_cstr(vm, "with");
    if (key == VAL_EXCEPTION) return key;
    vm_root(vm, &key);
    Value with = obj_get(vm, options, key, options);
    if (with == VAL_EXCEPTION || with == VAL_UNDEFINED) return with;
    if (!val_is_object(with)) return vm_throw_type_error(vm, "import() options.with must be an object");
    vm_root(vm, &with);
    Value entries = obj_enumerable_own(vm, with, 2);
    if (entries == VAL_EXCEPTION) return entries;
    vm_root(vm, &entries);
    key = atom_from_cstr(vm, "type");
    if (key == VAL_EXCEPTION) return key;
    Value type = VAL_UNDEFINED, bad = VAL_UNDEFINED;
    uint32_t n = array_length(vm, entries);
    for (uint32_t i = 0; i < n; i++) {
        Value e = array_get_fast(vm, entries, i);
        Value k = array_get_fast(vm, e, 0), v = array_get_fast(vm, e, 1);
        if (!val_is_string(v)) return vm_throw_type_error(vm, "import attribute values must be strings");
        if (str_equals(vm, k, key)) type = v;
        else if (bad == VAL_UNDEFINED) bad = k;
    }
    if (bad != VAL_UNDEFINED) {
        char *b = str_to_utf8(vm, bad, NULL);
        vm_throw_syntax_error(vm, "unsupported import attribute '%s' (only 'type' is supported)", b ? b : "?");
        free(b);
        return VAL_EXCEPTION;
    }
    return type;
}

Value module_dynamic_import(VM *vm, Value specifier, Value options, Value fd) {
    VM_ROOT_SCOPE(vm);
    size_t mark = vm->nroots;
    vm_root(vm, &specifier);
    vm_root(vm, &options);
    vm_root(vm, &fd);
    Value promise = promise_new(vm);
    if (promise == VAL_EXCEPTION) { vm->nroots = mark; return promise; }
    vm_root(vm, &promise);
    Value s = to_string(vm, specifier);
    Value type = VAL_UNDEFINED;
    vm_root(vm, &s);
    vm_root(vm, &type);
    int json = 0;
    if (s != VAL_EXCEPTION) type = import_options_type(vm, options);
    if (s == VAL_EXCEPTION || type == VAL_EXCEPTION || check_type_attribute(vm, type, &json) < 0) {
        if (vm->uncatchable) { vm->nroots = mark; return VAL_EXCEPTION; }
        Value e = vm_take_exception(vm);
        promise_reject(vm, promise, e);
        vm->nroots = mark;
        return promise;
    }
    Value job = vm_new_native_closure(vm, Module_import_job, json, "", 0);
    if (job == VAL_EXCEPTION) { vm->nroots = mark; return job; }
    *obj_slot(vm, job, NFN_DATA0) = s;
    *obj_slot(vm, job, NFN_DATA1) = fd_get(vm, fd, FD_FILENAME);
    *obj_slot(vm, job, NFN_DATA2) = promise;
    if (vm_enqueue_job(vm, job, 0, NULL) < 0) { vm->nroots = mark; return VAL_EXCEPTION; }
    vm->nroots = mark;
    return promise;
}

Value module_import_meta(VM *vm, Value fd) {
    VM_ROOT_SCOPE(vm);
    Value m = module_of_path(vm, fd_get(vm, fd, FD_FILENAME));
    if (!val_is_cell(m)) return vm_throw_syntax_error(vm, "import.meta is only valid in module code");
    if (val_is_object(rec(vm, m)[MOD_META])) return rec(vm, m)[MOD_META];
    size_t mark = vm->nroots;
    vm_root(vm, &m);
    Value meta = obj_new(vm, VAL_NULL, CLASS_OBJECT);
    if (meta == VAL_EXCEPTION) { vm->nroots = mark; return meta; }
    vm_root(vm, &meta);
    Value url = atom_from_cstr(vm, "url");
    if (url == VAL_EXCEPTION || obj_define_fast(vm, meta, url, rec(vm, m)[MOD_PATH], PROP_DEFAULT) < 0) {
        vm->nroots = mark;
        return VAL_EXCEPTION;
    }
    rec(vm, m)[MOD_META] = meta;
    vm->nroots = mark;
    return meta;
}

const NativeDef module_natives[6] = {
    { "", Module_import_job, 0, NDEF_CTOR_ONLY, 0, 0 },
    { "", Module_import_job, 0, NDEF_CTOR_ONLY, 1, 0 },
    { "", Module_closure, 1, NDEF_CTOR_ONLY, 0, 0 },
    { "", Module_closure, 1, NDEF_CTOR_ONLY, 1, 0 },
    { "", Module_closure, 1, NDEF_CTOR_ONLY, 2, 0 },
    { "", Module_closure, 1, NDEF_CTOR_ONLY, 3, 0 },
};

int module_init_realm(VM *vm) { (void)vm; return 0; }
