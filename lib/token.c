/* token.c - the streaming Unicode tokenizer and sentence segmenter.
 *
 * A document is read in blocks into a buffer that always holds at least
 * TLY_MAX_TOKEN bytes of lookahead (or the rest of the document), so a token
 * never straddles a refill and memory stays bounded whatever the document's
 * size.  ASCII goes through a byte-class table; other characters are decoded
 * and classified with utf8proc.  Token text is NFC (utf8proc), apostrophes
 * unified to U+0027, case-folded and diacritic-folded on request.
 *
 * Rules (tally-tokens(1) documents them for users):
 *   - a word is a run of letters, marks and digits; an apostrophe between
 *     letters (U+2018 too, there only: see LSQUO), a hyphen (- U+2010
 *     U+2011) between letters or digits, a period between letters or digits
 *     ("qdnd.vn", "3.5"; its kin U+FF0E U+FE52 U+2024 between two letters
 *     or two digits: see is_period_kin_cp) and a comma between digits
 *     ("1,000") stay inside it; en and em dashes split ("Vietnam–US");
 *   - a final 's (or ’s, ‘s) is split off as its own token: "Board’s" -> board, 's;
 *   - single letters joined by periods with a final period are one acronym
 *     token ("U.S.", "D.C.", "e.g."); a known abbreviation ("Dr.", "etc.") or
 *     an initial ("M." in "Kurt M. Campbell") keeps its period;
 *   - a currency sign before digits, an uppercase prefix of up to three
 *     letters before it ("US$37.2"), and %/‰ after digits are part of the
 *     number;
 *   - punctuation, symbols and emoji are not words;
 *   - paragraphs are separated by blank lines (or U+2029); sentences end at
 *     . ! ? and their Unicode kin, with closing quotes and brackets after
 *     them, and at paragraph ends; an abbreviation of the "etc." kind ends a
 *     sentence only when the next word is capitalized, an acronym of capitals
 *     (or a.m., p.m.) only before a capitalized opener ("The", "In";
 *     cond_ends); titles, initials and other acronyms never do;
 *     after a full stop, a lowercase letter on the same line goes on with
 *     the sentence (UAX #29 SB8, lower_follows). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "tally.h"

#define BUFCAP (1024 * 1024)
#define NEED (TLY_MAX_TOKEN + 64)  /* lookahead kept in the buffer */
#define SLACK 64  /* readable bytes after the buffer, for 16-byte loads */

enum cls {
	C_SPACE, C_NL, C_PARA, C_NUL, C_WORD, C_UPPERW, C_DIGIT, C_TERM, C_APOS,
	C_CLOSE, C_PUNCT, C_CURRENCY, C_SYMBOL, C_HIGH
};

enum state { S_NONE, S_OPEN, S_CLOSING, S_COND };

struct tly_tokenizer {
	tly_tokopts o;
	tly_doc *doc;
	char *buf;
	size_t pos, len;
	int eof, done;
	size_t safe_end;        /* below it, the buffer holds NEED bytes of lookahead
	                           (or the rest of the document) */
	uint64_t base;          /* document offset of buf[0] */
	uint64_t line;          /* line of the current position in the origin */
	int64_t line_start;     /* document offset where that line starts */
	uint64_t index, para, sent;
	unsigned nl_run;
	int para_pending;
	int state;
	int aterm;              /* S_CLOSING after a full stop (UAX #29 ATerm),
	                           not ! or ?: see lower_follows */
	uint64_t sent_start, sent_end;
	int have_pend;
	uint64_t pend_start;
	uint64_t cond_end, cond_next;
	int cond_has_next;
	int cond_acro;          /* S_COND after an acronym: see cond_ends */
	uint64_t last_word_end; /* end of the last word token, for 's */
	int have_word;
	tly_buf text;
	utf8proc_int32_t *cps;
	size_t ncps;
	/* sentence text capture */
	int capturing;
	uint64_t cap_base, cap_upto;
	tly_buf cap;
	uint64_t replaced;
	char *btext;            /* tly_tok_batch's token texts */
	size_t bcap;
};

static unsigned char ascii_cls[256];  /* C_HIGH for bytes >= 128 */
static unsigned char ascii_lower[128];
/* For the fast path: bits of ASCII word characters (0 for everything else). */
enum { WB_WORD = 1, WB_UPPER = 2, WB_LOWER = 4, WB_DIGIT = 8 };
static unsigned char wbits[256];

/* What the character after a run of ASCII letters and digits asks of the
 * fast path: nothing (it ends the word), a look at the next character (a
 * joiner, or a period), or the full rules ($, %, non-ASCII). */
enum { WE_END, WE_JOIN, WE_SLOW };
static unsigned char wend[256];
/* A run's kind and flags from its WB_* bits (without TLY_TF_TITLE). */
static unsigned char word_kind[16], word_flags[16];

static void init_abbrevs(void);

static void init_tables_once(void)
{
	for (int c = 0; c < 128; c++) {
		unsigned char k = C_PUNCT;

		if (c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f')
			k = C_SPACE;
		else if (c == '\n')
			k = C_NL;
		else if (c == 0)
			k = C_NUL;
		else if (c < 32 || c == 127)
			k = C_SPACE;  /* stray control characters separate words */
		else if (c >= 'a' && c <= 'z')
			k = C_WORD;
		else if (c >= 'A' && c <= 'Z')
			k = C_UPPERW;
		else if (c >= '0' && c <= '9')
			k = C_DIGIT;
		else if (c == '.' || c == '!' || c == '?')
			k = C_TERM;
		else if (c == '\'')
			k = C_APOS;
		else if (c == '"' || c == ')' || c == ']' || c == '}')
			k = C_CLOSE;
		else if (c == '$')
			k = C_CURRENCY;
		ascii_cls[c] = k;
		ascii_lower[c] = (unsigned char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
	}
	for (int c = 128; c < 256; c++)
		ascii_cls[c] = C_HIGH;
	for (int c = 'a'; c <= 'z'; c++)
		wbits[c] = WB_WORD | WB_LOWER;
	for (int c = 'A'; c <= 'Z'; c++)
		wbits[c] = WB_WORD | WB_UPPER;
	for (int c = '0'; c <= '9'; c++)
		wbits[c] = WB_WORD | WB_DIGIT;
	for (int c = 0; c < 256; c++)
		wend[c] = c >= 128 || c == '$' || c == '%' ? WE_SLOW
		          : c == '.' || c == ',' || c == '-' || c == '\'' ? WE_JOIN : WE_END;
	for (unsigned a = 0; a < 16; a++) {
		int letters = (a & (WB_UPPER | WB_LOWER)) != 0;
		word_kind[a] = (a & WB_DIGIT) && !letters ? TLY_TK_NUMBER : TLY_TK_WORD;
		word_flags[a] = TLY_TF_ASCII | ((a & WB_UPPER) && !(a & WB_LOWER) ? TLY_TF_UPPER : 0);
	}
	init_abbrevs();
}

/* Safe to call from several threads: tokenizers may be made in parallel. */
static void init_tables(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, init_tables_once);
}

static int is_terminal_cp(utf8proc_int32_t cp)
{
	switch (cp) {
	case '.': case '!': case '?':
	case 0x2026: case 0x203C: case 0x203D: case 0x2047: case 0x2048: case 0x2049:
	case 0x3002: case 0xFF0E: case 0xFF01: case 0xFF1F: case 0xFF61:
	case 0x0589: case 0x061F: case 0x06D4: case 0x0964: case 0x0965: case 0x037E:
	case 0x1362: case 0x1367: case 0x1368:
	/* the rest of Unicode's Sentence_Terminal property (Unicode 16):
	 * Khmer, Myanmar, Mongolian, Syriac, Balinese... full stops */
	case 0x061D: case 0x061E: case 0x0700: case 0x0701: case 0x0702: case 0x07F9:
	case 0x0837: case 0x0839: case 0x083D: case 0x083E: case 0x104A: case 0x104B:
	case 0x166E: case 0x1735: case 0x1736: case 0x17D4: case 0x17D5: case 0x1803:
	case 0x1809: case 0x1944: case 0x1945: case 0x1AA8: case 0x1AA9: case 0x1AAA:
	case 0x1AAB: case 0x1B4E: case 0x1B4F: case 0x1B5A: case 0x1B5B: case 0x1B5E:
	case 0x1B5F: case 0x1B7D: case 0x1B7E: case 0x1B7F: case 0x1C3B: case 0x1C3C:
	case 0x1C7E: case 0x1C7F: case 0x2024: case 0x2CF9: case 0x2CFA: case 0x2CFB:
	case 0x2E2E: case 0x2E3C: case 0x2E53: case 0x2E54: case 0xA4FF: case 0xA60E:
	case 0xA60F: case 0xA6F3: case 0xA6F7: case 0xA876: case 0xA877: case 0xA8CE:
	case 0xA8CF: case 0xA92F: case 0xA9C8: case 0xA9C9: case 0xAA5D: case 0xAA5E:
	case 0xAA5F: case 0xAAF0: case 0xAAF1: case 0xABEB: case 0xFE12: case 0xFE15:
	case 0xFE16: case 0xFE52: case 0xFE56: case 0xFE57: case 0x10A56: case 0x10A57:
	case 0x10F55: case 0x10F56: case 0x10F57: case 0x10F58: case 0x10F59: case 0x10F86:
	case 0x10F87: case 0x10F88: case 0x10F89: case 0x11047: case 0x11048: case 0x110BE:
	case 0x110BF: case 0x110C0: case 0x110C1: case 0x11141: case 0x11142: case 0x11143:
	case 0x111C5: case 0x111C6: case 0x111CD: case 0x111DE: case 0x111DF: case 0x11238:
	case 0x11239: case 0x1123B: case 0x1123C: case 0x112A9: case 0x113D4: case 0x113D5:
	case 0x1144B: case 0x1144C: case 0x115C2: case 0x115C3: case 0x115C9: case 0x115CA:
	case 0x115CB: case 0x115CC: case 0x115CD: case 0x115CE: case 0x115CF: case 0x115D0:
	case 0x115D1: case 0x115D2: case 0x115D3: case 0x115D4: case 0x115D5: case 0x115D6:
	case 0x115D7: case 0x11641: case 0x11642: case 0x1173C: case 0x1173D: case 0x1173E:
	case 0x11944: case 0x11946: case 0x11A42: case 0x11A43: case 0x11A9B: case 0x11A9C:
	case 0x11C41: case 0x11C42: case 0x11EF7: case 0x11EF8: case 0x11F43: case 0x11F44:
	case 0x16A6E: case 0x16A6F: case 0x16AF5: case 0x16B37: case 0x16B38: case 0x16B44:
	case 0x16D6E: case 0x16D6F: case 0x16E98: case 0x1BC9F: case 0x1DA88:
		return 1;
	}
	return 0;
}

/* The apostrophes: U+0027, U+2019, the modifier letter U+02BC, and U+FF07,
 * the fullwidth form of U+0027 (in CJK text: "McDonald＇s"), which UAX #29
 * gives U+0027's role (MidNumLet). */
static int is_apos_cp(utf8proc_int32_t cp)
{
	return cp == '\'' || cp == 0x2019 || cp == 0x02BC || cp == 0xFF07;
}

/* U+2018, the left single quotation mark, which smart-quote autocorrect
 * puts where an apostrophe was meant ("Côte d‘Ivoire", "don‘t"): UAX #29
 * gives it the MidNumLet of U+2019, so between two letters it is an
 * apostrophe (WB6, WB7).  Elsewhere it is the opening quote it looks like
 * ("‘Quoted’", "rock ‘n’ roll"), so it is no C_APOS: the rules that make
 * it an apostrophe look at its neighbours (scan_word, the clitic 's,
 * normalize). */
#define LSQUO 0x2018

/* U+02BB MODIFIER LETTER TURNED COMMA, a letter to UAX #29 (ALetter): the
 * Hawaiian ʻokina ("Hawaiʻi") and the sign of Uzbek oʻ and gʻ
 * ("Oʻzbekiston"), which writers without it type as ' or ‘ ("Hawai'i",
 * "O‘zbekiston", as data/gazetteer spells it).  It stays a letter of the
 * word it is in (no clitic 's is split off after it, no quote opens
 * with it); between two letters its text is U+0027, as a U+2018's there
 * is (normalize), so that the spellings match.
 * At a word's edge ("ʻOahu", "togʻ") it stays, where an apostrophe would be
 * punctuation. */
#define TURNED_COMMA 0x02BB

/* The full stops that UAX #29 gives the MidNumLet of U+002E: U+2024 ONE DOT
 * LEADER, U+FE52 SMALL FULL STOP and U+FF0E FULLWIDTH FULL STOP, which CJK
 * input methods type for a period ("qdnd．vn", "３．５"); NFKC makes each a
 * U+002E.  Inside a word they are its period (period_kin_joins); anywhere
 * else the full stops they are (is_terminal_cp, is_aterm), never an
 * abbreviation's or an acronym's period. */
static int is_period_kin_cp(utf8proc_int32_t cp)
{
	return cp == 0x2024 || cp == 0xFE52 || cp == 0xFF0E;
}

/* Whether cp is a letter that UAX #29 calls ALetter or Hebrew_Letter: a
 * letter of a script written with spaces between words.  Not the letters
 * of the scripts written without them: Han, kana and the CJK marks, and
 * those whose word breaks need a dictionary (Thai, Lao, Myanmar, Khmer, the
 * Tai scripts, Ahom), for which the period kin between two letters are the
 * end of a sentence (Japanese technical writing ends sentences with
 * U+FF0E). */
static int is_aletter_cp(utf8proc_int32_t cp)
{
	if (cp < 128)
		return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
	utf8proc_category_t c = utf8proc_category(cp);
	if (c < UTF8PROC_CATEGORY_LU || c > UTF8PROC_CATEGORY_LO)
		return 0;
	return !((cp >= 0x0E00 && cp <= 0x0EFF) ||     /* Thai, Lao */
	         (cp >= 0x1000 && cp <= 0x109F) ||     /* Myanmar */
	         (cp >= 0x1780 && cp <= 0x17FF) ||     /* Khmer */
	         (cp >= 0x1950 && cp <= 0x19DF) ||     /* Tai Le, New Tai Lue */
	         (cp >= 0x1A20 && cp <= 0x1AAF) ||     /* Tai Tham */
	         (cp >= 0x3000 && cp <= 0x30FF) ||     /* CJK marks, kana */
	         (cp >= 0x31F0 && cp <= 0x31FF) ||     /* Katakana */
	         (cp >= 0x3400 && cp <= 0x4DBF) ||     /* Han */
	         (cp >= 0x4E00 && cp <= 0x9FFF) ||
	         (cp >= 0xA9E0 && cp <= 0xA9FF) ||     /* Myanmar */
	         (cp >= 0xAA60 && cp <= 0xAADF) ||     /* Myanmar, Tai Viet */
	         (cp >= 0xF900 && cp <= 0xFAFF) ||     /* Han */
	         (cp >= 0xFF66 && cp <= 0xFF9F) ||     /* halfwidth Katakana */
	         (cp >= 0x11700 && cp <= 0x1174F) ||   /* Ahom */
	         (cp >= 0x17000 && cp <= 0x1B2FF) ||   /* Tangut, kana, Nushu */
	         cp >= 0x20000);                       /* Han */
}

static int is_hyphen_cp(utf8proc_int32_t cp)
{
	return cp == '-' || cp == 0x2010 || cp == 0x2011;
}

/* Characters that join the word characters on either side into one word:
 * default-ignorable format characters (normalization then removes them),
 * and UAX #29's MidLetter, which stay in the word: the middle dot of
 * Catalan "col·lecció" (and Greek's), the Hebrew gershayim of "צה״ל", the
 * hyphenation point. */
static int is_joiner_cp(utf8proc_int32_t cp)
{
	return cp == 0x00AD || cp == 0x200C || cp == 0x200D || cp == 0x2060 ||
	       cp == 0x00B7 || cp == 0x0387 || cp == 0x05F4 || cp == 0x2027;
}

/* The joiners that are invisible (removed by normalization). */
static int is_invisible_joiner_cp(utf8proc_int32_t cp)
{
	return cp == 0x00AD || cp == 0x200C || cp == 0x200D || cp == 0x2060;
}

/* Punctuation that may stand between an abbreviation's period and the
 * capitalized word that makes it a sentence end ("Inc. “We", "etc. ¿Qué"):
 * opening quotes and brackets, and the Spanish inverted marks. */
static int opens_cp(utf8proc_int32_t cp)
{
	utf8proc_category_t c = utf8proc_category(cp);

	return c == UTF8PROC_CATEGORY_PS || c == UTF8PROC_CATEGORY_PI || cp == 0x00BF ||
	       cp == 0x00A1;
}

static int is_hebrew_letter(utf8proc_int32_t cp)
{
	return cp >= 0x05D0 && cp <= 0x05EA;
}

static int uni_cls(utf8proc_int32_t cp)
{
	if (is_terminal_cp(cp))
		return C_TERM;
	if (is_apos_cp(cp))
		return C_APOS;
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LT:
		return C_UPPERW;
	case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
		return C_WORD;
	case UTF8PROC_CATEGORY_ND:
		return C_DIGIT;
	case UTF8PROC_CATEGORY_ZS:
		return C_SPACE;
	case UTF8PROC_CATEGORY_ZL:
		return C_NL;
	case UTF8PROC_CATEGORY_ZP:
		return C_PARA;
	case UTF8PROC_CATEGORY_CC:
		return cp == 0x85 ? C_NL : C_SPACE;
	case UTF8PROC_CATEGORY_CF:
		return C_SPACE;
	case UTF8PROC_CATEGORY_SC:
		return C_CURRENCY;
	case UTF8PROC_CATEGORY_SO: case UTF8PROC_CATEGORY_CO: case UTF8PROC_CATEGORY_CN:
		return C_SYMBOL;
	case UTF8PROC_CATEGORY_PE: case UTF8PROC_CATEGORY_PF:
		return C_CLOSE;
	default:
		return C_PUNCT;
	}
}

static int is_wordcls(int k) { return k == C_WORD || k == C_UPPERW || k == C_DIGIT; }

/* The word classes an apostrophe joins: no digits ("1990’s" splits). */
static int is_letter_cls(int k) { return k == C_WORD || k == C_UPPERW; }

/* Whether a period kin between the word characters prev (the last one
 * that is no combining mark) and next joins them, as UAX #29 does (WB6,
 * WB7: letters; WB11, WB12: digits): "qdnd．vn", "3．5"; not "mp3．com" or
 * "v．2", nor between ideographs or kana ("です．それ"). */
static int period_kin_joins(utf8proc_int32_t prev, utf8proc_int32_t next)
{
	if (is_aletter_cp(prev))
		return is_aletter_cp(next);
	return uni_cls(prev) == C_DIGIT && uni_cls(next) == C_DIGIT;
}

static int is_mark_cp(utf8proc_int32_t cp)
{
	int c = cp < 128 ? 0 : utf8proc_category(cp);

	return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC || c == UTF8PROC_CATEGORY_ME;
}

/* A word character no word begins with: a combining mark (Mn, Mc, Me), or
 * one that normalization drops (default ignorable, such as U+3164, the
 * Hangul filler).  Inside a word these belong to it. */
static int starts_nothing(utf8proc_int32_t cp)
{
	utf8proc_category_t c = utf8proc_category(cp);

	return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC ||
	       c == UTF8PROC_CATEGORY_ME || utf8proc_get_property(cp)->ignorable;
}

/* ---- abbreviations ------------------------------------------------------- */

/* Titles and other abbreviations that keep their period.  Titles never end a
 * sentence, nor do "v." and "vs.", which always have a second party after
 * them ("Vietnam vs. Thailand", "Trump v. United States": one sentence, so
 * both names co-occur); the others end one only before a capitalized word. */
static const char *const titles[] = {
	"adm", "amb", "capt", "cdr", "cmdr", "col", "dr", "fr", "gen", "gov", "hon",
	"insp", "lt", "maj", "messrs", "mme", "mmes", "mr", "mrs", "ms", "mt", "pres",
	"prof", "rep", "rev", "sen", "sgt", "st", "supt", "v", "vs",
};
static const char *const others[] = {
	"al", "approx", "apr", "aug", "bros", "co", "corp", "dec", "dept", "est", "etc",
	"feb", "fig", "inc", "jan", "jr", "jul", "jun", "ltd", "nov", "oct", "pte", "pty",
	"sep", "sept", "sr", "univ",
};

/* Abbreviations packed into integers (up to 7 lowercase letters, first
 * letter in the high byte) so a lookup is one probe or two in a table of
 * numbers. */
struct abbr {
	uint64_t key;
	int kind;
};
static struct abbr abbrs[sizeof titles / sizeof *titles + sizeof others / sizeof *others];
static size_t nabbrs;
/* The same, in a table of 128 slots by hash (key 0: empty). */
static struct abbr abbr_slots[128];

static inline size_t abbr_slot(uint64_t key)
{
	return (size_t)((key * 0x9E3779B97F4A7C15ull) >> 57);
}

/* A filter in front of the table: bit (hash >> 55) of the abbreviations'
 * keys, so that most words (a period follows one word in 15) are turned
 * away by one test. */
static uint64_t abbr_bits[8];

static inline size_t abbr_bit(uint64_t key)
{
	return (size_t)((key * 0x9E3779B97F4A7C15ull) >> 55);
}

static inline int abbr_find(uint64_t key)
{
	size_t bit = abbr_bit(key);

	if (!((abbr_bits[bit >> 6] >> (bit & 63)) & 1))
		return 0;
	for (size_t i = abbr_slot(key);; i = (i + 1) & 127) {
		if (abbr_slots[i].key == key)
			return abbr_slots[i].kind;
		if (!abbr_slots[i].key)
			return 0;
	}
}

/* Words that open sentences and hardly ever follow an acronym inside one,
 * capitalized ("the U.S. The move", "at 9 a.m. In Hanoi"), where names and
 * titles do ("U.S. President", "U.S. Army", "the U.K. Foreign Office"):
 * articles, pronouns, conjunctions, prepositions and sentence adverbs,
 * sorted for bsearch. */
static const char *const openers[] = {
	"a", "according", "after", "also", "although", "an", "and", "as", "at", "because",
	"before", "both", "but", "despite", "during", "each", "earlier", "he", "her", "his",
	"however", "i", "if", "in", "instead", "it", "its", "later", "meanwhile", "moreover",
	"most", "my", "nevertheless", "now", "on", "once", "our", "she", "since", "so",
	"some", "still", "such", "that", "the", "their", "then", "there", "these", "they",
	"this", "those", "though", "thus", "to", "we", "what", "when", "where", "while",
	"who", "why", "yet", "you",
};

/* Capitalized words that go on with a company's name after an abbreviation
 * of the "etc." kind ("Samsung Electronics Co. Ltd.", "Acme Corp. Inc."):
 * company forms, sorted for bsearch. */
static const char *const company_forms[] = {
	"ag", "bhd", "co", "corp", "gmbh", "inc", "jsc", "llc", "llp", "lp", "ltd", "nv",
	"plc", "pte", "pty", "sa", "sdn", "tbk",
};

static int cmp_opener(const void *a, const void *b)
{
	return strcmp((const char *)a, *(const char *const *)b);
}

static uint64_t pack(const char *w, size_t n)
{
	uint64_t k = 0;

	for (size_t i = 0; i < 8; i++)
		k = (k << 8) | (i < n ? (unsigned char)w[i] : 0);
	return k;
}

static void init_abbrevs(void)
{
	for (size_t i = 0; i < sizeof titles / sizeof *titles; i++)
		abbrs[nabbrs++] = (struct abbr){pack(titles[i], strlen(titles[i])), 1};
	for (size_t i = 0; i < sizeof others / sizeof *others; i++)
		abbrs[nabbrs++] = (struct abbr){pack(others[i], strlen(others[i])), 2};
	for (size_t k = 0; k < nabbrs; k++) {
		size_t i = abbr_slot(abbrs[k].key), bit = abbr_bit(abbrs[k].key);
		abbr_bits[bit >> 6] |= 1ull << (bit & 63);
		while (abbr_slots[i].key)
			i = (i + 1) & 127;
		abbr_slots[i] = abbrs[k];
	}
}

/* The abbreviations' key (pack) of the n ASCII letters at s lowercased,
 * with 8 bytes readable at s; 0 unless n is 1 to 7.  No branch. */
static inline uint64_t abbrev_key(const unsigned char *s, size_t n)
{
	uint64_t x;
	uint64_t ok = -(uint64_t)(n - 1 < 7);

	memcpy(&x, s, 8);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return __builtin_bswap64((x | 0x2020202020202020ull) & (~0ull >> ((64 - 8 * n) & 63)) & ok);
#else
	return (x | 0x2020202020202020ull) & (~0ull << ((64 - 8 * n) & 63)) & ok;
#endif
}

/* abbrev_kind() of n ASCII letters at s, with 8 bytes readable at s. */
static inline int abbrev_kind_letters(const char *s, size_t n)
{
	uint64_t key = abbrev_key((const unsigned char *)s, n);

	return key ? abbr_find(key) : 0;
}

#ifdef __SSE2__
/* Whether the n ASCII letters and digits at s (8 bytes readable), before a
 * period, are an abbreviation or an initial that keeps it (letters: they
 * are letters only), as abbrev_kind_letters and the initials' rule say:
 * the tests made without a branch but one, for the block loop of
 * tly_tok_words, where a word before a period is one in seven on the
 * benchmark corpus and which it is cannot be foreseen. */
static __attribute__((noinline)) unsigned keeps_period(const unsigned char *s, size_t n,
                                                       unsigned letters)
{
	uint64_t key = abbrev_key(s, n);
	size_t bit = abbr_bit(key);
	unsigned init = (n == 1) & ((unsigned)(s[0] - 'A') < 26u);
	unsigned maybe = (unsigned)(abbr_bits[bit >> 6] >> (bit & 63)) & (key != 0);

	if (!(letters & (init | maybe)))
		return 0;
	return init || abbr_find(key);
}
#endif

/* 0: not an abbreviation; 1: title; 2: other. */
static int abbrev_kind(const char *s, size_t n)
{
	char w[8];

	if (n == 0 || n >= sizeof w)
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 128 || !(ascii_cls[c] == C_WORD || ascii_cls[c] == C_UPPERW))
			return 0;
		w[i] = (char)ascii_lower[c];
	}
	uint64_t key = pack(w, n);
	return abbr_find(key);
}

/* ---- normalization --------------------------------------------------------- */

static utf8proc_int32_t map_dia(utf8proc_int32_t cp, void *data)
{
	int fold = *(int *)data;

	if (is_apos_cp(cp))
		return '\'';
	if (cp == 0x2010 || cp == 0x2011)
		return '-';
	if (!fold)
		return cp;
	switch (cp) {
	/* letters with no canonical decomposition: fold them by hand */
	case 0x0111: return 'd';   /* đ */
	case 0x0110: return 'D';   /* Đ */
	case 0x00F8: return 'o';   /* ø */
	case 0x00D8: return 'O';   /* Ø */
	case 0x0142: return 'l';   /* ł */
	case 0x0141: return 'L';   /* Ł */
	case 0x0127: return 'h';   /* ħ */
	case 0x0126: return 'H';   /* Ħ */
	case 0x0131: return 'i';   /* ı */
	case 0x0167: return 't';   /* ŧ */
	case 0x0166: return 'T';   /* Ŧ */
	case 0x00F0: return 'd';   /* ð */
	case 0x00D0: return 'D';   /* Ð */
	}
	return cp;
}

/* Whether --fold-diacritics drops the combining mark cp: the diacritics of
 * the Latin, Greek and Cyrillic alphabets (U+0300-U+036F and the blocks that
 * extend it, Cyrillic titlo and the like), Hebrew points and Arabic harakat,
 * which a reader takes away without changing the word.  The marks that are
 * part of a letter elsewhere stay: Indic and Thai vowel signs and viramas,
 * the kana voicing marks ("gakkou" is not "kakkou"). */
static int is_diacritic_cp(utf8proc_int32_t cp)
{
	return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x0483 && cp <= 0x0489) ||
	       (cp >= 0x0591 && cp <= 0x05BD) || cp == 0x05BF || cp == 0x05C1 || cp == 0x05C2 ||
	       cp == 0x05C4 || cp == 0x05C5 || cp == 0x05C7 ||
	       (cp >= 0x0610 && cp <= 0x061A) || (cp >= 0x064B && cp <= 0x065F) || cp == 0x0670 ||
	       (cp >= 0x1AB0 && cp <= 0x1AFF) || (cp >= 0x1DC0 && cp <= 0x1DFF) ||
	       (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE20 && cp <= 0xFE2F);
}

static int normalize(const char *s, size_t len, int fold_case, int fold_dia,
                     tly_buf *out, utf8proc_int32_t **cps, size_t *ncps)
{
	size_t i;

	for (i = 0; i < len && (unsigned char)s[i] < 128; i++)
		;
	if (i == len) {
		/* ASCII: only case folding can change it */
		size_t at = out->len;
		tly_buf_add(out, s, len);
		if (fold_case)
			for (size_t k = at; k < out->len; k++)
				out->data[k] = (char)ascii_lower[(unsigned char)out->data[k]];
		return 0;
	}
	utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_IGNORE;
	if (fold_case)
		opt |= UTF8PROC_CASEFOLD;
	int fd = fold_dia;
	for (;;) {
		utf8proc_ssize_t n = utf8proc_decompose_custom(
		    (const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, *cps,
		    (utf8proc_ssize_t)*ncps, opt, map_dia, &fd);
		if (n < 0)
			return -1;
		if ((size_t)n > *ncps) {
			*ncps = (size_t)n + 16;
			*cps = xrealloc(*cps, *ncps * sizeof **cps);
			continue;
		}
		/* on the decomposed text, before composing: */
		utf8proc_ssize_t w = 0;
		for (utf8proc_ssize_t j = 0; j < n; j++) {
			utf8proc_int32_t c = (*cps)[j];
			/* the capital dotted I folds to i and a combining dot above
			 * (U+0307), which a lower i has already: dropped after i and
			 * j, so that TÜRKİYE and İstanbul count as Türkiye and
			 * Istanbul (and "İ́" composes as "í" does) */
			if (fold_case && c == 0x0307 && w > 0 &&
			    ((*cps)[w - 1] == 'i' || (*cps)[w - 1] == 'j'))
				continue;
			if (fold_dia && is_diacritic_cp(c))
				continue;
			/* U+2018 between two letters is an apostrophe ("d‘Ivoire",
			 * "don‘t"), as in scan_word, and so is U+02BB there
			 * ("Oʻzbekiston"); the letter after it is the next code
			 * point, IGNORE having dropped the invisible ones */
			if ((c == LSQUO || c == TURNED_COMMA) && w > 0 && j + 1 < n &&
			    is_letter_cls(uni_cls((*cps)[w - 1])) && is_letter_cls(uni_cls((*cps)[j + 1])))
				c = '\'';
			/* the period kin inside a word are its period, as in
			 * scan_word ("qdnd．vn" is qdnd.vn); elsewhere they stay */
			if (is_period_kin_cp(c) && w > 0 && j + 1 < n) {
				utf8proc_ssize_t b = w - 1;
				while (b > 0 && is_mark_cp((*cps)[b]))
					b--;
				if (period_kin_joins((*cps)[b], (*cps)[j + 1]))
					c = '.';
			}
			/* an apostrophe that case folding made ("ŉ" is "ʼn") */
			(*cps)[w++] = is_apos_cp(c) ? '\'' : c;
		}
		n = utf8proc_normalize_utf32(*cps, w, opt);
		if (n < 0)
			return -1;
		/* re-encode into out: at most 4 bytes a code point */
		size_t at = out->len;
		xgrow((void **)&out->data, &out->cap, at + (size_t)n * 4 + 1, 1);
		size_t k = at;
		for (utf8proc_ssize_t j = 0; j < n; j++)
			k += (size_t)utf8proc_encode_char((*cps)[j], (utf8proc_uint8_t *)out->data + k);
		out->len = k;
		out->data[k] = '\0';
		return 0;
	}
}

int tly_normalize(const char *s, size_t len, int fold_case, int fold_dia, tly_buf *out)
{
	utf8proc_int32_t *cps = NULL;
	size_t ncps = 0;
	int r;

	init_tables();
	r = normalize(s, len, fold_case, fold_dia, out, &cps, &ncps);
	free(cps);
	return r;
}

int tly_has_word_char(const char *s, size_t len)
{
	init_tables();
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		utf8proc_int32_t cp;
		utf8proc_ssize_t r = 1;

		if (c < 128) {
			if (is_wordcls(ascii_cls[c]))
				return 1;
		} else {
			r = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
			                     (utf8proc_ssize_t)(len - i), &cp);
			if (r <= 0)
				r = 1;
			else if (is_wordcls(uni_cls(cp)))
				return 1;
		}
		i += (size_t)r;
	}
	return 0;
}

void tly_collapse_space(const char *s, size_t len, tly_buf *out)
{
	int space = 0;

	init_tables();
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		int k, n = 1;

		if (c < 128) {
			k = ascii_cls[c];
		} else {
			utf8proc_int32_t cp;
			utf8proc_ssize_t r = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
			                                      (utf8proc_ssize_t)(len - i), &cp);
			n = r > 0 ? (int)r : 1;
			k = r > 0 ? uni_cls(cp) : C_SYMBOL;
			if (r > 0 && cp == 0xFEFF)
				k = C_SPACE;
			else if (r > 0 && utf8proc_category(cp) == UTF8PROC_CATEGORY_CF)
				k = C_SYMBOL;  /* invisible, not whitespace: a soft hyphen,
				                  a joiner, a direction mark, kept as written */
		}
		if (k == C_SPACE || k == C_NL || k == C_PARA) {
			space = 1;
		} else {
			if (space && out->len)
				tly_buf_addc(out, ' ');
			space = 0;
			tly_buf_add(out, s + i, (size_t)n);
		}
		i += (size_t)n;
	}
}

/* ---- the tokenizer --------------------------------------------------------- */

tly_tokenizer *tly_tok_new(const tly_tokopts *o)
{
	tly_tokenizer *t = xcalloc(1, sizeof *t);

	init_tables();
	t->o = *o;
	t->buf = xcalloc(1, BUFCAP + SLACK);  /* zeroed: loads past the data read
	                                        defined bytes */
	/* token text is written in place, without growing the buffer, when a
	 * token is ASCII (at most TLY_MAX_TOKEN bytes) */
	xgrow((void **)&t->text.data, &t->text.cap, TLY_MAX_TOKEN + 64, 1);
	t->ncps = 256;
	t->cps = xmalloc(t->ncps * sizeof *t->cps);
	return t;
}

void tly_tok_free(tly_tokenizer *t)
{
	if (!t)
		return;
	free(t->buf);
	free(t->cps);
	tly_buf_free(&t->text);
	tly_buf_free(&t->cap);
	free(t->btext);
	free(t);
}

uint64_t tly_tok_replaced(const tly_tokenizer *t) { return t->replaced; }

void tly_tok_reset(tly_tokenizer *t, tly_doc *d)
{
	t->doc = d;
	t->pos = t->len = 0;
	t->eof = t->done = 0;
	t->safe_end = 0;
	t->base = 0;
	t->line = tly_doc_first_line(d);
	t->line_start = -(int64_t)tly_doc_first_col(d);
	t->index = t->para = t->sent = 0;
	t->nl_run = 0;
	t->para_pending = 1;
	t->state = S_NONE;
	t->aterm = 0;
	t->have_pend = 0;
	t->have_word = 0;
	t->capturing = 0;
	tly_buf_clear(&t->cap);
}

static int pos_error(tly_tokenizer *t, uint64_t off, tly_err *err, const char *what)
{
	const char *id = tly_doc_id(t->doc), *origin = tly_doc_origin(t->doc);
	size_t ni = strlen(id), no = strlen(origin);
	/* the id says nothing the path does not: the path itself, stdin, or a
	 * file's path within a directory operand (dir/a.txt, id a.txt) */
	int same = strcmp(id, origin) == 0 || strcmp(id, "-") == 0 ||
	           (ni < no && origin[no - ni - 1] == '/' && strcmp(origin + no - ni, id) == 0);

	return tly_err_set(err, TLY_EXIT_DATA, "%s:%llu:%llu: %s%s%s", origin,
	                   (unsigned long long)t->line,
	                   (unsigned long long)((int64_t)off - t->line_start + 1), what,
	                   same ? "" : " in document ", same ? "" : id);
}

static int refill(tly_tokenizer *t, tly_err *err)
{
	if (t->capturing) {
		/* keep the sentence's bytes before they leave the buffer */
		uint64_t upto = t->base + t->pos;
		if (upto > t->cap_upto) {
			tly_buf_add(&t->cap, t->buf + (t->cap_upto - t->base), upto - t->cap_upto);
			t->cap_upto = upto;
		}
		if (t->cap.len > TLY_MAX_SENTENCE)
			return pos_error(t, t->base + t->pos, err,
			                 "sentence longer than 67108864 bytes (the limit with "
			                 "--sentences)");
	}
	memmove(t->buf, t->buf + t->pos, t->len - t->pos);
	t->base += t->pos;
	t->len -= t->pos;
	t->pos = 0;
	while (!t->eof && t->len < BUFCAP) {
		ssize_t r = tly_doc_read(t->doc, t->buf + t->len, BUFCAP - t->len, err);
		if (r < 0)
			return -1;
		if (r == 0)
			t->eof = 1;
		t->len += (size_t)r;
		if (t->len >= NEED * 2)
			break;
	}
	t->safe_end = t->eof ? t->len : t->len >= NEED ? t->len - NEED + 1 : 0;
	/* a byte-order mark opening the document is not text */
	if (t->base == 0 && t->len >= 3 && memcmp(t->buf, "\xEF\xBB\xBF", 3) == 0 &&
	    t->pos == 0 && t->index == 0 && t->sent == 0 && !t->have_pend)
		t->pos = 3;
	return 0;
}

/* Decode the character at buffer index i: its class, code point and length.
 * Returns length 0 at the end of the buffer, -1 for invalid UTF-8. */
static inline __attribute__((always_inline)) int
peek(const tly_tokenizer *t, size_t i, utf8proc_int32_t *cp, int *k)
{
	if (i >= t->len) {
		*cp = -1;
		*k = C_SPACE;
		return 0;
	}
	unsigned char c = (unsigned char)t->buf[i];
	if (c < 128) {
		*cp = c;
		*k = ascii_cls[c];
		return 1;
	}
	utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)t->buf + i,
	                                      (utf8proc_ssize_t)(t->len - i), cp);
	if (n < 0) {
		*cp = -1;
		*k = C_SYMBOL;
		return -1;
	}
	*k = uni_cls(*cp);
	return (int)n;
}

/* A full stop in UAX #29's sense (ATerm): the period and its kin, not the
 * terminals that always end a sentence (! ?); and the ellipsis, a terminal
 * here, which ends like the three periods it stands for. */
static int is_aterm(utf8proc_int32_t cp)
{
	return cp == '.' || cp == 0x2024 || cp == 0xFE52 || cp == 0xFF0E || cp == 0x2026;
}

/* How far lower_follows looks: no more than the lookahead the buffer always
 * holds, so that the answer does not depend on where it was refilled. */
#define SB8_SPAN 64

/* UAX #29's rule SB8: after a full stop, closing punctuation and spaces,
 * the sentence goes on when the next letter is lowercase, with nothing but
 * digits, spaces, punctuation other than terminals and symbols before it
 * ("No. 1 in", "a Ph.D. from", "he said no. (and"); an uppercase or caseless
 * letter, a terminal, a line break, the end of the text or SB8_SPAN bytes
 * without a letter end it.  p: the first visible character after the full
 * stop's closing punctuation. */
static __attribute__((noinline)) int lower_follows(const tly_tokenizer *t, size_t p)
{
	size_t lim = p + SB8_SPAN;

	while (p < lim) {
		utf8proc_int32_t cp;
		int k, n = peek(t, p, &cp, &k);

		if (n <= 0)
			return 0;  /* the end, or invalid UTF-8 */
		if (k == C_WORD) {
			if (cp < 128)
				return 1;
			utf8proc_category_t c = utf8proc_category(cp);
			if (c == UTF8PROC_CATEGORY_LL)
				return 1;
			if (c != UTF8PROC_CATEGORY_MN && c != UTF8PROC_CATEGORY_MC &&
			    c != UTF8PROC_CATEGORY_ME)
				return 0;  /* a caseless letter; marks are skipped */
		} else if (k == C_UPPERW || k == C_TERM || k == C_NL || k == C_PARA || k == C_NUL) {
			return 0;
		}
		p += (size_t)n;
	}
	return 0;
}

/* In S_CLOSING, before the visible character at p that the sentence's end
 * does not take, nl line breaks after the end: whether the sentence goes on
 * (SB8, after a full stop, on the same line), in which case it is open
 * again. */
static inline int goes_on(tly_tokenizer *t, size_t p, unsigned nl)
{
	if (!t->aterm || nl || !lower_follows(t, p))
		return 0;
	t->state = S_OPEN;
	return 1;
}

static int is_wordchar_at(const tly_tokenizer *t, size_t i)
{
	utf8proc_int32_t cp;
	int k;

	return peek(t, i, &cp, &k) > 0 && is_wordcls(k);
}

static int is_letter_at(const tly_tokenizer *t, size_t i, int *n)
{
	utf8proc_int32_t cp;
	int k;

	*n = peek(t, i, &cp, &k);
	return *n > 0 && (k == C_WORD || k == C_UPPERW) &&
	       (cp < 128 || utf8proc_category(cp) <= UTF8PROC_CATEGORY_LO);
}

/* The first index from i (below lim) that holds no combining mark. */
static size_t skip_marks(const tly_tokenizer *t, size_t i, size_t lim)
{
	while (i < lim) {
		utf8proc_int32_t cp;
		int k, n = peek(t, i, &cp, &k);
		if (n <= 0 || !is_mark_cp(cp))
			break;
		i += (size_t)n;
	}
	return i;
}

struct scan {
	size_t end;        /* buffer index after the token */
	int kind;
	unsigned flags;
	int abbrev;        /* abbrev_kind(), or 3 for an initial */
	int text_done;     /* the token's text is already in t->text */
};

/* Scan a run of ASCII letters and digits starting at buffer index j, which
 * ends at lim at the latest, writing its bytes (case-folded with fold) to
 * out as it goes; out gets up to 16 bytes more than the run, and may be
 * written up to 16 bytes past TLY_MAX_TOKEN + 1.  Returns the index after
 * the run; *acc gets the WB_* bits of the run's bytes and *title whether
 * its first letter is a capital. */
static inline size_t scan_ascii(const unsigned char *b, size_t j, size_t lim, char *out,
                                int fold, unsigned *acc, int *title)
{
	size_t s = j;
	unsigned a = 0;
	int ti = -1;
#ifdef __SSE2__
	/* 16 bytes at a time: letters are bytes whose (c | 0x20) is in a..z,
	 * digits those in 0..9 (unsigned comparisons by the sign-bias trick) */
	const __m128i x20 = _mm_set1_epi8(0x20);
	const __m128i aoff = _mm_set1_epi8((char)(128 - 'a')), alim = _mm_set1_epi8((char)(-128 + 26));
	const __m128i doff = _mm_set1_epi8((char)(128 - '0')), dlim = _mm_set1_epi8((char)(-128 + 10));
	for (;;) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(b + j));
		__m128i alpha = _mm_cmplt_epi8(_mm_add_epi8(_mm_or_si128(v, x20), aoff), alim);
		__m128i digit = _mm_cmplt_epi8(_mm_add_epi8(v, doff), dlim);
		__m128i upper = _mm_andnot_si128(_mm_cmpeq_epi8(_mm_and_si128(v, x20), x20), alpha);
		_mm_storeu_si128((__m128i *)(void *)(out + (j - s)),
		                 fold ? _mm_or_si128(v, _mm_and_si128(upper, x20)) : v);
		unsigned am = (unsigned)_mm_movemask_epi8(alpha);
		unsigned dm = (unsigned)_mm_movemask_epi8(digit);
		unsigned um = (unsigned)_mm_movemask_epi8(upper);
		unsigned stop = ~(am | dm) & 0xFFFFu;
		if (lim - j < 16)
			stop |= ~0u << (lim - j);  /* nothing past lim is read */
		unsigned n = (unsigned)__builtin_ctz(stop | 0x10000u), in = (1u << n) - 1;
		am &= in;
		um &= in;
		dm &= in;
		if (um)
			a |= WB_UPPER;
		if (am & ~um)
			a |= WB_LOWER;
		if (dm)
			a |= WB_DIGIT;
		if (ti < 0 && am)
			ti = (int)((um >> __builtin_ctz(am)) & 1);
		j += n;
		if (n < 16 || j - s > TLY_MAX_TOKEN)
			break;
	}
#else
	for (unsigned m; j < lim && (m = wbits[b[j]]) != 0 && j - s <= TLY_MAX_TOKEN; j++) {
		a |= m;
		if (ti < 0 && (m & (WB_UPPER | WB_LOWER)))
			ti = (m & WB_UPPER) != 0;
		out[j - s] = (char)(fold ? ascii_lower[b[j]] : b[j]);
	}
	if (j < lim)
		out[j - s] = (char)b[j];
#endif
	*acc = a;
	*title = ti > 0;
	return j;
}

/* Scan a word or number starting at buffer index s. */
static int scan_word(tly_tokenizer *t, size_t s, struct scan *sc, tly_err *err)
{
	/* Fast path: a run of ASCII letters and digits that ends at a character
	 * no rule looks at (space, most punctuation).  Anything else, including
	 * every joiner and any non-ASCII byte, takes the full rules below. */
	{
		const unsigned char *b = (const unsigned char *)t->buf;
		size_t lim = t->len;
		unsigned acc;
		int title;
		/* the folded text is written as the word is scanned; the byte
		 * after it too, for an abbreviation's period */
		size_t j = scan_ascii(b, s, lim, t->text.data, t->o.fold_case, &acc, &title);

		if (j == s || j - s > TLY_MAX_TOKEN || (j == lim && !t->eof))
			goto slow;
		int letters = (acc & (WB_UPPER | WB_LOWER)) != 0;
		sc->end = j;
		sc->abbrev = 0;
		sc->kind = ((acc & WB_DIGIT) && !letters) ? TLY_TK_NUMBER : TLY_TK_WORD;
		if (j < lim) {
			unsigned char c = b[j];
			if (c >= 128 || c == '$' || c == '%')
				goto slow;
			if (c == '.' || c == ',' || c == '-' || c == '\'') {
				/* a joiner only when a word character follows */
				unsigned char c2 = j + 1 < lim ? b[j + 1] : ' ';
				if (c2 >= 128 || wbits[c2])
					goto slow;
				if (c == '.' && letters && !(acc & WB_DIGIT)) {
					int ak = abbrev_kind(t->buf + s, j - s);
					if (!ak && j - s == 1 && (acc & WB_UPPER))
						ak = 3;  /* an initial */
					if (ak) {
						sc->end = j + 1;
						sc->kind = TLY_TK_ABBREV;
						sc->abbrev = ak;
					}
				}
			}
		}
		sc->flags = TLY_TF_ASCII;
		if ((acc & WB_UPPER) && !(acc & WB_LOWER))
			sc->flags |= TLY_TF_UPPER;
		if (title)
			sc->flags |= TLY_TF_TITLE;
		t->text.data[sc->end - s] = '\0';
		t->text.len = sc->end - s;
		sc->text_done = 1;
		return 0;
	}
slow:;
	size_t i = s;
	int letters = 0, upper = 0, lower = 0, digits = 0, first_letter = -1;
	int ascii = 1, ncp = 0, marks = 0, money = 0, numerals = 0;
	size_t part = s;  /* where the last hyphenated part begins */
	utf8proc_int32_t cp, prev = 0, base = 0;  /* base: the last word character
	                                            that is no mark */
	int k, prevk = C_SPACE, n;

	n = peek(t, i, &cp, &k);
	if (k == C_CURRENCY) {  /* "$5", "€10" */
		i += (size_t)n;
		money = 1;
		if (cp >= 128)
			ascii = 0;
	}
	for (;;) {
		if (i - s > TLY_MAX_TOKEN)
			return pos_error(t, t->base + s, err,
			                 "token longer than 65536 bytes (the limit)");
		n = peek(t, i, &cp, &k);
		if (n <= 0)
			break;
		if (is_wordcls(k)) {
			if (k == C_DIGIT) {
				digits++;
			} else if (cp < 128 || utf8proc_category(cp) <= UTF8PROC_CATEGORY_LO) {
				letters++;
				int up = k == C_UPPERW;
				if (first_letter < 0)
					first_letter = up;
				if (up)
					upper++;
				else if (cp < 128 || utf8proc_category(cp) == UTF8PROC_CATEGORY_LL)
					lower++;
			} else if (is_mark_cp(cp)) {
				marks++;  /* on the letter before it (decomposed text) */
			} else {
				numerals++;  /* ½, ², Ⅻ: numbers, not letters (No, Nl) */
			}
			if (cp < 128 || !marks || !is_mark_cp(cp))
				base = cp;
			if (cp >= 128)
				ascii = 0;
			prev = cp;
			prevk = k;
			ncp++;
			i += (size_t)n;
			continue;
		}
		if (!is_wordcls(prevk))
			break;
		if (cp == 0x05F3 && is_hebrew_letter(prev)) {
			/* the Hebrew geresh after a letter, a letter to UAX #29
			 * (ALetter): צ׳רצ׳יל, ג׳ו, ג׳ are one word each */
			ascii = 0;
			prev = cp;
			i += (size_t)n;
			continue;
		}
		if (is_invisible_joiner_cp(cp)) {
			/* a run of them ("a SHY ZWNJ b") joins as one does: UAX #29
			 * ignores format characters inside a word */
			size_t j = i + (size_t)n;
			utf8proc_int32_t c2;
			int k2, n2;
			while ((n2 = peek(t, j, &c2, &k2)) > 0 && is_invisible_joiner_cp(c2))
				j += (size_t)n2;
			if (n2 <= 0 || !is_wordcls(k2) || j == i + (size_t)n)
				goto one;
			ascii = 0;
			i = j;
			continue;
		}
	one:;
		utf8proc_int32_t ncpt;
		int nk, nn = peek(t, i + (size_t)n, &ncpt, &nk);
		if (k == C_CURRENCY) {
			/* "US$37.2": up to three capitals, a currency sign, digits */
			if (nn > 0 && nk == C_DIGIT && !money && !digits && letters == upper &&
			    letters >= 1 && letters <= 3 && ascii) {
				money = 1;
				if (cp >= 128)
					ascii = 0;
				i += (size_t)n;
				prevk = C_SPACE;
				continue;
			}
			break;
		}
		/* a joiner: apostrophe, hyphen, period or comma inside the word */
		if (nn <= 0 || !is_wordcls(nk))
			break;
		if ((k == C_APOS || cp == LSQUO) && prevk != C_DIGIT && nk != C_DIGIT) {
			/* split a final 's: "Board’s" -> "Board" + "’s" */
			if ((ncpt == 's' || ncpt == 'S') &&
			    !is_wordchar_at(t, i + (size_t)n + (size_t)nn))
				break;
		} else if (is_hyphen_cp(cp) || is_joiner_cp(cp)) {
			/* joins letters or digits */
			if (is_hyphen_cp(cp))
				part = i + (size_t)n;
		} else if (cp == '.' ) {
			/* "qdnd.vn", "3.5", "U.S" */
		} else if (is_period_kin_cp(cp) && period_kin_joins(base, ncpt)) {
			/* "qdnd．vn", "3．5": U+002E's kin, between letters or
			 * between digits */
		} else if ((cp == ',' || cp == 0x066B || cp == 0x066C) && prevk == C_DIGIT &&
		           nk == C_DIGIT) {
			/* "1,000", and the Arabic decimal and thousands separators
			 * ("٣٫٥", "١٬٠٠٠"), UAX #29's Numeric and MidNum */
		} else if (cp == '"' && is_hebrew_letter(prev) && is_hebrew_letter(ncpt)) {
			/* the gershayim typed as '"' ("צה"ל"), UAX #29's WB7b */
		} else {
			break;
		}
		if (cp >= 128)
			ascii = 0;
		prev = cp;
		prevk = C_SPACE;
		i += (size_t)n;
	}
	(void)prev;
	sc->abbrev = 0;
	sc->kind = ((digits || numerals) && (!letters || money)) ? TLY_TK_NUMBER : TLY_TK_WORD;
	if (digits && (cp == '%' || cp == 0x2030 || cp == 0x066A) && prevk == C_DIGIT) {
		i += (size_t)n;  /* "3.5%", "2‰", "٥٪" */
		sc->kind = TLY_TK_NUMBER;
		ascii = ascii && cp < 128;
	} else if (digits && k == C_CURRENCY && prevk == C_DIGIT && !money) {
		i += (size_t)n;  /* "500₫" */
		sc->kind = TLY_TK_NUMBER;
		ascii = ascii && cp < 128;
	} else if (cp == '.' && letters && !digits) {
		/* acronym (U.S.), abbreviation (Dr.), initial (M.); an acronym
		 * also as the last part of a hyphenated word ("Vietnam-U.S.") */
		size_t j = part;
		int single = 1, m;

		while (j < i) {
			if (!is_letter_at(t, j, &m))
				break;
			j += (size_t)m;
			j = skip_marks(t, j, i);  /* "É." decomposed */
			if (j == i)
				break;
			if (t->buf[j] != '.') {
				single = 0;
				break;
			}
			j++;
		}
		if (j == i && single && memchr(t->buf + part, '.', i - part)) {
			i += 1;
			sc->kind = TLY_TK_ACRONYM;
		} else if ((sc->abbrev = abbrev_kind(t->buf + s, i - s)) != 0) {
			i += 1;
			sc->kind = TLY_TK_ABBREV;
		} else if (ncp - marks == 1 && upper == 1) {
			i += 1;
			sc->kind = TLY_TK_ABBREV;
			sc->abbrev = 3;
		}
	}
	sc->end = i;
	sc->flags = 0;
	if (letters && upper && !lower)
		sc->flags |= TLY_TF_UPPER;
	if (first_letter == 1)
		sc->flags |= TLY_TF_TITLE;
	if (ascii)
		sc->flags |= TLY_TF_ASCII;
	return 0;
}

/* Start keeping the bytes of a sentence that begins at doc offset off. */
static void begin_capture(tly_tokenizer *t, uint64_t off)
{
	if (!t->o.sentences || t->capturing)
		return;
	t->capturing = 1;
	t->cap_base = t->cap_upto = off;
	tly_buf_clear(&t->cap);
}

/* Note a visible character that may open the next sentence. */
static void set_pend(tly_tokenizer *t, uint64_t off)
{
	if (t->have_pend)
		return;
	t->have_pend = 1;
	t->pend_start = off;
	begin_capture(t, off);
}

/* Open a sentence at doc offset start (if none is open). */
static void open_sentence(tly_tokenizer *t, uint64_t start)
{
	if (t->state != S_NONE)
		return;
	if (t->have_pend && t->pend_start < start)
		start = t->pend_start;
	t->have_pend = 0;
	if (t->para_pending) {
		t->para++;
		t->para_pending = 0;
	}
	t->sent++;
	t->sent_start = start;
	t->sent_end = start;
	t->state = S_OPEN;
	begin_capture(t, start);
}

/* Close the open sentence at end; the next sentence may already have begun at
 * next (>= end) when next_ok.  Fills tok with the sentence record and returns
 * 1 in sentences mode, else returns 0. */
static int close_sentence(tly_tokenizer *t, uint64_t end, int next_ok, uint64_t next,
                          tly_token *tok)
{
	t->state = S_NONE;
	if (!t->o.sentences)
		return 0;
	uint64_t upto = t->base + t->pos;
	if (upto > t->cap_upto) {
		tly_buf_add(&t->cap, t->buf + (t->cap_upto - t->base), upto - t->cap_upto);
		t->cap_upto = upto;
	}
	memset(tok, 0, sizeof *tok);
	tok->kind = TLY_TK_SENTENCE;
	tok->start = t->sent_start;
	tok->end = end;
	tok->para = t->para;
	tok->sent = t->sent;
	/* the record's text is copied out of the capture, which the next
	 * sentence may reuse */
	tly_buf_clear(&t->text);
	if (t->o.lenient)  /* its invalid bytes read as U+FFFD, as in its tokens */
		tly_buf_add_valid(&t->text, t->cap.data + (t->sent_start - t->cap_base),
		                  end - t->sent_start);
	else
		tly_buf_add(&t->text, t->cap.data + (t->sent_start - t->cap_base),
		            end - t->sent_start);
	tok->text = tok->raw = t->text.data;
	tok->len = tok->rawlen = t->text.len;
	if (next_ok) {
		/* keep the bytes of the sentence that has already begun */
		size_t keep = (size_t)(next - t->cap_base);
		memmove(t->cap.data, t->cap.data + keep, t->cap.len - keep);
		t->cap.len -= keep;
		t->cap_base = next;
		t->have_pend = 1;
		t->pend_start = next;
	}
	t->capturing = next_ok;
	return 1;
}

/* The token's kind, flags, raw bytes and numbers (not its text). */
static inline void fill_meta(const tly_tokenizer *t, tly_token *tok, size_t s, size_t e,
                             int kind, unsigned flags)
{
	tok->kind = kind;
	tok->flags = flags;
	tok->raw = t->buf + s;
	tok->rawlen = e - s;
	tok->start = t->base + s;
	tok->end = t->base + e;
	tok->para = t->para;
	tok->sent = t->sent;
	tok->index = 0;
}

static void fill_token(tly_tokenizer *t, tly_token *tok, size_t s, size_t e, int kind,
                       unsigned flags)
{
	fill_meta(t, tok, s, e, kind, flags);
	if ((flags & TLY_TF_ASCII) || (e - s == 1 && (unsigned char)t->buf[s] < 128)) {
		/* ASCII: only case folding can change it */
		size_t n = e - s;
		char *d;
		if (n + 1 > t->text.cap)
			xgrow((void **)&t->text.data, &t->text.cap, n + 1, 1);
		d = t->text.data;
		if (t->o.fold_case) {
			size_t i = 0;
			for (; i + 8 <= n; i += 8) {
				/* eight ASCII bytes at once: set bit 5 of each A-Z */
				uint64_t x, lo, hi;
				memcpy(&x, tok->raw + i, 8);
				lo = (x & 0x7f7f7f7f7f7f7f7full) + 0x3f3f3f3f3f3f3f3full; /* >= 'A' */
				hi = (x & 0x7f7f7f7f7f7f7f7full) + 0x2525252525252525ull; /* > 'Z' */
				x |= ((lo ^ hi) & ~x & 0x8080808080808080ull) >> 2;
				memcpy(d + i, &x, 8);
			}
			for (; i < n; i++)
				d[i] = (char)ascii_lower[(unsigned char)tok->raw[i]];
		} else
			memcpy(d, tok->raw, n);
		d[n] = '\0';
		t->text.len = n;
	} else {
		tly_buf_clear(&t->text);
		normalize(tok->raw, tok->rawlen, t->o.fold_case, t->o.fold_diacritics,
		          &t->text, &t->cps, &t->ncps);
	}
	tok->text = t->text.data;
	tok->len = t->text.len;
}

/* A punctuation or symbol token outside a sentence gets the numbers of the
 * sentence that will follow it. */
static void fill_punct(tly_tokenizer *t, tly_token *tok, size_t s, size_t e, int kind)
{
	fill_token(t, tok, s, e, kind, 0);
	if (t->state == S_NONE) {
		tok->para = t->para + (uint64_t)t->para_pending;
		tok->sent = t->sent + 1;
	}
}

/* Whether the acronym [p, e) in the buffer may end a sentence: one of
 * capitals ("U.S.", "U.K."), or a.m. and p.m.; not "e.g." or "i.e.", which
 * a capitalized example often follows.  It then ends one only before a
 * capitalized opener (cond_ends). */
static int ends_acronym(const tly_tokenizer *t, size_t p, size_t e, unsigned flags)
{
	const char *b = t->buf + p;

	if (flags & TLY_TF_UPPER)
		return 1;
	return e - p == 4 && ((b[0] | 0x20) == 'a' || (b[0] | 0x20) == 'p') && b[1] == '.' &&
	       (b[2] | 0x20) == 'm' && b[3] == '.';
}

/* Whether the capitalized word at buffer index p is one of the n sorted
 * words of list (an ASCII word, an apostrophe or any other ASCII character
 * but a letter or digit after it). */
static int word_in(const tly_tokenizer *t, size_t p, const char *const *list, size_t nlist)
{
	char w[16];
	size_t n = 0;

	while (p + n < t->len && n < sizeof w - 1) {
		unsigned char c = (unsigned char)t->buf[p + n];
		if (!((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
			break;
		w[n++] = (char)(c | 0x20);
	}
	if (p + n < t->len) {
		unsigned char c = (unsigned char)t->buf[p + n];
		if (c >= 128 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
			return 0;
	}
	w[n] = '\0';
	return bsearch(w, list, nlist, sizeof *list, cmp_opener) != NULL;
}

/* Whether a sentence may end before the capitalized word at buffer index p,
 * in state S_COND: after an acronym, when it is an opener; after another
 * abbreviation, unless it is a company form. */
static int cond_ends(const tly_tokenizer *t, size_t p)
{
	if (t->cond_acro)
		return word_in(t, p, openers, sizeof openers / sizeof *openers);
	return !word_in(t, p, company_forms, sizeof company_forms / sizeof *company_forms);
}

/* Scan the word starting at buffer index p and return it as the next token. */
static int emit_word(tly_tokenizer *t, tly_token *tok, size_t p, tly_err *err)
{
	struct scan sc = {0};

	if (scan_word(t, p, &sc, err) < 0)
		return -1;
	open_sentence(t, t->base + p);
	if (t->state == S_COND)
		t->state = S_OPEN;
	if (sc.text_done) {
		fill_meta(t, tok, p, sc.end, sc.kind, sc.flags);
		tok->text = t->text.data;
		tok->len = t->text.len;
	} else {
		fill_token(t, tok, p, sc.end, sc.kind, sc.flags);
	}
	tok->index = ++t->index;
	t->sent_end = tok->end;
	t->last_word_end = tok->end;
	t->have_word = 1;
	int acro = sc.kind == TLY_TK_ACRONYM && ends_acronym(t, p, sc.end, sc.flags);
	if ((sc.kind == TLY_TK_ABBREV && sc.abbrev == 2) || acro) {
		t->state = S_COND;
		t->cond_end = tok->end;
		t->cond_has_next = 0;
		t->cond_acro = acro;
	}
	t->pos = sc.end;
	return 1;
}

/* An ASCII letter or digit at buffer index p, with the NEED bytes of
 * lookahead: the index after the word when it is a run of ASCII letters and
 * digits that ends at a character no rule looks at (space, most
 * punctuation, a joiner or period no word character follows, unless the
 * period may belong to an abbreviation), its text (case-folded as asked)
 * written to out (see scan_ascii), *acc and *title as scan_ascii gives
 * them.  0 when the word needs emit_word's full rules. */
static inline __attribute__((always_inline)) size_t
word_fast(const tly_tokenizer *t, size_t p, char *out, unsigned *acc, int *title)
{
	const unsigned char *b = (const unsigned char *)t->buf;
	size_t lim = t->len;
	size_t j = scan_ascii(b, p, lim, out, t->o.fold_case, acc, title);

	if (j - p > TLY_MAX_TOKEN || j >= lim)
		return 0;
	unsigned char c = b[j];
	int e = wend[c];
	if (e != WE_END) {
		unsigned char c2 = b[j + 1];  /* j + 1 <= lim: a byte of SLACK */
		if (e == WE_SLOW || j + 1 >= lim || c2 >= 128 || wbits[c2])
			return 0;
		/* a period after letters: an abbreviation or an initial keeps it */
		if (c == '.' && (*acc & (WB_UPPER | WB_LOWER)) && !(*acc & WB_DIGIT) &&
		    ((j - p == 1 && (*acc & WB_UPPER)) || abbrev_kind_letters(t->buf + p, j - p)))
			return 0;
	}
	return j;
}

/* The state after word_fast's word [p, j), in state st (S_OPEN or S_NONE). */
static inline __attribute__((always_inline)) void
word_done(tly_tokenizer *t, size_t p, size_t j, int st)
{
	if (st == S_NONE)
		open_sentence(t, t->base + p);
	t->index++;
	t->sent_end = t->base + j;
	t->last_word_end = t->base + j;
	t->have_word = 1;
	t->pos = j + (t->buf[j] == ' ');  /* a space after the word is skipped already */
}

/* An ASCII letter or digit at buffer index p, in state st (S_OPEN or
 * S_NONE): the word as the next token, by word_fast or emit_word. */
static inline __attribute__((always_inline)) int
word_token(tly_tokenizer *t, tly_token *tok, size_t p, int st, tly_err *err)
{
	unsigned acc;
	int title;
	size_t j = word_fast(t, p, t->text.data, &acc, &title);

	if (!j)
		return emit_word(t, tok, p, err);
	word_done(t, p, j, st);
	fill_meta(t, tok, p, j, word_kind[acc], word_flags[acc] | (title ? TLY_TF_TITLE : 0));
	t->text.data[j - p] = '\0';
	t->text.len = j - p;
	tok->text = t->text.data;
	tok->len = j - p;
	tok->index = t->index;
	return 1;
}

/* One ASCII punctuation character c (class k) at p, inside a sentence or (a
 * terminal or closing one) right after its end.  Returns 1 with the token
 * with emit_punct, else 0. */
static inline __attribute__((always_inline)) int
punct_token(tly_tokenizer *t, tly_token *tok, size_t p, unsigned char c, int k)
{
	t->nl_run = 0;
	t->have_word = 0;
	t->sent_end = t->base + p + 1;
	if (k == C_TERM) {
		t->state = S_CLOSING;
		t->aterm = c == '.';
	}
	t->pos = p + 1;
	if (!t->o.emit_punct)
		return 0;
	fill_meta(t, tok, p, p + 1, TLY_TK_PUNCT, 0);
	t->text.data[0] = (char)c;  /* case folding leaves it alone */
	t->text.data[1] = '\0';
	t->text.len = 1;
	tok->text = t->text.data;
	tok->len = 1;
	return 1;
}

/* Whether an ASCII quote c at p (or U+FF07, the fullwidth '), after a
 * sentence's end (S_CLOSING), opens the next sentence: '"' and '\'' are
 * both opening and closing quotes, and one with a space or line break
 * between it and the end ('He left. "Go!"') opens; one right after it
 * closes ('"Go!" he said'). */
static inline int quote_opens(const tly_tokenizer *t, size_t p, uint32_t c)
{
	return (c == '"' || c == '\'' || c == 0xFF07) && t->base + p != t->sent_end;
}

/* The general path: every character, refills, the end of the document. */
static __attribute__((noinline)) int tok_next_slow(tly_tokenizer *t, tly_token *tok,
                                                   tly_err *err)
{
	if (t->done)
		return 0;
	for (;;) {
		size_t p = t->pos;
		if (p >= t->safe_end) {
			if (!t->eof && t->len - p < NEED && refill(t, err) < 0)
				return -1;
			p = t->pos;
			if (p >= t->len) {
				t->done = 1;
				if (t->state != S_NONE &&
				    close_sentence(t, t->state == S_COND ? t->cond_end : t->sent_end, 0, 0,
				                   tok))
					return 1;
				return 0;
			}
		}

		const unsigned char *b = (const unsigned char *)t->buf;
		unsigned char c0 = b[p];
		if (ascii_cls[c0] == C_SPACE) {
			/* skip a run of ASCII blanks in one go */
			size_t lim = t->len;
			do
				p++;
			while (p < lim && ascii_cls[b[p]] == C_SPACE);
			t->pos = p;
			if (p >= t->safe_end)
				continue;
			c0 = b[p];
		}
		/* the commonest characters inside a sentence take short paths; the
		 * general code below gives the same result, only slower */
		int k0 = ascii_cls[c0];
		if (k0 == C_NL) {
			t->nl_run++;
			t->line++;
			t->line_start = (int64_t)(t->base + p + 1);
			t->pos = p + 1;
			continue;
		}
		if (t->nl_run < 2) {
			int st = t->state;
			if (wbits[c0] && st == S_CLOSING) {
				/* a word after a sentence's end opens the next one,
				 * unless a lowercase one goes on after a full stop */
				if (!(wbits[c0] & WB_UPPER) && goes_on(t, p, t->nl_run))
					st = S_OPEN;
				else if (!t->o.sentences)
					t->state = st = S_NONE;
			}
			if (wbits[c0] && (st == S_OPEN || st == S_NONE)) {
				t->nl_run = 0;
				return word_token(t, tok, p, st, err);
			}
			/* one ASCII punctuation character inside a sentence, or a
			 * terminal or closing one after its end */
			if (((k0 == C_PUNCT || k0 == C_TERM || k0 == C_CLOSE) && st == S_OPEN) ||
			    ((k0 == C_TERM || k0 == C_CLOSE) && st == S_CLOSING &&
			     !quote_opens(t, p, c0))) {
				if (punct_token(t, tok, p, c0, k0))
					return 1;
				continue;
			}
		}
		uint64_t off = t->base + p;
		utf8proc_int32_t cp;
		int k, n = peek(t, p, &cp, &k), bad = 0;

		if (n < 0 || k == C_NUL) {
			if (!t->o.lenient) {
				char what[96];
				const unsigned char *at = (const unsigned char *)t->buf + p;
				if (k == C_NUL)
					snprintf(what, sizeof what, "NUL byte in text (UTF-16? iconv -f UTF-16 -t UTF-8 converts it)");
				else if (off == 0 && t->len - p >= 2 &&
				         ((at[0] == 0xff && at[1] == 0xfe) || (at[0] == 0xfe && at[1] == 0xff)))
					snprintf(what, sizeof what, "a UTF-16 byte-order mark (0x%02x 0x%02x): "
					         "iconv -f UTF-16 -t UTF-8 converts the file", at[0], at[1]);
				else
					snprintf(what, sizeof what, "invalid UTF-8 byte 0x%02x "
					         "(--lenient replaces it with U+FFFD)",
					         (unsigned char)t->buf[p]);
				return pos_error(t, off, err, what);
			}
			/* lenient: one bad byte becomes one U+FFFD, a symbol
			 * (counted below, when it is taken: a sentence record
			 * may be returned first, and the byte read again) */
			bad = 1;
			n = 1;
			k = C_SYMBOL;
			cp = 0xFFFD;
		}
		if (k == C_SPACE) {
			t->pos += (size_t)n;
			continue;
		}
		if (k == C_NL || k == C_PARA) {
			/* a line or paragraph break in the text, but no line of the
			 * file: positions in messages count '\n' only, as grep -n and
			 * editors do */
			t->nl_run += k == C_PARA ? 2 : 1;
			t->pos += (size_t)n;
			continue;
		}

		/* something visible: first settle paragraph and sentence ends */
		if (t->nl_run >= 2) {
			t->nl_run = 0;
			t->para_pending = 1;
			t->have_pend = 0;
			if (t->state == S_NONE)
				t->capturing = 0;
			if (t->state != S_NONE &&
			    close_sentence(t, t->state == S_COND ? t->cond_end : t->sent_end, 0, 0, tok))
				return 1;
		}
		unsigned nl = t->nl_run;
		t->nl_run = 0;
		if (t->state == S_CLOSING && ((k != C_TERM && k != C_CLOSE && k != C_APOS &&
		                               k != C_SYMBOL) || quote_opens(t, p, (uint32_t)cp))) {
			if (!goes_on(t, p, nl) && close_sentence(t, t->sent_end, 0, 0, tok))
				return 1;
		}
		if (t->state == S_COND) {
			if (k == C_UPPERW && !cond_ends(t, p)) {
				t->state = S_OPEN;
			} else if (k == C_UPPERW) {
				uint64_t next = t->cond_has_next ? t->cond_next : off;
				if (close_sentence(t, t->cond_end, 1, next, tok))
					return 1;
				set_pend(t, next);
			} else if (k == C_CLOSE || k == C_APOS ||
			           (k == C_PUNCT && (cp < 128 ? strchr("\"(['", (int)cp) != NULL
			                                      : opens_cp(cp)))) {
				if (!t->cond_has_next) {
					t->cond_next = off;
					t->cond_has_next = 1;
				}
			} else if (k != C_TERM) {
				t->state = S_OPEN;
			}
		}

		/* a clitic 's right after a word */
		if ((k == C_APOS || cp == LSQUO) && t->have_word && t->last_word_end == off) {
			utf8proc_int32_t c2;
			int k2, n2 = peek(t, p + (size_t)n, &c2, &k2);
			if (n2 > 0 && (c2 == 's' || c2 == 'S') &&
			    !is_wordchar_at(t, p + (size_t)n + (size_t)n2)) {
				size_t e = p + (size_t)n + (size_t)n2;
				fill_token(t, tok, p, e, TLY_TK_CLITIC,
				           (c2 == 'S' ? TLY_TF_UPPER : 0) | (cp < 128 ? TLY_TF_ASCII : 0));
				if (cp == LSQUO) {
					/* normalize keeps a U+2018 with no letter
					 * before it: 's as the other apostrophes give */
					tly_buf_clear(&t->text);
					tly_buf_addc(&t->text, '\'');
					tly_buf_addc(&t->text, t->o.fold_case ? 's' : (int)c2);
					tok->text = t->text.data;
					tok->len = t->text.len;
				}
				tok->index = ++t->index;
				t->sent_end = t->base + e;
				t->last_word_end = t->base + e;
				t->pos = e;
				return 1;
			}
		}

		int word = is_wordcls(k);
		if (word && cp >= 128 && starts_nothing(cp)) {
			/* a mark with no word before it (the variation selector after
			 * an emoji symbol, a stray accent) or an invisible filler:
			 * nothing a word can begin with, skipped like a space */
			t->pos += (size_t)n;
			continue;
		}
		if (k == C_CURRENCY) {
			utf8proc_int32_t c2;
			int k2;
			word = peek(t, p + (size_t)n, &c2, &k2) > 0 && k2 == C_DIGIT;
		}
		if (word)
			return emit_word(t, tok, p, err);

		/* punctuation and symbols */
		t->replaced += (uint64_t)bad;
		t->have_word = 0;
		size_t e = p + (size_t)n;
		switch (t->state) {
		case S_NONE:
			if (k == C_SYMBOL) {
				open_sentence(t, off);  /* an emoji can make a sentence */
				t->sent_end = t->base + e;
			} else {
				set_pend(t, off);
			}
			break;
		case S_OPEN:
			t->sent_end = t->base + e;
			if (k == C_TERM)
				t->state = S_CLOSING;
			break;
		case S_CLOSING:
			t->sent_end = t->base + e;
			break;
		case S_COND:
			if (k == C_TERM) {  /* "etc.!" */
				t->state = S_CLOSING;
				t->sent_end = t->base + e;
			}
			break;
		}
		if (k == C_TERM)
			t->aterm = is_aterm(cp);
		t->pos = e;
		if (t->o.emit_punct) {
			fill_punct(t, tok, p, e, k == C_SYMBOL ? TLY_TK_SYMBOL : TLY_TK_PUNCT);
			if (bad) {  /* a replaced byte reads as U+FFFD, its raw
			               bytes too */
				tly_buf_clear(&t->text);
				tly_buf_adds(&t->text, "\xEF\xBF\xBD");
				tok->text = tok->raw = t->text.data;
				tok->len = tok->rawlen = t->text.len;
			}
			return 1;
		}
	}
}

/* One ASCII punctuation character c at p outside a sentence (state S_NONE,
 * or S_CLOSING for one that is not a terminal or closing character), not
 * in sentences mode: it closes the sentence and may open the next one.
 * Returns 1 with the token with emit_punct, else 0. */
static inline __attribute__((always_inline)) int
punct_outside(tly_tokenizer *t, tly_token *tok, size_t p, unsigned char c)
{
	t->nl_run = 0;
	t->state = S_NONE;
	t->have_word = 0;
	if (!t->have_pend) {
		t->have_pend = 1;
		t->pend_start = t->base + p;
	}
	t->pos = p + 1;
	if (!t->o.emit_punct)
		return 0;
	fill_meta(t, tok, p, p + 1, TLY_TK_PUNCT, 0);
	tok->para = t->para + (uint64_t)t->para_pending;
	tok->sent = t->sent + 1;
	t->text.data[0] = (char)c;
	t->text.data[1] = '\0';
	t->text.len = 1;
	tok->text = t->text.data;
	tok->len = 1;
	return 1;
}

enum { F_WORD, F_TOKEN, F_SLOW };

/* The commonest characters, while the buffer holds enough lookahead, take
 * short paths; tok_next_slow gives the same results for them, only slower.
 * Returns F_WORD with *pp and *stp the start and state of a word for
 * word_fast, F_TOKEN with tok filled (punctuation), or F_SLOW when the
 * general path is to go on from t->pos. */
static inline __attribute__((always_inline)) int
tok_front(tly_tokenizer *t, tly_token *tok, size_t *pp, int *stp)
{
	const unsigned char *b = (const unsigned char *)t->buf;
	size_t p = t->pos;

	while (p < t->safe_end) {
		unsigned char c0 = b[p];
		int k0 = ascii_cls[c0];
		if (k0 == C_SPACE) {
			p++;
			continue;
		}
		if (k0 == C_NL) {
			t->nl_run++;
			t->line++;
			t->line_start = (int64_t)(t->base + p + 1);
			p++;
			continue;
		}
		int ppunct = k0 == C_PUNCT || k0 == C_TERM || k0 == C_CLOSE;
		if (t->nl_run >= 2) {
			/* a paragraph break before an ASCII word or punctuation
			 * character: it ends the sentence (a record only in
			 * sentences mode, left to the general path) */
			if (t->o.sentences || !(wbits[c0] || ppunct))
				break;
			t->nl_run = 0;
			t->para_pending = 1;
			t->have_pend = 0;
			t->state = S_NONE;
		}
		int st = t->state;
		if (st == S_CLOSING && (wbits[c0] ? !(wbits[c0] & WB_UPPER) : k0 == C_PUNCT) &&
		    goes_on(t, p, t->nl_run))
			st = S_OPEN;  /* after a full stop, before a lowercase word */
		if (wbits[c0]) {
			if (st == S_CLOSING && !t->o.sentences)
				t->state = st = S_NONE;  /* a word opens the next sentence */
			if (st != S_OPEN && st != S_NONE)
				break;
			t->nl_run = 0;
			*pp = p;
			*stp = st;
			return F_WORD;
		}
		if ((ppunct && st == S_OPEN) ||
		    ((k0 == C_TERM || k0 == C_CLOSE) && st == S_CLOSING && !quote_opens(t, p, c0))) {
			if (punct_token(t, tok, p, c0, k0))
				return F_TOKEN;
			p++;
			continue;
		}
		if (!t->o.sentences && ((ppunct && st == S_NONE) || (k0 == C_PUNCT && st == S_CLOSING))) {
			if (punct_outside(t, tok, p, c0))
				return F_TOKEN;
			p++;
			continue;
		}
		break;
	}
	t->pos = p;
	return F_SLOW;
}

int tly_tok_next(tly_tokenizer *t, tly_token *tok, tly_err *err)
{
	size_t p = 0;
	int st = 0;

	switch (tok_front(t, tok, &p, &st)) {
	case F_WORD:
		return word_token(t, tok, p, st, err);
	case F_TOKEN:
		return 1;
	}
	return tok_next_slow(t, tok, err);
}

#ifndef __SSE2__
/* The first byte at or after p, below lim, at which a word token can begin
 * or that the general path must see: an ASCII letter or digit, an
 * apostrophe (a clitic), '$', NUL or a non-ASCII byte.  Everything before it
 * is ASCII blanks, newlines (counted into the line number) and punctuation,
 * which tly_tok_words skips (with SSE2 it works on block masks instead). */
static size_t skip_gap(tly_tokenizer *t, size_t p, size_t lim)
{
	const unsigned char *b = (const unsigned char *)t->buf;

	for (; p < lim; p++) {
		unsigned char c = b[p];
		if (wbits[c] || c == '\'' || c == '$' || c == 0 || c >= 128)
			break;
		if (c == '\n') {
			t->line++;
			t->line_start = (int64_t)(t->base + p + 1);
		}
	}
	return p;
}
#endif

/* Whether a token of this kind is a word token for tly_tok_words. */
static inline int is_word_kind(int kind)
{
	return kind != TLY_TK_PUNCT && kind != TLY_TK_SYMBOL && kind != TLY_TK_SENTENCE;
}

/* Room in the batch's text for one more token of the fast path (its bytes,
 * the NUL, scan_ascii's 16 bytes of overrun and 8 readable bytes). */
#define BATCH_ROOM (TLY_MAX_TOKEN + 80)

/* The batches' text buffer, made on first use (zeroed: loads past a text
 * read defined bytes). */
static void batch_init(tly_tokenizer *t)
{
	if (!t->btext) {
		t->bcap = 2 * BATCH_ROOM;
		t->btext = xcalloc(1, t->bcap);
	}
}

/* Entry n of b: a token of len bytes whose text (and NUL) is at used. */
static inline __attribute__((always_inline)) void
batch_set(tly_tokbatch *b, size_t n, int kind, size_t len, size_t used, uint64_t sent)
{
	b->kind[n] = (unsigned char)kind;
	b->len[n] = (uint32_t)len;
	b->off[n] = (uint32_t)used;
	b->sent[n] = sent;
}

/* Masks of the bytes of a token of len bytes in its first and second 8
 * bytes, by min(len, 16). */
static const uint64_t head_mask[17][2] = {
	{0, 0}, {0xFFull, 0}, {0xFFFFull, 0}, {0xFFFFFFull, 0}, {0xFFFFFFFFull, 0},
	{0xFFFFFFFFFFull, 0}, {0xFFFFFFFFFFFFull, 0}, {0xFFFFFFFFFFFFFFull, 0},
	{~0ull, 0}, {~0ull, 0xFFull}, {~0ull, 0xFFFFull}, {~0ull, 0xFFFFFFull},
	{~0ull, 0xFFFFFFFFull}, {~0ull, 0xFFFFFFFFFFull}, {~0ull, 0xFFFFFFFFFFFFull},
	{~0ull, 0xFFFFFFFFFFFFFFull}, {~0ull, ~0ull},
};

/* head[n] of b from the 16 bytes at s (the token's len bytes, then any),
 * with or (0x20 in each byte to fold ASCII letters and digits) over them. */
static inline __attribute__((always_inline)) void
batch_head(tly_tokbatch *b, size_t n, const void *s, size_t len, uint64_t or)
{
	uint64_t lo, hi;
	size_t c = len < 16 ? len : 16;

	memcpy(&lo, s, 8);
	memcpy(&hi, (const char *)s + 8, 8);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	b->head[n][0] = (lo | or) & head_mask[c][0];
	b->head[n][1] = (hi | or) & head_mask[c][1];
#else
	b->head[n][0] = (lo | or) & __builtin_bswap64(head_mask[c][0]);
	b->head[n][1] = (hi | or) & __builtin_bswap64(head_mask[c][1]);
#endif
}

/* A token from the general paths copied into b as entry *n, the text
 * grown first if it must: a sentence record, or a word whose normalized
 * text is longer than its bytes (NFC and case folding can double them:
 * U+0587 folds to two 2-byte letters) may not fit the room the loops keep. */
static void batch_copy(tly_tokenizer *t, tly_tokbatch *b, size_t *n, size_t *used,
                       const tly_token *tok, uint64_t sent)
{
	if (t->bcap - *used < tok->len + BATCH_ROOM) {
		size_t old = t->bcap;
		xgrow((void **)&t->btext, &t->bcap, *used + tok->len + BATCH_ROOM, 1);
		memset(t->btext + old, 0, t->bcap - old);
	}
	memcpy(t->btext + *used, tok->text, tok->len);
	t->btext[*used + tok->len] = '\0';
	batch_head(b, *n, t->btext + *used, tok->len, 0);
	batch_set(b, (*n)++, tok->kind, tok->len, *used, sent);
	*used += tok->len + 1;
}

/* The loop of tly_tok_next, with the fast path's words written straight
 * into the batch; every other token is taken from tok_next_slow or
 * emit_word and copied. */
int tly_tok_batch(tly_tokenizer *t, tly_tokbatch *b, tly_err *err)
{
	size_t n = 0, used = 0;
	tly_token tok;
	int r = 1;

	batch_init(t);
	while (n < TLY_BATCH && t->bcap - used >= BATCH_ROOM) {
		size_t p = 0;
		int st = 0;
		int f = tok_front(t, &tok, &p, &st);

		if (f == F_WORD) {
			unsigned acc;
			int title;
			char *out = t->btext + used;
			size_t j = word_fast(t, p, out, &acc, &title);
			if (j) {
				word_done(t, p, j, st);
				out[j - p] = '\0';
				batch_set(b, n++, word_kind[acc], j - p, used, t->sent);
				used += j - p + 1;
				continue;
			}
			r = emit_word(t, &tok, p, err);
		} else if (f == F_TOKEN) {
			r = 1;
		} else {
			r = tok_next_slow(t, &tok, err);
		}
		if (r <= 0)
			break;
		batch_copy(t, b, &n, &used, &tok, tok.sent);
	}
	b->n = n;
	b->text = t->btext;
	if (r < 0)
		return -1;
	return n > 0;
}

/* Bits set in x (no popcnt instruction in baseline x86-64). */
static inline unsigned pop64(uint64_t x)
{
	x = x - ((x >> 1) & 0x5555555555555555ull);
	x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
	x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Full;
	return (unsigned)((x * 0x0101010101010101ull) >> 56);
}

#ifdef __SSE2__
/* Masks of the 64 bytes at b, bit i for b[i]. */
struct bmask {
	uint64_t word;  /* ASCII letters and digits */
	uint64_t dig;   /* digits */
	uint64_t stop;  /* what tly_tok_words leaves to the general path: an
	                   apostrophe, '$', NUL, a non-ASCII byte */
	uint64_t nl;    /* newlines */
	uint64_t wend;  /* what makes a word before it take the general rules:
	                   '$', '%', a non-ASCII byte (WE_SLOW), or a joiner
	                   (. , - ') where a word character or a non-ASCII
	                   byte follows, or whatever follows is past the block */
	uint64_t period;
	uint64_t hyph;  /* hyphens */
};

_Static_assert(TLY_TK_WORD == TLY_TK_NUMBER - 1, "tly_tok_words computes the kind");
_Static_assert(TLY_TK_ABBREV == TLY_TK_NUMBER + 1, "tly_tok_words computes the kind");

static inline __attribute__((always_inline)) void
block_masks(const unsigned char *b, struct bmask *m)
{
	const __m128i x20 = _mm_set1_epi8(0x20), one = _mm_set1_epi8(1);
	const __m128i aoff = _mm_set1_epi8((char)(128 - 'a')), alim = _mm_set1_epi8((char)(-128 + 26));
	const __m128i doff = _mm_set1_epi8((char)(128 - '0')), dlim = _mm_set1_epi8((char)(-128 + 10));
	const __m128i apos = _mm_set1_epi8('\''), dollar = _mm_set1_epi8('$');
	const __m128i pct = _mm_set1_epi8('%'), dot = _mm_set1_epi8('.');
	const __m128i comma = _mm_set1_epi8(','), hyph = _mm_set1_epi8('-');
	const __m128i nlc = _mm_set1_epi8('\n');
	uint64_t w = 0, d = 0, s = 0, n = 0, hi = 0, dl = 0, j = 0, pd = 0, hy = 0;

	for (int k = 0; k < 4; k++) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(b + 16 * k));
		__m128i alpha = _mm_cmplt_epi8(_mm_add_epi8(_mm_or_si128(v, x20), aoff), alim);
		__m128i digit = _mm_cmplt_epi8(_mm_add_epi8(v, doff), dlim);
		__m128i ap = _mm_cmpeq_epi8(v, apos), dol = _mm_cmpeq_epi8(v, dollar);
		__m128i per = _mm_cmpeq_epi8(v, dot), hm = _mm_cmpeq_epi8(v, hyph);
		/* signed compare: NUL and bytes >= 0x80 are below 1 */
		__m128i st = _mm_or_si128(_mm_cmplt_epi8(v, one), _mm_or_si128(ap, dol));
		__m128i jn = _mm_or_si128(_mm_or_si128(per, ap),
		                          _mm_or_si128(_mm_cmpeq_epi8(v, comma),
		                                       hm));
		int sh = 16 * k;
		w |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_or_si128(alpha, digit)) << sh;
		d |= (uint64_t)(unsigned)_mm_movemask_epi8(digit) << sh;
		s |= (uint64_t)(unsigned)_mm_movemask_epi8(st) << sh;
		n |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, nlc)) << sh;
		hi |= (uint64_t)(unsigned)_mm_movemask_epi8(v) << sh;
		dl |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_or_si128(dol, _mm_cmpeq_epi8(v, pct))) << sh;
		j |= (uint64_t)(unsigned)_mm_movemask_epi8(jn) << sh;
		pd |= (uint64_t)(unsigned)_mm_movemask_epi8(per) << sh;
		hy |= (uint64_t)(unsigned)_mm_movemask_epi8(hm) << sh;
	}
	m->word = w;
	m->dig = d;
	m->stop = s;
	m->nl = n;
	m->wend = dl | hi | (j & (((w | hi) >> 1) | (1ull << 63)));
	m->period = pd;
	m->hyph = hy;
}

/* n bytes of ASCII letters and digits from src to dst, case-folded if
 * asked, 16 at a time (up to 15 bytes past n read and written). */
static inline __attribute__((always_inline)) void
copy_word(const unsigned char *src, char *dst, size_t n, int fold)
{
	const __m128i x20 = _mm_set1_epi8(0x20);
	const __m128i aoff = _mm_set1_epi8((char)(128 - 'a')), alim = _mm_set1_epi8((char)(-128 + 26));

	for (size_t i = 0; i < n; i += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(src + i));
		if (fold) {
			__m128i alpha = _mm_cmplt_epi8(_mm_add_epi8(_mm_or_si128(v, x20), aoff), alim);
			__m128i upper = _mm_andnot_si128(_mm_cmpeq_epi8(_mm_and_si128(v, x20), x20), alpha);
			v = _mm_or_si128(v, _mm_and_si128(upper, x20));
		}
		_mm_storeu_si128((__m128i *)(void *)(dst + i), v);
	}
}
#endif

/* Add the newlines among the bits m of the block at buffer index p to the
 * line count. */
static inline void count_lines(tly_tokenizer *t, size_t p, uint64_t m)
{
	if (m) {
		t->line += pop64(m);
		t->line_start = (int64_t)(t->base + p + (63u - (unsigned)__builtin_clzll(m)) + 1);
	}
}

/* Like tly_tok_batch, only the word tokens (no punctuation, symbols or
 * sentence records) and no sentence numbers: the text is classified 64
 * bytes at a time into bit masks, and the gaps between words skipped
 * without the sentence and paragraph bookkeeping, which no word's kind or
 * text depends on.  A word that ends at a character some rule looks at, or
 * at the end of the block, and any apostrophe, '$', NUL or non-ASCII byte
 * go to the paths tly_tok_next takes. */
int tly_tok_words(tly_tokenizer *t, tly_tokbatch *b, tly_err *err)
{
	size_t n = 0, used = 0;
	tly_token tok;
	int r = 1;
	/* no sentence records, and none of their text kept: the fast path
	 * closes no sentences, so with them a capture would only grow */
	int sentences = t->o.sentences;

	t->o.sentences = 0;
	t->capturing = 0;
	batch_init(t);
	while (n < TLY_BATCH && t->bcap - used >= BATCH_ROOM) {
		size_t p = t->pos;

		if (p >= t->safe_end) {
			r = tok_next_slow(t, &tok, err);
			goto slow_token;
		}
#ifdef __SSE2__
		{
			const unsigned char *bb = (const unsigned char *)t->buf;
			struct bmask mk;
			size_t valid = t->len - p < 64 ? t->len - p : 64;
			uint64_t vm = valid == 64 ? ~0ull : (1ull << valid) - 1;

			block_masks(bb + p, &mk);
			uint64_t word = mk.word & vm, stop = mk.stop & vm;
			/* hyphens between two word characters join them into one word
			 * ("well-known", "1990-2000"), as scan_word's rules do */
			uint64_t jh = mk.hyph & (word << 1) & (word >> 1);
			/* past the data, a joiner's follower is unknown: the general rules
			 * (in a full block, mk.wend already marks a joiner at its end) */
			uint64_t wendm = mk.wend | (valid == 64 ? 0 : ~(vm >> 1));
			/* each word's first and last byte (paired in order: the k-th
			 * start with the k-th end) */
			uint64_t wordx = word | jh;
			uint64_t starts = wordx & ~(wordx << 1), ends = wordx & ~(wordx >> 1);
			uint64_t alpha = word & ~mk.dig;
			/* words whose last byte is at bit l and whose word needs the
			 * other paths: it runs to the block's end, or a rule looks at
			 * what follows; and those a period follows */
			uint64_t badend = ends & ((wendm | ~vm) >> 1 | 1ull << 63);
			uint64_t perend = ends & (mk.period >> 1);
			/* words start below lim: before the first apostrophe, '$', NUL or
			 * non-ASCII byte, and below the lookahead's end */
			size_t fstop = stop ? (size_t)__builtin_ctzll(stop) : 64;
			size_t slim = t->safe_end - p;  /* >= 1: p is below safe_end */
			size_t lim = fstop < slim ? fstop : slim;
			size_t q = p, nw = 0, end = p, to;
			int handoff = 0;  /* 1: the event at q needs the other paths; 2: so
			                     does what follows end, past the lookahead; 3:
			                     the batch is full */
			const uint64_t fold = t->o.fold_case ? 0x2020202020202020ull : 0;
			const size_t used_lim = t->bcap - BATCH_ROOM;
			char *bt = t->btext;

			for (;;) {
				if (!starts) {
					/* a stop after the last word, or none */
					if (fstop < valid)
						handoff = n == TLY_BATCH ? 3 : fstop >= slim ? 2 : 1;
					q = p + fstop;
					break;
				}
				size_t e = (size_t)__builtin_ctzll(starts);
				if (e >= lim) {  /* the next event is past the lookahead, or a stop */
					handoff = n == TLY_BATCH ? 3 : (fstop < e ? fstop : e) >= slim ? 2 : 1;
					q = p + fstop;
					break;
				}
				if (n == TLY_BATCH || used > used_lim) {
					handoff = 3;
					break;
				}
				size_t l = (size_t)__builtin_ctzll(ends), x = l + 1, len = x - e;
				q = p + e;
				if ((badend >> l) & 1) {
					handoff = 1;
					break;
				}
				uint64_t wm = (2ull << l) - (1ull << e);  /* bits e..l */
				unsigned letters = (alpha & wm) != 0;
				/* a period after letters: an abbreviation or an initial
				 * keeps it (what follows the period is no word character
				 * and within the block: the word is not in badend), as
				 * scan_word's first path does */
				unsigned ab = 0;
				if ((perend >> l) & 1)
					ab = keeps_period(bb + q, len, letters & (((mk.dig | jh) & wm) == 0));
				len += ab;
				batch_head(b, n, bb + q, len, fold);
				/* WORD is NUMBER - 1, ABBREV is NUMBER + 1 */
				batch_set(b, n, TLY_TK_NUMBER - (int)letters + 2 * (int)ab, len, used, 0);
				if (len > 16) {
					char *out = bt + used;
					copy_word(bb + q, out, len, fold != 0);
					out[len] = '\0';
					used += len + 1;
				}
				n++;
				nw++;
				starts &= starts - 1;
				ends &= ends - 1;
				end = q + len;
			}
			/* where the fast scan stops; the newlines before it are counted */
			to = handoff == 1 ? q : handoff ? end : p + valid;
			count_lines(t, p, to - p >= 64 ? mk.nl & vm : mk.nl & ((1ull << (to - p)) - 1));
			t->pos = to;
			if (nw) {
				t->index += nw;
				t->last_word_end = t->base + end;
				t->have_word = 1;
			}
			if (handoff == 0 || handoff == 3)
				continue;  /* the next block, or the batch is full */
			if (handoff == 2) {
				r = tok_next_slow(t, &tok, err);
				goto slow_token;
			}
			p = q;  /* below the lookahead's end; t->pos is q */
		}
#else
		p = skip_gap(t, p, t->safe_end);
		t->pos = p;
		if (p >= t->safe_end) {
			r = tok_next_slow(t, &tok, err);
			goto slow_token;
		}
#endif
		{
			unsigned char c = (unsigned char)t->buf[p];
			if (wbits[c]) {
				unsigned acc;
				int title;
				char *out = t->btext + used;
				size_t j = word_fast(t, p, out, &acc, &title);
				if (j) {
					t->index++;
					t->last_word_end = t->base + j;
					t->have_word = 1;
					t->pos = j;
					out[j - p] = '\0';
					batch_head(b, n, out, j - p, 0);
					batch_set(b, n++, word_kind[acc], j - p, used, 0);
					used += j - p + 1;
					continue;
				}
				r = emit_word(t, &tok, p, err);
			} else if (c < 128 && c != '\0' && c != '$' &&
			           !(c == '\'' && t->have_word && t->last_word_end == t->base + p)) {
				/* punctuation (an apostrophe that is no clitic) */
				t->have_word = 0;
				t->pos = p + 1;
				continue;
			} else {
				r = tok_next_slow(t, &tok, err);
			}
		}
slow_token:
		if (r <= 0)
			break;
		if (!is_word_kind(tok.kind))
			continue;
		batch_copy(t, b, &n, &used, &tok, 0);
	}
	t->o.sentences = sentences;
	b->n = n;
	b->text = t->btext;
	if (r < 0)
		return -1;
	return n > 0;
}
