/* test_tone.c - the valence rules of tally tone, one by one, with values
 * computed by hand from the small lexicon tests/data/tone/lexicon.tsv
 * (good 2, bad -2, great 3, nice 1, no -1.2, kind 2.4, yeah 1.2, smiling 2,
 * "fed up" -3, ":)" 2, 86 -1, shit -2.6), VADER's constants (negation x-0.74,
 * booster 0.293 decaying x0.95 and x0.9, caps 0.733, "!" 0.292, "?" 0.18,
 * "but" x0.5/x1.5) and compound = x / sqrt(x^2 + 15); then the published
 * outputs of VADER's reference implementation with the bundled lexicon, the
 * lexicon loader's rules and errors, and the bootstrap. */
#include <math.h>
#include <stdlib.h>

#include "unit.h"

#define EPS 1e-12

static tly_lexicon *test_lexicon(void)
{
	tly_err err = {0};
	tly_lexicon *lx = tly_lexicon_new(0);

	CHECK(tly_lexicon_load(lx, "tests/data/tone/lexicon.tsv", TLY_LEXDUP_ERROR, &err) == 12);
	CHECK(tly_lexicon_load_emoji(lx, "tests/data/tone/emoji.tsv", &err) == 1);
	CHECK_STR(err.msg, "");
	return lx;
}

static tly_tone_score score_with(tly_lexicon *lx, const char *text)
{
	tly_tone *t = tly_tone_new(lx);
	tly_tone_score s;
	tly_err err = {0};

	memset(&s, 0, sizeof s);
	CHECK(tly_tone_string(t, text, strlen(text), &s, &err) == 0);
	tly_tone_free(t);
	return s;
}

static tly_tone_score score(const char *text)
{
	tly_lexicon *lx = test_lexicon();
	tly_tone_score s = score_with(lx, text);

	tly_lexicon_free(lx);
	return s;
}

static double sum(const char *text) { return score(text).sum; }

TEST(tone_plain_sum_and_compound)
{
	tly_tone_score s = score("the movie is good");

	CHECK_NEAR(s.sum, 2, EPS);
	CHECK_NEAR(s.compound, 0.4588314677411235, EPS);  /* 2 / sqrt(19) */
	CHECK(s.words == 4 && s.nlex == 1 && s.npos == 1 && s.nneg == 0);
	/* sift: positive 2 + 1 = 3 against 3 neutral words */
	CHECK_NEAR(s.pos, 0.5, EPS);
	CHECK_NEAR(s.neu, 0.5, EPS);
	CHECK_NEAR(s.neg, 0, EPS);
	s = score("");
	CHECK(s.words == 0 && s.sum == 0 && s.compound == 0 && s.pos == 0 && s.neu == 0);
	/* equal and opposite: compound 0, pos = neg */
	s = score("good bad");
	CHECK_NEAR(s.compound, 0, EPS);
	CHECK_NEAR(s.pos, 0.5, EPS);
	CHECK_NEAR(s.neg, 0.5, EPS);
}

TEST(tone_negation_within_three)
{
	tly_tone_score s = score("the movie is not good");

	CHECK_NEAR(s.sum, -1.48, EPS);  /* 2 x -0.74 */
	CHECK_NEAR(s.compound, -0.35695931886407123, EPS);
	CHECK_NEAR(s.neg, -0.38271604938271603 * -1, EPS);  /* 2.48 / (2.48 + 4) */
	CHECK_NEAR(s.neu, 0.6172839506172839, EPS);
	CHECK_NEAR(sum("not a good"), -1.48, EPS);        /* at -2 */
	CHECK_NEAR(sum("not at all good"), -1.48, EPS);   /* at -3 */
	CHECK_NEAR(sum("isn't good"), -1.48, EPS);        /* NEGATE list */
	CHECK_NEAR(sum("mayn't good"), -1.48, EPS);       /* any word with n't */
	CHECK_NEAR(sum("isn\xE2\x80\x99t good"), -1.48, EPS);  /* a curly apostrophe */
	CHECK_NEAR(sum("never good"), -1.48, EPS);
	CHECK_NEAR(sum("without good"), -1.48, EPS);
}

TEST(tone_negation_scope_tally)
{
	/* 4 and 5 items back with nothing in between (tally's scope) */
	CHECK_NEAR(sum("not see all the good parts"), -1.48, EPS);
	CHECK_NEAR(sum("not see all of the good"), -1.48, EPS);
	CHECK_NEAR(sum("not see the whole of the good"), 2, EPS);  /* 6 back */
	/* ... but not over a comma there */
	CHECK_NEAR(sum("not see the story good"), -1.48, EPS);
	CHECK_NEAR(sum("not see the story, good"), 2, EPS);
	/* clause punctuation ends the scope, also within three */
	CHECK_NEAR(sum("not; good"), 2, EPS);
	CHECK_NEAR(sum("not. good"), 2, EPS);
	CHECK_NEAR(sum("not (good"), 2, EPS);
	/* a sentiment word takes the negation: bad is negated, good is not */
	CHECK_NEAR(sum("not bad good"), 1.48 + 2, EPS);
	/* ... unless a list goes on: "not nice, good, nor great" negates all
	 * three (nor negates great at -1; not reaches good through the list) */
	CHECK_NEAR(sum("not nice, good, nor great"), -0.74 - 1.48 - 2.22, EPS);
	CHECK_NEAR(sum("not nice or good"), -0.74 - 1.48, EPS);
}

TEST(tone_boosters_and_dampeners)
{
	CHECK_NEAR(sum("very good"), 2.293, EPS);
	CHECK_NEAR(sum("very very good"), 2 + 0.293 + 0.293 * 0.95, EPS);
	CHECK_NEAR(sum("very very very good"), 2.8350500000000003, EPS);
	CHECK_NEAR(sum("very bad"), -2.293, EPS);        /* away from 0 */
	CHECK_NEAR(sum("slightly good"), 1.707, EPS);     /* towards 0 */
	CHECK_NEAR(sum("slightly bad"), -1.707, EPS);
	/* a booster is a modifier, never a sentiment of its own */
	CHECK_NEAR(sum("very"), 0, EPS);
	/* a lexicon word in between is skipped, not a barrier (VADER) */
	CHECK_NEAR(sum("very nice good"), 1.293 + 2 + 0.293 * 0.95, EPS);
	/* negation after the booster: (2 + 0.293 x 0.95) x -0.74 */
	CHECK_NEAR(sum("not very good"), (2 + 0.293) * -0.74, EPS);
}

TEST(tone_caps)
{
	CHECK_NEAR(sum("GOOD movie"), 2.733, EPS);
	CHECK_NEAR(sum("BAD movie"), -2.733, EPS);
	CHECK_NEAR(sum("GOOD MOVIE"), 2, EPS);  /* all capitals: no emphasis */
	/* a one-letter word is not emphasis, nor counts as a word in capitals
	 * or not: "I GOOD" is all capitals */
	CHECK_NEAR(sum("I GOOD"), 2, EPS);
	CHECK_NEAR(sum("i GOOD day"), 2.733, EPS);
	/* a booster in capitals adds the caps increment too */
	CHECK_NEAR(sum("VERY good day"), 2 + 0.293 + 0.733, EPS);
}

TEST(tone_but)
{
	CHECK_NEAR(sum("good but bad"), 2 * 0.5 - 2 * 1.5, EPS);
	CHECK_NEAR(sum("but good"), 3, EPS);
	/* only the first "but" divides (VADER) */
	CHECK_NEAR(sum("good but nice but bad"), 1 + 1.5 - 3, EPS);
}

TEST(tone_punctuation)
{
	CHECK_NEAR(sum("good!"), 2.292, EPS);
	CHECK_NEAR(sum("good!!!!!!"), 2 + 4 * 0.292, EPS);  /* at most four */
	CHECK_NEAR(sum("bad!"), -2.292, EPS);               /* away from 0 */
	CHECK_NEAR(sum("good?"), 2, EPS);                   /* one ? is a question */
	CHECK_NEAR(sum("good??"), 2.36, EPS);
	CHECK_NEAR(sum("good???"), 2 + 3 * 0.18, EPS);
	CHECK_NEAR(sum("good????"), 2.96, EPS);
	CHECK_NEAR(sum("movie!"), 0, EPS);                  /* nothing to emphasize */
	/* the emphasis goes to the dominant side of the sift */
	tly_tone_score s = score("the good!");
	CHECK_NEAR(s.pos, 0.7670083876980429, EPS);  /* (3 + 0.292) / (3.292 + 1) */
}

TEST(tone_no)
{
	CHECK_NEAR(sum("no"), -1.2, EPS);
	/* "no" before a sentiment word: 0, and the word is negated */
	CHECK_NEAR(sum("no good"), -1.48, EPS);
	CHECK_NEAR(sum("no real good"), -1.2 - 1.48, EPS);  /* "real" has no valence */
	CHECK_NEAR(sum("no time or good"), -1.2 - 1.48, EPS);
	/* repeated "no" is emphasis, not negation */
	CHECK_NEAR(sum("no no no"), -3.6, EPS);
}

TEST(tone_least_never_without)
{
	CHECK_NEAR(sum("the least good"), -1.48, EPS);
	CHECK_NEAR(sum("least good"), -1.48, EPS);
	CHECK_NEAR(sum("at least good"), 2, EPS);
	CHECK_NEAR(sum("never so good"), (2 + 0.293) * 1.25, EPS);
	CHECK_NEAR(sum("never this good"), 2.5, EPS);
	CHECK_NEAR(sum("without a doubt good"), 2, EPS);
	/* VADER's rule at -3: "so" just before the word multiplies by 1.25 */
	CHECK_NEAR(sum("it is so good"), (2 + 0.293) * 1.25, EPS);
}

TEST(tone_idioms)
{
	/* special cases replace the word's valence */
	CHECK_NEAR(sum("yeah right"), -2, EPS);
	CHECK_NEAR(sum("the shit"), 3, EPS);
	/* "kind of" is no sentiment, and dampens what follows */
	CHECK_NEAR(sum("kind"), 2.4, EPS);
	CHECK_NEAR(sum("kind of good"), 1.707, EPS);
	CHECK_NEAR(sum("kind of bad"), -1.707, EPS);
	/* sentiment-laden idioms are one item */
	tly_tone_score s = score("we are in the red");
	CHECK_NEAR(s.sum, -2, EPS);
	CHECK(s.words == 3);
	CHECK_NEAR(sum("not in the red"), 1.48, EPS);
}

TEST(tone_phrases_emoticons_emoji)
{
	tly_tone_score s = score("I am fed up");

	CHECK_NEAR(s.sum, -3, EPS);
	CHECK(s.words == 3);
	CHECK_NEAR(sum(":)"), 2, EPS);
	CHECK_NEAR(sum("great :)"), 5, EPS);
	CHECK_NEAR(sum("good:)"), 4, EPS);   /* a run of punctuation after a word */
	CHECK_NEAR(sum(": )"), 0, EPS);      /* written apart, it is no emoticon */
	s = score("\xF0\x9F\x98\x80");         /* described as "smiling face" */
	CHECK_NEAR(s.sum, 2, EPS);
	CHECK(s.words == 2);
	/* a number never takes a valence; the split-off 's is no word */
	CHECK_NEAR(sum("86"), 0, EPS);
	s = score("the good's");
	CHECK_NEAR(s.sum, 2, EPS);
	CHECK(s.words == 2);
}

TEST(tone_names_and_masked_tokens)
{
	tly_lexicon *lx = test_lexicon();
	tly_tone *t = tly_tone_new(lx);
	tly_tone_score s;
	tly_err err = {0};
	const char *text = "Good news for the Good Party: GOOD";

	/* inside a sentence, "Good" (not GOOD) is a name with --names */
	CHECK(tly_tone_string(t, text, strlen(text), &s, &err) == 0);
	CHECK_NEAR(s.sum, 2 + 2 + 2.733, EPS);
	tly_tone_names(t, 1);
	CHECK(tly_tone_string(t, text, strlen(text), &s, &err) == 0);
	CHECK_NEAR(s.sum, 2 + 2.733, EPS);
	CHECK(s.words == 7 && s.nlex == 2 && s.npos == 2);
	tly_tone_names(t, 0);

	/* a token marked TLY_TF_NOVALENCE counts as a word without valence */
	tly_tokopts o = {0};
	o.fold_case = o.emit_punct = 1;
	tly_tokenizer *tk = tly_tok_new(&o);
	const char *text2 = "good bad great";
	tly_doc *d = tly_doc_mem("x", text2, strlen(text2));
	tly_token tok;
	tly_tok_reset(tk, d);
	tly_tone_clear(t);
	while (tly_tok_next(tk, &tok, &err) > 0) {
		if (tok.start == 5)
			tok.flags |= TLY_TF_NOVALENCE;
		tly_tone_add(t, &tok);
	}
	tly_tone_score_unit(t, &s);
	CHECK_NEAR(s.sum, 5, EPS);
	CHECK(s.words == 3 && s.nlex == 2 && s.nneg == 0);
	tly_doc_free(d);
	tly_tok_free(tk);
	tly_tone_free(t);
	tly_lexicon_free(lx);
}

/* The units' scores, each unit of a kind (enum tly_tone_unit) fed token by
 * token with tly_tone_add (by == 0) or read by tly_tone_add_unit (by == 1);
 * returns the number of units. */
struct unitscore {
	tly_tone_score s;
	uint64_t end;
	size_t items;
};

static uint64_t unit_key(int unit, const tly_token *tok)
{
	return unit == TLY_UNIT_SENTENCE ? tok->sent : unit == TLY_UNIT_PARAGRAPH ? tok->para : 0;
}

static size_t score_units(tly_tone *t, const char *text, int unit, int sentences, int by,
                          struct unitscore *out, size_t max)
{
	tly_tokopts o = {0};
	tly_err err = {0};
	tly_token tok;
	size_t n = 0;
	uint64_t key = 0, end = 0;
	int open = 0, r;

	o.fold_case = o.emit_punct = 1;
	o.sentences = sentences;
	tly_tokenizer *tk = tly_tok_new(&o);
	tly_doc *d = tly_doc_mem("x", text, strlen(text));
	tly_tok_reset(tk, d);
	r = tly_tok_next(tk, &tok, &err);
	while (r > 0) {
		if (tok.kind == TLY_TK_SENTENCE) {
			r = tly_tok_next(tk, &tok, &err);
			continue;
		}
		if (open && unit_key(unit, &tok) != key) {
			if (n < max) {
				tly_tone_score_unit(t, &out[n].s);
				out[n].end = end;
				out[n].items = tly_tone_nitems(t);
			}
			n++;
			open = 0;
		}
		if (!open) {
			tly_tone_clear(t);
			open = 1;
			key = unit_key(unit, &tok);
		}
		if (by) {
			r = tly_tone_add_unit(t, tk, &tok, unit, &end, &err);
		} else {
			tly_tone_add(t, &tok);
			end = tok.end;
			r = tly_tok_next(tk, &tok, &err);
		}
	}
	CHECK(r == 0);
	if (open) {
		if (n < max) {
			tly_tone_score_unit(t, &out[n].s);
			out[n].end = end;
			out[n].items = tly_tone_nitems(t);
		}
		n++;
	}
	tly_doc_free(d);
	tly_tok_free(tk);
	return n;
}

/* tly_tone_add_unit gives what tly_tone_add gives token by token, for every
 * kind of unit, with and without sentence records among the tokens. */
TEST(tone_add_unit)
{
	tly_lexicon *lx = test_lexicon();
	tly_tone *t = tly_tone_new(lx);
	const char *text = "The food was GOOD :) but the staff... not bad!\n\nYeah right. Fed up?? "
	                   "\"Great\" (nice).\nkind of good, no bad.\n\n:-) 86 shit. [1913 Webster]\n"
	                   "\\good\\, smiling;good. Bad";
	struct unitscore a[32], b[32];

	for (int unit = TLY_UNIT_SENTENCE; unit <= TLY_UNIT_DOCUMENT; unit++) {
		for (int sentences = 0; sentences < 2; sentences++) {
			size_t na = score_units(t, text, unit, sentences, 0, a, 32);
			size_t nb = score_units(t, text, unit, sentences, 1, b, 32);
			CHECK(na == nb && na <= 32);
			CHECK(na >= (unit == TLY_UNIT_SENTENCE ? 8u : unit == TLY_UNIT_PARAGRAPH ? 3u : 1u));
			for (size_t i = 0; i < na && i < nb && i < 32; i++) {
				CHECK(memcmp(&a[i].s, &b[i].s, sizeof a[i].s) == 0);
				CHECK(a[i].end == b[i].end && a[i].items == b[i].items);
			}
		}
	}
	tly_tone_free(t);
	tly_lexicon_free(lx);
}

TEST(tone_explain_items)
{
	tly_lexicon *lx = test_lexicon();
	tly_tone *t = tly_tone_new(lx);
	tly_tone_score s;
	tly_tone_item it;
	tly_err err = {0};
	const char *text = "not VERY good, but bad!";

	tly_tone_explain(t, 1);
	CHECK(tly_tone_string(t, text, strlen(text), &s, &err) == 0);
	CHECK(tly_tone_nitems(t) == 5);
	tly_tone_get_item(t, 2, &it);
	CHECK(it.len == 4 && memcmp(it.word, "good", 4) == 0);
	CHECK(it.start == 9 && it.end == 13);
	CHECK(it.in_lexicon && it.lexicon == 2);
	CHECK_NEAR(it.valence, (2 + 0.293 + 0.733) * -0.74 * 0.5, EPS);
	CHECK_STR(it.rules, "booster(very@-1:+1.026);negation(not@-2:x-0.74);but(x0.5)");
	/* VADER's boosters reach over a sentiment word: VERY at -3 */
	tly_tone_get_item(t, 4, &it);
	CHECK_NEAR(it.valence, (-2 - (0.293 + 0.733) * 0.9) * 1.5, EPS);
	CHECK_STR(it.rules, "booster(very@-3:-0.9234);but(x1.5)");
	unsigned ex, q;
	CHECK_NEAR(tly_tone_emphasis(t, &ex, &q), -0.292, EPS);
	CHECK(ex == 1 && q == 0);
	tly_tone_free(t);
	tly_lexicon_free(lx);
}

/* VADER's reference implementation (vaderSentiment 3.3.2) prints these
 * compounds for its README examples; tally reproduces them with the bundled
 * lexicon (a sentence each, as VADER scores them). */
TEST(tone_vader_reference_examples)
{
	static const struct { const char *s; double c; } ex[] = {
		{"VADER is smart, handsome, and funny.", 0.8316},
		{"VADER is smart, handsome, and funny!", 0.8439},
		{"VADER is very smart, handsome, and funny.", 0.8545},
		{"VADER is VERY SMART, handsome, and FUNNY.", 0.9227},
		{"VADER is VERY SMART, handsome, and FUNNY!!!", 0.9342},
		{"VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!", 0.9469},
		{"VADER is not smart, handsome, nor funny.", -0.7424},
		{"The book was good.", 0.4404},
		{"At least it isn't a horrible book.", 0.431},
		{"The book was only kind of good.", 0.3832},
		{"The plot was good, but the characters are uncompelling and the dialog is not "
		 "great.", -0.7042},
		{"Today SUX!", -0.5461},
		{"Today only kinda sux! But I'll get by, lol", 0.5249},
		{"Make sure you :) or :D today!", 0.8633},
		{"Catch utf-8 emoji such as \xF0\x9F\x92\x98 and \xF0\x9F\x92\x8B and "
		 "\xF0\x9F\x98\x81", 0.7003},
		{"Not bad at all", 0.431},
		{"Sentiment analysis has never been good.", -0.3412},
		{"Sentiment analysis has never been this good!", 0.5672},
		{"Most automated sentiment analysis tools are shit.", -0.5574},
		{"With VADER, sentiment analysis is the shit!", 0.6476},
		{"Other sentiment analysis tools can be quite bad.", -0.5849},
		{"On the other hand, VADER is quite bad ass", 0.802},
		{"Without a doubt, excellent idea.", 0.7013},
		{"Roger Dodger is one of the most compelling variations on this theme.", 0.2944},
		{"Roger Dodger is at least compelling as a variation on the theme.", 0.2263},
		{"Roger Dodger is one of the least compelling variations on this theme.", -0.1695},
	};
	tly_err err = {0};
	tly_lexicon *lx = tly_lexicon_vader(0, &err);

	CHECK(lx != NULL);
	if (!lx)
		return;
	for (size_t i = 0; i < sizeof ex / sizeof *ex; i++) {
		tly_tone_score s = score_with(lx, ex[i].s);
		if (fabs(s.compound - ex[i].c) > 0.00005)
			fprintf(stderr, "  %s: %.4f\n", ex[i].s, s.compound);
		CHECK_NEAR(s.compound, ex[i].c, 0.00005);
	}
	tly_lexicon_free(lx);
}

TEST(tone_lexicon_vader_loading)
{
	tly_err err = {0};
	tly_lexicon *lx = tly_lexicon_vader(0, &err);
	double v;

	CHECK(lx != NULL);
	if (!lx)
		return;
	CHECK(tly_lexicon_get(lx, "lol", 3, &v) && v == 1.8);   /* the later of two lines */
	CHECK(tly_lexicon_get(lx, ":p", 2, &v) && v == 1.0);    /* ":P" never matches */
	CHECK(tly_lexicon_get(lx, "can't stand", 11, &v) && v == -2.0);
	CHECK(!tly_lexicon_get(lx, "the", 3, &v));
	CHECK(tly_lexicon_size(lx) > 7000);
	tly_lexicon_free(lx);
}

static const char *write_tmp(const char *name, const char *text)
{
	static char path[512];
	const char *dir = getenv("TALLY_TMP");
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "/tmp", name);
	fp = fopen(path, "w");
	CHECK(fp != NULL);
	if (fp) {
		fputs(text, fp);
		fclose(fp);
	}
	return path;
}

static long load(const char *text, int dups, tly_err *err, tly_lexicon **out)
{
	tly_lexicon *lx = tly_lexicon_new(0);
	const char *p = write_tmp(strchr(text, '\t') ? "lex.tsv" : "lex.csv", text);
	long r;

	memset(err, 0, sizeof *err);
	r = tly_lexicon_load(lx, p, dups, err);
	if (out)
		*out = lx;
	else
		tly_lexicon_free(lx);
	return r;
}

TEST(tone_lexicon_files)
{
	tly_lexicon *lx;
	tly_err err;
	double v;

	/* CSV with a header, quotes, a phrase, case and spaces folded */
	CHECK(load("word,score\n\"Good\",2\n\"not  Working\",-3\nbad , -1.5 \n", 0, &err, &lx) == 3);
	CHECK(tly_lexicon_get(lx, "good", 4, &v) && v == 2);
	CHECK(tly_lexicon_get(lx, "not working", 11, &v) && v == -3);
	CHECK(tly_lexicon_get(lx, "bad", 3, &v) && v == -1.5);
	tly_lexicon_free(lx);
	/* TSV without a header; extra columns ignored; a blank line */
	CHECK(load("good\t2\t0.5\t[1, 2]\n\nbad\t-2\n", 0, &err, NULL) == 2);
	/* the same entry with the same value is no error */
	CHECK(load("good\t2\ngood\t2\n", 0, &err, NULL) == 1);
	/* duplicates: error naming both lines, or the first or last wins */
	CHECK(load("good\t2\nbad\t-1\nGood\t3\n", TLY_LEXDUP_ERROR, &err, NULL) == -1);
	CHECK(strstr(err.msg, "lex.tsv:3: duplicate entry \"good\" with valence 3; line 1 gave 2") != NULL);
	CHECK(load("good\t2\nGood\t3\n", TLY_LEXDUP_FIRST, &err, &lx) == 1);
	CHECK(tly_lexicon_get(lx, "good", 4, &v) && v == 2);
	tly_lexicon_free(lx);
	CHECK(load("good\t2\nGood\t3\n", TLY_LEXDUP_LAST, &err, &lx) == 1);
	CHECK(tly_lexicon_get(lx, "good", 4, &v) && v == 3);
	tly_lexicon_free(lx);
	/* bad rows */
	CHECK(load("good\t2\nbad\tminus two\n", 0, &err, NULL) == -1);
	CHECK(strstr(err.msg, "lex.tsv:2: valence \"minus two\" is not a number") != NULL);
	CHECK(load("good,2\nbad,\n", 0, &err, NULL) == -1);
	CHECK(strstr(err.msg, "lex.csv:2: valence \"\" is not a number") != NULL);
	CHECK(load("good,2\nbad\n", 0, &err, NULL) == -1);
	CHECK(strstr(err.msg, "lex.csv:2: expected entry,valence") != NULL);
	CHECK(load("good\t2\nbad -2\n", 0, &err, NULL) == -1);
	CHECK(strstr(err.msg, "lex.tsv:2: expected entry<TAB>valence") != NULL);
	/* a first line is a header only when its valence field is a name */
	CHECK(load("good\tnan\n", 0, &err, NULL) == -1);
	CHECK(strstr(err.msg, "lex.tsv:1: valence \"nan\" is not a number") != NULL);
	CHECK(load("good\t2.0x\nbad\t-2\n", 0, &err, NULL) == -1);
	CHECK(strstr(err.msg, "lex.tsv:1: valence \"2.0x\" is not a number") != NULL);
	CHECK(load("word\tvalence\n", 0, &err, NULL) == -1);  /* a header, then nothing */
	CHECK(strstr(err.msg, "empty lexicon") != NULL);
	CHECK(load("word,valence\n", 0, &err, NULL) == -1);
	CHECK(strstr(err.msg, "lex.csv: empty lexicon") != NULL);
	CHECK(load("\t2\n", 0, &err, NULL) == -1);
	CHECK(strstr(err.msg, "lex.tsv:1: empty entry") != NULL);
	CHECK(load("word\tscore\nx\t1\n", 0, &err, NULL) == 1);  /* line 1: a header */
	CHECK(load("good\t1e999\nx\t1\n", 0, &err, NULL) == -1);
	CHECK(strstr(err.msg, "lex.tsv:1: valence \"1e999\" is not a number") != NULL);
	CHECK(load("x\t1\ngood\t1e999\n", 0, &err, NULL) == -1);
	CHECK(strstr(err.msg, "lex.tsv:2: valence \"1e999\" is not a number") != NULL);
	/* decimal numbers only, within bounds no sentence's sum overflows */
	CHECK(load("x\t1\ngood\t0x10\n", 0, &err, NULL) == -1);
	CHECK(strstr(err.msg, "lex.tsv:2: valence \"0x10\" is not a number from -1e6 to 1e6") != NULL);
	CHECK(load("x,1\ngood,1e308\n", 0, &err, NULL) == -1);
	CHECK(strstr(err.msg, "lex.csv:2: valence \"1e308\" is not a number from -1e6 to 1e6") != NULL);
	CHECK(load("x\t-1.5e2\ngood\t+2\n", 0, &err, NULL) == 2);
	CHECK(load("g\xC3\t1\n", 0, &err, NULL) == -1);
	CHECK(strstr(err.msg, "lex.tsv:1: invalid UTF-8") != NULL);
}

TEST(tone_bootstrap)
{
	double x[] = {0.5, -0.25, 0.0, 0.75, 0.1};
	double lo, hi, lo2, hi2;

	tly_bootstrap_mean(x, 0, 1000, 1, 0.05, &lo, &hi);
	CHECK(isnan(lo) && isnan(hi));
	tly_bootstrap_mean(x, 5, 0, 1, 0.05, &lo, &hi);
	CHECK(isnan(lo) && isnan(hi));
	tly_bootstrap_mean(x, 1, 1000, 1, 0.05, &lo, &hi);
	CHECK(lo == 0.5 && hi == 0.5);
	tly_bootstrap_mean(x, 5, 1000, 7, 0.05, &lo, &hi);
	tly_bootstrap_mean(x, 5, 1000, 7, 0.05, &lo2, &hi2);
	CHECK(lo == lo2 && hi == hi2);  /* deterministic */
	CHECK(lo >= -0.25 && lo < 0.22 && hi > 0.22 && hi <= 0.75);
	/* the multinomial path (n*B > 1e7, two distinct values): the percentile
	 * interval of a proportion of 1/4 in 200000 is close to the normal
	 * one, 0.25 +- 1.96 sqrt(0.25 * 0.75 / 200000) = 0.25 +- 0.001898 */
	size_t n = 200000;
	double *y = malloc(n * sizeof *y);
	for (size_t i = 0; i < n; i++)
		y[i] = i % 4 == 0;
	tly_bootstrap_mean(y, n, 1000, 1, 0.05, &lo, &hi);
	CHECK_NEAR(lo, 0.25 - 0.001898, 0.0003);
	CHECK_NEAR(hi, 0.25 + 0.001898, 0.0003);
	free(y);
}

static int cmp_value(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return (a > b) - (a < b);
}

/* tly_sort_values gives qsort's bytes: arrays drawn from a few values (the
 * counting path, with either zero, infinities, a NaN), from many (qsort's
 * path), of every size around the counting path's threshold (n/2 distinct
 * values). */
TEST(tone_sort_values)
{
	static const double pool[] = {0.0, 1.0, -0.5, 0.25, 1e-300, -1e300, 0.1, -0.1,
	                              0.3333333333333333, 4.9e-324, 2.5, -7.0};
	size_t sizes[] = {0, 1, 2, 7, 255, 256, 257, 1000, 4096, 20000, 100000};
	unsigned long r = 12345;

	for (size_t si = 0; si < sizeof sizes / sizeof *sizes; si++) {
		size_t n = sizes[si];
		double *a = malloc((n ? n : 1) * sizeof *a), *b = malloc((n ? n : 1) * sizeof *b);
		for (int kind = 0; kind < 9; kind++) {
			for (size_t i = 0; i < n; i++) {
				r = r * 6364136223846793005ul + 1442695040888963407ul;
				unsigned long u = r >> 33;
				if (kind == 0)       /* mostly zeros */
					a[i] = u % 10 ? 0.0 : pool[u / 10 % 12];
				else if (kind == 1)  /* a few values */
					a[i] = pool[u % 12];
				else if (kind == 2)  /* both zeros */
					a[i] = u % 3 ? 0.0 : u % 2 ? -0.0 : pool[u / 3 % 12];
				else if (kind == 3)  /* a NaN among few values */
					a[i] = i == n / 2 ? NAN : pool[u % 5];
				else if (kind == 4)  /* all distinct */
					a[i] = (double)u / 3.0 - 1e8;
				else if (kind == 5)  /* infinities and -0 */
					a[i] = u % 4 == 0 ? INFINITY : u % 4 == 1 ? -INFINITY
					       : u % 4 == 2 ? -0.0 : 1.0;
				else if (kind == 6)  /* about an eighth distinct */
					a[i] = u % 2 ? 0.0 : (double)(u % (n / 4 + 1));
				else if (kind == 7)  /* about half distinct, either sign */
					a[i] = ((double)(u % (n / 2 + 1)) - (double)n / 4) / 7.0;
				else                 /* half distinct and a -0 */
					a[i] = i == n / 3 ? -0.0 : (double)(u % (n / 2 + 2));
			}
			memcpy(b, a, n * sizeof *a);
			tly_sort_values(a, n);
			if (n)
				qsort(b, n, sizeof *b, cmp_value);
			CHECK(n == 0 || memcmp(a, b, n * sizeof *a) == 0);
		}
		free(a);
		free(b);
	}
}

TEST(tone_lexicon_error_one_line)
{
	tly_err err;

	/* a quoted field spanning lines is shown with its newline escaped, so the
	 * message stays one line (found by fuzz_lexicon) */
	CHECK(load("entry,valence\ngood,\"\n1x\"\n", 0, &err, NULL) < 0);
	CHECK(strchr(err.msg, '\n') == NULL);
	CHECK(strstr(err.msg, "valence \"\\n1x\" is not a number") != NULL);
	/* a duplicate's key with a control byte */
	CHECK(load("entry,valence\n\"a\x01" "b\",1\n\"a\x01" "b\",2\n", 0, &err, NULL) < 0);
	CHECK(strchr(err.msg, '\n') == NULL && strchr(err.msg, '\x01') == NULL);
	CHECK(strstr(err.msg, "\"a\\x01b\"") != NULL);
}
