// richards.js — an operating-system task scheduler simulation, in the spirit of
// Martin Richards' classic benchmark (written from scratch for cryo).
//
// A scheduler owns a priority-ordered list of task control blocks.  Tasks exchange
// message packets: an idle task pokes the devices, a worker task fills work packets
// and hands them to two handler tasks, the handlers pass characters to device tasks,
// and the devices "print" them (folded into a checksum).  Tasks move between
// runnable, waiting and held states.  Prints one checksum line.
'use strict';

const out = typeof print === 'function' ? print : (s) => console.log(s);

// Task identifiers (also indexes into the scheduler's table).
const T_IDLE = 0, T_WORKER = 1, T_HANDLER_A = 2, T_HANDLER_B = 3, T_DEV_A = 4, T_DEV_B = 5;
const NUM_TASKS = 6;

// Packet kinds.
const P_DEVICE = 0, P_WORK = 1;
const PAYLOAD = 4;

/** A message passed between tasks; packets form singly linked queues. */
class Packet {
  constructor(link, dest, kind) {
    this.link = link;      // next packet in a queue, or null
    this.dest = dest;      // task id this packet is addressed to / came from
    this.kind = kind;      // P_DEVICE or P_WORK
    this.count = 0;        // work packets: index of next payload slot
    this.data = new Array(PAYLOAD).fill(0);
  }
  /** Appends this packet at the end of queue, returns the new queue head. */
  appendTo(queue) {
    this.link = null;
    if (queue === null) return this;
    let p = queue;
    while (p.link !== null) p = p.link;
    p.link = this;
    return queue;
  }
}

/** Task control block: scheduling state shared by every kind of task. */
class Task {
  constructor(sched, id, priority, queue) {
    this.sched = sched;
    this.id = id;
    this.priority = priority;
    this.queue = queue;          // incoming packets
    this.waiting = queue !== null; // blocked until a packet arrives (starts by taking one)
    this.held = false;           // suspended by another task
    this.next = null;            // next task in priority list
  }
  isRunnable() { return !this.held && (!this.waiting || this.queue !== null); }
  /** Takes the first queued packet (the task must have one). */
  take() {
    const p = this.queue;
    this.queue = p.link;
    return p;
  }
}

class IdleTask extends Task {
  constructor(sched, id, priority, seed, budget) {
    super(sched, id, priority, null);
    this.waiting = false;
    this.seed = seed;
    this.budget = budget;
  }
  step(packet) {
    if (--this.budget === 0) return this.sched.holdSelf();
    // A 16-bit linear feedback shift register picks which device to wake.
    if ((this.seed & 1) === 0) {
      this.seed = this.seed >> 1;
      return this.sched.release(T_DEV_A);
    }
    this.seed = (this.seed >> 1) ^ 0xD008;
    return this.sched.release(T_DEV_B);
  }
}

class WorkerTask extends Task {
  constructor(sched, id, priority, queue) {
    super(sched, id, priority, queue);
    this.target = T_HANDLER_A;
    this.letter = 0;
  }
  step(packet) {
    if (packet === null) return this.sched.waitSelf();
    this.target = this.target === T_HANDLER_A ? T_HANDLER_B : T_HANDLER_A;
    packet.dest = this.target;
    packet.count = 0;
    for (let i = 0; i < PAYLOAD; i++) {
      this.letter = (this.letter + 1) % 26;
      packet.data[i] = 65 + this.letter;
    }
    return this.sched.send(packet);
  }
}

class HandlerTask extends Task {
  constructor(sched, id, priority, queue, device) {
    super(sched, id, priority, queue);
    this.device = device;
    this.work = null;      // pending work packets
    this.devices = null;   // idle device packets
  }
  step(packet) {
    if (packet !== null) {
      if (packet.kind === P_WORK) this.work = packet.appendTo(this.work);
      else this.devices = packet.appendTo(this.devices);
    }
    if (this.work !== null) {
      const w = this.work;
      if (w.count >= PAYLOAD) {
        this.work = w.link;
        return this.sched.send(w);   // finished: return it to the worker
      }
      if (this.devices !== null) {
        const d = this.devices;
        this.devices = d.link;
        d.count = w.data[w.count++];
        d.dest = this.device;
        return this.sched.send(d);
      }
    }
    return this.sched.waitSelf();
  }
}

class DeviceTask extends Task {
  constructor(sched, id, priority) {
    super(sched, id, priority, null);
    this.pending = null;
  }
  step(packet) {
    if (packet === null) {
      if (this.pending === null) return this.sched.waitSelf();
      const p = this.pending;
      this.pending = null;
      return this.sched.send(p);
    }
    this.pending = packet;
    this.sched.emit(packet.count);
    return this.sched.holdSelf();
  }
}

class Scheduler {
  constructor() {
    this.table = new Array(NUM_TASKS).fill(null);
    this.list = null;      // tasks by decreasing priority
    this.current = null;
    this.sends = 0;
    this.holds = 0;
    this.printed = 0;
    this.hash = 0;
  }
  add(task) {
    this.table[task.id] = task;
    if (this.list === null || this.list.priority < task.priority) {
      task.next = this.list;
      this.list = task;
      return;
    }
    let t = this.list;
    while (t.next !== null && t.next.priority >= task.priority) t = t.next;
    task.next = t.next;
    t.next = task;
  }
  emit(ch) {
    this.printed++;
    this.hash = (Math.imul(this.hash, 31) + ch) | 0;
  }
  /** Main loop: run the highest-priority runnable task until none is left. */
  run() {
    this.current = this.list;
    while (this.current !== null) {
      const t = this.current;
      if (t.isRunnable()) {
        let packet = null;
        if (t.waiting) {           // woken by a packet: consume it
          packet = t.take();
          t.waiting = false;
        }
        this.current = t.step(packet);
      } else {
        this.current = t.next;
      }
    }
  }
  holdSelf() {
    this.holds++;
    this.current.held = true;
    return this.current.next;
  }
  waitSelf() {
    this.current.waiting = true;
    return this.current;
  }
  release(id) {
    const t = this.table[id];
    t.held = false;
    return t.priority > this.current.priority ? t : this.current;
  }
  /** Delivers a packet to its destination; the sender's id is recorded in it. */
  send(packet) {
    const t = this.table[packet.dest];
    this.sends++;
    packet.dest = this.current.id;
    const wasEmpty = t.queue === null;
    t.queue = packet.appendTo(t.queue);
    if (wasEmpty && t.waiting && !t.held && t.priority > this.current.priority) return t;
    return this.current;
  }
}

function runOnce(budget, seed) {
  const s = new Scheduler();
  s.add(new IdleTask(s, T_IDLE, 0, seed, budget));
  let q = new Packet(null, T_WORKER, P_WORK);
  q = new Packet(q, T_WORKER, P_WORK);
  s.add(new WorkerTask(s, T_WORKER, 1000, q));
  q = new Packet(null, T_DEV_A, P_DEVICE);
  q = new Packet(q, T_DEV_A, P_DEVICE);
  q = new Packet(q, T_DEV_A, P_DEVICE);
  s.add(new HandlerTask(s, T_HANDLER_A, 2000, q, T_DEV_A));
  q = new Packet(null, T_DEV_B, P_DEVICE);
  q = new Packet(q, T_DEV_B, P_DEVICE);
  q = new Packet(q, T_DEV_B, P_DEVICE);
  s.add(new HandlerTask(s, T_HANDLER_B, 3000, q, T_DEV_B));
  s.add(new DeviceTask(s, T_DEV_A, 4000));
  s.add(new DeviceTask(s, T_DEV_B, 5000));
  s.run();
  return [s.sends, s.holds, s.printed, s.hash];
}

let check = 0;
for (let round = 0; round < 40; round++) {
  const r = runOnce(10000, 1 + round * 7919 % 65535);
  for (const v of r) check = (Math.imul(check, 1000003) ^ v) | 0;
}
out('richards ' + (check >>> 0));
