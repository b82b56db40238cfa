// json.js — JSON round trips of a nested structure (written from scratch for cryo).
//
// Builds a deterministic "inventory" document (objects, arrays, strings that need
// escaping, integers, fractions, booleans, nulls), then repeatedly stringifies and
// parses it, with and without indentation, a replacer and a reviver, mutating it a
// little each round.  Prints one checksum line.
'use strict';

const out = typeof print === 'function' ? print : (s) => console.log(s);

let seed = 987654321;
function rand(n) {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) % n;
}

const NAMES = ['widget', 'gadget', 'sprocket', 'gizmo', 'doohickey', 'thingamajig', 'whatsit'];
const TAGS = ['red', 'green', 'blue', 'heavy', 'light', 'new', 'used', 'fragile', 'ünïcødé', 'line\nbreak', 'quote"d', 'tab\there'];

function makeItem(id) {
  const tags = [];
  for (let i = rand(5); i > 0; i--) tags.push(TAGS[rand(TAGS.length)]);
  const item = {
    id,
    name: NAMES[rand(NAMES.length)] + '-' + id,
    price: rand(100000) / 100,
    weight: rand(5000) / 8,
    inStock: rand(2) === 0,
    tags,
    dimensions: { w: rand(100), h: rand(100), d: rand(100) },
    supplier: rand(4) === 0 ? null : { code: 'S' + rand(1000), country: NAMES[rand(3)], rating: rand(50) / 10 },
    history: [],
  };
  for (let i = rand(6); i > 0; i--) item.history.push({ day: rand(365), delta: rand(200) - 100, note: rand(3) === 0 ? 'audit \\ check' : '' });
  return item;
}

function makeDocument(n) {
  const doc = { version: 3, title: 'Inventory \u2603 report', categories: {}, items: [], totals: null };
  for (let i = 0; i < n; i++) {
    const item = makeItem(i);
    doc.items.push(item);
    const cat = item.name.slice(0, item.name.indexOf('-'));
    (doc.categories[cat] || (doc.categories[cat] = [])).push(i);
  }
  return doc;
}

function hashString(s, h) {
  // Hash the length and every 7th code unit (hashing all of it would dominate).
  h = Math.imul(h ^ s.length, 16777619);
  for (let i = 0; i < s.length; i += 7) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h | 0;
}

function summarize(doc) {
  let count = 0, value = 0, tags = 0;
  for (const it of doc.items) {
    count++;
    value += Math.round(it.price * 100) * (it.inStock ? 1 : 0);
    tags += it.tags.length;
    for (const h of it.history) value += h.delta;
  }
  return { count, value, tags };
}

const doc = makeDocument(600);
let checksum = 0;
for (let round = 0; round < 50; round++) {
  // Plain round trip.
  const s1 = JSON.stringify(doc);
  const back = JSON.parse(s1);
  checksum = hashString(s1, checksum);
  if (JSON.stringify(back) !== s1) throw new Error('round trip mismatch');

  // Indented output.
  const s2 = JSON.stringify(back.items.slice(0, 150), null, round % 2 === 0 ? 2 : '\t');
  checksum = hashString(s2, checksum);

  // Replacer that drops history and rounds prices; reviver that rebuilds counts.
  const s3 = JSON.stringify(back, (k, v) => (k === 'history' ? undefined : k === 'price' ? Math.floor(v) : v));
  let revived = 0;
  const r = JSON.parse(s3, (k, v) => {
    if (k === 'tags') revived += v.length;
    return k === 'weight' ? undefined : v;
  });
  checksum = hashString(s3, checksum);
  checksum = (Math.imul(checksum, 31) + revived + r.items.length) | 0;

  // Array replacer (a whitelist of keys).
  const s4 = JSON.stringify(back.items, ['id', 'name', 'dimensions', 'w', 'h']);
  checksum = hashString(s4, checksum);

  const sum = summarize(back);
  checksum = (Math.imul(checksum, 31) + sum.count + sum.value + sum.tags) | 0;

  // Mutate the source document a little for the next round.
  const victim = doc.items[rand(doc.items.length)];
  victim.price = rand(100000) / 100;
  victim.tags.push(TAGS[rand(TAGS.length)]);
  doc.totals = sum;
}
out('json ' + (checksum >>> 0));
