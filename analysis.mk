# analysis.mk - the analysis of $(CORPUS): CSV in analysis/, charts in plots/.
# Included by the Makefile; `make` runs it, `CORPUS=dir make` runs it on any
# corpus (a directory, a manifest or a CSV corpus with a text column).
#
# Every output depends on the tally binary, its inputs, the data it reads and
# build/opts/<name>, a file holding the output's options that is rewritten
# only when they change: a second `make` does nothing, touching one input or
# changing one option remakes only what depends on it.  Outputs are written
# atomically (tally -o, and gnuplot to a temporary file that is renamed), so
# a failed step leaves no half-written file.

CORPUS ?= corpus
A ?= analysis
P ?= plots
CMDS ?= build/cmds
REPORT ?= $(A)/report.html
TALLY := bin/tally
GNUPLOT ?= gnuplot
CORPUS_FILES := $(shell find $(CORPUS) -type f 2>/dev/null | LC_ALL=C sort)
GAZETTEER := $(sort $(wildcard data/gazetteer/*.csv))
CHART_DEPS := $(TALLY) plots/common.gp

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
	$(A)/tone_documents.csv $(A)/tone_by_date.csv $(A)/tone_sentences.csv \
	$(A)/tone_entities.csv $(A)/tone_entities_by_date.csv

analysis: $(ANALYSIS_CSV)

$(A)/tokens.csv $(A)/sentences.csv: $(A)/%.csv: $(TALLY) $(CORPUS_FILES) build/opts/%
	$(call run,$(TALLY) tokens --quiet $(OPT_$*) -o $@ $(CORPUS))

$(A)/entities.csv $(A)/entities_summary.csv: $(A)/%.csv: $(TALLY) $(CORPUS_FILES) $(GAZETTEER) build/opts/%
	$(call run,$(TALLY) entities --quiet $(OPT_$*) -o $@ $(CORPUS))

# co-occurrence from the mention list, so a hand-corrected list is reused
$(A)/cooc.csv $(A)/cooc_matrix.csv: $(A)/%.csv: $(TALLY) $(A)/entities.csv $(CORPUS_FILES) build/opts/%
	$(call run,$(TALLY) cooc --quiet $(OPT_$*) --mentions $(A)/entities.csv -o $@ $(CORPUS))

$(A)/network_nodes.csv: $(TALLY) $(A)/cooc.csv build/opts/layout
	$(call run,$(TALLY) layout $(OPT_layout) -o $@ $(A)/cooc.csv)

$(A)/network_edges.csv: $(TALLY) $(A)/cooc.csv build/opts/layout
	$(call run,$(TALLY) layout --edges $(OPT_layout) -o $@ $(A)/cooc.csv)

LEXICON := data/vader_lexicon.txt data/vader_emoji.txt

$(A)/tone_documents.csv $(A)/tone_by_date.csv $(A)/tone_sentences.csv: $(A)/%.csv: $(TALLY) $(CORPUS_FILES) $(LEXICON) build/opts/%
	$(call run,$(TALLY) tone --quiet $(OPT_$*) -o $@ $(CORPUS))

# tone of the sentences that mention each country or leader
$(A)/tone_entities.csv $(A)/tone_entities_by_date.csv: $(A)/%.csv: $(TALLY) $(A)/entities.csv $(CORPUS_FILES) $(LEXICON) build/opts/%
	$(call run,$(TALLY) tone --quiet $(OPT_$*) --mentions $(A)/entities.csv -o $@ $(CORPUS))

# ---- charts: PNG and SVG of each ------------------------------------------------
CHARTS := cooc_heatmap network tone_entities tone_time
CHART_FILES := $(foreach c,$(CHARTS),$(P)/$(c).png $(P)/$(c).svg)

charts: $(CHART_FILES)

# gnuplot writes to a temporary name with the same suffix, renamed on success
plot = @mkdir -p $(@D); tmp=$(@D)/.tmp.$(@F); \
	$(GNUPLOT) -e "tally='$(TALLY)'; out='$$tmp'; $(1)" $(2) && mv $$tmp $@ || { rm -f $$tmp; exit 1; }

$(P)/cooc_heatmap.png $(P)/cooc_heatmap.svg: $(A)/cooc_matrix.csv plots/heatmap.gp $(CHART_DEPS)
	@echo "  PLOT    $@"
	$(call plot,in='$<'; title='Countries and leaders mentioned in the same sentence',plots/heatmap.gp)

$(P)/network.png $(P)/network.svg: $(A)/network_nodes.csv $(A)/network_edges.csv plots/network.gp $(CHART_DEPS)
	@echo "  PLOT    $@"
	$(call plot,nodes='$(A)/network_nodes.csv'; edges='$(A)/network_edges.csv'; title='Co-occurrence network of countries and leaders (sentences)',plots/network.gp)

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
	    --tally $(TALLY) -o $@
