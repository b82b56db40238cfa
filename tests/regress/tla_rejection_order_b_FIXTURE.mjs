import { bStarted, p1 } from "./tla_rejection_order_setup_FIXTURE.mjs";
bStarted.resolve();
await p1.promise;
