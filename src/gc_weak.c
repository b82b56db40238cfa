/* gc_weak.c — post-trace processing of weak structures (see gc_weak.h). */
#include <stdlib.h>
#include "gc_weak.h"

/* Provided by the modules that own the weak layouts. */
void atom_gc_rebuild(GcState *gc);
void shape_gc_rebuild_transitions(GcState *gc, Ref shape);

/* Append r to a growable Ref list. */
static void push_ref(Ref **list, size_t *n, size_t *cap, Ref r) {
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 64;
        Ref *p = realloc(*list, c * sizeof(Ref));
        if (!p) abort();
        *list = p;
        *cap = c;
    }
    (*list)[(*n)++] = r;
}

void gc_weak_note(GcState *gc, GcWeakKind kind, Ref r) {
    if (kind == GC_WEAK_SHAPE) push_ref(&gc->shapes, &gc->nshapes, &gc->capshapes, r);
    else push_ref(&gc->objects, &gc->nobjects, &gc->capobjects, r);
}

int gc_object_is_weak(GcState *gc, const CellHeader *h) {
    (void)gc;
    (void)h;
    /* WeakMap/WeakSet/WeakRef are traced strongly until their ephemeron layouts land. */
    return 0;
}

void gc_weak_process(GcState *gc) {
    gc_drain(gc);
    atom_gc_rebuild(gc);
    for (size_t i = 0; i < gc->nshapes; i++) shape_gc_rebuild_transitions(gc, gc->shapes[i]);
}

void gc_weak_free(GcState *gc) {
    free(gc->shapes);
    free(gc->objects);
    gc->shapes = gc->objects = NULL;
}
