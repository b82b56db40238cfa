# mk/store.mk — the vat store (store/*.c, docs/vat-store.md) and `cryo vat` (tools/cryo_vat.c).
# Included from the top-level Makefile after its rules and after mk/worker.mk: it adds the
# store's objects and -lsqlite3 to the cryo link (the link recipe uses $^), and the
# test-store target (tests/store/run.py; needs build/cryo-worker too).
STORE_SRCS := store/vat_store.c store/vat_json.c store/vat_syscall.c store/vat_worker.c store/vat.c tools/cryo_vat.c worker/netstring.c
STORE_OBJS := $(STORE_SRCS:%.c=$(BUILD)/obj/%.o)

$(BUILD)/cryo: $(STORE_OBJS)
$(BUILD)/cryo: LDLIBS += -lsqlite3

test-store: $(BUILD)/cryo $(BUILD)/cryo-worker
	python3 tests/store/run.py --cryo $(BUILD)/cryo

.PHONY: test-store
-include $(STORE_OBJS:.o=.d)

# `cryo vat` runs build/cryo-worker from the same directory: build both by default
all: $(BUILD)/cryo-worker
