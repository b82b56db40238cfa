// Heap builder: about MB megabytes (default 100) of data, half in distinct strings of 4,096
// Latin-1 characters, half in 1 MiB ArrayBuffers filled with a byte pattern.
var MB = typeof MB === "number" ? MB : 100;
var strs = [], bufs = [];
var unit = "abcdefghijklmnopqrstuvwxyz0123456789".repeat(114).slice(0, 4090);
for (var i = 0; i < MB * 128; i++) strs.push((unit + (100000 + i)).toLowerCase());   // flat, distinct
for (var j = 0; j < MB / 2; j++) {
    var b = new ArrayBuffer(1 << 20), u = new Uint8Array(b);
    for (var k = 0; k < u.length; k += 4096) u[k] = (j + k) & 255;
    bufs.push(b);
}
