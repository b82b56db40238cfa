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

UNIT_TESTS := numconv unicode jsmath
$(BUILD)/unit/test_numconv: tests/unit/test_numconv.c src/numconv.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) $(OPT) $(LDSAN) -o $@ $^ $(LDLIBS)
$(BUILD)/unit/test_unicode: tests/unit/test_unicode.c src/unicode.c src/unicode_tables.c
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
