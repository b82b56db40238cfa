class Account {
  #balance = 0;
  static count = 0;
  constructor(owner) { this.owner = owner; Account.count++; }
  deposit(n) { this.#balance += n; return this; }
  get balance() { return this.#balance; }
  #secret() { return "s:" + this.owner; }
  reveal() { return this.#secret(); }
}
class Savings extends Account {
  constructor(owner, rate) { super(owner); this.rate = rate; }
  interest() { return this.balance * this.rate; }
}
var acct = new Savings("ann", 0.5).deposit(100);
print("A", acct.balance, Account.count, acct instanceof Account);
// expect: A 100 1 true
