# gongkai — make (binary), make check (all tests), make bench, make asan
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

# Every suite runs twice: with ./gongkai and with the ASan/UBSan build.
check: gongkai gongkai-asan unit
	@sh tests/install-test-deps.sh
	@sh tests/run_all.sh

site: gongkai
	./gongkai build

bench: gongkai
	@sh bench/run.sh

clean:
	rm -rf build gongkai gongkai-asan

.PHONY: all asan unit check site bench clean
