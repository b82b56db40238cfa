# mk/worker.mk — cryo-worker, the xsnap-worker-compatible vat worker (docs/worker-protocol.md).
# Included from the top-level Makefile after its rules (it uses BUILD, CC, CFLAGS_BASE, OPT,
# CFLAGS, LDSAN, LDLIBS and the $(BUILD)/obj/%.o pattern rule):
#     include mk/worker.mk
# Targets: $(BUILD)/cryo-worker, worker, test-worker (transcript tests), test-xsnap-client
# (drives the worker through the @agoric/xsnap npm package; needs node and npm).
WORKER_SRCS := worker/worker.c worker/netstring.c worker/host.c
WORKER_OBJS := $(WORKER_SRCS:%.c=$(BUILD)/obj/%.o)

$(BUILD)/cryo-worker: $(WORKER_OBJS) $(BUILD)/libcryo.a
	$(CC) $(OPT) $(LDSAN) -pthread -o $@ $^ $(LDLIBS)

worker: $(BUILD)/cryo-worker

test-worker: $(BUILD)/cryo-worker
	python3 tests/worker/run.py --worker $(BUILD)/cryo-worker

test-xsnap-client: $(BUILD)/cryo-worker
	cd tests/worker/xsnap_client && npm ci --ignore-scripts --no-audit --no-fund
	CRYO_WORKER=$(abspath $(BUILD)/cryo-worker) node tests/worker/xsnap_client/test.mjs
	CRYO_WORKER=$(abspath $(BUILD)/cryo-worker) node tests/worker/xsnap_client/liveslots.mjs

.PHONY: worker test-worker test-xsnap-client
-include $(WORKER_OBJS:.o=.d)
