// harness.mjs — the assertions shared by test.mjs and liveslots.mjs.

/** An expectation that did not hold (as opposed to an error from the code under test). */
export class AssertionError extends Error {}
/** Throws unless `cond`. */
export const assert = (cond, msg) => {
  if (!cond) throw new AssertionError(msg || 'assertion failed');
};
/** Throws unless `a` and `b` have the same JSON text. */
export const eq = (a, b, msg) => {
  const sa = JSON.stringify(a), sb = JSON.stringify(b);
  if (sa !== sb) throw new AssertionError(`${msg || 'not equal'}: got ${sa}, expected ${sb}`);
};
