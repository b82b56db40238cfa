// splay.js — splay-tree churn with many live nodes (written from scratch for cryo).
//
// Keeps a self-adjusting binary search tree (Sleator & Tarjan's top-down splay) of
// several thousand nodes, each carrying a small freshly allocated payload object
// tree, and repeatedly inserts new random keys, looks keys up and removes old
// ones.  Most of the work is allocation and pointer chasing over a large live heap,
// so the garbage collector is exercised hard.  Prints one checksum line.
'use strict';

const out = typeof print === 'function' ? print : (s) => console.log(s);

let seed = 49734321;
/** 31-bit Park–Miller style generator using Math.imul-free exact arithmetic. */
function nextRandom() {
  seed = (seed * 16807) % 2147483647;
  return seed;
}

class Node {
  constructor(key, value) {
    this.key = key;
    this.value = value;
    this.left = null;
    this.right = null;
  }
}

class SplayTree {
  constructor() {
    this.root = null;
    this.size = 0;
  }
  isEmpty() { return this.root === null; }

  /** Top-down splay: brings the node with key (or its last neighbour) to the root. */
  splay(key) {
    if (this.root === null) return;
    const header = new Node(0, null);
    let l = header, r = header, t = this.root;
    for (;;) {
      if (key < t.key) {
        if (t.left === null) break;
        if (key < t.left.key) {            // rotate right
          const y = t.left;
          t.left = y.right;
          y.right = t;
          t = y;
          if (t.left === null) break;
        }
        r.left = t;                        // link right
        r = t;
        t = t.left;
      } else if (key > t.key) {
        if (t.right === null) break;
        if (key > t.right.key) {           // rotate left
          const y = t.right;
          t.right = y.left;
          y.left = t;
          t = y;
          if (t.right === null) break;
        }
        l.right = t;                       // link left
        l = t;
        t = t.right;
      } else {
        break;
      }
    }
    l.right = t.left;                      // assemble
    r.left = t.right;
    t.left = header.right;
    t.right = header.left;
    this.root = t;
  }

  insert(key, value) {
    if (this.root === null) {
      this.root = new Node(key, value);
      this.size++;
      return true;
    }
    this.splay(key);
    if (this.root.key === key) return false;
    const node = new Node(key, value);
    if (key > this.root.key) {
      node.left = this.root;
      node.right = this.root.right;
      this.root.right = null;
    } else {
      node.right = this.root;
      node.left = this.root.left;
      this.root.left = null;
    }
    this.root = node;
    this.size++;
    return true;
  }

  remove(key) {
    if (this.root === null) return null;
    this.splay(key);
    if (this.root.key !== key) return null;
    const removed = this.root;
    if (this.root.left === null) {
      this.root = this.root.right;
    } else {
      const right = this.root.right;
      this.root = this.root.left;
      this.splay(key);                     // the max of the left subtree comes up
      this.root.right = right;
    }
    this.size--;
    return removed;
  }

  find(key) {
    if (this.root === null) return null;
    this.splay(key);
    return this.root.key === key ? this.root : null;
  }

  /** Greatest node with key < the given key, or null. */
  findGreatestLessThan(key) {
    if (this.root === null) return null;
    this.splay(key);
    if (this.root.key < key) return this.root;
    if (this.root.left !== null) {
      let n = this.root.left;
      while (n.right !== null) n = n.right;
      return n;
    }
    return null;
  }

  /** In-order traversal without recursion. */
  forEach(f) {
    const stack = [];
    let n = this.root;
    while (n !== null || stack.length > 0) {
      while (n !== null) { stack.push(n); n = n.left; }
      n = stack.pop();
      f(n);
      n = n.right;
    }
  }
}

/** A payload: a small tree of objects and arrays hanging off every node. */
function makePayload(depth, tag) {
  if (depth === 0) {
    return { array: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], text: 'leaf' + (tag % 100) };
  }
  return { left: makePayload(depth - 1, tag + 1), right: makePayload(depth - 1, tag + 2), tag };
}

const TREE_SIZE = 8000;
const MODIFICATIONS = 80;
const PAYLOAD_DEPTH = 4;
const ROUNDS = 700;

const tree = new SplayTree();
let checksum = 0;

function insertNewKey() {
  let key;
  do {
    key = nextRandom();
  } while (tree.find(key) !== null);
  tree.insert(key, makePayload(PAYLOAD_DEPTH, key & 1023));
  return key;
}

for (let i = 0; i < TREE_SIZE; i++) insertNewKey();

for (let round = 0; round < ROUNDS; round++) {
  for (let i = 0; i < MODIFICATIONS; i++) {
    const key = insertNewKey();
    const lower = tree.findGreatestLessThan(key);
    const victim = lower === null ? tree.find(key) : lower;
    const removed = tree.remove(victim.key);
    if (removed === null) throw new Error('remove failed');
    checksum = (checksum + removed.value.tag + (removed.key & 0xffff)) | 0;
  }
}

let prev = -1, count = 0;
tree.forEach((n) => {
  if (n.key <= prev) throw new Error('tree out of order');
  prev = n.key;
  count++;
  checksum = (Math.imul(checksum, 31) + (n.key & 0xfffff) + n.value.left.right.tag) | 0;
});
if (count !== tree.size || count !== TREE_SIZE) throw new Error('bad size');
out('splay ' + (checksum >>> 0));
