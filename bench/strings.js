// strings.js — string-processing workload (written from scratch for cryo).
//
// Generates a pseudo-random text from syllables, then repeatedly: builds it with
// += and template literals, splits it into lines and words, counts words in a Map,
// searches with indexOf, rewrites it with replaceAll (string patterns only), cuts
// it with slice/substring, changes case, and hashes characters with charCodeAt.
// No regular expressions.  Prints one checksum line.
'use strict';

const out = typeof print === 'function' ? print : (s) => console.log(s);

let seed = 12345;
function rand(n) {
  seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
  return seed % n;
}

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'tor', 'vax', 'qu', 'ris', 'el', 'an', 'zu', 'po', 'shi', 'dre', 'ya'];

function makeWord() {
  let w = '';
  const n = 1 + rand(3);
  for (let i = 0; i < n; i++) w += SYLLABLES[rand(SYLLABLES.length)];
  return w;
}

/** FNV-1a over UTF-16 code units. */
function hashString(s, h) {
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  }
  return h | 0;
}

function makeDocument(lines, vocabulary) {
  let doc = '';
  for (let l = 0; l < lines; l++) {
    const words = [];
    const n = 4 + rand(10);
    for (let i = 0; i < n; i++) words.push(vocabulary[rand(vocabulary.length)]);
    const num = rand(1000);
    doc += `${l}: ${words.join(' ')} (${num}/${String(num).padStart(4, '0')})\n`;
  }
  return doc;
}

function capitalize(w) {
  return w.length === 0 ? w : w[0].toUpperCase() + w.slice(1);
}

function processDocument(doc) {
  let h = 0x811c9dc5 | 0;
  const lines = doc.split('\n');
  const counts = new Map();
  let longest = '';
  for (const line of lines) {
    const colon = line.indexOf(': ');
    if (colon < 0) continue;
    const open = line.lastIndexOf(' (');
    const body = line.slice(colon + 2, open);
    for (const w of body.split(' ')) {
      counts.set(w, (counts.get(w) || 0) + 1);
      if (w.length > longest.length || (w.length === longest.length && w < longest)) longest = w;
    }
  }
  // Most frequent words, ties broken alphabetically.
  const top = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, 8);
  for (const [w, c] of top) h = hashString(`${w}=${c};`, h);
  h = hashString(longest, h);

  // Rewrite: rename the top words, then undo it and check we got the same text back.
  let rewritten = doc;
  for (const [w] of top) rewritten = rewritten.replaceAll(' ' + w + ' ', ' <' + w.toUpperCase() + '> ');
  h = hashString(rewritten.slice(0, 2000), h);
  h = (h + rewritten.length) | 0;

  // Count occurrences of a few substrings with indexOf.
  for (const needle of ['kalo', 'shi', 'dreya', '00', 'x ']) {
    let n = 0, pos = doc.indexOf(needle);
    while (pos >= 0) {
      n++;
      pos = doc.indexOf(needle, pos + 1);
    }
    h = (Math.imul(h, 31) + n) | 0;
  }

  // Title-case every line, join back, hash.
  const titled = lines.map((line) => line.split(' ').map(capitalize).join(' ')).join('\n');
  h = hashString(titled.substring(titled.length - 3000), h);
  h = (h ^ titled.length) | 0;

  // Character classes by code unit.
  let digits = 0, vowels = 0, upper = 0;
  for (let i = 0; i < titled.length; i++) {
    const c = titled.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c >= 65 && c <= 90) upper++;
    else if (c === 97 || c === 101 || c === 105 || c === 111 || c === 117) vowels++;
  }
  h = (Math.imul(h, 31) + digits * 7 + vowels * 3 + upper) | 0;

  // Reverse words of each line with array ops and string concatenation.
  let rev = '';
  for (let i = 0; i < lines.length; i += 7) rev += lines[i].split(' ').reverse().join('_') + '|';
  h = hashString(rev, h);
  // Single-character building and fromCharCode.
  let codes = '';
  for (let i = 0; i < 2000; i++) codes += String.fromCharCode(97 + (i * 7) % 26);
  h = hashString(codes.repeat(3).toUpperCase().toLowerCase().trim(), h);
  return h;
}

const vocabulary = [];
for (let i = 0; i < 400; i++) vocabulary.push(makeWord());

let checksum = 0;
for (let round = 0; round < 80; round++) {
  const doc = makeDocument(800, vocabulary);
  checksum = (Math.imul(checksum, 1000003) ^ processDocument(doc)) | 0;
  if (!doc.includes('\n') || !doc.startsWith('0: ') || !doc.endsWith(')\n')) throw new Error('bad document');
}
out('strings ' + (checksum >>> 0));
