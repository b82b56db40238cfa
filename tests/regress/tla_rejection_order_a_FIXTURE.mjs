import "./tla_rejection_order_a_sentinel_FIXTURE.mjs";
import "./tla_rejection_order_b_FIXTURE.mjs";
