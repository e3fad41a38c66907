# tally - statistical text analysis.  See README.md.
#
#   make deps        install the Debian packages tally needs (apt-get, sudo)
#   make             build bin/tally and run the analysis of corpus/
#   make test        the whole test suite (also under ASan/UBSan and valgrind)
#   make bench       benchmarks against the Unix pipeline and peers
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
       libstemmer-dev gnuplot-nox iso-codes python3 valgrind

.PHONY: all tally deps test check bench install clean analysis
.DELETE_ON_ERROR:

all: tally analysis

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
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -O1 $(SAN) -c -o $@ $<

# Unit tests of the library, built with the sanitizers.
build/asan/unit: $(UNIT_SRC) $(LIB_ASAN_OBJ) tests/unit/unit.h
	$(say) "  LD      $@"
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -O1 $(SAN) -o $@ $(UNIT_SRC) $(LIB_ASAN_OBJ) $(LDLIBS)

deps:
	@if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	$$SUDO apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $(DEPS)

test check: bin/tally build/asan/tally build/asan/unit
	@bash tests/run.sh

# ---- the analysis of the bundled corpus (CORPUS=dir to analyse another) ----

CORPUS ?= corpus
TALLY = bin/tally
CORPUS_FILES := $(shell find $(CORPUS) -type f 2>/dev/null | LC_ALL=C sort)

analysis: analysis/tokens.csv analysis/sentences.csv analysis/terms.csv \
          analysis/terms_by_date.csv analysis/zipf.csv analysis/ngrams2.csv \
          analysis/colloc.csv analysis/keyness.csv

# Each output is written by tally -o (a temporary file renamed into place).
analysis/tokens.csv: $(TALLY) $(CORPUS_FILES)
	@mkdir -p $(@D)
	$(TALLY) tokens --quiet -o $@ $(CORPUS)

analysis/sentences.csv: $(TALLY) $(CORPUS_FILES)
	@mkdir -p $(@D)
	$(TALLY) tokens --quiet --sentences -o $@ $(CORPUS)

analysis/terms.csv: $(TALLY) $(CORPUS_FILES)
	@mkdir -p $(@D)
	$(TALLY) terms --quiet --stopwords en -o $@ $(CORPUS)

analysis/terms_by_date.csv: $(TALLY) $(CORPUS_FILES)
	@mkdir -p $(@D)
	$(TALLY) terms --quiet --stopwords en --by date -o $@ $(CORPUS)

analysis/zipf.csv: $(TALLY) $(CORPUS_FILES)
	@mkdir -p $(@D)
	$(TALLY) terms --quiet --zipf -o $@ $(CORPUS)

analysis/ngrams2.csv: $(TALLY) $(CORPUS_FILES)
	@mkdir -p $(@D)
	$(TALLY) ngrams --quiet -n 2 -o $@ $(CORPUS)

analysis/colloc.csv: $(TALLY) $(CORPUS_FILES)
	@mkdir -p $(@D)
	$(TALLY) colloc --quiet --stopwords en -o $@ $(CORPUS)

# February against January (undated documents are in neither)
analysis/keyness.csv: $(TALLY) $(CORPUS_FILES)
	@mkdir -p $(@D)
	$(TALLY) keyness --quiet --stopwords en --target 'date>=2026-02-01' \
	    --reference 'date<2026-02-01' -o $@ $(CORPUS)

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
