// A v-mode class with the empty string tries it after its single characters (CompileAtom:
// strings longest first, then the characters, then the empty string); it was tried before
// them, so ([\q{|a}]) captured "" where "a" was due.
print(JSON.stringify(/([\q{|a}])a/v.exec("aa")), JSON.stringify(/^([\q{|ab}a])b?$/v.exec("ab")));
// expect: ["aa","a"] ["ab","ab"]
print(JSON.stringify(/([\q{|a}])/v.exec("a")), JSON.stringify(/(?<=([\q{|a}]))b/v.exec("ab")));
// expect: ["a","a"] ["b","a"]
