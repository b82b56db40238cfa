// try / catch / finally, completion, rethrow, nested
function t1() { try { throw new Error("boom"); } catch (e) { return "caught " + e.message; } }
print(t1()); // expect: caught boom
function t2() { try { return "try"; } finally { print("finally runs"); } }
print(t2()); // expect: finally runs
// expect: try
function t3() { try { return 1; } finally { return 2; } }
print(t3()); // expect: 2
function t4() { for (var i = 0; i < 3; i++) { try { if (i == 1) break; } finally { print("f" + i); } } return i; }
print(t4()); // expect: f0
// expect: f1
// expect: 1
function t5() { var log = []; try { try { throw 1; } finally { log.push("inner"); } } catch (e) { log.push("outer " + e); } return log.join(); }
print(t5()); // expect: inner,outer 1
try { null.x; } catch (e) { print(e instanceof TypeError, e.message); } // expect: true Cannot read properties of null (reading 'x')
try { undefinedThing; } catch (e) { print(e.name, e.message); } // expect: ReferenceError undefinedThing is not defined
try { let q = q + 1; } catch (e) { print(e.name, e.message); } // expect: ReferenceError Cannot access 'q' before initialization
try { const k = 1; k = 2; } catch (e) { print(e.name, e.message); } // expect: TypeError Assignment to constant variable.
try { (void 0)(); } catch (e) { print(e.name); } // expect: TypeError
var o = {}; try { o.method(); } catch (e) { print(e.message); } // expect: o.method is not a function
try { throw { custom: 1 }; } catch ({ custom }) { print("destructured", custom); } // expect: destructured 1
try { throw 5; } catch { print("no binding"); } // expect: no binding
function t6() { try { throw new Error("x"); } catch (e) { try { throw new Error("y"); } catch (e2) { return e.message + e2.message; } } }
print(t6()); // expect: xy
function t7() { var r = []; for (var x of [1, 2, 3]) { try { if (x == 2) continue; r.push(x); } finally { r.push("f"); } } return r.join(); }
print(t7()); // expect: 1,f,f,3,f
function t8() { try { try { throw 1; } finally { print("inner finally"); } } finally { print("outer finally"); } }
try { t8(); } catch (e) { print("caught", e); } // expect: inner finally
// expect: outer finally
// expect: caught 1
function t9() { label: try { break label; } finally { print("f9"); } return "after"; }
print(t9()); // expect: f9
// expect: after
var e1 = new Error("msg"); print(e1.name, e1.message, String(e1)); // expect: Error msg Error: msg
print(eval("1; try { 2; } finally { 3; }")); // expect: 2
print(eval("1; try { throw 0 } catch(e) { 4; } finally { 3; }")); // expect: 4
function t10() { try { return "a"; } finally { try { throw 1; } catch (e) {} } }
print(t10()); // expect: a
