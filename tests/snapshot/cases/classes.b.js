acct.deposit(20);
print("B", acct.balance, acct.interest(), acct.reveal(), Object.getPrototypeOf(acct) === Savings.prototype);
var b2 = new Savings("bob", 1);
print("B", Account.count, b2.deposit(5).interest());
// expect: B 120 60 s:ann true
// expect: B 2 5
