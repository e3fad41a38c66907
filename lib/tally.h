/*
 * tally.h - the one public header of libtally, the library every tally tool
 * stands on: reading documents, cutting them into tokens, reading and writing
 * CSV, hashing terms, reporting errors and progress.
 *
 * Memory ownership (the one rule):
 *   - An object made by tly_X_new() (or _open) is released by tly_X_free()
 *     (or _close).  Nothing else frees it.
 *   - Pointers found inside structs the library hands out (token text, record
 *     fields, document ids and metadata) are borrowed: they stay valid until
 *     the next call on the object that produced them, and the caller never
 *     frees them.  Copy what must outlive that.
 *   - Functions named x*() (xmalloc, xstrdup, ...) never return NULL: on
 *     allocation failure they print "tally: out of memory" and exit 1.
 *
 * Errors: library functions never exit on bad data.  They return -1 (or NULL)
 * and fill a tly_err with one line, "file:line:col: what went wrong", which
 * the tool prints as "tally <tool>: <msg>".
 */
#ifndef TALLY_H
#define TALLY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#define TALLY_VERSION "0.1.0"

/* Exit codes shared by every tool. */
enum tly_exit {
	TLY_EXIT_OK = 0,
	TLY_EXIT_DATA = 1,  /* runtime or data error: bad input, I/O failure */
	TLY_EXIT_USAGE = 2  /* bad command line */
};

/* Documented limits (see tally(1), LIMITS). */
#define TLY_MAX_TOKEN (64 * 1024)          /* bytes in one token */
#define TLY_MAX_FIELD (256 * 1024 * 1024)  /* bytes in one CSV field */
#define TLY_MAX_SENTENCE (64 * 1024 * 1024) /* bytes of one sentence's text */
#define TLY_MAX_COLUMNS 100000              /* fields in one CSV record */

/* ---- errors ---------------------------------------------------------- */

typedef struct tly_err {
	int code;        /* a tly_exit value; 0 when no error */
	char msg[1024];  /* one line, no trailing newline */
} tly_err;

/* Fill err with a printf-style message and return -1. */
int tly_err_set(tly_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The name of the running tool ("tally tokens"), used by tly_die/tly_warn. */
void tly_set_prog(const char *name);
const char *tly_prog(void);
/* Print "<prog>: <fmt>" to stderr; if fmt ends in ':', append strerror(errno).
 * tly_die exits with status code after aborting pending output. */
void tly_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Copy s[0..n) into dst (cap bytes) as one line of a message: control bytes
 * (a quoted field with a newline, a file name with a tab) as \n, \r, \t or
 * \xNN, cut with "..." where it does not fit.  tly_err_set, tly_warn and
 * tly_die pass every message through it. */
void tly_one_line(char *dst, size_t cap, const char *s, size_t n);
/* --lenient's report: "replaced N invalid UTF-8 or NUL byte(s) with U+FFFD" and
 * how to find them, for the n bytes the run replaced and those the partials
 * it merged replaced (if any); called once, before the partial is closed. */
void tly_warn_replaced(uint64_t n);
_Noreturn void tly_die(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Report a filled tly_err and exit with its code. */
_Noreturn void tly_die_err(const tly_err *err);

/* Find a file tally ships in data/ (stopwords, gazetteers, lexicons): the
 * first that exists of $TALLY_DATA/name, <dir of the binary>/../data/name,
 * <dir of the binary>/../share/tally/name and <PREFIX>/share/tally/name.
 * Returns a malloc'd path (caller frees), or NULL if none exists. */
char *tly_data_path(const char *name);

/* ---- allocation ------------------------------------------------------ */

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* getline(3) that stops the program as the allocators do when it runs out
 * of memory (getline then returns -1 as at the end of the file) */
ssize_t xgetline(char **line, size_t *cap, FILE *f);
/* Grow *p (holding *cap elements of size sz) to at least need elements. */
void xgrow(void **p, size_t *cap, size_t need, size_t sz);

/* read(2) that retries on EINTR; -1 with errno set on failure. */
ssize_t tly_read(int fd, void *buf, size_t n);

/* A growable byte buffer.  data is NUL-terminated after every call. */
typedef struct tly_buf {
	char *data;
	size_t len, cap;
} tly_buf;
void tly_buf_add(tly_buf *b, const void *p, size_t n);
void tly_buf_addc(tly_buf *b, int c);
void tly_buf_adds(tly_buf *b, const char *s);
void tly_buf_clear(tly_buf *b);
void tly_buf_free(tly_buf *b);
/* Append the whole file at path to b: 0, or -1 (errno set) if it cannot be
 * opened or read. */
int tly_buf_read_file(tly_buf *b, const char *path);
/* The index of the first NUL byte or invalid UTF-8 sequence in s[0..n), or
 * n if there is none. */
size_t tly_utf8_valid_len(const char *s, size_t n);
/* Add s[0..n) with each NUL byte and each byte of an invalid UTF-8
 * sequence replaced by U+FFFD, as the lenient tokenizer reads them. */
void tly_buf_add_valid(tly_buf *b, const char *s, size_t n);

/* An arena for many small strings that live as long as the arena. */
typedef struct tly_arena tly_arena;
tly_arena *tly_arena_new(void);
void *tly_arena_alloc(tly_arena *a, size_t n);           /* 8-byte aligned */
char *tly_arena_strndup(tly_arena *a, const char *s, size_t n);
size_t tly_arena_bytes(const tly_arena *a);
void tly_arena_free(tly_arena *a);

/* ---- string hash: interned keys mapping to a caller's slot --------------- */

/* Keys are byte strings copied into the table's arena; each key owns a value
 * area of val_size bytes (zeroed on insert), which the caller uses for counts
 * or any per-term record.  Insertion order is kept: ids run 0..n-1. */
typedef struct tly_hash tly_hash;
tly_hash *tly_hash_new(size_t val_size);
/* Find key; if absent and insert is nonzero, add it.  Returns the value area
 * (or NULL when absent and not inserting).  *id, if given, gets its id. */
void *tly_hash_get(tly_hash *h, const char *key, size_t len, int insert, size_t *id);
/* The same for a key whose tly_hash_bytes is hv, computed ahead, and a hint
 * for a walk of many look-ups: start fetching the slot where a key of hash
 * hv is looked for (entry 0), or, once that slot is there, the entry it
 * holds if its hash is hv (entry 1). */
void *tly_hash_get_h(tly_hash *h, const char *key, size_t len, uint64_t hv, int insert,
                     size_t *id);
void tly_hash_prefetch_hash(tly_hash *h, uint64_t hv, int entry);
/* Room for n entries in all, made at once (for a count known in advance). */
void tly_hash_reserve(tly_hash *h, size_t n);
/* Add a key the caller knows is not in h yet (a duplicate would corrupt it):
 * as tly_hash_get's insert, but the key's slot is made only when the next
 * lookup needs it, so that a table filled before it is read costs no probes. */
void *tly_hash_append(tly_hash *h, const char *key, size_t len, size_t *id);
size_t tly_hash_count(const tly_hash *h);
const char *tly_hash_key(const tly_hash *h, size_t id, size_t *len);
/* Start fetching entry id into the caches (key 0), or its key's bytes (key
 * 1, once the entry is there): for walks over ids in an order of their own,
 * a few entries ahead. */
void tly_hash_prefetch(const tly_hash *h, size_t id, int key);
void *tly_hash_val(const tly_hash *h, size_t id);
uint64_t tly_hash_bytes(const void *p, size_t n);
/* rank[id] = the place of key id in the byte order of h's keys (malloc'd). */
uint32_t *tly_hash_key_ranks(const tly_hash *h);
void tly_hash_free(tly_hash *h);

/* ---- documents and inputs -------------------------------------------- */

/* One document: an id, metadata, and a byte stream read in blocks. */
typedef struct tly_doc tly_doc;

/* Read up to n bytes of the document; returns bytes read, 0 at the end, or
 * -1 with err filled. */
ssize_t tly_doc_read(tly_doc *d, void *buf, size_t n, tly_err *err);
const char *tly_doc_id(const tly_doc *d);
/* Where the document's bytes come from, for messages: a path, "<stdin>". */
const char *tly_doc_origin(const tly_doc *d);
/* Line (1-based) in the origin where the document's first byte sits. */
uint64_t tly_doc_first_line(const tly_doc *d);
/* Bytes of that line before the document's first byte (a manifest range
 * that starts inside a line), so that columns count from the line's start. */
uint64_t tly_doc_first_col(const tly_doc *d);
/* Metadata value for name, or NULL if the document has no such column.
 * "doc" and "id" give the id; "month" and "year" derive from an ISO "date"
 * (YYYY-MM, YYYY) when there is no column of that name: "" for an empty
 * date, NULL for one that is not ISO (tly_doc_need_meta says why). */
const char *tly_doc_meta(const tly_doc *d, const char *name);
/* Fill err with "a document id appears twice" for d (whose id a tool joins
 * a mentions file on); returns -1. */
int tly_doc_dup_error(const tly_doc *d, tly_err *err);
/* An ISO date YYYY, YYYY-MM or YYYY-MM-DD, alone or followed by 'T' or a
 * space and a time: 1 with its precision in *len (4, 7 or 10), -1 when it
 * has that shape but no such month or day ("2026-13", "2026-02-30"), 0 for
 * anything else. */
int tly_iso_date(const char *s, size_t *len);
/* Whether date is a valid ISO date (tly_iso_date) with a year (n = 4) or a
 * month (n = 7). */
int tly_iso_date_prefix(const char *date, size_t n);
size_t tly_doc_nmeta(const tly_doc *d);
const char *tly_doc_meta_key(const tly_doc *d, size_t i);
const char *tly_doc_meta_val(const tly_doc *d, size_t i);

/* A document over bytes in memory (not copied: they must outlive the doc). */
tly_doc *tly_doc_mem(const char *id, const char *text, size_t len);
void tly_doc_free(tly_doc *d);

enum tly_format {
	TLY_FMT_AUTO = 0,  /* by argument: dir, manifest, CSV corpus or text */
	TLY_FMT_TEXT,      /* every argument is one plain-text document */
	TLY_FMT_CSV,       /* a CSV corpus: one document per row */
	TLY_FMT_MANIFEST   /* a manifest: id,path[,start,end],metadata... */
};

typedef struct tly_inopts {
	int format;            /* enum tly_format */
	const char *text_col;  /* CSV corpus text column (default "text") */
	const char *id_col;    /* CSV corpus id column (default "id" if present) */
	int no_manifest;       /* walk directories even if they hold manifest.csv */
	int progress;          /* -1 never, 0 when stderr is a tty, 1 always */
	int lenient;           /* a CSV corpus's text column may hold invalid
	                          UTF-8 and NUL bytes (the tokenizer, lenient too,
	                          replaces and counts them) */
	int allow_empty;       /* no document, or no text, is not an error (the
	                          shard of a --partial run may be empty) */
} tly_inopts;

typedef struct tly_input tly_input;
/* paths: the command line's operands (NULL/0 or "-" means stdin). */
tly_input *tly_input_new(char *const *paths, int npaths, const tly_inopts *o);
/* Next document: 1 and *doc set (valid until the next call), 0 at the end,
 * -1 with err filled.  An input yielding no document at all is an error
 * unless o->allow_empty. */
int tly_input_next(tly_input *in, tly_doc **doc, tly_err *err);
/* Bytes and documents read so far. */
uint64_t tly_input_bytes(const tly_input *in);
uint64_t tly_input_docs(const tly_input *in);
void tly_input_free(tly_input *in);

/* CSV corpora read by several threads: the reading thread cuts the files
 * into parts of whole records (tly_csv_scan, no parsing) and each thread
 * parses its parts, whose documents are the files' as tly_input_next gives
 * them (ids, metadata, line numbers), in the same order part by part. */
typedef struct tly_parts tly_parts;
typedef struct tly_part {
	char *data;          /* malloc'd, the caller's to free */
	size_t len;
	uint64_t line, rec;  /* its first line; records before it, the header's included */
	const tly_input *src; /* its file, opened by tly_parts */
} tly_part;
/* The parts of paths if they are all CSV corpus files, at least one with a
 * record after its header, else NULL (read them with tly_input_new, which
 * also reports any error in a header). */
tly_parts *tly_parts_open(char *const *paths, int npaths, const tly_inopts *o);
/* The next part of about a megabyte: 1, 0 at the end, -1 if a file cannot be
 * cut (an error in a later file's header, a manifest among the files, a read
 * error, or no record end in TLY_MAX_FIELD bytes): read them with
 * tly_input_new then, which reports the error where it is. */
int tly_parts_next(tly_parts *p, tly_part *part);
/* Parts of about bytes instead of a megabyte (for tests). */
void tly_parts_set_size(tly_parts *p, size_t bytes);
/* The documents of a part: an input of its records that shows no progress
 * and finds no fault in having none.  Safe to call from any thread. */
tly_input *tly_input_part(const tly_part *part);
void tly_parts_close(tly_parts *p);

/* ---- tokenizer --------------------------------------------------------- */

enum tly_tok_kind {
	TLY_TK_WORD = 1,   /* letters/digits, inner apostrophes and hyphens */
	TLY_TK_NUMBER,     /* digits with separators, currency, percent */
	TLY_TK_ABBREV,     /* known abbreviation or initial, with its period */
	TLY_TK_ACRONYM,    /* dotted acronym: U.S., D.C., e.g. */
	TLY_TK_CLITIC,     /* the 's split off a possessive */
	TLY_TK_PUNCT,      /* punctuation (only with emit_punct) */
	TLY_TK_SYMBOL,     /* emoji and other symbols (only with emit_punct) */
	TLY_TK_SENTENCE    /* a sentence record (only with sentences) */
};

/* Flags describing the token's original spelling. */
#define TLY_TF_UPPER 1u  /* has a letter and every letter is uppercase */
#define TLY_TF_TITLE 2u  /* first letter uppercase */
#define TLY_TF_ASCII 4u  /* original bytes are all ASCII */

typedef struct tly_tokopts {
	int fold_case;        /* case-fold token text (default on) */
	int fold_diacritics;  /* strip marks: Việt -> viet, đ -> d */
	int emit_punct;       /* also return punctuation and symbol tokens */
	int sentences;        /* also return TLY_TK_SENTENCE records with text */
	int lenient;          /* invalid UTF-8 becomes U+FFFD instead of an error */
} tly_tokopts;

typedef struct tly_token {
	int kind;             /* enum tly_tok_kind */
	unsigned flags;       /* TLY_TF_* */
	const char *text;     /* normalized text, NUL-terminated (sentence: raw text) */
	size_t len;
	const char *raw;      /* original bytes (not NUL-terminated); lenient, a
	                         sentence's and a replaced byte's read as U+FFFD */
	size_t rawlen;
	uint64_t start, end;  /* byte offsets in the document, end exclusive */
	uint64_t index;       /* 1-based word-token number in the document; 0 for
	                         punctuation, symbols and sentence records */
	uint64_t para, sent;  /* 1-based paragraph and sentence in the document */
} tly_token;

typedef struct tly_tokenizer tly_tokenizer;
tly_tokenizer *tly_tok_new(const tly_tokopts *o);
/* Start tokenizing d (which the caller keeps alive while tokenizing). */
void tly_tok_reset(tly_tokenizer *t, tly_doc *d);
/* Next token: 1 with *tok filled (borrowed until the next call), 0 at the end
 * of the document, -1 with err filled. */
int tly_tok_next(tly_tokenizer *t, tly_token *tok, tly_err *err);
/* Tokens in batches, for counting: the kind, sentence and normalized text
 * of the tokens tly_tok_next would give, in the same order, up to
 * TLY_BATCH at a time, without the rest of each token's record. */
#define TLY_BATCH 64
typedef struct tly_tokbatch {
	size_t n;                      /* tokens in the batch */
	const char *text;              /* borrowed: token i's text is text + off[i],
	                                  len[i] bytes and a NUL, then at least 8
	                                  readable bytes more */
	uint32_t off[TLY_BATCH], len[TLY_BATCH];
	unsigned char kind[TLY_BATCH]; /* enum tly_tok_kind */
	uint64_t sent[TLY_BATCH];      /* as tly_token's sent */
	uint64_t head[TLY_BATCH][2];   /* tly_tok_words only: the text's first 16
	                                  bytes, zero-padded, as two words loaded
	                                  from memory (memcpy) */
} tly_tokbatch;
/* The next tokens of the document into b: 1 with b->n >= 1, 0 at its end,
 * -1 with err filled (the tokens before the error are not returned). */
int tly_tok_batch(tly_tokenizer *t, tly_tokbatch *b, tly_err *err);
/* The same for the word tokens only (every kind but punctuation, symbols and
 * sentence records), faster; sent[] is 0.  For tools that count single
 * words, which need no sentences.  Every token has its head[]; only the
 * tokens of more than 16 bytes are sure to have their text (the others'
 * text is in head). */
int tly_tok_words(tly_tokenizer *t, tly_tokbatch *b, tly_err *err);
/* Invalid UTF-8 sequences replaced so far in lenient mode. */
uint64_t tly_tok_replaced(const tly_tokenizer *t);
void tly_tok_free(tly_tokenizer *t);

/* Normalize one string as the tokenizer normalizes token text (NFC,
 * apostrophes to U+0027, optional case and diacritic folding).  Appends to
 * out; returns 0, or -1 if s is not valid UTF-8. */
int tly_normalize(const char *s, size_t len, int fold_case, int fold_diacritics,
                  tly_buf *out);

/* Collapse every run of whitespace (including newlines) to one space. */
void tly_collapse_space(const char *s, size_t len, tly_buf *out);
/* 1 if s holds a character a token can be made of (a letter, digit or mark),
 * 0 if it is all punctuation, symbols and spaces. */
int tly_has_word_char(const char *s, size_t len);

/* ---- CSV output -------------------------------------------------------- */

/* Writes RFC 4180 CSV with \n line ends, quoting only fields that need it.
 * Opened on stdout (path NULL or "-") or on path, which is written to a
 * temporary file and renamed into place by tly_out_close(out, 1). */
typedef struct tly_out tly_out;
tly_out *tly_out_open(const char *path, tly_err *err);
void tly_out_excel_safe(tly_out *o, int on);   /* prefix =+-@ fields with ' */
void tly_csv_str(tly_out *o, const char *s);
void tly_csv_field(tly_out *o, const char *s, size_t len);
void tly_csv_int(tly_out *o, int64_t v);
void tly_csv_uint(tly_out *o, uint64_t v);
/* The decimal digits of v (no NUL) into b, which has room for 20; their
 * number. */
size_t tly_fmt_uint(char *b, uint64_t v);
/* Reals: %.10g (NaN as NA, infinities as Inf/-Inf, -0 as 0). */
void tly_csv_real(tly_out *o, double v);
/* Reals with a fixed number of decimals. */
void tly_csv_fixed(tly_out *o, double v, int decimals);
void tly_csv_end(tly_out *o);                     /* end the record */
/* Write a whole header from a comma-separated list of names. */
void tly_csv_header(tly_out *o, const char *names);
/* Raw bytes, bypassing CSV quoting (for other formats). */
void tly_out_write(tly_out *o, const void *p, size_t n);
/* Work on items 0..n-1 split into contiguous parts [a, b), one per thread:
 * as many parts as threads allow while each has at least min items (1 if n
 * is below 2 * min or threads is 1; 0 if n is 0).  fn(ctx, k, a, b) does
 * part k; part 0 runs in the calling thread, the others each in a thread
 * of its own, all done when tly_parallel returns.  fn must only read
 * shared state and write what belongs to its part. */
size_t tly_parallel_parts(size_t n, int threads, size_t min);
void tly_parallel(size_t n, size_t parts, void (*fn)(void *ctx, size_t k, size_t a, size_t b),
                  void *ctx);
/* Rows 0..n-1, each written to o by fn(o, i, ctx, scratch) as a whole
 * record, the formatting spread over up to `threads` threads (each formats a
 * contiguous part into memory; the parts are written in order, so the output
 * is the same for any number of threads).  fn must only read shared state;
 * scratch is a buffer of its thread's own. */
typedef void (*tly_rowfmt)(tly_out *o, size_t i, void *ctx, tly_buf *scratch);
void tly_out_rows(tly_out *o, size_t n, int threads, tly_rowfmt fn, void *ctx);
/* Finish: ok=1 flushes and commits (renames the temp file, checks the close
 * of stdout); ok=0 discards (removes the temp file, truncates a regular file
 * on stdout back to where it began).  Returns 0, or -1 with err filled. */
int tly_out_close(tly_out *o, int ok, tly_err *err);
/* The current output, if any (so tly_die can discard it). */
tly_out *tly_out_current(void);

/* ---- CSV input --------------------------------------------------------- */

/* A streaming CSV reader (libcsv underneath): one record at a time. */
typedef struct tly_csv tly_csv;
/* path NULL or "-" reads stdin.  Returns NULL with err filled. */
tly_csv *tly_csv_open(const char *path, tly_err *err);
/* Read the next record: 1, 0 at the end, -1 with err filled. */
int tly_csv_next(tly_csv *c, tly_err *err);
size_t tly_csv_nfields(const tly_csv *c);
const char *tly_csv_get(const tly_csv *c, size_t i, size_t *len);
/* Line where the current record began (1-based). */
uint64_t tly_csv_line(const tly_csv *c);
uint64_t tly_csv_record(const tly_csv *c);     /* 1-based, header is 1 */
const char *tly_csv_path(const tly_csv *c);
uint64_t tly_csv_bytes(const tly_csv *c);
void tly_csv_close(tly_csv *c);
/* A reader of the records in data[0..len) (borrowed, whole records), which
 * begin on line `line` of path after nrec records: a part of a file cut by
 * tly_csv_scan, for a thread to parse. */
tly_csv *tly_csv_open_part(const char *path, const char *data, size_t len, uint64_t line,
                           uint64_t nrec);
/* Where the next record begins in a file being read (its byte offset and
 * line): 0, or -1 when that is not known (a record is being parsed, or more
 * than one ended on the last line read). */
int tly_csv_data_offset(const tly_csv *c, uint64_t *off, uint64_t *line);

/* Record boundaries of a CSV text, found without parsing it: LF and CR end
 * a record outside double quotes, and a quote toggles between inside and
 * outside (RFC 4180, where a quote inside a quoted field is doubled).  What
 * libcsv reads as malformed may be cut wrongly; the part holding the fault
 * is then malformed too, and its parse fails. */
typedef struct tly_csvscan {
	int inq;        /* inside a quoted field */
	int term;       /* the last byte scanned ended a record (or none was scanned yet) */
	uint64_t lines; /* LF bytes scanned */
	uint64_t recs;  /* records begun (libcsv's: an empty line is none) */
} tly_csvscan;
/* Scan buf[0..n) on from s: returns the offset just past the first record
 * end (LF or CR outside quotes) at or after offset want, with s counting the
 * bytes before it, or n with s counting all. */
size_t tly_csv_scan(tly_csvscan *s, const char *buf, size_t n, size_t want);

/* A CSV table with a header: records are checked to have as many fields as
 * the header, and columns are found by name. */
typedef struct tly_table tly_table;
tly_table *tly_table_open(const char *path, tly_err *err);
/* Column index of name, or -1. */
int tly_table_col(const tly_table *t, const char *name);
/* As tly_table_col, but a missing column is an error naming the columns
 * that exist (and the tool's option that picks it, if opt is not NULL). */
int tly_table_need(tly_table *t, const char *name, const char *opt, tly_err *err);
size_t tly_table_ncols(const tly_table *t);
const char *tly_table_colname(const tly_table *t, size_t i);
int tly_table_next(tly_table *t, tly_err *err);
/* Column col holds a corpus's text: its invalid UTF-8 is reported with the
 * --lenient hint, or, lenient, let through (NUL bytes too) for the
 * tokenizer to replace. */
void tly_table_text_col(tly_table *t, size_t col, int lenient);
const char *tly_table_get(const tly_table *t, size_t col, size_t *len);
tly_csv *tly_table_csv(tly_table *t);
void tly_table_close(tly_table *t);
/* A table of like's columns over the records in data[0..len) (a part of its
 * file, as for tly_csv_open_part). */
tly_table *tly_table_open_part(const tly_table *like, const char *data, size_t len,
                               uint64_t line, uint64_t nrec);

/* A mention list, as tally entities writes it (doc,para,sent,start,end,
 * surface,entity,type,code,match), read by the tools that take --mentions.
 * Each row is checked: start and end byte offsets with start <= end, para
 * and sent counts (when asked for), a non-empty entity, which is given
 * normalized as tokens are (NFC, apostrophes straight; case as written). */
enum { TLY_MENTIONS_PARA_SENT = 1, TLY_MENTIONS_END = 2 };  /* columns required */
typedef struct tly_mention_row {
	const char *doc;
	size_t doclen;
	uint64_t para, sent;  /* 0 unless TLY_MENTIONS_PARA_SENT */
	uint64_t start, end;  /* end: start when there is no end column */
	const char *entity;   /* normalized; valid until the next row */
	size_t entlen;
	const char *type, *code, *match;  /* "" when the column is absent */
	size_t typelen, codelen, matchlen;
	uint64_t line;        /* the row's line in the file */
} tly_mention_row;
typedef struct tly_mentions tly_mentions;
/* Open path (- for stdin), needing doc, start, entity and the columns of
 * need; NULL with err filled if it cannot. */
tly_mentions *tly_mentions_open(const char *path, unsigned need, tly_err *err);
/* The table underneath, for columns of the caller's own (cooc's --by). */
tly_table *tly_mentions_table(tly_mentions *m);
/* The next row into r: 1, 0 at the end, -1 with err filled (FILE:LINE). */
int tly_mentions_next(tly_mentions *m, tly_mention_row *r, tly_err *err);
void tly_mentions_close(tly_mentions *m);
/* Fill err with "the mentions file path names document doc, which is not
 * among the documents read" (with the fix); returns -1. */
int tly_mentions_unseen_error(const char *path, const char *doc, tly_err *err);

/* ---- statistics (GSL underneath) ----------------------------------------- */

/* Association in a 2x2 table of co-occurrence counts:
 *            b      not b
 *   a       o11     o12      o11 = n_ab, o12 = n_a - n_ab
 *   not a   o21     o22      o21 = n_b - n_ab, o22 = n - n_a - n_b + n_ab
 * Expected counts e_ij = row_i * col_j / n.  Logs: natural for G2, base 2 for
 * PMI and logDice.  p-values are upper tails of chi-squared with 1 degree of
 * freedom, erfc(sqrt(x / 2)) (tly_chi2_q). */
typedef struct tly_assoc {
	double expected;  /* e11 */
	double pmi;       /* log2(o11 / e11) (Church & Hanks 1990) */
	double npmi;      /* pmi / -log2(o11 / n) (Bouma 2009); -1 when o11 = 0 */
	double t;         /* (o11 - e11) / sqrt(o11) */
	double z;         /* (o11 - e11) / sqrt(e11) */
	double g2, g2_p;  /* 2 sum o ln(o/e) over all four cells (Dunning 1993),
	                     as 2 sum of the cells' shares (tly_g2_cell), with
	                     o - e = +-(n o11 - n_a n_b) / n from the exact
	                     integer tly_det2 */
	double g2_signed; /* g2, negative when o11 < e11 (seen less than chance) */
	double g2_row;    /* the first row's part of g2, its cells' shares doubled:
	                     2 (o11 ln(o11 / e11) + o12 ln(o12 / e12)), since
	                     e11 + e12 = o11 + o12 (keyness's two-cell G2) */
	double chi2, chi2_p;             /* Pearson, sum (o-e)^2/e */
	double chi2_yates, chi2_yates_p; /* sum (max(|o-e|-0.5, 0))^2/e */
	double dice;      /* 2 o11 / (n_a + n_b) */
	double logdice;   /* 14 + log2(dice) (Rychly 2008) */
} tly_assoc;

/* Fill a from the four margins; returns -1 if they are inconsistent
 * (n_ab > n_a, n_a + n_b - n_ab > n, ...). */
int tly_assoc_2x2(double n_ab, double n_a, double n_b, double n, tly_assoc *a);
/* A cell's share of G2 / 2: o ln(o / e) - (o - e), which over the cells of
 * a table sums to sum o ln(o / e) (the o - e sum to zero) but is never
 * negative, computed as e h((o - e) / e) with h(x) = (1 + x) ln(1 + x) - x
 * (a series for |x| < 0.01) so that nothing cancels when o is near e;
 * 0 for e <= 0, e for o = 0. */
double tly_g2_cell(double o, double e);
/* a d - b c for counts a, b, c, d (integers held in doubles), exact while
 * it and the products stay below 2^53 and 2^106: the difference of two
 * nearly equal products, where computing a d and b c first would lose it. */
double tly_det2(double a, double d, double b, double c);
/* log10(n / df), the inverse document frequency of tf-idf (0 < df <= n),
 * to the last digit also when df is close to n. */
double tly_idf(uint64_t n, uint64_t df);
/* Upper tail of chi-squared with df degrees of freedom. */
double tly_chi2_q(double x, double df);
/* Benjamini-Hochberg q-values for m p-values (Benjamini & Hochberg 1995):
 * q_(i) = min over j >= i of p_(j) m / j, capped at 1; ties keep input order. */
void tly_bh(const double *p, size_t m, double *q);

/* ---- progress ---------------------------------------------------------- */

/* Progress on stderr when it is a terminal: documents, MB and MB/s, redrawn
 * at most a few times a second; cleared by tly_progress_done(). */
void tly_progress_enable(int mode);  /* -1 never, 0 if stderr is a tty, 1 always */
void tly_progress(uint64_t docs, uint64_t bytes);
/* The output goes to standard output and that is a terminal: progress is
 * then shown only when forced (--progress), not for stderr being a tty. */
void tly_progress_output_tty(void);
void tly_progress_done(void);

/* ---- options every tool shares ------------------------------------------ */

typedef struct tly_common {
	tly_inopts in;
	tly_tokopts tok;
	const char *output;  /* -o FILE, NULL for stdout */
	int excel_safe;
} tly_common;

/* getopt_long entries for the shared options; tools list
 * TLY_COMMON_LONGOPTS in their own option table.  Values >= 0x1000. */
enum {
	TLY_OPT_FORMAT = 0x1000, TLY_OPT_TEXT_COL, TLY_OPT_ID_COL, TLY_OPT_CASE,
	TLY_OPT_FOLD_DIA, TLY_OPT_NO_MANIFEST, TLY_OPT_LENIENT, TLY_OPT_PROGRESS,
	TLY_OPT_QUIET, TLY_OPT_EXCEL_SAFE, TLY_OPT_OUTPUT = 'o', TLY_OPT_HELP = 'h'
};
#define TLY_COMMON_LONGOPTS \
	{"format", required_argument, 0, TLY_OPT_FORMAT}, \
	{"text-col", required_argument, 0, TLY_OPT_TEXT_COL}, \
	{"id-col", required_argument, 0, TLY_OPT_ID_COL}, \
	{"case", required_argument, 0, TLY_OPT_CASE}, \
	{"fold-diacritics", no_argument, 0, TLY_OPT_FOLD_DIA}, \
	{"no-manifest", no_argument, 0, TLY_OPT_NO_MANIFEST}, \
	{"lenient", no_argument, 0, TLY_OPT_LENIENT}, \
	{"progress", no_argument, 0, TLY_OPT_PROGRESS}, \
	{"quiet", no_argument, 0, TLY_OPT_QUIET}, \
	{"excel-safe", no_argument, 0, TLY_OPT_EXCEL_SAFE}, \
	{"output", required_argument, 0, TLY_OPT_OUTPUT}, \
	{"help", no_argument, 0, TLY_OPT_HELP}
#define TLY_COMMON_SHORTOPTS "ho:"

void tly_common_init(tly_common *c);
/* Handle one shared option.  Returns 1 if handled, 0 if opt is not shared;
 * an invalid value prints a usage error and exits 2. */
int tly_common_opt(tly_common *c, int opt, const char *arg);
/* The help text for the shared options, for a tool's usage(). */
void tly_common_usage(FILE *fp);
/* Note that standard input is read (an operand or an option file given
 * as -): a usage error the second time, as it can be read only once. */
void tly_stdin_take(void);
/* Print "<prog>: <msg>" and "Try 'tally <tool> --help'." and exit 2. */
_Noreturn void tly_usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* After getopt_long returned '?' (and printed what was wrong): for an
 * unknown long option, the nearest known one ("did you mean --text-col?"),
 * then "Try 'tally <tool> --help'.", and exit 2. */
struct option;
_Noreturn void tly_bad_option(char *const *argv, const struct option *longopts);
/* The one of names[0..count) nearest to w[0..n) (edit distance; a name w
 * begins with, or one that begins with w, counts as one edit), if near
 * enough to be a likely typo; NULL if none is or w is a name.  abbrev: w
 * may abbreviate a name (getopt's long options), so a start of one is no
 * typo either. */
const char *tly_suggest(const char *w, size_t n, const char *const *names, size_t count,
                        int abbrev);

/* Parse helpers for option values: exit 2 with a message on bad values. */
long tly_opt_long(const char *opt, const char *arg, long min, long max);
/* arg, or a usage error "OPT needs WHAT" when it is empty. */
const char *tly_opt_str(const char *opt, const char *arg, const char *what);
double tly_opt_double(const char *opt, const char *arg, double min, double max);

/* Open the output named by c (stdout by default); exits 1 on failure. */
tly_out *tly_common_out(const tly_common *c);
/* Finish a tool: close the output (ok) and return the exit code; reports
 * write errors such as a full disk. */
int tly_finish(tly_out *o);

/* ---- gazetteer and entity matching (gazetteer.c, match.c) ----------------- */

/* A gazetteer: countries, capitals and people with every name they go by,
 * loaded once from plain CSV (data/gazetteer/, described in data/README.md
 * and tally-entities(1)) into a hash over token sequences.  Names are cut
 * with the same tokenizer as the text, so "U.S.", "Việt Nam" and
 * "Côte d'Ivoire" match exactly as the text is tokenized. */
enum tly_ent_type {
	TLY_ENT_UNKNOWN = 0,  /* --discover: a name-like sequence nobody knows */
	TLY_ENT_COUNTRY = 1,
	TLY_ENT_PERSON = 2,
	TLY_ENT_CAPITAL = 4
};
/* The types of a --types list ("country,person"), or a usage error for an
 * unknown or empty one. */
unsigned tly_ent_types(const char *arg);
enum tly_ent_match {
	TLY_MATCH_NAME = 1,   /* a name or spelling of the entity, as listed */
	TLY_MATCH_FOLDED,     /* matched only after stripping diacritics */
	TLY_MATCH_DEMONYM,    /* "Vietnamese", "American" */
	TLY_MATCH_SHORT       /* a person's short form, licensed by a title or
	                         by the full name earlier in the document */
};
const char *tly_ent_type_name(int type);    /* "country", "person", ... */
const char *tly_ent_match_name(int match);  /* "name", "folded", ... */

typedef struct tly_gazetteer tly_gazetteer;
/* Load the gazetteer in dir (NULL: tly_data_path("gazetteer")) and the extra
 * files named in extra (names.csv or leaders.csv layout, told apart by their
 * header; they take precedence over the directory's files).  Returns NULL with
 * err filled ("file:line: what") on a malformed file. */
tly_gazetteer *tly_gaz_load(const char *dir, const char *const *extra, size_t nextra,
                            tly_err *err);
size_t tly_gaz_count(const tly_gazetteer *g);            /* entities: ids 0..n-1 */
const char *tly_gaz_name(const tly_gazetteer *g, size_t id);   /* canonical */
int tly_gaz_type(const tly_gazetteer *g, size_t id);     /* enum tly_ent_type */
const char *tly_gaz_code(const tly_gazetteer *g, size_t id);   /* ISO3 */
/* Entity id of a canonical name (of any type), or -1. */
long tly_gaz_find(const tly_gazetteer *g, const char *name);
void tly_gaz_free(tly_gazetteer *g);

/* One mention.  Strings are borrowed until the next tly_match_next(). */
typedef struct tly_mention {
	long entity;           /* gazetteer id; -1 for TLY_ENT_UNKNOWN */
	const char *name;      /* canonical name (the surface for UNKNOWN) */
	int type;              /* enum tly_ent_type */
	const char *code;      /* ISO3 ("" for UNKNOWN) */
	int match;             /* enum tly_ent_match (0 for UNKNOWN) */
	const char *surface;   /* the text, each run of whitespace as one space */
	size_t surface_len;
	uint64_t start, end;   /* byte offsets in the document, end exclusive */
	uint64_t para, sent;   /* 1-based, as tally tokens numbers them */
	uint64_t index;        /* word-token number of the first token */
} tly_mention;

typedef struct tly_matchopts {
	unsigned types;        /* TLY_ENT_* bits to report (0: country|person) */
	int no_demonyms;       /* drop TLY_MATCH_DEMONYM mentions */
	int discover;          /* report unknown name-like sequences instead */
	int short_anywhere;    /* a short form also counts when the full name comes
	                          later in the document (mentions are held until
	                          the document ends) */
	int lenient;           /* tokenizer: replace invalid UTF-8 */
} tly_matchopts;

/* Per-document counts the matcher saw (for co-occurrence margins). */
typedef struct tly_matchstats {
	uint64_t words;        /* word tokens (tally tokens' index) */
	uint64_t sentences;    /* sentences holding at least one word token */
	uint64_t paragraphs;   /* paragraphs holding at least one word token */
} tly_matchstats;

typedef struct tly_matcher tly_matcher;
/* The gazetteer must outlive the matcher. */
tly_matcher *tly_match_new(const tly_gazetteer *g, const tly_matchopts *o);
/* Start matching d (kept alive by the caller while matching); its "date"
 * metadata, if any, decides between people who share a title and surname. */
void tly_match_reset(tly_matcher *m, tly_doc *d);
/* Next mention in document order: 1 with *out filled, 0 at the end of the
 * document, -1 with err filled. */
int tly_match_next(tly_matcher *m, tly_mention *out, tly_err *err);
/* Counts for the current document (complete once tly_match_next returned 0). */
void tly_match_stats(const tly_matcher *m, tly_matchstats *st);
uint64_t tly_match_replaced(const tly_matcher *m);
void tly_match_free(tly_matcher *m);
/* ---- tone: rule-based valence scoring (VADER) ----------------------------- */

/* A valence lexicon: single words, emoticons and multi-word entries mapped to
 * valences, plus the rule words of VADER (negations, boosters, special
 * cases).  Entries are normalized as the tokenizer normalizes tokens (NFC,
 * apostrophes unified, case-folded; diacritics folded if asked), so they
 * match token text.  tally-tone(1) documents the file format. */
typedef struct tly_lexicon tly_lexicon;

/* What a second entry with the same key (after normalization) does. */
enum tly_lexdup {
	TLY_LEXDUP_ERROR = 0, /* an error naming both lines, if the valences differ */
	TLY_LEXDUP_FIRST,     /* the first entry wins */
	TLY_LEXDUP_LAST,      /* the last entry wins */
	TLY_LEXDUP_VADER      /* VADER's own loading: the last wins, and keys that
	                         case folding would change are skipped (VADER
	                         lowercases the word, never the key) */
};

/* An empty lexicon with the rule words; never NULL. */
tly_lexicon *tly_lexicon_new(int fold_diacritics);
/* Add the entries of a lexicon file (TSV: entry TAB valence [TAB ...], or
 * CSV: entry,valence[,...]; a first line whose valence is not a number is a
 * header).  Returns the number of entries read, or -1 with err filled
 * ("file:line: what"). A file with no entry is an error. */
long tly_lexicon_load(tly_lexicon *lx, const char *path, int dups, tly_err *err);
/* Add emoji descriptions (emoji TAB description): an emoji token is scored
 * as the words of its description.  Returns entries read, or -1. */
long tly_lexicon_load_emoji(tly_lexicon *lx, const char *path, tly_err *err);
/* The bundled VADER lexicon and emoji descriptions (data/vader_lexicon.txt,
 * data/vader_emoji.txt); NULL with err filled if they cannot be read. */
tly_lexicon *tly_lexicon_vader(int fold_diacritics, tly_err *err);
/* Entries read from files (not counting rule words). */
size_t tly_lexicon_size(const tly_lexicon *lx);
/* Valence of an entry given as normalized words separated by single spaces;
 * returns 1 and sets *v if it is in the lexicon, else 0. */
int tly_lexicon_get(const tly_lexicon *lx, const char *entry, size_t len, double *v);
void tly_lexicon_free(tly_lexicon *lx);

/* The scores of one unit (a sentence, or a window of tokens). */
typedef struct tly_tone_score {
	double sum;        /* valences after the rules, plus punctuation emphasis */
	double compound;   /* sum / sqrt(sum^2 + 15), in [-1, 1] */
	double pos, neu, neg;  /* VADER's proportions (sum to 1, or all 0) */
	uint64_t words;    /* items scored: words, emoticons, emoji words */
	uint64_t npos, nneg;   /* items whose lexicon valence is > 0 / < 0 */
	uint64_t nlex;     /* items found in the lexicon */
} tly_tone_score;

/* One scored item, for explanations (borrowed until the next call). */
typedef struct tly_tone_item {
	const char *word;  /* normalized text (a phrase: words joined by spaces) */
	size_t len;
	uint64_t start, end;   /* byte offsets of the item in the document */
	int in_lexicon;
	double lexicon;    /* lexicon valence (0 if not in the lexicon) */
	double valence;    /* valence after every rule, "but" included */
	const char *rules; /* the rules applied, ';'-separated, "" if none */
} tly_tone_item;

/* A token flag for tly_tone_add: the token is part of a name (an entity's
 * mention, say), so it has no valence of its own ("United" in "United
 * States"), though it still counts as a word. */
#define TLY_TF_NOVALENCE 0x100u

/* A scorer: feed it the tokens of one unit (from a tokenizer with emit_punct
 * and fold_case on), then score.  Memory is reused from unit to unit. */
typedef struct tly_tone tly_tone;
tly_tone *tly_tone_new(const tly_lexicon *lx);
/* Record the rules applied to each item (for tly_tone_item); off by default. */
void tly_tone_explain(tly_tone *t, int on);
/* Take words capitalized inside a sentence (not in capitals, not first) as
 * parts of names, with no valence: for edited text, where "Party" in "the
 * Communist Party" or "Peace" in "Board of Peace" is no sentiment.  Off by
 * default (social media capitalizes for emphasis). */
void tly_tone_names(tly_tone *t, int on);
/* Forget the current unit. */
void tly_tone_clear(tly_tone *t);
/* Add a token to the current unit (sentence records are ignored). */
void tly_tone_add(tly_tone *t, const tly_token *tok);
/* What a unit is: the tokens of one sentence, paragraph or document. */
enum tly_tone_unit { TLY_UNIT_SENTENCE, TLY_UNIT_PARAGRAPH, TLY_UNIT_DOCUMENT };
/* Add tok and the tokens that follow it in its unit (enum tly_tone_unit),
 * read from tk, until one of another unit or a sentence record comes:
 * returns 1 with that token in *tok (not added), 0 at the document's end,
 * -1 with err filled.  *end becomes the end of the last token added.  The
 * same as tly_tone_add for each token, without a call per token. */
int tly_tone_add_unit(tly_tone *t, tly_tokenizer *tk, tly_token *tok, int unit, uint64_t *end,
                      tly_err *err);
/* Score the current unit; it stays available to tly_tone_item until cleared. */
void tly_tone_score_unit(tly_tone *t, tly_tone_score *s);
/* After scoring: the items, and the punctuation emphasis that was added. */
size_t tly_tone_nitems(const tly_tone *t);
void tly_tone_get_item(tly_tone *t, size_t i, tly_tone_item *it);
double tly_tone_emphasis(const tly_tone *t, unsigned *exclaims, unsigned *questions);
/* Score a string as one unit, whatever its sentences.  Returns 0, or -1 with
 * err filled (invalid UTF-8). */
int tly_tone_string(tly_tone *t, const char *s, size_t len, tly_tone_score *sc,
                    tly_err *err);
void tly_tone_free(tly_tone *t);

/* Percentile bootstrap of the mean of x[0..n): B resamples of n values
 * drawn with replacement (gsl_rng_uniform_int from a gsl_rng_mt19937 seeded
 * with seed, so equal samples give equal intervals), the replicate means
 * sorted, and the level/2 and 1-level/2 quantiles taken by linear
 * interpolation (gsl_stats_quantile_from_sorted_data).  When n*B > 1e7 and
 * x has at most n/16 distinct values, each resample instead draws the counts
 * of the distinct values (most frequent first) by conditional binomials,
 * which is the same multinomial distribution at a cost of B*K.  n == 0 or
 * B == 0 gives NaN. */
void tly_bootstrap_mean(const double *x, size_t n, unsigned long B, unsigned long seed,
                        double level, double *lo, double *hi);
/* Sort x[0..n) ascending into the order qsort gives it with the comparison
 * (a > b) - (a < b), the same bytes: in linear time when a few values make
 * up most of x, as a corpus's sentence scores do. */
void tly_sort_values(double *x, size_t n);
/* ---- term counting, stopwords, document selection (lib/terms.c) ------------ */

/* A stopword list: words normalized as the tokenizer normalizes tokens,
 * matched whatever the case: loaded without fold_case (tokens keep their
 * case), tly_stopwords_has folds the word's case before looking it up. */
typedef struct tly_stopwords tly_stopwords;
/* spec is a file (UTF-8, one word per line, '#' starts a comment) or a list
 * tally ships ("en" or "english": data/stopwords-en.txt); a file of that name
 * wins.  Returns NULL with err filled: no such file or language, invalid
 * UTF-8 (with its line), a word with spaces, an empty list.  Free with
 * tly_stopwords_free(). */
tly_stopwords *tly_stopwords_load(const char *spec, int fold_case, int fold_dia, tly_err *err);
/* Add the words of spec (as above) to *s, a list made if *s is NULL (free it
 * on error too): the union of lists, as --stopwords given twice.  Returns 0,
 * or -1 with err filled. */
int tly_stopwords_add(tly_stopwords **s, const char *spec, int fold_case, int fold_dia,
                      tly_err *err);
int tly_stopwords_has(const tly_stopwords *s, const char *w, size_t len);
size_t tly_stopwords_count(const tly_stopwords *s);
void tly_stopwords_free(tly_stopwords *s);

/* Which tokens are terms, and what is counted.  Words, numbers,
 * abbreviations and acronyms are terms; a stopword (and a number with
 * no_numbers) is a gap: it holds a position but is never counted, and no
 * n-gram or pair contains it; the clitic 's is skipped as if absent unless
 * clitics is set; punctuation (unless cross_punct) and the end of a sentence
 * break sequences. */
typedef struct tly_termopts {
	const tly_stopwords *stop;  /* borrowed; NULL for none */
	int stem;         /* count Snowball English stems (libstemmer) */
	int no_numbers;   /* numbers are gaps */
	int clitics;      /* 's is a term */
	int cross_punct;  /* n-grams and pairs may span punctuation */
	int n;            /* keys are n-grams of n terms, 1..5 (1: single terms) */
	int window;       /* > 0: keys are ordered pairs (a, b), b 1..window
	                     positions after a in the same sentence (max 100) */
} tly_termopts;

/* One counted (group, key): occurrences and documents holding it. */
typedef struct tly_trow {
	uint32_t group, key;
	uint64_t count, docs;
} tly_trow;

/* A counter of keys per group.  Counts are exact integers; statistics are
 * the tools' business.  Ids (terms, keys, groups) are the counter's own. */
typedef struct tly_terms tly_terms;
tly_terms *tly_terms_new(const tly_termopts *o);
void tly_terms_free(tly_terms *t);
const tly_termopts *tly_terms_opts(const tly_terms *t);

/* Put document d into a group: set *group (copied) and return 1; return 0 to
 * leave the document out; -1 with err filled on error. */
typedef int (*tly_group_fn)(void *ctx, tly_doc *d, const char **group, tly_err *err);
/* Count every document of an input (operands and options as for
 * tly_input_new; tokenizer options as given, punctuation and sentences are
 * set as counting needs).  fn NULL puts every document in group "".  With
 * threads > 1 a single large plain-text file is cut at paragraph breaks (or,
 * for single terms, at whitespace) and counted over that many threads, and
 * the documents of other inputs (except stdin) are handed out to threads;
 * the results are identical to one thread's, errors included.  May be
 * called again to add more input.  Returns 0, or -1 with err filled. */
int tly_terms_count(tly_terms *t, char *const *paths, int npaths, const tly_inopts *io,
                    const tly_tokopts *to, int threads, tly_group_fn fn, void *ctx,
                    tly_err *err);
/* The number of online cores (1..256), the default for --threads. */
int tly_default_threads(void);
/* Add from's counts to into (same options).  same_doc: both counted parts
 * of the same documents, so document counts combine by maximum, not sum. */
void tly_terms_merge(tly_terms *into, tly_terms *from, int same_doc);
/* Invalid UTF-8 bytes replaced in lenient mode while counting. */
uint64_t tly_terms_replaced(const tly_terms *t);

/* Groups, by id 0..n-1: key, documents, term tokens counted (stopwords
 * excluded) and keys counted (terms, n-grams or pairs). */
size_t tly_terms_ngroups(const tly_terms *t);
uint32_t tly_terms_group_id(tly_terms *t, const char *key);  /* adds it if new */
const char *tly_terms_group(const tly_terms *t, uint32_t g);
void tly_terms_group_stats(const tly_terms *t, uint32_t g, uint64_t *docs, uint64_t *terms,
                           uint64_t *units);
/* Terms by id 0..n-1 (stems with stem). */
size_t tly_terms_nterms(const tly_terms *t);
const char *tly_terms_term(const tly_terms *t, uint32_t id, size_t *len);
/* rank[id] = the place of term id in byte order of the terms (malloc'd,
 * the caller frees). */
uint32_t *tly_terms_term_ranks(const tly_terms *t);
/* The term ids of a key (at most 5) and their number. */
int tly_terms_key_ids(const tly_terms *t, uint32_t key, uint32_t *ids);
/* Append a key's text to out: its terms joined by single spaces. */
void tly_terms_key_text(const tly_terms *t, uint32_t key, tly_buf *out);
/* Every (group, key) counted, sorted by group key (bytes), count descending,
 * then key text ascending (bytes).  Borrowed until the counter changes. */
const tly_trow *tly_terms_rows(tly_terms *t, size_t *n);
/* The rows to show (count >= min_count, the first top of each group; top 0:
 * all) as CSV records [group,]key,count,docs,freq_per_million[,tf_idf]
 * (group only if by), formatted over up to threads threads (tly_out_rows).
 * freq_per_million is the count per million of the group's terms (with
 * tf_idf) or units (without); tf_idf is count * log10(N / docs), N the
 * group's documents. */
void tly_terms_write_rows(tly_out *out, tly_terms *t, uint64_t min_count, size_t top, int by,
                          int tf_idf, int threads);

/* Bytes of d still to read, when known (memory, a file or a manifest's byte
 * range); -1 when not (a pipe, a terminal). */
int64_t tly_doc_size(const tly_doc *d);

/* The value of metadata column col of d (see tly_doc_meta); a missing column
 * is an error naming the columns d has (and opt, the option to check). */
int tly_doc_need_meta(const tly_doc *d, const char *col, const char *opt, const char **val,
                      tly_err *err);

/* Document selection, as in keyness --target: "COL OP VALUE" with OP one of
 * = != < <= > >= (numbers compare as numbers, other values as bytes, so ISO
 * dates compare in time order; an empty value is never < or >) or ~ (a glob
 * on the value); otherwise a glob (* ? [...]) on the document id, or the id
 * itself.  Returns NULL with err filled (code TLY_EXIT_USAGE) if malformed. */
typedef struct tly_docsel tly_docsel;
tly_docsel *tly_docsel_new(const char *spec, tly_err *err);
/* 1 if d is selected, 0 if not, -1 with err filled if a column is missing. */
int tly_docsel_match(const tly_docsel *s, const tly_doc *d, tly_err *err);
void tly_docsel_free(tly_docsel *s);

/* Options the counting tools (terms, ngrams, colloc, keyness) share: list
 * TLY_TERM_LONGOPTS in the option table, pass each option to tly_term_opt()
 * and call tly_term_setup() after parsing (it loads the stopwords with the
 * tokenizer's folding, exiting on error). */
enum {
	TLY_OPT_STOPWORDS = 0x1100, TLY_OPT_STEM, TLY_OPT_NO_NUMBERS, TLY_OPT_CLITICS,
	TLY_OPT_THREADS
};
#define TLY_TERM_LONGOPTS \
	{"stopwords", required_argument, 0, TLY_OPT_STOPWORDS}, \
	{"stem", no_argument, 0, TLY_OPT_STEM}, \
	{"no-numbers", no_argument, 0, TLY_OPT_NO_NUMBERS}, \
	{"clitics", no_argument, 0, TLY_OPT_CLITICS}, \
	{"threads", required_argument, 0, TLY_OPT_THREADS}
typedef struct tly_termcli {
	tly_termopts o;
	const char **stopwords; /* --stopwords values (combined) */
	size_t nstopwords;
	tly_stopwords *stop;    /* loaded by tly_term_setup */
	int threads;            /* --threads, default tly_default_threads() */
} tly_termcli;
void tly_term_init(tly_termcli *c);
/* Handle one shared term option: 1 if handled, 0 if not one of them. */
int tly_term_opt(tly_termcli *c, int opt, const char *arg);
void tly_term_setup(tly_termcli *c, const tly_common *cm);
void tly_term_usage(FILE *fp);
void tly_term_free(tly_termcli *c);

/* ---- partial results and their merge (lib/partial.c) ------------------------ */

/* A tool run with --partial writes the exact state of its result over part
 * of a corpus (whole documents); tally merge combines any number of them into
 * the output of one run over all the parts (tally-merge(1) has the format).
 * Records have a kind, key fields and value fields:
 *   '?'      the header row of the output (its CSV bytes): one is kept
 *   '@'      a finished output row (its CSV bytes, one value); rows keep the
 *            order of the partials as given, then their own
 *   'A'-'Z'  counts: unsigned integer values, summed over equal keys
 *   'a'-'z'  facts: records with equal keys must agree ('y': the tally and
 *            the data of its data directory that wrote the partial) */
#define TLY_PARTIAL_VERSION 1

/* Capture output: an out whose records (the bytes of each, without the line
 * end) go to fn as each ends, instead of to a file.  tly_out_close frees it. */
tly_out *tly_out_capture(void (*fn)(void *ctx, const char *rec, size_t len), void *ctx);

/* The options of a command line that decide its result (argv[1..optind),
 * after getopt_long): each as --longname [value], leaving out output, speed,
 * input form and chatter options (-o, --partial, --streaming, --threads,
 * --format of the input, --text-col, --id-col, --no-manifest, --progress,
 * --quiet).  Returns their number; *out is malloc'd, freed by
 * tly_partial_opts_free. */
struct option;
size_t tly_partial_opts(int argc, char **argv, int optind_, const struct option *longopts,
                        const char *shortopts, char ***out);
void tly_partial_opts_free(char **v, size_t n);

/* A writer: CSV partial (header, rows, sorted records, end record) or, with
 * streaming, key<TAB>value lines (Hadoop Streaming).  Records other than rows
 * are held and written in key order by tly_pw_close.  A NULL tool (streaming
 * only) writes no header line: a reducer that got none passes none on. */
typedef struct tly_pwriter tly_pwriter;
tly_pwriter *tly_pw_new(tly_out *out, int streaming, const char *tool, char *const *opts,
                        size_t nopts);
void tly_pw_rec(tly_pwriter *w, char kind, size_t nkey, const char *const *key,
                const size_t *keylen, size_t nval, const char *const *val, const size_t *vallen);
/* A record of counts (at most 8). */
void tly_pw_count(tly_pwriter *w, char kind, size_t nkey, const char *const *key,
                  const size_t *keylen, size_t nval, const uint64_t *vals);
/* An output row, as a '@' record. */
void tly_pw_row(tly_pwriter *w, const char *row, size_t len);
/* Write the held records and the end record; frees w (not its out). */
void tly_pw_close(tly_pwriter *w);
/* Note an input read to its end (tly_input_free): docs and text are 1 when it
 * held a document and text.  A partial records whether any input did, and
 * the merge of partials none of which did fails as a single run would. */
void tly_partial_input_seen(uint64_t docs, uint64_t text);
/* Note n invalid UTF-8 bytes replaced in this run's input (--lenient), for
 * the partial it writes; returns the bytes replaced in all: this run's and
 * those of the partials merged.  tly_warn_replaced calls it. */
uint64_t tly_partial_replaced(uint64_t n);
/* Note a file or directory of tally's data directory that this run reads
 * (tly_data_path): a partial records this tally's version and a hash of the
 * names and bytes of the data read (the 'y' record), so that partials made
 * by another tally or with other data (another TALLY_DATA or install) are
 * refused by the merge instead of combined. */
void tly_partial_data_used(const char *name, const char *path);

/* One merged record, borrowed until the next call. */
typedef struct tly_prec {
	char kind;
	size_t nkey, nval;
	const char *const *key;   /* NUL-terminated fields */
	const size_t *keylen;
	const char *const *val;
	const size_t *vallen;
	const uint64_t *num;      /* count kinds: the summed values; else NULL */
	const char *path;         /* where it came from, for messages */
	uint64_t line;
} tly_prec;

/* A k-way merge over CSV partials (each read one record at a time), or, with
 * streaming, over one stream of key<TAB>value lines sorted by LC_ALL=C sort
 * (NULL/0 paths or "-": stdin).  Checks that every partial comes from the
 * same tool, version and options.  NULL with err filled ("file:line: what"). */
typedef struct tly_pmerge tly_pmerge;
tly_pmerge *tly_pm_open(char *const *paths, int n, int streaming, tly_err *err);
/* Whether a header was read (a reducer may get none), its tool and options. */
int tly_pm_has_header(const tly_pmerge *m);
const char *tly_pm_tool(const tly_pmerge *m);
size_t tly_pm_nopts(const tly_pmerge *m);
const char *tly_pm_opt(const tly_pmerge *m, size_t i);
/* The partial whose header gave the tool and options. */
const char *tly_pm_meta_path(const tly_pmerge *m);
int tly_pm_streaming(const tly_pmerge *m);
/* Next merged record in key order (rows: in partial order): 1, 0 at the
 * end, -1 with err filled. */
int tly_pm_next(tly_pmerge *m, tly_prec *rec, tly_err *err);
/* Write every merged record to w (a partial of the partials). */
int tly_pm_copy(tly_pmerge *m, tly_pwriter *w, tly_err *err);
void tly_pm_free(tly_pmerge *m);
/* The merge a tool reads instead of its input, set by tally merge. */
void tly_pm_set_active(tly_pmerge *m);
tly_pmerge *tly_pm_active(void);

/* --partial and --streaming in a tool: list TLY_PARTIAL_LONGOPTS, pass each
 * option to tly_partial_opt(), call tly_partial_begin() after parsing.  Then
 * p->merge set: rebuild the result from tly_pm_next(p->merge) instead of
 * reading input; p->w set: write the result's records to it; neither: a
 * normal run.  tly_partial_rows() gives the out for finished rows (a capture
 * into p->w with --partial), tly_partial_end() closes everything and returns
 * the exit code. */
enum { TLY_OPT_PARTIAL = 0x1200, TLY_OPT_STREAMING };
#define TLY_PARTIAL_LONGOPTS \
	{"partial", no_argument, 0, TLY_OPT_PARTIAL}, \
	{"streaming", no_argument, 0, TLY_OPT_STREAMING}
typedef struct tly_partial {
	int partial, streaming;   /* the options */
	tly_pmerge *merge;        /* borrowed: tally merge's */
	tly_pwriter *w;
	tly_out *out;             /* the partial's output */
} tly_partial;
int tly_partial_opt(tly_partial *p, int opt);
void tly_partial_begin(tly_partial *p, tly_common *c, const char *tool, int argc,
                       char **argv, int optind_, const struct option *longopts,
                       const char *shortopts);
tly_out *tly_partial_rows(tly_partial *p, const tly_common *c);
int tly_partial_end(tly_partial *p, tly_out *rows);
void tly_partial_usage(FILE *fp);
/* Merging: write the output rows of the partials ('?' header, '@' rows) to
 * out as they come, and hand back the next other record: 1 with *r filled,
 * 0 at the end, -1 with err filled. */
int tly_partial_next(tly_partial *p, tly_out *out, tly_prec *r, tly_err *err);

/* Term counts as partial records ('G' group: docs, terms, units; 'K' group
 * and the key's terms: count, docs), and a counter
 * rebuilt from merged ones (a new counter with the same options).  Returns
 * 0, or -1 with err filled. */
void tly_terms_write_partial(tly_terms *t, tly_pwriter *w);
int tly_terms_read_partial(tly_terms *t, tly_pmerge *m, tly_err *err);

#endif
