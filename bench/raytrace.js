// raytrace.js — a small recursive ray tracer (written from scratch for cryo).
//
// Renders a scene of spheres over a checkered plane with two point lights, hard
// shadows, Phong-style highlights and mirror reflections into an in-memory RGB
// buffer (a plain array), then folds the pixels into a checksum.  Uses only
// + - * / and Math.sqrt/floor so every engine must produce identical bits.
'use strict';

const out = typeof print === 'function' ? print : (s) => console.log(s);

class Vec {
  constructor(x, y, z) { this.x = x; this.y = y; this.z = z; }
  add(v) { return new Vec(this.x + v.x, this.y + v.y, this.z + v.z); }
  sub(v) { return new Vec(this.x - v.x, this.y - v.y, this.z - v.z); }
  scale(k) { return new Vec(this.x * k, this.y * k, this.z * k); }
  mul(v) { return new Vec(this.x * v.x, this.y * v.y, this.z * v.z); }
  dot(v) { return this.x * v.x + this.y * v.y + this.z * v.z; }
  cross(v) {
    return new Vec(this.y * v.z - this.z * v.y, this.z * v.x - this.x * v.z, this.x * v.y - this.y * v.x);
  }
  length() { return Math.sqrt(this.dot(this)); }
  norm() {
    const l = this.length();
    return l === 0 ? this : this.scale(1 / l);
  }
}

const BLACK = new Vec(0, 0, 0);

class Ray {
  constructor(origin, dir) { this.origin = origin; this.dir = dir; }
  at(t) { return this.origin.add(this.dir.scale(t)); }
}

/** Surface properties: base colour (possibly position dependent), shine, mirror. */
class Material {
  constructor(color, specular, reflect) {
    this.color = color;
    this.specular = specular;
    this.reflect = reflect;
  }
  colorAt(p) { return this.color; }
}

class Checker extends Material {
  constructor(a, b, reflect) {
    super(a, 0.2, reflect);
    this.other = b;
  }
  colorAt(p) {
    const k = (Math.floor(p.x) + Math.floor(p.z)) & 1;
    return k === 0 ? this.color : this.other;
  }
}

class Sphere {
  constructor(center, radius, material) {
    this.center = center;
    this.r2 = radius * radius;
    this.material = material;
  }
  /** Distance along ray to the nearest hit in front of the origin, or Infinity. */
  intersect(ray) {
    const oc = ray.origin.sub(this.center);
    const b = oc.dot(ray.dir);
    const c = oc.dot(oc) - this.r2;
    const disc = b * b - c;
    if (disc < 0) return Infinity;
    const s = Math.sqrt(disc);
    let t = -b - s;
    if (t > 1e-6) return t;
    t = -b + s;
    return t > 1e-6 ? t : Infinity;
  }
  normalAt(p) { return p.sub(this.center).norm(); }
}

class Plane {
  constructor(normal, offset, material) {
    this.normal = normal.norm();
    this.offset = offset;
    this.material = material;
  }
  intersect(ray) {
    const d = this.normal.dot(ray.dir);
    if (d > -1e-9 && d < 1e-9) return Infinity;
    const t = -(this.normal.dot(ray.origin) + this.offset) / d;
    return t > 1e-6 ? t : Infinity;
  }
  normalAt(p) { return this.normal; }
}

class Light {
  constructor(pos, color) { this.pos = pos; this.color = color; }
}

class Scene {
  constructor() {
    this.things = [];
    this.lights = [];
    this.ambient = new Vec(0.08, 0.08, 0.1);
  }
  nearest(ray) {
    let best = Infinity, hit = null;
    for (const t of this.things) {
      const d = t.intersect(ray);
      if (d < best) { best = d; hit = t; }
    }
    return hit === null ? null : { thing: hit, dist: best };
  }
  shadowed(p, toLight, dist) {
    const ray = new Ray(p, toLight);
    for (const t of this.things) if (t.intersect(ray) < dist) return true;
    return false;
  }
  trace(ray, depth) {
    const h = this.nearest(ray);
    if (h === null) {
      // sky: a vertical gradient
      const k = 0.5 * (ray.dir.y + 1);
      return new Vec(0.2 + 0.3 * k, 0.3 + 0.4 * k, 0.5 + 0.5 * k);
    }
    const p = ray.at(h.dist);
    const n = h.thing.normalAt(p);
    const m = h.thing.material;
    const base = m.colorAt(p);
    let color = base.mul(this.ambient);
    const view = ray.dir.scale(-1);
    for (const light of this.lights) {
      const toL = light.pos.sub(p);
      const dist = toL.length();
      const l = toL.scale(1 / dist);
      const diff = n.dot(l);
      if (diff <= 0 || this.shadowed(p, l, dist)) continue;
      color = color.add(base.mul(light.color).scale(diff));
      // highlight: (reflected light . view)^16 by repeated squaring
      const r = n.scale(2 * diff).sub(l);
      let s = r.dot(view);
      if (s > 0) {
        s *= s; s *= s; s *= s; s *= s;
        color = color.add(light.color.scale(s * m.specular));
      }
    }
    if (depth < 3 && m.reflect > 0) {
      const rd = ray.dir.sub(n.scale(2 * n.dot(ray.dir)));
      const rc = this.trace(new Ray(p, rd), depth + 1);
      color = color.scale(1 - m.reflect).add(rc.scale(m.reflect));
    }
    return color;
  }
}

class Camera {
  constructor(pos, lookAt) {
    this.pos = pos;
    this.forward = lookAt.sub(pos).norm();
    this.right = this.forward.cross(new Vec(0, -1, 0)).norm().scale(1.5);
    this.up = this.forward.cross(this.right).norm().scale(1.5);
  }
  rayFor(x, y, w, h) {
    const sx = (x - w / 2) / (2 * w);
    const sy = -(y - h / 2) / (2 * h);
    return new Ray(this.pos, this.forward.add(this.right.scale(sx)).add(this.up.scale(sy)).norm());
  }
}

function buildScene() {
  const s = new Scene();
  s.things.push(new Plane(new Vec(0, 1, 0), 0, new Checker(new Vec(1, 1, 1), new Vec(0.1, 0.1, 0.1), 0.3)));
  s.things.push(new Sphere(new Vec(0, 1, -0.25), 1, new Material(new Vec(0.6, 0.6, 0.6), 0.8, 0.5)));
  s.things.push(new Sphere(new Vec(-1, 0.5, 1.5), 0.5, new Material(new Vec(0.9, 0.2, 0.2), 0.5, 0.2)));
  s.things.push(new Sphere(new Vec(1.6, 0.4, 1.2), 0.4, new Material(new Vec(0.2, 0.8, 0.3), 0.6, 0.1)));
  s.things.push(new Sphere(new Vec(-2.2, 0.8, -1.5), 0.8, new Material(new Vec(0.3, 0.3, 0.9), 0.9, 0.6)));
  s.lights.push(new Light(new Vec(-2, 2.5, 0), new Vec(0.49, 0.07, 0.07)));
  s.lights.push(new Light(new Vec(1.5, 2.5, 1.5), new Vec(0.07, 0.07, 0.49)));
  s.lights.push(new Light(new Vec(1.5, 2.5, -1.5), new Vec(0.07, 0.49, 0.071)));
  s.lights.push(new Light(new Vec(0, 3.5, 0), new Vec(0.21, 0.21, 0.35)));
  return s;
}

function toByte(c) {
  const v = Math.floor(c * 255);
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

function render(w, h) {
  const scene = buildScene();
  const cam = new Camera(new Vec(3, 2, 4), new Vec(-1, 0.5, 0));
  const pixels = new Array(w * h * 3).fill(0);
  let k = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const c = scene.trace(cam.rayFor(x, y, w, h), 0);
      pixels[k++] = toByte(c.x);
      pixels[k++] = toByte(c.y);
      pixels[k++] = toByte(c.z);
    }
  }
  return pixels;
}

let checksum = 0;
for (let frame = 0; frame < 2; frame++) {
  const px = render(160, 120);
  for (let i = 0; i < px.length; i++) checksum = (Math.imul(checksum, 31) + px[i]) | 0;
}
out('raytrace ' + (checksum >>> 0));
