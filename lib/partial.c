/* partial.c - partial results: the exact, mergeable state of a tool's run
 * over part of a corpus, written as CSV (or as key<TAB>value lines for Hadoop
 * Streaming), and the k-way merge that combines any number of them.
 *
 * A record is a kind, key fields and value fields.  Kinds:
 *   '?'      the header row of the tool's output (its CSV bytes): the first
 *            partial's is kept
 *   '@'      a finished row of the tool's output (its CSV bytes); rows keep
 *            their order: the rows of the partial given first come first
 *   'A'-'Z'  counts: every value an unsigned integer; records with equal keys
 *            are summed
 *   'a'-'z'  facts: records with equal keys must agree
 * One count record is the library's own: 'Z' with no key and two values,
 * whether the run read a document and whether it read text (1 or 0).  The
 * merge sums them and, like a single run over all the shards, fails when no
 * shard had a document or text -- if every partial has the record (one of
 * an earlier tally has none, and a merge --partial with one writes none);
 * the tools never see it.  The other is 'R' with no key and one value, the
 * invalid UTF-8 bytes --lenient replaced (tly_partial_replaced), written when
 * not 0; the merge sums it for the merged run's report.
 * The comparison key of a record is its encoded key (see enc_field): the kind
 * with its number of key fields, then each key field, joined by 0x1f, with
 * '\' and every byte below 0x20 escaped.  No encoded byte is below 0x1f, so
 * the byte order of the encoded keys is also the order that `LC_ALL=C sort`
 * gives to key<TAB>value lines, and the order of Hadoop's shuffle.
 *
 * A CSV partial is: a header record (tally-partial, version, tool, options),
 * the '@' rows in output order, the other records sorted by encoded key, and
 * an end record (tally-partial-end, number of records), so that a truncated
 * file is an error, never a smaller result.  Reading never holds more than
 * one record per partial: the merge streams. */
#include <errno.h>
#include <dirent.h>
#include <getopt.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "tally.h"

/* Counts in one count record: the widest any tool writes is well below. */
#define TLY_PARTIAL_MAXCOUNTS 8
/* Fields (keys and values) in one record: the writer's limit. */
#define TLY_PARTIAL_MAXFIELDS 64

#define MAGIC "tally-partial"
#define MAGIC_END "tally-partial-end"

/* The inputs of this process (tly_partial_input_seen): whether one held a
 * document, and text; written by tly_pw_close as the 'Z' record, unless a
 * merge had partials without it (seen_unknown). */
static uint64_t seen_docs, seen_text;
static int seen_unknown;
/* Bytes --lenient replaced: in this process's input, and in the partials
 * merged ('R' records). */
static uint64_t seen_replaced, merged_replaced;

uint64_t tly_partial_replaced(uint64_t n)
{
	seen_replaced += n;
	return seen_replaced + merged_replaced;
}

void tly_partial_input_seen(uint64_t docs, uint64_t text)
{
	__atomic_fetch_add(&seen_docs, docs, __ATOMIC_RELAXED);
	__atomic_fetch_add(&seen_text, text, __ATOMIC_RELAXED);
}

/* The data this process read from tally's data directory: name and path. */
static char **data_used;
static size_t ndata_used, data_used_cap;
static pthread_mutex_t data_used_lock = PTHREAD_MUTEX_INITIALIZER;

void tly_partial_data_used(const char *name, const char *path)
{
	pthread_mutex_lock(&data_used_lock);
	int known = 0;
	for (size_t i = 0; i < ndata_used && !known; i += 2)
		known = strcmp(data_used[i], name) == 0;
	if (!known) {
		xgrow((void **)&data_used, &data_used_cap, ndata_used + 2, sizeof *data_used);
		data_used[ndata_used++] = xstrdup(name);
		data_used[ndata_used++] = xstrdup(path);
	}
	pthread_mutex_unlock(&data_used_lock);
}

/* ---- encoding ------------------------------------------------------------------ */

static void enc_field(tly_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0;

	/* the plain prefix (no backslash, no control byte) in one copy */
	while (i < n && (unsigned char)s[i] >= 0x20 && s[i] != '\\')
		i++;
	tly_buf_add(b, s, i);
	for (; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\\') {
			tly_buf_add(b, "\\\\", 2);
		} else if (c < 0x20) {
			char e[4] = {'\\', 'x', hex[c >> 4], hex[c & 15]};
			tly_buf_add(b, e, 4);
		} else {
			tly_buf_addc(b, (char)c);
		}
	}
}

static void kind_str(char *out, char kind, size_t nkey)
{
	out[0] = kind;
	out[1 + tly_fmt_uint(out + 1, nkey)] = '\0';
}

static int hexval(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Undo enc_field on s[0..n) into b; -1 on a bad escape. */
static int dec_field(tly_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '\\') {
			const char *e = memchr(s + i, '\\', n - i);  /* a run without escapes */
			size_t j = e ? (size_t)(e - s) : n;
			tly_buf_add(b, s + i, j - i);
			i = j - 1;
			continue;
		}
		if (i + 1 < n && s[i + 1] == '\\') {
			tly_buf_addc(b, '\\');
			i++;
		} else if (i + 3 < n && s[i + 1] == 'x' && hexval(s[i + 2]) >= 0 &&
		           hexval(s[i + 3]) >= 0) {
			tly_buf_addc(b, (char)(hexval(s[i + 2]) * 16 + hexval(s[i + 3])));
			i += 3;
		} else {
			return -1;
		}
	}
	return 0;
}

static int parse_count(const char *s, size_t n, uint64_t *v)
{
	uint64_t x = 0;

	if (n == 0 || n > 20)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		unsigned d = (unsigned)(s[i] - '0');
		if (x > (UINT64_MAX - d) / 10)
			return -1;
		x = x * 10 + d;
	}
	*v = x;
	return 0;
}

static int valid_kind(char k)
{
	return k == '@' || k == '?' || (k >= 'A' && k <= 'Z') || (k >= 'a' && k <= 'z');
}

/* ---- options recorded in a partial ------------------------------------------------ */

/* Options that do not change the result: where output goes, how fast, how
 * input is read (shards may come in different forms), chatter. */
static int dropped(const char *name, const char *arg)
{
	static const char *const names[] = {
		"output", "partial", "streaming", "threads", "progress", "quiet", "help",
		"text-col", "id-col", "no-manifest", NULL
	};
	for (size_t i = 0; names[i]; i++)
		if (strcmp(name, names[i]) == 0)
			return 1;
	/* --format selects the input's form, except for cooc's output forms */
	if (strcmp(name, "format") == 0)
		return !arg || (strcmp(arg, "edges") && strcmp(arg, "gephi") && strcmp(arg, "matrix"));
	return 0;
}

static void opt_push(char ***v, size_t *n, const char *s, size_t len)
{
	*v = xrealloc(*v, (*n + 2) * sizeof **v);
	(*v)[(*n)++] = xstrndup(s, len);
	(*v)[*n] = NULL;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The bytes of the file at path into b, or for a directory the names and
 * bytes of its files (in byte order of their names, each name followed by
 * NUL, its length and its bytes): 0, or -1 when it cannot be read. */
static int read_input(tly_buf *b, const char *path)
{
	DIR *d = opendir(path);

	if (!d)
		return tly_buf_read_file(b, path);
	char **names = NULL;
	size_t nn = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		xgrow((void **)&names, &cap, nn + 1, sizeof *names);
		names[nn++] = xstrdup(e->d_name);
	}
	closedir(d);
	qsort(names, nn, sizeof *names, cmp_names);
	int rc = 0;
	for (size_t i = 0; i < nn; i++) {
		tly_buf f = {0}, p = {0};
		tly_buf_adds(&p, path);
		tly_buf_addc(&p, '/');
		tly_buf_adds(&p, names[i]);
		if (tly_buf_read_file(&f, p.data) == 0) {
			char len[24];
			tly_buf_add(b, names[i], strlen(names[i]) + 1);
			snprintf(len, sizeof len, "%zu:", f.len);
			tly_buf_adds(b, len);
			tly_buf_add(b, f.data ? f.data : "", f.len);
		} else {
			DIR *sub = opendir(p.data);  /* a subdirectory: not read */
			if (sub)
				closedir(sub);
			else
				rc = -1;
		}
		tly_buf_free(&f);
		tly_buf_free(&p);
		free(names[i]);
	}
	free(names);
	return rc;
}

/* An option's value as the partial records it: a file the run reads data
 * from (--stopwords, --lexicon, --add, a --gazetteer directory) by its name
 * and a hash of its bytes ("sw.txt#contents=1f...") so that shards that read
 * different data under one name are told apart, and the merge, which reads
 * none of it (the partial's counts were made with it), need not find the
 * file; a language name (en) or anything else as given. */
static void push_arg(char ***v, size_t *n, const char *name, const char *arg)
{
	static const char *const data[] = {"stopwords", "lexicon", "add", "gazetteer", NULL};
	tly_buf b = {0};
	int is_data = 0;

	for (size_t i = 0; data[i]; i++)
		is_data |= strcmp(name, data[i]) == 0;
	if (is_data && read_input(&b, arg) == 0) {
		char hex[32];
		snprintf(hex, sizeof hex, "#contents=%016llx",
		         (unsigned long long)tly_hash_bytes(b.data ? b.data : "", b.len));
		tly_buf r = {0};
		tly_buf_adds(&r, arg);
		tly_buf_adds(&r, hex);
		opt_push(v, n, r.data, r.len);
		tly_buf_free(&r);
		tly_buf_free(&b);
		return;
	}
	tly_buf_free(&b);
	opt_push(v, n, arg, strlen(arg));
}

size_t tly_partial_opts(int argc, char **argv, int optind_, const struct option *longopts,
                        const char *shortopts, char ***out)
{
	char **v = NULL;
	size_t n = 0;

	for (int i = 1; i < optind_ && i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--") == 0)
			break;
		if (a[0] == '-' && a[1] == '-') {
			const char *name = a + 2, *eq = strchr(name, '=');
			size_t nl = eq ? (size_t)(eq - name) : strlen(name);
			const struct option *hit = NULL;
			for (const struct option *o = longopts; o->name; o++) {
				if (strncmp(o->name, name, nl) != 0)
					continue;
				if (strlen(o->name) == nl) {
					hit = o;
					break;
				}
				if (!hit)
					hit = o;
			}
			if (!hit)
				continue;
			/* an alias (cooc's --min-count and --min) by the first name
			 * of its option, so that shards agree however they spell it */
			for (const struct option *o = longopts; o->name; o++)
				if (!o->flag && !hit->flag && o->val == hit->val && o->has_arg == hit->has_arg) {
					hit = o;
					break;
				}
			const char *arg = NULL;
			if (hit->has_arg == required_argument)
				arg = eq ? eq + 1 : (i + 1 < optind_ ? argv[++i] : NULL);
			else if (hit->has_arg == optional_argument && eq)
				arg = eq + 1;
			if (dropped(hit->name, arg))
				continue;
			/* a per-shard input (mentions of the shard's documents): its
			 * name need not agree, and the merge never reads it */
			if (arg && strcmp(hit->name, "mentions") == 0)
				arg = "(per-shard)";
			char tmp[128];
			snprintf(tmp, sizeof tmp, "--%s", hit->name);
			opt_push(&v, &n, tmp, strlen(tmp));
			if (arg)
				push_arg(&v, &n, hit->name, arg);
			continue;
		}
		if (a[0] != '-' || !a[1])
			continue;
		for (const char *p = a + 1; *p; p++) {
			const char *s = strchr(shortopts, *p);
			if (!s || *p == ':')
				break;
			int takes = s[1] == ':';
			const char *arg = NULL;
			if (takes)
				arg = p[1] ? p + 1 : (i + 1 < optind_ ? argv[++i] : NULL);
			/* by its long name, if it has one */
			const char *name = NULL;
			for (const struct option *o = longopts; o->name; o++)
				if (o->flag == NULL && o->val == *p) {
					name = o->name;
					break;
				}
			char tmp[128];
			if (name)
				snprintf(tmp, sizeof tmp, "--%s", name);
			else
				snprintf(tmp, sizeof tmp, "-%c", *p);
			if (arg && name && strcmp(name, "mentions") == 0)
				arg = "(per-shard)";
			if (!dropped(name ? name : (*p == 'o' ? "output" : *p == 'h' ? "help" : ""), arg)) {
				opt_push(&v, &n, tmp, strlen(tmp));
				if (arg)
					push_arg(&v, &n, name ? name : "", arg);
			}
			if (takes)
				break;
		}
	}
	*out = v;
	return n;
}

void tly_partial_opts_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* ---- writer ---------------------------------------------------------------------- */

struct wrec {
	char *data;         /* encoded key, NUL, then the fields (see pw_flush) */
	size_t keylen;      /* bytes of the encoded key */
	uint32_t nkey, nval;
	char kind;
};

struct tly_pwriter {
	tly_out *out;
	int streaming;
	tly_arena *arena;
	struct wrec *recs;
	size_t nrecs, cap;
	uint64_t seq;        /* '@' rows written */
	uint64_t rows;       /* rows handed to tly_pw_row (the first is the header) */
	uint64_t written;    /* records written (for the end record) */
	tly_buf line, key;
	const char *source;  /* streaming: the mapper's input file */
	int merged;          /* a merge's: the partials' 'y' records pass through */
	char start[24];      /* and the offset of its split */
};

tly_pwriter *tly_pw_new(tly_out *out, int streaming, const char *tool, char *const *opts,
                        size_t nopts)
{
	tly_pwriter *w = xcalloc(1, sizeof *w);
	char ver[16];

	w->out = out;
	w->streaming = streaming;
	w->arena = tly_arena_new();
	snprintf(ver, sizeof ver, "%d", TLY_PARTIAL_VERSION);
	if (streaming) {
		const char *src = getenv("mapreduce_map_input_file");
		const char *st = getenv("mapreduce_map_input_start");
		uint64_t s = 0;
		if (!src)
			src = getenv("map_input_file");
		if (!st)
			st = getenv("map_input_start");
		w->source = src ? src : "";
		if (st && parse_count(st, strlen(st), &s) < 0)
			s = 0;
		snprintf(w->start, sizeof w->start, "%020" PRIu64, s);
		if (!tool)
			return w;  /* a reducer that got no header line passes none on */
		tly_buf_clear(&w->line);
		tly_buf_add(&w->line, "!0\t", 3);
		enc_field(&w->line, MAGIC, strlen(MAGIC));
		tly_buf_addc(&w->line, '\x1f');
		enc_field(&w->line, ver, strlen(ver));
		tly_buf_addc(&w->line, '\x1f');
		enc_field(&w->line, tool, strlen(tool));
		for (size_t i = 0; i < nopts; i++) {
			tly_buf_addc(&w->line, '\x1f');
			enc_field(&w->line, opts[i], strlen(opts[i]));
		}
		tly_buf_addc(&w->line, '\n');
		tly_out_write(out, w->line.data, w->line.len);
	} else {
		tly_csv_str(out, MAGIC);
		tly_csv_str(out, ver);
		tly_csv_str(out, tool);
		for (size_t i = 0; i < nopts; i++)
			tly_csv_str(out, opts[i]);
		tly_csv_end(out);
	}
	return w;
}

static void enc_key(tly_buf *b, char kind, size_t nkey, const char *const *key,
                    const size_t *keylen)
{
	char ks[24];

	kind_str(ks, kind, nkey);
	tly_buf_clear(b);
	tly_buf_adds(b, ks);
	for (size_t i = 0; i < nkey; i++) {
		tly_buf_addc(b, '\x1f');
		enc_field(b, key[i], keylen[i]);
	}
}

static void write_stream(tly_pwriter *w, const char *ekey, size_t eklen, size_t nval,
                         const char *const *val, const size_t *vallen)
{
	tly_buf_clear(&w->line);
	tly_buf_add(&w->line, ekey, eklen);
	tly_buf_addc(&w->line, '\t');
	for (size_t i = 0; i < nval; i++) {
		if (i)
			tly_buf_addc(&w->line, '\x1f');
		enc_field(&w->line, val[i], vallen[i]);
	}
	tly_buf_addc(&w->line, '\n');
	tly_out_write(w->out, w->line.data, w->line.len);
}

static void write_csv(tly_pwriter *w, char kind, size_t nkey, const char *const *key,
                      const size_t *keylen, size_t nval, const char *const *val,
                      const size_t *vallen)
{
	char ks[24];

	kind_str(ks, kind, nkey);
	tly_csv_str(w->out, ks);
	for (size_t i = 0; i < nkey; i++)
		tly_csv_field(w->out, key[i], keylen[i]);
	for (size_t i = 0; i < nval; i++)
		tly_csv_field(w->out, val[i], vallen[i]);
	tly_csv_end(w->out);
	w->written++;
}

void tly_pw_rec(tly_pwriter *w, char kind, size_t nkey, const char *const *key,
                const size_t *keylen, size_t nval, const char *const *val, const size_t *vallen)
{
	if (!valid_kind(kind) || nval == 0)
		tly_die(TLY_EXIT_DATA, "internal error: bad partial record kind %c", kind);
	if (kind == '@') {
		/* rows keep their order: the key is where they come from */
		char seq[24];
		const char *k[3];
		size_t kl[3];
		if (w->streaming && nkey == 3) {
			enc_key(&w->key, kind, nkey, key, keylen);
		} else {
			snprintf(seq, sizeof seq, "%020" PRIu64, ++w->seq);
			size_t nk = 0;
			if (w->streaming) {
				k[nk] = w->source;
				kl[nk++] = strlen(w->source);
				k[nk] = w->start;
				kl[nk++] = strlen(w->start);
			}
			k[nk] = seq;
			kl[nk++] = strlen(seq);
			if (!w->streaming) {
				write_csv(w, kind, nk, k, kl, nval, val, vallen);
				return;
			}
			enc_key(&w->key, kind, nk, k, kl);
		}
		write_stream(w, w->key.data, w->key.len, nval, val, vallen);
		return;
	}
	if (kind == '?') {
		/* the header row: written first, the same in every partial */
		if (!w->streaming) {
			write_csv(w, kind, 0, NULL, NULL, nval, val, vallen);
			return;
		}
		nkey = 0;
	}
	enc_key(&w->key, kind, nkey, key, keylen);
	if (w->streaming) {
		write_stream(w, w->key.data, w->key.len, nval, val, vallen);
		return;
	}
	/* held until the end, to be written in key order */
	size_t bytes = w->key.len + 1;
	for (size_t i = 0; i < nkey; i++)
		bytes += sizeof(size_t) + keylen[i];
	for (size_t i = 0; i < nval; i++)
		bytes += sizeof(size_t) + vallen[i];
	char *p = tly_arena_alloc(w->arena, bytes);
	struct wrec r = {p, w->key.len, (uint32_t)nkey, (uint32_t)nval, kind};
	memcpy(p, w->key.data, w->key.len + 1);
	p += w->key.len + 1;
	for (size_t i = 0; i < nkey + nval; i++) {
		size_t l = i < nkey ? keylen[i] : vallen[i - nkey];
		const char *s = i < nkey ? key[i] : val[i - nkey];
		memcpy(p, &l, sizeof l);
		memcpy(p + sizeof l, s, l);
		p += sizeof l + l;
	}
	xgrow((void **)&w->recs, &w->cap, w->nrecs + 1, sizeof *w->recs);
	w->recs[w->nrecs++] = r;
}

void tly_pw_count(tly_pwriter *w, char kind, size_t nkey, const char *const *key,
                  const size_t *keylen, size_t nval, const uint64_t *vals)
{
	char num[TLY_PARTIAL_MAXCOUNTS][24];
	const char *v[TLY_PARTIAL_MAXCOUNTS];
	size_t vl[TLY_PARTIAL_MAXCOUNTS];

	if (nval > TLY_PARTIAL_MAXCOUNTS)  /* check_rec refuses wider records */
		tly_die(TLY_EXIT_DATA, "internal error: too many counts in a partial record");
	for (size_t i = 0; i < nval; i++) {
		vl[i] = tly_fmt_uint(num[i], vals[i]);
		num[i][vl[i]] = '\0';
		v[i] = num[i];
	}
	tly_pw_rec(w, kind, nkey, key, keylen, nval, v, vl);
}

void tly_pw_row(tly_pwriter *w, const char *row, size_t len)
{
	tly_pw_rec(w, w->rows++ ? '@' : '?', 0, NULL, NULL, 1, &row, &len);
}

static int cmp_wrec(const void *x, const void *y)
{
	const struct wrec *a = x, *b = y;
	int c = memcmp(a->data, b->data, a->keylen < b->keylen ? a->keylen : b->keylen);

	return c ? c : (a->keylen > b->keylen) - (a->keylen < b->keylen);
}

void tly_pw_close(tly_pwriter *w)
{
	if (!w)
		return;
	const uint64_t in[2] = {__atomic_load_n(&seen_docs, __ATOMIC_RELAXED) > 0,
	                        __atomic_load_n(&seen_text, __ATOMIC_RELAXED) > 0};
	const uint64_t replaced = seen_replaced + merged_replaced;
	if (!seen_unknown)
		tly_pw_count(w, 'Z', 0, NULL, NULL, 2, in);
	if (replaced)
		tly_pw_count(w, 'R', 0, NULL, NULL, 1, &replaced);
	if (!w->merged) {
		/* which tally, with which data (a merge passes the partials' on) */
		tly_buf b = {0}, v = {0};
		tly_buf_adds(&v, TALLY_VERSION);
		pthread_mutex_lock(&data_used_lock);
		for (size_t i = 0; i < ndata_used; i += 2)
			for (size_t j = i + 2; j < ndata_used; j += 2)
				if (strcmp(data_used[j], data_used[i]) < 0) {
					char *t0 = data_used[i], *t1 = data_used[i + 1];
					data_used[i] = data_used[j], data_used[i + 1] = data_used[j + 1];
					data_used[j] = t0, data_used[j + 1] = t1;
				}
		for (size_t i = 0; i < ndata_used; i += 2) {
			tly_buf_add(&b, data_used[i], strlen(data_used[i]) + 1);
			if (read_input(&b, data_used[i + 1]) < 0)
				tly_buf_adds(&b, "(unreadable)");
		}
		pthread_mutex_unlock(&data_used_lock);
		if (b.len) {
			char hex[40];
			snprintf(hex, sizeof hex, ", data %016llx",
			         (unsigned long long)tly_hash_bytes(b.data, b.len));
			tly_buf_adds(&v, hex);
		}
		const char *val = v.data;
		size_t vl = v.len;
		tly_pw_rec(w, 'y', 0, NULL, NULL, 1, &val, &vl);
		tly_buf_free(&b);
		tly_buf_free(&v);
	}
	if (w->nrecs > 1)
		qsort(w->recs, w->nrecs, sizeof *w->recs, cmp_wrec);
	for (size_t i = 0; i < w->nrecs; i++) {
		const struct wrec *r = &w->recs[i];
		if (i && cmp_wrec(r - 1, r) == 0)
			tly_die(TLY_EXIT_DATA, "internal error: two partial records with one key");
		const char *f[TLY_PARTIAL_MAXFIELDS];
		size_t fl[TLY_PARTIAL_MAXFIELDS];
		const char *p = r->data + r->keylen + 1;
		size_t nf = (size_t)r->nkey + r->nval;
		if (nf > TLY_PARTIAL_MAXFIELDS)  /* check_rec refuses wider records */
			tly_die(TLY_EXIT_DATA, "internal error: partial record too wide");
		for (size_t j = 0; j < nf; j++) {
			memcpy(&fl[j], p, sizeof fl[j]);
			f[j] = p + sizeof fl[j];
			p += sizeof fl[j] + fl[j];
		}
		write_csv(w, r->kind, r->nkey, f, fl, r->nval, f + r->nkey, fl + r->nkey);
	}
	if (!w->streaming) {
		tly_csv_str(w->out, MAGIC_END);
		tly_csv_uint(w->out, w->written);
		tly_csv_end(w->out);
	}
	free(w->recs);
	tly_arena_free(w->arena);
	tly_buf_free(&w->line);
	tly_buf_free(&w->key);
	free(w);
}

/* ---- reading ------------------------------------------------------------------------ */

/* One record, owning its bytes. */
struct rrec {
	char kind;
	size_t nkey, nval;
	size_t nf;          /* fields added */
	tly_buf ekey;       /* encoded key */
	tly_buf data;       /* fields, each NUL-terminated */
	size_t *off, *len, cap;
	uint64_t *num, numcap;
	uint64_t line;
};

static void rrec_clear(struct rrec *r)
{
	r->nkey = r->nval = r->nf = 0;
	tly_buf_clear(&r->ekey);
	tly_buf_clear(&r->data);
}

static void rrec_add(struct rrec *r, const char *s, size_t n)
{
	size_t i = r->nf++, cap = r->cap;
	xgrow((void **)&r->off, &r->cap, i + 1, sizeof *r->off);
	if (r->cap != cap)
		r->len = xrealloc(r->len, r->cap * sizeof *r->len);
	r->off[i] = r->data.len;
	r->len[i] = n;
	tly_buf_add(&r->data, s, n);
	tly_buf_addc(&r->data, '\0');
}

static void rrec_free(struct rrec *r)
{
	tly_buf_free(&r->ekey);
	tly_buf_free(&r->data);
	free(r->off);
	free(r->len);
	free(r->num);
}

struct src {
	char *path;          /* for messages */
	tly_csv *csv;        /* a CSV partial */
	FILE *fp;            /* or key<TAB>value lines */
	char *lbuf;
	size_t lcap;
	uint64_t line;
	int at_end;
	struct rrec cur;     /* the record at hand */
	int has_z;           /* a 'Z' record came from it */
	tly_buf prev;        /* the previous record's encoded key */
	int have_prev;
	uint64_t nrec;       /* records read (CSV: checked against the end record) */
	size_t idx;          /* order given */
	/* the header */
	char *tool;
	char **opts;
	size_t nopts;
	int have_meta;
	tly_buf tmp;
};

struct tly_pmerge {
	struct src *s;
	size_t n;
	int streaming;
	size_t *heap, nheap;
	struct rrec out;     /* the merged record handed out */
	const char **fp;     /* field pointers for tly_prec */
	size_t fpcap;
	const char *tool;
	char **opts;
	size_t nopts;
	int have_meta;
	const char *meta_from;
	uint64_t in_docs, in_text;  /* 'Z': shards that read a document, text */
	int allow_empty;     /* merging into a partial: an empty total is fine */
	int copying;         /* ... whose 'y' record (which tally, data) is passed on */
};

static int src_err(struct src *s, uint64_t line, tly_err *err, const char *what)
{
	return tly_err_set(err, TLY_EXIT_DATA, "%s:%llu: %s", s->path, (unsigned long long)line,
	                   what);
}

static void meta_set(struct src *s, const char *tool, size_t tl, char **opts, size_t n)
{
	s->tool = xstrndup(tool, tl);
	s->opts = opts;
	s->nopts = n;
	s->have_meta = 1;
}

/* Check a header's fields (magic, version, tool, options...). */
static int check_header(struct src *s, size_t nf, const char *const *f, const size_t *fl,
                        uint64_t line, tly_err *err)
{
	char ver[16];

	if (nf < 3 || fl[0] != strlen(MAGIC) || memcmp(f[0], MAGIC, fl[0]) != 0)
		return src_err(s, line, err, "not a tally partial result (no tally-partial header)");
	snprintf(ver, sizeof ver, "%d", TLY_PARTIAL_VERSION);
	if (fl[1] != strlen(ver) || memcmp(f[1], ver, fl[1]) != 0) {
		char msg[160];
		snprintf(msg, sizeof msg, "partial format version %.20s; this tally reads version %s",
		         f[1], ver);
		return src_err(s, line, err, msg);
	}
	if (fl[2] == 0 || fl[2] > 32 || memchr(f[2], '\0', fl[2]))
		return src_err(s, line, err, "bad tool name in the partial header");
	char **opts = NULL;
	size_t n = 0;
	for (size_t i = 3; i < nf; i++)
		opt_push(&opts, &n, f[i], fl[i]);
	/* the merge runs the tool with these options: only those a partial
	 * records (tly_partial_opts), never where to write, help, or threads */
	for (size_t i = 0; i < n; i++) {
		const char *o = opts[i];
		int bad = strlen(o) != fl[3 + i] ||
		          (o[0] == '-' && o[1] == '-' &&
		           (!o[2] || strchr(o, '=') || dropped(o + 2, i + 1 < n ? opts[i + 1] : NULL))) ||
		          (o[0] == '-' && o[1] != '-' && (o[1] == 'o' || o[1] == 'h'));
		if (bad) {
			char msg[160];
			snprintf(msg, sizeof msg, "the partial header records \"%.40s\", an option no "
			         "partial holds (was the file edited?)", o);
			tly_partial_opts_free(opts, n);
			return src_err(s, line, err, msg);
		}
	}
	if (s->have_meta) {
		int same = strlen(s->tool) == fl[2] && memcmp(s->tool, f[2], fl[2]) == 0 &&
		           n == s->nopts;
		for (size_t i = 0; same && i < n; i++)
			same = strcmp(opts[i], s->opts[i]) == 0;
		tly_partial_opts_free(opts, n);
		if (!same)
			return src_err(s, line, err, "partial headers disagree (results of different "
			                             "tools or options)");
		return 0;
	}
	meta_set(s, f[2], fl[2], opts, n);
	return 0;
}

/* Split and unescape a key<TAB>value line into r; meta lines go to the
 * header check.  Returns 1 for a record, 0 for a header line, -1. */
static int parse_line(struct src *s, const char *l, size_t n, tly_err *err)
{
	struct rrec *r = &s->cur;
	const char *tab = memchr(l, '\t', n);
	const char *f[64];
	size_t fl[64], nf = 0;

	if (!tab)
		return src_err(s, s->line, err, "not a key<TAB>value line of a tally partial");
	rrec_clear(r);
	tly_buf_add(&r->ekey, l, (size_t)(tab - l));
	/* the key: kind, then fields */
	const char *p = l, *end = tab;
	size_t nk = 0;
	for (;;) {
		const char *sep = memchr(p, '\x1f', (size_t)(end - p));
		const char *fe = sep ? sep : end;
		if (nk == 0) {
			if (fe - p < 2 || (!valid_kind(p[0]) && p[0] != '!'))
				return src_err(s, s->line, err, "bad record kind in a partial");
			r->kind = p[0];
			for (const char *q = p + 1; q < fe; q++)
				if (*q < '0' || *q > '9')
					return src_err(s, s->line, err, "bad record kind in a partial");
		} else {
			size_t before = s->tmp.len;
			if (dec_field(&s->tmp, p, (size_t)(fe - p)) < 0)
				return src_err(s, s->line, err, "bad escape in a partial line");
			(void)before;
			rrec_add(r, s->tmp.data ? s->tmp.data : "", s->tmp.len);
			tly_buf_clear(&s->tmp);
		}
		nk++;
		if (!sep)
			break;
		p = sep + 1;
	}
	r->nkey = nk - 1;
	if ((size_t)strtoul(l + 1, NULL, 10) != r->nkey)
		return src_err(s, s->line, err, "key field count does not match the record kind");
	/* the values */
	p = tab + 1;
	end = l + n;
	for (;;) {
		const char *sep = memchr(p, '\x1f', (size_t)(end - p));
		const char *fe = sep ? sep : end;
		if (dec_field(&s->tmp, p, (size_t)(fe - p)) < 0)
			return src_err(s, s->line, err, "bad escape in a partial line");
		rrec_add(r, s->tmp.data ? s->tmp.data : "", s->tmp.len);
		tly_buf_clear(&s->tmp);
		r->nval++;
		if (!sep)
			break;
		p = sep + 1;
	}
	r->line = s->line;
	if (r->kind == '!') {
		if (r->nkey != 0 || r->nval > 64)
			return src_err(s, s->line, err, "bad partial header line");
		nf = r->nval;
		for (size_t i = 0; i < nf; i++) {
			f[i] = r->data.data + r->off[i];
			fl[i] = r->len[i];
		}
		return check_header(s, nf, f, fl, s->line, err) < 0 ? -1 : 0;
	}
	return 1;
}

/* Parse a CSV partial's record into s->cur: 1, or -1. */
static int parse_csv(struct src *s, tly_err *err)
{
	struct rrec *r = &s->cur;
	size_t nf = tly_csv_nfields(s->csv), kl;
	const char *k = tly_csv_get(s->csv, 0, &kl);
	uint64_t line = tly_csv_line(s->csv);
	uint64_t nkey;

	rrec_clear(r);
	if (kl < 2 || !valid_kind(k[0]) || parse_count(k + 1, kl - 1, &nkey) < 0 ||
	    nkey > TLY_PARTIAL_MAXFIELDS)
		return src_err(s, line, err, "bad record kind in a partial");
	if (nf < nkey + 2)
		return src_err(s, line, err, "record too short for its kind (truncated?)");
	r->kind = k[0];
	r->nkey = (size_t)nkey;
	r->nval = nf - 1 - r->nkey;
	r->line = line;
	tly_buf_add(&r->ekey, k, kl);
	for (size_t i = 1; i < nf; i++) {
		size_t fl;
		const char *f = tly_csv_get(s->csv, i, &fl);
		if (i <= r->nkey) {
			tly_buf_addc(&r->ekey, '\x1f');
			enc_field(&r->ekey, f, fl);
		}
		rrec_add(r, f, fl);
	}
	return 1;
}

/* Check values of count kinds, and the order of keys. */
static int check_rec(struct src *s, tly_err *err, int strict)
{
	struct rrec *r = &s->cur;

	if (r->nkey + r->nval > TLY_PARTIAL_MAXFIELDS)
		return src_err(s, r->line, err, "a record has more than 64 fields (corrupted?)");
	/* keys and rows are text a tool wrote: UTF-8, no NUL */
	for (size_t i = 0; i < r->nkey + r->nval; i++) {
		const char *f = r->data.data + r->off[i];
		size_t k = tly_utf8_valid_len(f, r->len[i]);
		if (k < r->len[i]) {
			char msg[96];
			snprintf(msg, sizeof msg, "invalid UTF-8 byte 0x%02x in field %zu of a record "
			         "(corrupted?)", (unsigned char)f[k], i + 2);
			return src_err(s, r->line, err, msg);
		}
	}
	if (r->kind >= 'A' && r->kind <= 'Z') {
		if (r->nval > TLY_PARTIAL_MAXCOUNTS)
			return src_err(s, r->line, err, "a count record has more than 8 counts "
			               "(corrupted?)");
		xgrow((void **)&r->num, &r->numcap, r->nval + 1, sizeof *r->num);
		for (size_t i = 0; i < r->nval; i++)
			if (parse_count(r->data.data + r->off[r->nkey + i], r->len[r->nkey + i],
			                &r->num[i]) < 0)
				return src_err(s, r->line, err, "a count is not an unsigned integer");
	}
	if ((r->kind == '@' || r->kind == '?') && r->nval != 1)
		return src_err(s, r->line, err, "an output row record needs one value");
	if (s->have_prev) {
		size_t a = s->prev.len, b = r->ekey.len;
		int c = memcmp(s->prev.data, r->ekey.data, a < b ? a : b);
		c = c ? c : (a > b) - (a < b);
		if (c > 0 || (c == 0 && strict))
			return src_err(s, r->line, err, strict ? "records out of order (not a sorted "
			               "partial; corrupted?)" : "lines out of order (sort them with "
			               "LC_ALL=C sort)");
		/* a row's key is its mapper's input file, split and number: two
		 * mappers without mapreduce_map_input_file give rows one key, and
		 * sort would interleave them */
		if (c == 0 && r->kind == '@')
			return src_err(s, r->line, err, "two output rows with one key (several mappers "
			               "without mapreduce_map_input_file set?)");
	}
	tly_buf_clear(&s->prev);
	tly_buf_add(&s->prev, r->ekey.data, r->ekey.len);
	s->have_prev = 1;
	s->nrec++;
	return 0;
}

/* Advance s to its next record: 1, 0 at the end, -1. */
static int src_next(struct src *s, tly_err *err)
{
	if (s->at_end)
		return 0;
	if (s->csv) {
		int r = tly_csv_next(s->csv, err);
		if (r < 0)
			return -1;
		if (r == 0) {
			return tly_err_set(err, TLY_EXIT_DATA, "%s:%llu: truncated partial (no "
			                   MAGIC_END " record)", s->path,
			                   (unsigned long long)(s->line + 1));
		}
		size_t kl;
		const char *k = tly_csv_get(s->csv, 0, &kl);
		s->line = tly_csv_line(s->csv);
		if (kl == strlen(MAGIC_END) && memcmp(k, MAGIC_END, kl) == 0) {
			size_t nl;
			const char *nrec = tly_csv_get(s->csv, tly_csv_nfields(s->csv) > 1 ? 1 : 0, &nl);
			uint64_t want;
			if (tly_csv_nfields(s->csv) != 2 || parse_count(nrec, nl, &want) < 0 ||
			    want != s->nrec)
				return src_err(s, s->line, err, "the end record's count does not match the "
				               "records read (truncated or corrupted partial)");
			if ((r = tly_csv_next(s->csv, err)) != 0)
				return r < 0 ? -1 : src_err(s, tly_csv_line(s->csv), err,
				                            "data after the end of the partial");
			s->at_end = 1;
			return 0;
		}
		if (parse_csv(s, err) < 0 || check_rec(s, err, 1) < 0)
			return -1;
		return 1;
	}
	for (;;) {
		errno = 0;
		ssize_t n = xgetline(&s->lbuf, &s->lcap, s->fp);
		if (n < 0) {
			if (ferror(s->fp))
				return tly_err_set(err, TLY_EXIT_DATA, "%s: read error: %s", s->path,
				                   strerror(errno ? errno : EIO));
			s->at_end = 1;
			return 0;
		}
		s->line++;
		if (s->lbuf[n - 1] != '\n')
			return src_err(s, s->line, err, "truncated line (no newline at the end)");
		n--;
		if (n && s->lbuf[n - 1] == '\r')
			n--;
		if (n == 0)
			continue;
		int r = parse_line(s, s->lbuf, (size_t)n, err);
		if (r < 0)
			return -1;
		if (r == 0)
			continue;
		if (check_rec(s, err, 0) < 0)
			return -1;
		return 1;
	}
}

static void src_free(struct src *s)
{
	if (s->csv)
		tly_csv_close(s->csv);
	if (s->fp && s->fp != stdin)
		fclose(s->fp);
	free(s->lbuf);
	rrec_free(&s->cur);
	tly_buf_free(&s->prev);
	tly_buf_free(&s->tmp);
	free(s->tool);
	tly_partial_opts_free(s->opts, s->nopts);
	free(s->path);
}

/* ---- the merge ----------------------------------------------------------------------- */

static int cmp_src(const tly_pmerge *m, size_t x, size_t y)
{
	const struct rrec *a = &m->s[x].cur, *b = &m->s[y].cur;

	if (a->kind == '@' && b->kind == '@' && x != y)
		return x < y ? -1 : 1;  /* rows: in the order the partials were given */
	size_t la = a->ekey.len, lb = b->ekey.len;
	int c = memcmp(a->ekey.data, b->ekey.data, la < lb ? la : lb);
	if (c)
		return c;
	if (la != lb)
		return la < lb ? -1 : 1;
	return (x > y) - (x < y);
}

static void heap_down(tly_pmerge *m, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, best = i;
		if (l < m->nheap && cmp_src(m, m->heap[l], m->heap[best]) < 0)
			best = l;
		if (r < m->nheap && cmp_src(m, m->heap[r], m->heap[best]) < 0)
			best = r;
		if (best == i)
			return;
		size_t t = m->heap[i];
		m->heap[i] = m->heap[best];
		m->heap[best] = t;
		i = best;
	}
}

static const char *opts_text(char **opts, size_t n, tly_buf *b)
{
	tly_buf_clear(b);
	tly_buf_adds(b, "");
	for (size_t i = 0; i < n; i++) {
		tly_buf_addc(b, ' ');
		tly_buf_adds(b, opts[i]);
	}
	return b->data;
}

tly_pmerge *tly_pm_open(char *const *paths, int n, int streaming, tly_err *err)
{
	tly_pmerge *m = xcalloc(1, sizeof *m);
	static char *const stdin_path[] = {"-"};

	if (n <= 0) {
		paths = stdin_path;
		n = 1;
	}
	m->streaming = streaming;
	m->n = streaming ? 1 : (size_t)n;
	m->s = xcalloc(m->n, sizeof *m->s);
	m->heap = xmalloc(m->n * sizeof *m->heap);
	if (streaming) {
		/* one stream of sorted lines, as Hadoop hands it to a reducer */
		struct src *s = &m->s[0];
		if (n > 1) {
			tly_pm_free(m);
			tly_err_set(err, TLY_EXIT_USAGE, "--streaming reads one stream of sorted lines: "
			            "give one file, or cat the files through LC_ALL=C sort");
			return NULL;
		}
		s->path = xstrdup(strcmp(paths[0], "-") ? paths[0] : "<stdin>");
		if (strcmp(paths[0], "-") == 0) {
			tly_stdin_take();
			s->fp = stdin;
		} else if (!(s->fp = fopen(paths[0], "r"))) {
			tly_err_set(err, TLY_EXIT_DATA, "%s: cannot open: %s", paths[0], strerror(errno));
			tly_pm_free(m);
			return NULL;
		}
	} else {
		/* the k-way merge holds every partial open at once: a per-file
		 * recipe's thousands of partials must not meet the soft limit
		 * on open files (often 1024) while the hard limit allows more */
		struct rlimit rl;
		if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
		    rl.rlim_cur < (rlim_t)m->n + 16) {
			rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > (rlim_t)m->n + 16
			              ? (rlim_t)m->n + 16 : rl.rlim_max;
			(void)setrlimit(RLIMIT_NOFILE, &rl);
		}
		for (size_t i = 0; i < m->n; i++) {
			struct src *s = &m->s[i];
			s->idx = i;
			s->path = xstrdup(strcmp(paths[i], "-") ? paths[i] : "<stdin>");
			if (!(s->csv = tly_csv_open(paths[i], err))) {
				tly_pm_free(m);
				return NULL;
			}
			int r = tly_csv_next(s->csv, err);
			if (r <= 0) {
				if (r == 0)
					src_err(s, 1, err, "empty file, not a tally partial result");
				tly_pm_free(m);
				return NULL;
			}
			size_t nf = tly_csv_nfields(s->csv);
			const char *f[64];
			size_t fl[64];
			if (nf > 64)
				nf = 64;
			for (size_t j = 0; j < nf; j++)
				f[j] = tly_csv_get(s->csv, j, &fl[j]);
			if (check_header(s, nf, f, fl, 1, err) < 0) {
				tly_pm_free(m);
				return NULL;
			}
		}
	}
	/* fill: the first record of every source (streaming: the header lines
	 * come first, as they sort first) */
	for (size_t i = 0; i < m->n; i++) {
		int r = src_next(&m->s[i], err);
		if (r < 0) {
			tly_pm_free(m);
			return NULL;
		}
		if (r > 0)
			m->heap[m->nheap++] = i;
	}
	/* every partial must come from the same tool and options */
	tly_buf a = {0}, b = {0};
	for (size_t i = 0; i < m->n; i++) {
		struct src *s = &m->s[i];
		if (!s->have_meta)
			continue;
		if (!m->have_meta) {
			m->have_meta = 1;
			m->tool = s->tool;
			m->opts = s->opts;
			m->nopts = s->nopts;
			m->meta_from = s->path;
			continue;
		}
		int same = strcmp(m->tool, s->tool) == 0 && m->nopts == s->nopts;
		for (size_t j = 0; same && j < s->nopts; j++)
			same = strcmp(m->opts[j], s->opts[j]) == 0;
		if (!same) {
			tly_err_set(err, TLY_EXIT_DATA, "%s: a partial of 'tally %s%s' cannot be merged "
			            "with %s, a partial of 'tally %s%s': same tool and options needed",
			            s->path, s->tool, opts_text(s->opts, s->nopts, &a), m->meta_from,
			            m->tool, opts_text(m->opts, m->nopts, &b));
			tly_buf_free(&a);
			tly_buf_free(&b);
			tly_pm_free(m);
			return NULL;
		}
	}
	tly_buf_free(&a);
	tly_buf_free(&b);
	for (size_t i = m->nheap; i-- > 0;)
		heap_down(m, i);
	return m;
}

int tly_pm_has_header(const tly_pmerge *m) { return m->have_meta; }
const char *tly_pm_tool(const tly_pmerge *m) { return m->have_meta ? m->tool : NULL; }
size_t tly_pm_nopts(const tly_pmerge *m) { return m->nopts; }
const char *tly_pm_opt(const tly_pmerge *m, size_t i) { return m->opts[i]; }
const char *tly_pm_meta_path(const tly_pmerge *m) { return m->meta_from; }
int tly_pm_streaming(const tly_pmerge *m) { return m->streaming; }

static void copy_rec(struct rrec *to, const struct rrec *from)
{
	rrec_clear(to);
	to->kind = from->kind;
	to->line = from->line;
	tly_buf_add(&to->ekey, from->ekey.data, from->ekey.len);
	for (size_t i = 0; i < from->nkey + from->nval; i++)
		rrec_add(to, from->data.data + from->off[i], from->len[i]);
	to->nkey = from->nkey;
	to->nval = from->nval;
	xgrow((void **)&to->num, &to->numcap, from->nval + 1, sizeof *to->num);
	if (from->kind >= 'A' && from->kind <= 'Z')
		memcpy(to->num, from->num, from->nval * sizeof *to->num);
}

static int same_key(const struct rrec *a, const struct rrec *b)
{
	return a->ekey.len == b->ekey.len && memcmp(a->ekey.data, b->ekey.data, a->ekey.len) == 0;
}

int tly_pm_next(tly_pmerge *m, tly_prec *rec, tly_err *err)
{
	struct rrec *o = &m->out;

again:
	if (!m->nheap) {
		/* as a single run over all the shards would */
		int known = m->n > 0;
		for (size_t i = 0; i < m->n; i++)
			known &= m->s[i].has_z;
		if (known && !m->allow_empty && m->in_docs == 0)
			return tly_err_set(err, TLY_EXIT_DATA, "no documents in any input (in none of "
			                   "the runs merged)");
		if (known && !m->allow_empty && m->in_text == 0)
			return tly_err_set(err, TLY_EXIT_DATA, "empty input: no text to read (in none "
			                   "of the runs merged)");
		return 0;
	}
	size_t top = m->heap[0];
	copy_rec(o, &m->s[top].cur);
	const char *opath = m->s[top].path;
	for (;;) {
		/* advance the source just used */
		struct src *s = &m->s[top];
		s->has_z |= s->cur.kind == 'Z' && s->cur.nkey == 0;
		int r = src_next(s, err);
		if (r < 0)
			return -1;
		if (r == 0)
			m->heap[0] = m->heap[--m->nheap];
		if (m->nheap)
			heap_down(m, 0);
		if (!m->nheap || o->kind == '@')
			break;
		top = m->heap[0];
		const struct rrec *n = &m->s[top].cur;
		if (!same_key(o, n))
			break;
		if (n->nval != o->nval || n->nkey != o->nkey)
			return tly_err_set(err, TLY_EXIT_DATA, "%s:%llu: record has %zu values where "
			                   "%s:%llu has %zu", m->s[top].path, (unsigned long long)n->line,
			                   n->nval, opath, (unsigned long long)o->line, o->nval);
		if (o->kind >= 'A' && o->kind <= 'Z') {
			for (size_t i = 0; i < o->nval; i++) {
				if (o->num[i] > UINT64_MAX - n->num[i])
					return tly_err_set(err, TLY_EXIT_DATA, "%s:%llu: count overflows",
					                   m->s[top].path, (unsigned long long)n->line);
				o->num[i] += n->num[i];
			}
		}
		/* facts: records with one key must agree (which came first is
		 * lost in a sorted stream, so no first may win) */
		if (o->kind >= 'a' && o->kind <= 'z') {
			for (size_t i = o->nkey; i < o->nkey + o->nval; i++) {
				if (o->len[i] == n->len[i] &&
				    memcmp(o->data.data + o->off[i], n->data.data + n->off[i], o->len[i]) == 0)
					continue;
				char a[64], b[64], key[64];
				if (o->kind == 'y') {
					tly_one_line(a, sizeof a, o->data.data + o->off[i], o->len[i]);
					tly_one_line(b, sizeof b, n->data.data + n->off[i], n->len[i]);
					return tly_err_set(err, TLY_EXIT_DATA, "%s:%llu: a partial of tally "
					                   "%s cannot be merged with %s:%llu, of tally %s: "
					                   "same tally and data directory needed",
					                   m->s[top].path, (unsigned long long)n->line, b,
					                   opath, (unsigned long long)o->line, a);
				}
				tly_one_line(key, sizeof key, o->data.data + o->off[0], o->len[0]);
				tly_one_line(a, sizeof a, o->data.data + o->off[i], o->len[i]);
				tly_one_line(b, sizeof b, n->data.data + n->off[i], n->len[i]);
				return tly_err_set(err, TLY_EXIT_DATA, "%s:%llu: the partials disagree on "
				                   "\"%s\": \"%s\" here, \"%s\" at %s:%llu (shards with "
				                   "different mention files for one entity?)",
				                   m->s[top].path, (unsigned long long)n->line, key, b, a,
				                   opath, (unsigned long long)o->line);
			}
		}
	}
	if (o->kind == 'y' && o->nkey == 0 && !m->copying)
		goto again;  /* checked above; no tool's record */
	if (o->kind == 'Z' && o->nkey == 0 && o->nval == 2) {
		/* the shards' inputs: the library's record, not the tool's */
		m->in_docs += o->num[0];
		m->in_text += o->num[1];
		tly_partial_input_seen(o->num[0], o->num[1]);
		goto again;
	}
	if (o->kind == 'R' && o->nkey == 0 && o->nval == 1) {
		merged_replaced += o->num[0];  /* the library's too */
		goto again;
	}
	size_t nf = o->nkey + o->nval;
	xgrow((void **)&m->fp, &m->fpcap, nf + 1, sizeof *m->fp);
	for (size_t i = 0; i < nf; i++)
		m->fp[i] = o->data.data + o->off[i];
	rec->kind = o->kind;
	rec->nkey = o->nkey;
	rec->nval = o->nval;
	rec->key = m->fp;
	rec->keylen = o->len;
	rec->val = m->fp + o->nkey;
	rec->vallen = o->len + o->nkey;
	rec->num = o->kind >= 'A' && o->kind <= 'Z' ? o->num : NULL;
	rec->path = opath;
	rec->line = o->line;
	return 1;
}

void tly_pm_free(tly_pmerge *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->n; i++)
		src_free(&m->s[i]);
	free(m->s);
	free(m->heap);
	rrec_free(&m->out);
	free(m->fp);
	free(m);
}

/* Pass the merged records on to a writer (tally merge --partial). */
int tly_pm_copy(tly_pmerge *m, tly_pwriter *w, tly_err *err)
{
	tly_prec r;
	int rc;

	m->allow_empty = 1;  /* a partial may hold no document */
	m->copying = 1;
	w->merged = 1;
	while ((rc = tly_pm_next(m, &r, err)) > 0) {
		if (r.num) {
			/* the summed counts */
			tly_pw_count(w, r.kind, r.nkey, r.key, r.keylen, r.nval, r.num);
		} else {
			size_t nkey = r.kind == '@' && !m->streaming ? 0 : r.nkey;
			tly_pw_rec(w, r.kind, nkey, r.key, r.keylen, r.nval, r.val, r.vallen);
		}
	}
	for (size_t i = 0; i < m->n; i++)
		if (!m->s[i].has_z)
			seen_unknown = 1;  /* not all partials say: the merged one says nothing */
	return rc;
}

/* ---- tools and partials ------------------------------------------------------------------ */

static tly_pmerge *active;

void tly_pm_set_active(tly_pmerge *m) { active = m; }
tly_pmerge *tly_pm_active(void) { return active; }

static void capture_row(void *ctx, const char *rec, size_t len)
{
	tly_pw_row(ctx, rec, len);
}

void tly_partial_begin(tly_partial *p, tly_common *c, const char *tool, int argc,
                       char **argv, int optind_, const struct option *longopts,
                       const char *shortopts)
{
	p->merge = active;
	if (p->merge) {
		if (p->partial || p->streaming)
			tly_usage_error("--partial and --streaming are options of the runs merged, "
			                "not of the merge");
		if (optind_ < argc)  /* the merge gives the tool no operand */
			tly_die(TLY_EXIT_DATA, "the partial header's options hold a stray value \"%s\" "
			        "(was the file edited?)", argv[optind_]);
		return;
	}
	if (p->streaming && !p->partial)
		tly_usage_error("--streaming goes with --partial (or with tally merge)");
	if (!p->partial)
		return;
	/* a shard may hold no document (a day without news, a CSV of only its
	 * header, an empty file): its partial adds nothing, or an empty
	 * document, as the shard does in a single run over all of them */
	c->in.allow_empty = 1;
	char **opts;
	size_t n = tly_partial_opts(argc, argv, optind_, longopts, shortopts, &opts);
	p->out = tly_common_out(c);
	tly_out_excel_safe(p->out, 0);
	p->w = tly_pw_new(p->out, p->streaming, tool, opts, n);
	tly_partial_opts_free(opts, n);
}

tly_out *tly_partial_rows(tly_partial *p, const tly_common *c)
{
	if (!p->w)
		return tly_common_out(c);
	tly_out *o = tly_out_capture(capture_row, p->w);
	tly_out_excel_safe(o, c->excel_safe);
	return o;
}

int tly_partial_end(tly_partial *p, tly_out *rows)
{
	if (!p->w)
		return tly_finish(rows);
	if (rows) {
		tly_err err = {0};
		tly_out_close(rows, 1, &err);
	}
	tly_pw_close(p->w);
	p->w = NULL;
	return tly_finish(p->out);
}

void tly_partial_usage(FILE *fp)
{
	fputs("      --partial           write a partial result instead (exact counts, to be\n"
	      "                          combined by tally merge; see tally-merge(1))\n"
	      "      --streaming         with --partial: key<TAB>value lines for Hadoop\n"
	      "                          Streaming (a mapper)\n",
	      fp);
}

int tly_partial_opt(tly_partial *p, int opt)
{
	if (opt == TLY_OPT_PARTIAL) {
		p->partial = 1;
		return 1;
	}
	if (opt == TLY_OPT_STREAMING) {
		p->streaming = 1;
		return 1;
	}
	return 0;
}

int tly_partial_next(tly_partial *p, tly_out *out, tly_prec *r, tly_err *err)
{
	int rc;

	while ((rc = tly_pm_next(p->merge, r, err)) > 0) {
		if (r->kind != '?' && r->kind != '@')
			return 1;
		tly_out_write(out, r->val[0], r->vallen[0]);
		tly_out_write(out, "\n", 1);
	}
	return rc;
}
