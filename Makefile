# tally - statistical text analysis.  See README.md.
#
#   make deps        install the Debian packages tally needs (apt-get, sudo)
#   make             build bin/tally and run the analysis of corpus/
#   make test        the whole test suite (also under ASan/UBSan and valgrind)
#   make bench       benchmarks against the Unix pipeline and peers
#   make validate    tally tone against VADER's human-rated sets (EVAL=dir)
#   make install     PREFIX=/usr/local: binary, data, man pages
#   make clean

PREFIX ?= /usr/local
CC ?= cc
DEV ?= 1
PKG_CONFIG ?= pkg-config

WARN = -Wall -Wextra -Wpedantic -Wstrict-prototypes -Wvla -Wshadow -Wformat=2
ifeq ($(DEV),1)
WARN += -Werror
endif
# Recursively expanded so that "make deps all" finds the packages installed.
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags libutf8proc gsl 2>/dev/null)
PKG_LIBS = $(shell $(PKG_CONFIG) --libs libutf8proc gsl 2>/dev/null || echo -lutf8proc -lgsl -lgslcblas)
CPPFLAGS += -D_GNU_SOURCE -DTALLY_DATADIR='"$(PREFIX)/share/tally"'
CFLAGS ?= -O2 -g
ALL_CFLAGS = -std=c11 $(WARN) $(CFLAGS) $(PKG_CFLAGS)
LDLIBS = $(PKG_LIBS) -lcsv -lstemmer -lm -lpthread
SAN = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

LIB_SRC := $(sort $(wildcard lib/*.c))
TOOL_SRC := $(sort $(wildcard tools/*.c))
HDRS := $(wildcard lib/*.h tools/*.h)
OBJ := $(patsubst %.c,build/obj/%.o,$(LIB_SRC) $(TOOL_SRC))
ASAN_OBJ := $(patsubst %.c,build/asan/%.o,$(LIB_SRC) $(TOOL_SRC))
LIB_OBJ := $(patsubst %.c,build/obj/%.o,$(LIB_SRC))
LIB_ASAN_OBJ := $(patsubst %.c,build/asan/%.o,$(LIB_SRC))
UNIT_SRC := $(sort $(wildcard tests/unit/*.c))

DEPS = build-essential pkg-config libutf8proc-dev libcsv-dev libgsl-dev \
       libstemmer-dev gnuplot-nox iso-codes python3 valgrind time dict-gcide \
       clang libclang-rt-14-dev chromium fonts-dejavu-core parallel \
       jupyter-nbconvert python3-ipykernel python3-nbclient

.PHONY: all tally deps test check bench install clean analysis fuzz fuzz-build validate
.DELETE_ON_ERROR:

all: tally analysis charts

tally: bin/tally

# V=1 shows the full compiler command lines.
ifeq ($(V),1)
Q =
say = @true
else
Q = @
say = @echo
endif

bin/tally: $(OBJ)
	@mkdir -p $(@D)
	$(say) "  LD      $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(OBJ) $(LDLIBS)

build/obj/%.o: %.c $(HDRS)
	@mkdir -p $(@D)
	$(say) "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

# The same program under AddressSanitizer and UndefinedBehaviorSanitizer.
build/asan/tally: $(ASAN_OBJ)
	$(say) "  LD      $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(SAN) $(LDFLAGS) -o $@ $(ASAN_OBJ) $(LDLIBS)

build/asan/%.o: %.c $(HDRS)
	@mkdir -p $(@D)
	$(say) "  CC-SAN  $<"
	$(Q)$(CC) $(CPPFLAGS) -DTALLY_FAULT_INJECTION $(ALL_CFLAGS) -O1 $(SAN) -c -o $@ $<

# Unit tests of the library, built with the sanitizers.
build/asan/unit: $(UNIT_SRC) $(LIB_ASAN_OBJ) tests/unit/unit.h tests/common_docdump.h
	$(say) "  LD      $@"
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -O1 $(SAN) -o $@ $(UNIT_SRC) $(LIB_ASAN_OBJ) $(LDLIBS)

# The unit tests again with lib/token.c and lib/csvin.c built without SSE2,
# so that their portable paths are tested too.
build/asan/unit-scalar: $(UNIT_SRC) $(LIB_ASAN_OBJ) tests/unit/unit.h tests/common_docdump.h
	$(say) "  LD      $@"
	$(Q)$(CC) $(CPPFLAGS) -DTALLY_FAULT_INJECTION $(ALL_CFLAGS) -O1 $(SAN) -U__SSE2__ \
	    -o $@ $(UNIT_SRC) lib/token.c lib/csvin.c \
	    $(filter-out build/asan/lib/token.o build/asan/lib/csvin.o,$(LIB_ASAN_OBJ)) $(LDLIBS)

# Fuzz targets: libFuzzer (clang) with ASan+UBSan, the library compiled in.
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(FUZZ_SRC))
FUZZ_CC ?= clang
FUZZ_TIME ?= 60
FUZZ_FLAGS = -std=c11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-D_GNU_SOURCE -DTALLY_DATADIR='"$(PREFIX)/share/tally"'

build/fuzz/%: tests/fuzz/%.c $(LIB_SRC) $(HDRS) tests/common_docdump.h
	@mkdir -p $(@D)
	$(say) "  FUZZ    $@"
	$(Q)$(FUZZ_CC) $(FUZZ_FLAGS) $(PKG_CFLAGS) -o $@ $< $(LIB_SRC) $(LDLIBS)

fuzz-build: $(FUZZ_BIN)

# make fuzz FUZZ_TIME=1800 for a long run of every target
fuzz: fuzz-build
	@bash tests/fuzz/run.sh $(FUZZ_TIME)

deps:
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $(DEPS)

# LD_PRELOAD fault injection for the plain build (tests/scripts/faults.sh).
build/fault/shim.so: tests/fault/shim.c
	@mkdir -p $(@D)
	$(say) "  SHIM    $@"
	$(Q)$(CC) -shared -fPIC -O1 -o $@ $< -ldl

# FUZZ_TIME=0 skips the timed fuzzing (saved regressions still run).
test check: bin/tally build/asan/tally build/asan/unit build/asan/unit-scalar build/fault/shim.so $(FUZZ_BIN)
	@FUZZ_TIME=$(FUZZ_TIME) bash tests/run.sh

# ---- the analysis of the bundled corpus (CORPUS=dir to analyse another) ----
include analysis.mk

# tally tone against VADER's human-rated sets (not part of the product).
EVAL ?= ../shared/eval/sentiment
validate: bin/tally
	@echo "Each snippet scored as one text, as VADER scores it (--unit document):"
	@python3 tests/scripts/tone_validate.py bin/tally $(EVAL) --tally-arg --unit \
	    --tally-arg document
	@echo
	@echo "tally's length-aware document score (the mean of sentence compounds):"
	@python3 tests/scripts/tone_validate.py bin/tally $(EVAL)

bench: bin/tally
	@bash bench/run.sh

install: bin/tally
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/tally \
	    $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 bin/tally $(DESTDIR)$(PREFIX)/bin/tally
	cp -R data/. $(DESTDIR)$(PREFIX)/share/tally/
	install -m 644 man/*.1 $(DESTDIR)$(PREFIX)/share/man/man1/

clean:
	rm -rf bin build
