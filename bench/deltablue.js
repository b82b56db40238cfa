// deltablue.js — an incremental multi-way dataflow constraint solver in the spirit of
// the DeltaBlue algorithm (Freeman-Benson, Maloney & Borning, CACM 1990), written from
// scratch for cryo.
//
// Variables are linked by constraints with a strength hierarchy.  Adding or removing a
// constraint incrementally re-plans which constraint determines each variable
// ("walkabout strengths"); a plan extracted from the input constraints is then executed
// many times.  Runs chain and projection scenarios and prints one checksum line.
'use strict';

const out = typeof print === 'function' ? print : (s) => console.log(s);

// Strengths: a smaller number is a stronger constraint.
const REQUIRED = 0, STRONG_PREFERRED = 1, PREFERRED = 2, STRONG_DEFAULT = 3,
  NORMAL = 4, WEAK_DEFAULT = 5, WEAKEST = 6;
const stronger = (a, b) => a < b;
const weaker = (a, b) => a > b;
const weakestOf = (a, b) => (a > b ? a : b);

// Binary constraint directions.
const NONE = 0, FORWARD = 1, BACKWARD = 2;

let planner = null;
let checksum = 0;
function mix(x) {
  checksum = (Math.imul(checksum, 16777619) ^ (x | 0)) | 0;
}

class Variable {
  constructor(name, value) {
    this.name = name;
    this.value = value;
    this.constraints = [];       // every constraint that mentions this variable
    this.determinedBy = null;    // the satisfied constraint whose output is this variable
    this.mark = 0;               // planning mark
    this.walkStrength = WEAKEST; // strength of the weakest constraint upstream
    this.stay = true;            // true when the value is constant during plan execution
  }
  addConstraint(c) { this.constraints.push(c); }
  removeConstraint(c) {
    const i = this.constraints.indexOf(c);
    if (i >= 0) this.constraints.splice(i, 1);
    if (this.determinedBy === c) this.determinedBy = null;
  }
}

class Constraint {
  constructor(strength) { this.strength = strength; }
  /** Adds this constraint to the graph and satisfies it incrementally. */
  activate() {
    this.addToGraph();
    planner.incrementalAdd(this);
  }
  /** Tries to satisfy this constraint; returns a constraint it overrode, if any. */
  satisfy(mark) {
    this.chooseMethod(mark);
    if (!this.isSatisfied()) {
      if (this.strength === REQUIRED) throw new Error('could not satisfy a required constraint');
      return null;
    }
    this.markInputs(mark);
    const o = this.output();
    const overridden = o.determinedBy;
    if (overridden !== null) overridden.markUnsatisfied();
    o.determinedBy = this;
    if (!planner.addPropagate(this, mark)) throw new Error('cycle encountered');
    o.mark = mark;
    return overridden;
  }
  destroy() {
    if (this.isSatisfied()) planner.incrementalRemove(this);
    else this.removeFromGraph();
  }
  isInput() { return false; }
}

class UnaryConstraint extends Constraint {
  constructor(v, strength) {
    super(strength);
    this.myOutput = v;
    this.satisfied = false;
    this.activate();
  }
  addToGraph() {
    this.myOutput.addConstraint(this);
    this.satisfied = false;
  }
  chooseMethod(mark) {
    this.satisfied = this.myOutput.mark !== mark && stronger(this.strength, this.myOutput.walkStrength);
  }
  isSatisfied() { return this.satisfied; }
  markInputs(mark) {}
  output() { return this.myOutput; }
  recalculate() {
    this.myOutput.walkStrength = this.strength;
    this.myOutput.stay = !this.isInput();
    if (this.myOutput.stay) this.execute();
  }
  markUnsatisfied() { this.satisfied = false; }
  inputsKnown(mark) { return true; }
  removeFromGraph() {
    this.myOutput.removeConstraint(this);
    this.satisfied = false;
  }
}

/** Keeps a variable at its current value (a "stay"). */
class StayConstraint extends UnaryConstraint {
  execute() {}
}

/** Marks a variable as externally edited: the plan's input. */
class EditConstraint extends UnaryConstraint {
  isInput() { return true; }
  execute() {}
}

class BinaryConstraint extends Constraint {
  constructor(a, b, strength) {
    super(strength);
    this.v1 = a;
    this.v2 = b;
    this.direction = NONE;
  }
  chooseMethod(mark) {
    const v1 = this.v1, v2 = this.v2;
    if (v1.mark === mark) {
      this.direction = v2.mark !== mark && stronger(this.strength, v2.walkStrength) ? FORWARD : NONE;
    } else if (v2.mark === mark) {
      this.direction = v1.mark !== mark && stronger(this.strength, v1.walkStrength) ? BACKWARD : NONE;
    } else if (weaker(v1.walkStrength, v2.walkStrength)) {
      this.direction = stronger(this.strength, v1.walkStrength) ? BACKWARD : NONE;
    } else {
      this.direction = stronger(this.strength, v2.walkStrength) ? FORWARD : NONE;
    }
  }
  addToGraph() {
    this.v1.addConstraint(this);
    this.v2.addConstraint(this);
    this.direction = NONE;
  }
  isSatisfied() { return this.direction !== NONE; }
  markInputs(mark) { this.input().mark = mark; }
  input() { return this.direction === FORWARD ? this.v1 : this.v2; }
  output() { return this.direction === FORWARD ? this.v2 : this.v1; }
  recalculate() {
    const i = this.input(), o = this.output();
    o.walkStrength = weakestOf(this.strength, i.walkStrength);
    o.stay = i.stay;
    if (o.stay) this.execute();
  }
  markUnsatisfied() { this.direction = NONE; }
  inputsKnown(mark) {
    const i = this.input();
    return i.mark === mark || i.stay || i.determinedBy === null;
  }
  removeFromGraph() {
    this.v1.removeConstraint(this);
    this.v2.removeConstraint(this);
    this.direction = NONE;
  }
}

/** v1 == v2 */
class EqualityConstraint extends BinaryConstraint {
  constructor(a, b, strength) {
    super(a, b, strength);
    this.activate();
  }
  execute() { this.output().value = this.input().value; }
}

/** dest == src * scale + offset (scale and offset are read-only inputs). */
class ScaleConstraint extends BinaryConstraint {
  constructor(src, scale, offset, dest, strength) {
    super(src, dest, strength);
    this.scale = scale;
    this.offset = offset;
    this.activate();
  }
  addToGraph() {
    super.addToGraph();
    this.scale.addConstraint(this);
    this.offset.addConstraint(this);
  }
  removeFromGraph() {
    super.removeFromGraph();
    this.scale.removeConstraint(this);
    this.offset.removeConstraint(this);
  }
  markInputs(mark) {
    super.markInputs(mark);
    this.scale.mark = mark;
    this.offset.mark = mark;
  }
  execute() {
    if (this.direction === FORWARD) {
      this.v2.value = this.v1.value * this.scale.value + this.offset.value;
    } else {
      this.v1.value = (this.v2.value - this.offset.value) / this.scale.value;
    }
  }
  recalculate() {
    const i = this.input(), o = this.output();
    o.walkStrength = weakestOf(this.strength, i.walkStrength);
    o.stay = i.stay && this.scale.stay && this.offset.stay;
    if (o.stay) this.execute();
  }
}

/** An ordered list of constraints to execute. */
class Plan {
  constructor() { this.steps = []; }
  execute() {
    const s = this.steps;
    for (let i = 0; i < s.length; i++) s[i].execute();
  }
}

class Planner {
  constructor() { this.currentMark = 0; }
  newMark() { return ++this.currentMark; }

  incrementalAdd(c) {
    const mark = this.newMark();
    let overridden = c.satisfy(mark);
    while (overridden !== null) overridden = overridden.satisfy(mark);
  }

  incrementalRemove(c) {
    const o = c.output();
    c.markUnsatisfied();
    c.removeFromGraph();
    const unsatisfied = this.removePropagateFrom(o);
    for (let s = REQUIRED; s <= WEAKEST; s++) {
      for (const u of unsatisfied) if (u.strength === s) this.incrementalAdd(u);
    }
  }

  /** Recomputes walkabout strengths downstream of c; false if a cycle is found. */
  addPropagate(c, mark) {
    const todo = [c];
    while (todo.length > 0) {
      const d = todo.pop();
      if (d.output().mark === mark) {
        this.incrementalRemove(c);
        return false;
      }
      d.recalculate();
      this.addConstraintsConsumingTo(d.output(), todo);
    }
    return true;
  }

  /** Frees variable o and everything downstream; returns constraints left unsatisfied. */
  removePropagateFrom(o) {
    o.determinedBy = null;
    o.walkStrength = WEAKEST;
    o.stay = true;
    const unsatisfied = [];
    const todo = [o];
    while (todo.length > 0) {
      const v = todo.pop();
      for (const c of v.constraints) if (!c.isSatisfied()) unsatisfied.push(c);
      const determining = v.determinedBy;
      for (const next of v.constraints) {
        if (next !== determining && next.isSatisfied()) {
          next.recalculate();
          todo.push(next.output());
        }
      }
    }
    return unsatisfied;
  }

  makePlan(sources) {
    const mark = this.newMark();
    const plan = new Plan();
    const todo = sources.slice();
    let head = 0;
    while (head < todo.length) {
      const c = todo[head++];
      if (c.output().mark !== mark && c.inputsKnown(mark)) {
        plan.steps.push(c);
        c.output().mark = mark;
        this.addConstraintsConsumingTo(c.output(), todo);
      }
    }
    return plan;
  }

  extractPlanFromConstraints(constraints) {
    return this.makePlan(constraints.filter((c) => c.isInput() && c.isSatisfied()));
  }

  addConstraintsConsumingTo(v, coll) {
    const determining = v.determinedBy;
    for (const c of v.constraints) if (c !== determining && c.isSatisfied()) coll.push(c);
  }
}

/** A chain of equalities; edit the head, the tail must follow. */
function chainTest(n) {
  planner = new Planner();
  let prev = null, first = null, last = null;
  for (let i = 0; i <= n; i++) {
    const v = new Variable('v' + i, 0);
    if (prev !== null) new EqualityConstraint(prev, v, REQUIRED);
    if (i === 0) first = v;
    if (i === n) last = v;
    prev = v;
  }
  new StayConstraint(last, STRONG_DEFAULT);
  const edit = new EditConstraint(first, PREFERRED);
  const plan = planner.extractPlanFromConstraints([edit]);
  for (let i = 0; i < 100; i++) {
    first.value = i;
    plan.execute();
    if (last.value !== i) throw new Error('chain test failed');
  }
  mix(plan.steps.length);
  mix(last.value);
  edit.destroy();
}

function change(v, value) {
  const edit = new EditConstraint(v, PREFERRED);
  const plan = planner.extractPlanFromConstraints([edit]);
  for (let i = 0; i < 10; i++) {
    v.value = value;
    plan.execute();
  }
  edit.destroy();
  mix(plan.steps.length);
}

/** Many variables projected through one shared scale and offset. */
function projectionTest(n) {
  planner = new Planner();
  const scale = new Variable('scale', 10);
  const offset = new Variable('offset', 1000);
  let src = null, dst = null;
  const dests = [];
  for (let i = 0; i < n; i++) {
    src = new Variable('src' + i, i);
    dst = new Variable('dst' + i, i);
    dests.push(dst);
    new StayConstraint(src, NORMAL);
    new ScaleConstraint(src, scale, offset, dst, REQUIRED);
  }
  change(src, 17);
  if (dst.value !== 1170) throw new Error('projection 1 failed');
  change(dst, 1050);
  if (src.value !== 5) throw new Error('projection 2 failed');
  change(scale, 5);
  for (let i = 0; i < n - 1; i++) if (dests[i].value !== i * 5 + 1000) throw new Error('projection 3 failed');
  change(offset, 2000);
  for (let i = 0; i < n - 1; i++) if (dests[i].value !== i * 5 + 2000) throw new Error('projection 4 failed');
  let sum = 0;
  for (const d of dests) sum += d.value;
  mix(sum);
}

for (let round = 0; round < 200; round++) {
  chainTest(100 + round);
  projectionTest(100 + round);
}
out('deltablue ' + (checksum >>> 0));
