# mk/fuzz_eval.mk — libFuzzer target for the engine on hostile source text (fuzz/fuzz_eval.c).
# `make fuzz-eval FUZZ_SECONDS=600` builds build-fuzz/fuzz_eval with clang (ASan + UBSan +
# libFuzzer) and runs it from a corpus seeded with the JavaScript tests.
FUZZ_SECONDS ?= 60
build-fuzz/fuzz_eval: fuzz/fuzz_eval.c $(SRCS)
	@mkdir -p build-fuzz
	clang $(CFLAGS_BASE) -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
	    -o $@ fuzz/fuzz_eval.c $(SRCS) $(LDLIBS)
fuzz-eval: build-fuzz/fuzz_eval
	@mkdir -p fuzz/corpus-eval
	@[ -n "$$(ls fuzz/corpus-eval)" ] || cp tests/lang/*.js tests/builtins/*.js tests/regress/*.js fuzz/corpus-eval/
	build-fuzz/fuzz_eval -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -timeout=10 -rss_limit_mb=4096 fuzz/corpus-eval
.PHONY: fuzz-eval
