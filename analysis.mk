# analysis.mk - the analysis of $(CORPUS): CSV in analysis/, charts in plots/.
# Included by the Makefile; `make` runs it, `CORPUS=dir make` runs it on any
# corpus (a directory, a manifest or a CSV corpus with a text column;
# CORPUS_OPTS='--text-col body --id-col url' passes reading options).
#
# Every output depends on the tally binary, its inputs, the data it reads and
# build/opts/<name>, a file holding the output's options that is rewritten
# only when they change: a second `make` does nothing, touching one input or
# changing one option remakes only what depends on it.  Outputs are written
# atomically (tally -o, and gnuplot to a temporary file that is renamed), so
# a failed step leaves no half-written file.

CORPUS ?= corpus
CORPUS_OPTS ?=
A ?= analysis
P ?= plots
CMDS ?= build/cmds
REPORT ?= $(A)/report.html
TALLY := bin/tally
GNUPLOT ?= gnuplot
CORPUS_FILES := $(shell find $(CORPUS) -type f 2>/dev/null | LC_ALL=C sort)
# what is read, as build/opts/corpus records it: the corpus, its reading
# options and its list of files, so that another CORPUS (whose files may be
# older than the outputs) or a file removed from it remakes the outputs
OPT_corpus := $(CORPUS) $(CORPUS_OPTS) $(shell find $(CORPUS) -type f 2>/dev/null | LC_ALL=C sort | cksum)
CORPUS_DEPS = $(CORPUS_FILES) build/opts/corpus
GAZETTEER := $(sort $(wildcard data/gazetteer/*.csv))
# the charts' settings (titles, labels, how many bars) are written in this file
CHART_DEPS := $(TALLY) plots/common.gp plots/nodata.gp analysis.mk

# Outputs by date need a date column (a manifest or a CSV corpus with one);
# keyness needs a target and a reference.  The bundled corpus has dates and
# compares February 2026 with January; on another corpus set, for example,
#   CORPUS=news.csv make KEYNESS_TARGET='source=VNS' KEYNESS_REFERENCE='source!=VNS' \
#       KEYNESS_NAMES='VNS|other sources'
comma := ,
corpus_header := $(shell f='$(CORPUS)'; [ -d "$$f" ] && f="$$f/manifest.csv"; \
	case "$$f" in (*.csv|*.CSV) [ -f "$$f" ] && head -n 1 "$$f" | tr -d '"\r';; esac)
HAS_DATE := $(if $(filter date,$(subst $(comma), ,$(corpus_header))),yes)
ifeq ($(CORPUS),corpus)
KEYNESS_TARGET ?= date>=2026-02-01
KEYNESS_REFERENCE ?= date<2026-02-01
KEYNESS_NAMES ?= February|January
endif
KEYNESS_NAMES ?= target|reference
keyness_target = $(word 1,$(subst |, ,$(KEYNESS_NAMES)))
keyness_reference = $(word 2,$(subst |, ,$(KEYNESS_NAMES)))

# ---- options of each output (change one here: only its output is remade) ----
OPT_tokens :=
OPT_sentences := --sentences
OPT_entities :=
OPT_entities_summary := --summary
OPT_cooc := --context sentence
OPT_cooc_matrix := --context sentence --format matrix --top 14
OPT_layout := --seed 1 --iterations 500 --top 18
OPT_tone_documents := --level document
OPT_tone_by_date := --level group --by date
OPT_tone_sentences := --level sentence --text
OPT_tone_entities := --level entity --seed 1
OPT_tone_entities_by_date := --level entity --by date --seed 1
OPT_terms := --stopwords en
OPT_terms_by_date := --stopwords en --by date
OPT_zipf := --zipf
OPT_ngrams2 := -n 2 --stopwords en
OPT_colloc := --stopwords en
OPT_keyness := --stopwords en --target "$(KEYNESS_TARGET)" --reference "$(KEYNESS_REFERENCE)"

.PHONY: FORCE charts
FORCE:

# run a tally command that writes $@, and keep the command for the report
run = @mkdir -p $(@D) $(CMDS); echo '$(1)'; $(1) && printf '%s\n' '$(1)' >$(CMDS)/$(@F)

build/opts/%: FORCE
	@mkdir -p $(@D)
	@printf '%s\n' '$(OPT_$*)' | cmp -s - $@ || printf '%s\n' '$(OPT_$*)' >$@

# ---- CSV ---------------------------------------------------------------------
ANALYSIS_CSV := $(A)/tokens.csv $(A)/sentences.csv $(A)/entities.csv \
	$(A)/entities_summary.csv $(A)/cooc.csv $(A)/cooc_matrix.csv \
	$(A)/network_nodes.csv $(A)/network_edges.csv \
	$(A)/tone_documents.csv $(A)/tone_sentences.csv $(A)/tone_entities.csv \
	$(A)/terms.csv $(A)/zipf.csv $(A)/ngrams2.csv $(A)/colloc.csv \
	$(if $(HAS_DATE),$(A)/terms_by_date.csv $(A)/tone_by_date.csv $(A)/tone_entities_by_date.csv) \
	$(if $(KEYNESS_TARGET),$(A)/keyness.csv)

# what another corpus made and this one does not (outputs by date, keyness) is
# removed, so that analysis/ and plots/ never mix two corpora's results
STALE_CSV := $(filter-out $(ANALYSIS_CSV),$(A)/terms_by_date.csv $(A)/tone_by_date.csv \
	$(A)/tone_entities_by_date.csv $(A)/keyness.csv)

analysis: $(ANALYSIS_CSV)
	@rm -f $(STALE_CSV)

$(A)/tokens.csv $(A)/sentences.csv: $(A)/%.csv: $(TALLY) $(CORPUS_DEPS) build/opts/%
	$(call run,$(TALLY) tokens --quiet $(OPT_$*) -o $@ $(CORPUS_OPTS) $(CORPUS))

$(A)/entities.csv $(A)/entities_summary.csv: $(A)/%.csv: $(TALLY) $(CORPUS_DEPS) $(GAZETTEER) build/opts/%
	$(call run,$(TALLY) entities --quiet $(OPT_$*) -o $@ $(CORPUS_OPTS) $(CORPUS))

# co-occurrence from the mention list, so a hand-corrected list is reused
$(A)/cooc.csv $(A)/cooc_matrix.csv: $(A)/%.csv: $(TALLY) $(A)/entities.csv $(CORPUS_DEPS) build/opts/%
	$(call run,$(TALLY) cooc --quiet $(OPT_$*) --mentions $(A)/entities.csv -o $@ $(CORPUS_OPTS) $(CORPUS))

$(A)/network_nodes.csv: $(TALLY) $(A)/cooc.csv build/opts/layout
	$(call run,$(TALLY) layout $(OPT_layout) -o $@ $(A)/cooc.csv)

$(A)/network_edges.csv: $(TALLY) $(A)/cooc.csv build/opts/layout
	$(call run,$(TALLY) layout --edges $(OPT_layout) -o $@ $(A)/cooc.csv)

STOPWORDS := data/stopwords-en.txt

$(A)/terms.csv $(A)/terms_by_date.csv $(A)/zipf.csv: $(A)/%.csv: $(TALLY) $(CORPUS_DEPS) $(STOPWORDS) build/opts/%
	$(call run,$(TALLY) terms --quiet $(OPT_$*) -o $@ $(CORPUS_OPTS) $(CORPUS))

$(A)/ngrams2.csv: $(TALLY) $(CORPUS_DEPS) $(STOPWORDS) build/opts/ngrams2
	$(call run,$(TALLY) ngrams --quiet $(OPT_ngrams2) -o $@ $(CORPUS_OPTS) $(CORPUS))

$(A)/colloc.csv: $(TALLY) $(CORPUS_DEPS) $(STOPWORDS) build/opts/colloc
	$(call run,$(TALLY) colloc --quiet $(OPT_colloc) -o $@ $(CORPUS_OPTS) $(CORPUS))

# key terms of the February documents against the January article
$(A)/keyness.csv: $(TALLY) $(CORPUS_DEPS) $(STOPWORDS) build/opts/keyness
	$(call run,$(TALLY) keyness --quiet $(OPT_keyness) -o $@ $(CORPUS_OPTS) $(CORPUS))

LEXICON := data/vader_lexicon.txt data/vader_emoji.txt

$(A)/tone_documents.csv $(A)/tone_by_date.csv $(A)/tone_sentences.csv: $(A)/%.csv: $(TALLY) $(CORPUS_DEPS) $(LEXICON) build/opts/%
	$(call run,$(TALLY) tone --quiet $(OPT_$*) -o $@ $(CORPUS_OPTS) $(CORPUS))

# tone of the sentences that mention each country or leader
$(A)/tone_entities.csv $(A)/tone_entities_by_date.csv: $(A)/%.csv: $(TALLY) $(A)/entities.csv $(CORPUS_DEPS) $(LEXICON) build/opts/%
	$(call run,$(TALLY) tone --quiet $(OPT_$*) --mentions $(A)/entities.csv -o $@ $(CORPUS_OPTS) $(CORPUS))

# ---- charts: PNG and SVG of each ------------------------------------------------
CHARTS := top_terms zipf cooc_heatmap network tone_entities \
	$(if $(HAS_DATE),trends tone_time) $(if $(KEYNESS_TARGET),keyness)
CHART_FILES := $(foreach c,$(CHARTS),$(P)/$(c).png $(P)/$(c).svg)

STALE_CHARTS := $(filter-out $(CHART_FILES),$(foreach c,trends tone_time keyness,$(P)/$(c).png $(P)/$(c).svg))

charts: $(CHART_FILES)
	@rm -f $(STALE_CHARTS)

# gnuplot writes to a temporary name with the same suffix, renamed on success
plot = @mkdir -p $(@D); tmp=$(@D)/.tmp.$(@F); \
	$(GNUPLOT) -e "tally='$(TALLY)'; out='$$tmp'; $(1)" $(2) && mv $$tmp $@ || { rm -f $$tmp; exit 1; }

$(P)/cooc_heatmap.png $(P)/cooc_heatmap.svg: $(A)/cooc_matrix.csv plots/heatmap.gp $(CHART_DEPS)
	@echo "  PLOT    $@"
	$(call plot,in='$<'; title='Countries and leaders mentioned in the same sentence',plots/heatmap.gp)

$(P)/network.png $(P)/network.svg: $(A)/network_nodes.csv $(A)/network_edges.csv plots/network.gp $(CHART_DEPS)
	@echo "  PLOT    $@"
	$(call plot,nodes='$(A)/network_nodes.csv'; edges='$(A)/network_edges.csv'; key='sentences that mention both'; title='Co-occurrence network of countries and leaders (sentences)',plots/network.gp)

$(P)/tone_entities.png $(P)/tone_entities.svg: $(A)/tone_entities.csv plots/tone_entity.gp $(CHART_DEPS)
	@echo "  PLOT    $@"
	$(call plot,in='$<'; title='Tone of the sentences that mention each country or leader',plots/tone_entity.gp)

$(P)/tone_time.png $(P)/tone_time.svg: $(A)/tone_by_date.csv plots/tone_time.gp $(CHART_DEPS)
	@echo "  PLOT    $@"
	$(call plot,in='$<'; title='Tone of the coverage over time (dated documents)',plots/tone_time.gp)

# ---- the report: one self-contained HTML page ---------------------------------------
.PHONY: report
report: $(REPORT)

$(REPORT): $(ANALYSIS_CSV) $(CHART_FILES) plots/report.py
	@echo "  REPORT  $@"
	@python3 plots/report.py --analysis $(A) --charts $(P) --cmds $(CMDS) --corpus $(CORPUS) \
	    --tally $(TALLY) --only "$(CHARTS) $(notdir $(ANALYSIS_CSV))" \
	    --keyness '$(KEYNESS_NAMES)' -o $@

$(P)/top_terms.png $(P)/top_terms.svg: $(A)/terms.csv plots/bar.gp $(CHART_DEPS)
	@echo "  PLOT    $@"
	$(call plot,in='$<'; label='term'; value='count'; top=25; xlabel='occurrences in the corpus (stopwords removed)'; title='The most frequent terms',plots/bar.gp)

$(P)/zipf.png $(P)/zipf.svg: $(A)/zipf.csv plots/zipf.gp $(CHART_DEPS)
	@echo "  PLOT    $@"
	$(call plot,in='$<'; title='Rank and frequency of the terms with the Zipf fit',plots/zipf.gp)

$(P)/trends.png $(P)/trends.svg: $(A)/terms_by_date.csv $(A)/terms.csv plots/trend.gp $(CHART_DEPS)
	@echo "  PLOT    $@"
	$(call plot,in='$<'; terms='$$($(TALLY) tsv $(A)/terms.csv | sed -n 2$(comma)5p | cut -f1 | sed "s/'/''/g" | paste -sd ' ' -)'; title='The four most frequent terms over time (per million terms)',plots/trend.gp)

$(P)/keyness.png $(P)/keyness.svg: $(A)/keyness.csv plots/keyness.gp $(CHART_DEPS)
	@echo "  PLOT    $@"
	$(call plot,in='$<'; target='$(keyness_target)'; reference='$(keyness_reference)'; title='Key terms: $(keyness_target) against $(keyness_reference) (signed G²)',plots/keyness.gp)

# ---- the notebook, executed headless; fails if any cell fails ----------------------
# (/usr/bin first: the Python kernel is Debian's, with ipykernel)
.PHONY: notebook
notebook: tally
	@mkdir -p build/notebook
	PATH=/usr/bin:$$PATH PYDEVD_DISABLE_FILE_VALIDATION=1 jupyter nbconvert --to notebook --execute \
	    --ExecutePreprocessor.timeout=600 --output-dir build/notebook notebooks/tally.ipynb

# ---- the charts the README shows (committed copies of plots/*.png) ------------------
README_CHARTS := top_terms keyness cooc_heatmap network tone_entities tone_time
.PHONY: readme-images
readme-images: $(foreach c,$(README_CHARTS),$(P)/$(c).png)
	@mkdir -p docs/img
	cp $(foreach c,$(README_CHARTS),$(P)/$(c).png) docs/img/
