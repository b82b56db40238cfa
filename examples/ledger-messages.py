#!/usr/bin/env python3
"""ledger-messages.py — N deterministic messages for examples/ledger-vat.js, one per line.

    python3 examples/ledger-messages.py N [SEED] > messages.txt

Every 20th message opens an account with a key; every 1000th is an audit, every 97th a
balance query; the rest are transfers between random accounts, authenticated with the
sender's next nonce and its MAC (hex SHA-256 of key|from|to|amount|memo|nonce, as the vat
checks). The same N and SEED always give the same bytes."""
import hashlib, sys


def main():
    n = int(sys.argv[1])
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 12345
    x = seed & 0x7FFFFFFF

    def rnd():
        nonlocal x
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        return x

    keys, nonces, out = [], [], []
    for i in range(1, n + 1):
        if len(keys) < 2 or i % 20 == 1:
            k = "k%08x" % rnd()
            keys.append(k)
            nonces.append(0)
            out.append('{"op":"open","id":"acct-%d","amount":%d,"key":"%s"}' % (len(keys), 1000 + rnd() % 1000, k))
        elif i % 1000 == 0:
            out.append('{"op":"audit"}')
        elif i % 97 == 0:
            out.append('{"op":"balance","id":"acct-%d"}' % (1 + rnd() % len(keys)))
        else:
            a, b = rnd() % len(keys), rnd() % len(keys)
            if a == b:
                b = (b + 1) % len(keys)
            amount, memo = 1 + rnd() % 50, "m%d" % (rnd() % 100)
            nonces[a] += 1
            frm, to = "acct-%d" % (a + 1), "acct-%d" % (b + 1)
            mac = hashlib.sha256(("%s|%s|%s|%d|%s|%d" % (keys[a], frm, to, amount, memo, nonces[a])).encode()).hexdigest()
            out.append('{"op":"transfer","from":"%s","to":"%s","amount":%d,"memo":"%s","nonce":%d,"mac":"%s"}'
                       % (frm, to, amount, memo, nonces[a], mac))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
