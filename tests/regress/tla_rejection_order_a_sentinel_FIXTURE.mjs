import { aStarted } from "./tla_rejection_order_setup_FIXTURE.mjs";
aStarted.resolve();
