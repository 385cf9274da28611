# gongkai — make (binary), make check (all tests), make bench, make asan,
# make fuzz
include config.mk
-include config.local.mk

SRC      := $(sort $(wildcard generator/*.c))
OBJ      := $(SRC:generator/%.c=build/obj/%.o)
ASAN_OBJ := $(SRC:generator/%.c=build/asan/%.o)
LIB_OBJ      := $(filter-out build/obj/main.o,$(OBJ))
LIB_ASAN_OBJ := $(filter-out build/asan/main.o,$(ASAN_OBJ))

OPT       ?= -O2 -g
ASAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

UNIT_SRC  := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN  := $(UNIT_SRC:tests/unit/%.c=build/tests/%)
UNIT_ASAN := $(UNIT_SRC:tests/unit/%.c=build/tests-asan/%)

all: gongkai

gongkai: $(OBJ)
	$(CC) $(OPT) $(LDFLAGS) -o $@ $(OBJ) $(PKG_LIBS) $(LIBS)

gongkai-asan: $(ASAN_OBJ)
	$(CC) $(ASAN_FLAGS) $(LDFLAGS) -o $@ $(ASAN_OBJ) $(PKG_LIBS) $(LIBS)

asan: gongkai-asan

build/obj/%.o: generator/%.c $(wildcard generator/*.h) config.mk
	@mkdir -p $(@D)
	$(CC) $(GK_CFLAGS) $(OPT) $(CFLAGS) -c -o $@ $<

build/asan/%.o: generator/%.c $(wildcard generator/*.h) config.mk
	@mkdir -p $(@D)
	$(CC) $(GK_CFLAGS) $(ASAN_FLAGS) $(CFLAGS) -c -o $@ $<

build/tests/%: tests/unit/%.c $(LIB_OBJ) tests/unit/harness.h
	@mkdir -p $(@D)
	$(CC) $(GK_CFLAGS) $(OPT) $(CFLAGS) -Igenerator -o $@ $< $(LIB_OBJ) $(PKG_LIBS) -lcmocka $(LIBS)

build/tests-asan/%: tests/unit/%.c $(LIB_ASAN_OBJ) tests/unit/harness.h
	@mkdir -p $(@D)
	$(CC) $(GK_CFLAGS) $(ASAN_FLAGS) $(CFLAGS) -Igenerator -o $@ $< $(LIB_ASAN_OBJ) $(PKG_LIBS) -lcmocka $(LIBS)

unit: $(UNIT_BIN) $(UNIT_ASAN)

# libFuzzer targets (tests/fuzz/fuzz_*.c), built with clang against the
# generator compiled once more into build/fuzz/obj. `make fuzz` runs each
# for FUZZ_TIME seconds from its seeds (tests/fuzz/run.sh); `make
# fuzz-build` only builds them (tests/suites/fuzz-regressions.sh replays
# the seeds and regressions).
FUZZ_CC    ?= clang
FUZZ_TIME  ?= 60
FUZZ_FLAGS  = -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_OBJ   := $(filter-out build/fuzz/obj/main.o,$(SRC:generator/%.c=build/fuzz/obj/%.o))
FUZZ_SRC   := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN   := $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)

build/fuzz/obj/%.o: generator/%.c $(wildcard generator/*.h) config.mk
	@mkdir -p $(@D)
	$(FUZZ_CC) $(GK_CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link $(CFLAGS) -c -o $@ $<

build/fuzz/%: tests/fuzz/%.c $(FUZZ_OBJ)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(GK_CFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer $(CFLAGS) -Igenerator $(LDFLAGS) -o $@ $< $(FUZZ_OBJ) $(PKG_LIBS) $(LIBS)

fuzz-build: $(FUZZ_BIN)

# The same targets as plain programs (tests/fuzz/driver.c runs each file
# given once), built with $(CC) and the plain objects: for valgrind.
FUZZ_PLAIN := $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/plain/%)

build/fuzz/plain/%: tests/fuzz/%.c tests/fuzz/driver.c $(LIB_OBJ)
	@mkdir -p $(@D)
	$(CC) $(GK_CFLAGS) $(OPT) $(CFLAGS) -Igenerator $(LDFLAGS) -o $@ $< tests/fuzz/driver.c $(LIB_OBJ) $(PKG_LIBS) $(LIBS)

fuzz-plain: $(FUZZ_PLAIN)

fuzz: fuzz-build
	@FUZZ_TIME=$(FUZZ_TIME) sh tests/fuzz/run.sh

# Every suite runs twice: with ./gongkai and with the ASan/UBSan build.
check: gongkai gongkai-asan unit
	@sh tests/install-test-deps.sh
	@sh tests/run_all.sh

site: gongkai
	./gongkai build

bench: gongkai
	@sh bench/run.sh

# 5,000 against 50,000 pages (minutes; not part of make bench)
bench-scale: gongkai
	@sh bench/scale.sh

clean:
	rm -rf build gongkai gongkai-asan

.PHONY: all asan unit check site bench bench-scale clean fuzz fuzz-build fuzz-plain
