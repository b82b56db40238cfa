// navier_stokes.js — a 2D incompressible fluid solver after Jos Stam's "Real-Time
// Fluid Dynamics for Games" (GDC 2003) stable-fluids method, written from scratch for
// cryo.  Fields live in plain arrays of doubles (no typed arrays).  Each frame adds
// pseudo-random density and force, then diffuses, advects and projects the velocity
// field and carries the density along.  Prints one checksum line.
'use strict';

const out = typeof print === 'function' ? print : (s) => console.log(s);

/** xorshift32 pseudo-random generator returning doubles in [0, 1). */
function makeRandom(seed) {
  let s = seed | 0 || 1;
  return function () {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

class FluidField {
  constructor(n) {
    this.n = n;
    this.w = n + 2;
    const size = this.w * this.w;
    const zeros = () => new Array(size).fill(0);
    this.u = zeros(); this.v = zeros(); this.u0 = zeros(); this.v0 = zeros();
    this.d = zeros(); this.d0 = zeros();
    this.dt = 0.1;
    this.diff = 0.0001;
    this.visc = 0.0001;
    this.iterations = 12;
  }

  addSource(x, s) {
    const dt = this.dt;
    for (let i = 0; i < x.length; i++) x[i] += dt * s[i];
  }

  /** Boundary conditions: b=1/2 reflect the horizontal/vertical component. */
  setBoundary(b, x) {
    const n = this.n, w = this.w;
    for (let i = 1; i <= n; i++) {
      x[i * w] = b === 1 ? -x[i * w + 1] : x[i * w + 1];
      x[i * w + n + 1] = b === 1 ? -x[i * w + n] : x[i * w + n];
      x[i] = b === 2 ? -x[w + i] : x[w + i];
      x[(n + 1) * w + i] = b === 2 ? -x[n * w + i] : x[n * w + i];
    }
    x[0] = 0.5 * (x[1] + x[w]);
    x[n + 1] = 0.5 * (x[n] + x[w + n + 1]);
    x[(n + 1) * w] = 0.5 * (x[n * w] + x[(n + 1) * w + 1]);
    x[(n + 1) * w + n + 1] = 0.5 * (x[n * w + n + 1] + x[(n + 1) * w + n]);
  }

  /** Gauss-Seidel relaxation of x = (x0 + a * neighbours) / c. */
  linearSolve(b, x, x0, a, c) {
    const n = this.n, w = this.w;
    const inv = 1 / c;
    for (let k = 0; k < this.iterations; k++) {
      for (let j = 1; j <= n; j++) {
        let idx = j * w + 1;
        for (let i = 1; i <= n; i++, idx++) {
          x[idx] = (x0[idx] + a * (x[idx - 1] + x[idx + 1] + x[idx - w] + x[idx + w])) * inv;
        }
      }
      this.setBoundary(b, x);
    }
  }

  diffuse(b, x, x0, rate) {
    const a = this.dt * rate * this.n * this.n;
    this.linearSolve(b, x, x0, a, 1 + 4 * a);
  }

  /** Semi-Lagrangian advection: trace each cell back along the velocity. */
  advect(b, d, d0, u, v) {
    const n = this.n, w = this.w;
    const dt0 = this.dt * n;
    for (let j = 1; j <= n; j++) {
      for (let i = 1; i <= n; i++) {
        const idx = j * w + i;
        let x = i - dt0 * u[idx];
        let y = j - dt0 * v[idx];
        if (x < 0.5) x = 0.5;
        if (x > n + 0.5) x = n + 0.5;
        if (y < 0.5) y = 0.5;
        if (y > n + 0.5) y = n + 0.5;
        const i0 = Math.floor(x), j0 = Math.floor(y);
        const s1 = x - i0, s0 = 1 - s1, t1 = y - j0, t0 = 1 - t1;
        const a = j0 * w + i0;
        d[idx] = s0 * (t0 * d0[a] + t1 * d0[a + w]) + s1 * (t0 * d0[a + 1] + t1 * d0[a + w + 1]);
      }
    }
    this.setBoundary(b, d);
  }

  /** Makes the velocity field mass conserving (Hodge projection). */
  project(u, v, p, div) {
    const n = this.n, w = this.w;
    const h = -0.5 / n;
    for (let j = 1; j <= n; j++) {
      for (let i = 1; i <= n; i++) {
        const idx = j * w + i;
        div[idx] = h * (u[idx + 1] - u[idx - 1] + v[idx + w] - v[idx - w]);
        p[idx] = 0;
      }
    }
    this.setBoundary(0, div);
    this.setBoundary(0, p);
    this.linearSolve(0, p, div, 1, 4);
    const k = 0.5 * n;
    for (let j = 1; j <= n; j++) {
      for (let i = 1; i <= n; i++) {
        const idx = j * w + i;
        u[idx] -= k * (p[idx + 1] - p[idx - 1]);
        v[idx] -= k * (p[idx + w] - p[idx - w]);
      }
    }
    this.setBoundary(1, u);
    this.setBoundary(2, v);
  }

  velocityStep() {
    this.addSource(this.u, this.u0);
    this.addSource(this.v, this.v0);
    let t = this.u0; this.u0 = this.u; this.u = t;
    this.diffuse(1, this.u, this.u0, this.visc);
    t = this.v0; this.v0 = this.v; this.v = t;
    this.diffuse(2, this.v, this.v0, this.visc);
    this.project(this.u, this.v, this.u0, this.v0);
    t = this.u0; this.u0 = this.u; this.u = t;
    t = this.v0; this.v0 = this.v; this.v = t;
    this.advect(1, this.u, this.u0, this.u0, this.v0);
    this.advect(2, this.v, this.u0, this.u0, this.v0);
    this.project(this.u, this.v, this.u0, this.v0);
  }

  densityStep() {
    this.addSource(this.d, this.d0);
    let t = this.d0; this.d0 = this.d; this.d = t;
    this.diffuse(0, this.d, this.d0, this.diff);
    t = this.d0; this.d0 = this.d; this.d = t;
    this.advect(0, this.d, this.d0, this.u, this.v);
  }

  /** One frame: inject sources, then advance velocity and density. */
  step(rnd) {
    const w = this.w, n = this.n;
    this.u0.fill(0); this.v0.fill(0); this.d0.fill(0);
    for (let k = 0; k < 6; k++) {
      const i = 1 + Math.floor(rnd() * n), j = 1 + Math.floor(rnd() * n);
      const idx = j * w + i;
      this.d0[idx] = 50 + 50 * rnd();
      this.u0[idx] = (rnd() - 0.5) * 40;
      this.v0[idx] = (rnd() - 0.5) * 40;
    }
    this.velocityStep();
    this.densityStep();
  }
}

const field = new FluidField(96);
const rnd = makeRandom(20240601);
let checksum = 0;
for (let frame = 0; frame < 20; frame++) {
  field.step(rnd);
  if (frame % 5 === 4) {
    for (let i = 0; i < field.d.length; i++) {
      checksum = (Math.imul(checksum, 31) + Math.floor(field.d[i] * 1e6 + field.u[i] * 1e3)) | 0;
    }
  }
}
out('navier_stokes ' + (checksum >>> 0));
