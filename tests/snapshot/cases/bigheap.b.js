var s = 0;
for (var i = 0; i < rows.length; i += 1000) s += rows[i].pair[1] + rows[i].name.length;
print("B", s, rows[449999].pair[0]);
// expect: B -101021063 449999
