// Array.prototype.splice on an empty dense array (no elements storage yet): the fast path
// moved zero elements from a null pointer (UBSan: null passed to memmove).
var a = [];
print(a.splice(0).length, a.length); // expect: 0 0
var b = [];
print(b.splice(0, 0, 1, 2).length, b.join()); // expect: 0 1,2
