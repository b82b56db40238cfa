// Heap builder: N closures (default 1,000,000), each capturing its own environment.
var N = typeof N === "number" ? N : 1000000;
function make(i) { var v = i * 2; return function () { return v + i; }; }
var fns = [];
for (var i = 0; i < N; i++) fns.push(make(i));
