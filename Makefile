# cryo — build rules. `make` builds build/cryo and build/libcryo.a; `make test` runs every
# test; `make SAN=1 ...` builds into build-san/ with AddressSanitizer + UBSan.
CC ?= cc
ifeq ($(SAN),1)
BUILD ?= build-san
OPT ?= -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDSAN = -fsanitize=address,undefined
else
BUILD ?= build
OPT ?= -O2 -g
LDSAN =
endif

CFLAGS_BASE = -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE -ffp-contract=off -fno-strict-aliasing \
              -Isrc -Iinclude -MMD -MP
LDLIBS = -lzstd -lcrypto -lm

SRCS := $(sort $(wildcard src/*.c src/builtins/*.c))
OBJS := $(SRCS:%.c=$(BUILD)/obj/%.o)

all: $(BUILD)/cryo

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) $(OPT) $(CFLAGS) -c $< -o $@

$(BUILD)/libcryo.a: $(OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/cryo: $(BUILD)/obj/tools/cryo.o $(BUILD)/obj/tools/cryo_snapshot.o $(BUILD)/obj/tools/test262_host.o $(BUILD)/libcryo.a
	$(CC) $(OPT) $(LDSAN) -o $@ $^ $(LDLIBS)

UNIT_TESTS := numconv unicode jsmath api regexp
$(BUILD)/unit/test_regexp: tests/unit/test_regexp.c src/regexp_parse.c src/regexp_exec.c src/unicode.c src/unicode_tables.c src/unicode_emoji.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) $(OPT) $(LDSAN) -o $@ $^ $(LDLIBS)
$(BUILD)/unit/test_api: tests/unit/test_api.c $(BUILD)/libcryo.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) $(OPT) $(LDSAN) -o $@ $^ $(LDLIBS)
$(BUILD)/unit/test_numconv: tests/unit/test_numconv.c src/numconv.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) $(OPT) $(LDSAN) -o $@ $^ $(LDLIBS)
$(BUILD)/unit/test_unicode: tests/unit/test_unicode.c src/unicode.c src/unicode_tables.c src/unicode_emoji.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) $(OPT) $(LDSAN) -o $@ $^ $(LDLIBS)
$(BUILD)/unit/test_jsmath: tests/unit/test_jsmath.c src/jsmath.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) $(OPT) $(LDSAN) -o $@ $^ $(LDLIBS)

unit: $(UNIT_TESTS:%=$(BUILD)/unit/test_%)
	@for t in $^; do echo "== $$t"; $$t || exit 1; done

# Our JavaScript tests (tests/lang, tests/builtins, tests/regress), then unit tests.
test: $(BUILD)/cryo unit
	python3 tools/run_tests.py --cryo $(BUILD)/cryo

# libFuzzer target for the snapshot loader: `make fuzz FUZZ_SECONDS=600`
FUZZ_SECONDS ?= 60
FUZZ_SRCS := $(SRCS)
build-fuzz/fuzz_snapshot: fuzz/fuzz_snapshot.c $(SRCS)
	@mkdir -p build-fuzz fuzz/corpus
	clang -std=c11 -D_GNU_SOURCE -ffp-contract=off -fno-strict-aliasing -Isrc -Iinclude -O1 -g \
	    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -o $@ fuzz/fuzz_snapshot.c $(FUZZ_SRCS) $(LDLIBS)
fuzz: build-fuzz/fuzz_snapshot $(BUILD)/cryo
	@[ -f fuzz/corpus/seed1.snap ] || (echo 'var o={a:[1,2],m:new Map([[1,{x:"s"}]])}; function f(x){return ()=>x} var g=f(o);' > build-fuzz/seed.js && \
	    $(BUILD)/cryo build-fuzz/seed.js --snapshot-out fuzz/corpus/seed1.snap)
	@[ -f fuzz/corpus/seed_packed.snap ] || $(BUILD)/cryo fuzz/seed_packed.js --snapshot-out fuzz/corpus/seed_packed.snap
	@[ -f fuzz/corpus/seed_big.snap ] || (echo 'var big = []; for (var i = 0; i < 9000; i++) big.push({ i, s: "x" + i });' > build-fuzz/big.js && \
	    $(BUILD)/cryo build-fuzz/big.js --snapshot-out fuzz/corpus/seed_big.snap)   # over 1 MiB: a mapped image
	@cp tests/snapshot/golden/golden.snap fuzz/corpus/golden.snap; cp tests/snapshot/golden/golden.z.snap fuzz/corpus/golden.z.snap
	build-fuzz/fuzz_snapshot -max_total_time=$(FUZZ_SECONDS) -max_len=2000000 fuzz/corpus
.PHONY: fuzz

# test262: make test262 TEST262=/path/to/test262
TEST262 ?= /work/test262
test262: $(BUILD)/cryo
	python3 tools/test262.py --test262 $(TEST262) --cryo $(BUILD)/cryo

clean:
	rm -rf build build-san build-*

.PHONY: all unit test test262 clean
-include $(OBJS:.o=.d) $(BUILD)/obj/tools/cryo.d $(BUILD)/obj/tools/cryo_snapshot.d $(BUILD)/obj/tools/test262_host.d

# Everything CI runs: unit tests, the JS suite normally, under ASan+UBSan and under GC
# stress, and the snapshot tests; tools/check.py totals them into one final line.
check:
	python3 tools/check.py
.PHONY: check

# cryo-worker (docs/worker-protocol.md)
include mk/worker.mk

# the vat store and `cryo vat` (docs/vat-store.md)
include mk/store.mk
include mk/fuzz_eval.mk
