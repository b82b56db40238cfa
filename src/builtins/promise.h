/* promise.h — the layouts of promise reaction and job records (the records themselves are
 * described at the top of promise.c), shared with the snapshot validator (snapshot_check.c). */
#ifndef CRYO_PROMISE_H
#define CRYO_PROMISE_H

/* Reaction record words. */
enum {
    REACT_NEXT = 0,        /* next (older) reaction of the same promise, or undefined */
    REACT_CAP_PROMISE,     /* capability promise, or undefined (no capability: await) */
    REACT_CAP_RESOLVE,     /* capability resolve function, or undefined (internal) */
    REACT_CAP_REJECT,      /* capability reject function, or undefined (internal) */
    REACT_ON_FULFILLED,    /* fulfill handler (callable) or undefined (empty) */
    REACT_ON_REJECTED,     /* reject handler (callable) or undefined (empty) */
    REACT_WORDS
};

/* Job record words. */
enum {
    JOB_NEXT = 0, JOB_FUNCTION, JOB_ARG0, JOB_ARG1, JOB_ARG2, JOB_REALM, JOB_ARGC, JOB_WORDS
};

/* Internal job kinds stored (as int Values) in JOB_FUNCTION. */
enum {
    JOB_REACTION_FULFILL = 1,  /* PromiseReactionJob(reaction = arg0, argument = arg1), fulfill */
    JOB_REACTION_REJECT = 2,   /* same, reject */
    JOB_RESOLVE_THENABLE = 3,  /* PromiseResolveThenableJob(promise, thenable, then) */
    JOB_AWAIT = 4,             /* await of a primitive: await_resume(state = arg0, arg1) */
};

#endif
