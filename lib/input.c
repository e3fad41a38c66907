/* input.c - documents from files, directories, stdin, manifests and CSV
 * corpora, each read in blocks so that no document is ever held whole
 * (except a CSV field, bounded by TLY_MAX_FIELD).
 *
 * Operands are taken in order.  A directory is walked recursively in byte
 * order of names, skipping hidden entries; if it holds a manifest.csv at its
 * top, the manifest describes it instead (unless no_manifest).  A file whose
 * name ends in .csv is a manifest when its header has "id" and "path" and no
 * text column, otherwise a CSV corpus; anything else is one text document. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tally.h"

enum { SRC_MEM, SRC_FD };

struct tly_doc {
	char *id;
	char *origin;
	uint64_t line0;
	uint64_t col0;   /* bytes of its first line in the origin before it */
	char **keys, **vals;
	size_t nmeta, capmeta;
	char derived[16];
	int kind;
	int fd;
	uint64_t pos, end;    /* SRC_FD: next offset and end (UINT64_MAX: to EOF) */
	const char *mem;
	size_t memlen, mempos;
	tly_input *in;
};

/* A directory being walked: its sorted entries and where we are. */
struct dirframe {
	char *path;      /* path to open entries with */
	char *rel;       /* prefix for ids, relative to the operand */
	char **names;
	size_t n, i;
};

struct tly_input {
	tly_inopts o;
	char *const *paths;
	int npaths, argi;
	int use_stdin;
	struct dirframe *dirs;
	size_t ndirs, capdirs;
	uint64_t dir_docs;   /* documents found under the current operand dir */
	char *dir_operand;
	/* a manifest or CSV corpus being read */
	tly_table *tab;
	int tab_is_manifest;
	char *tab_base;      /* manifest: directory paths are relative to */
	char *tab_idbase;    /* CSV corpus without ids: its name with U+FFFD
	                        for bytes not UTF-8 (--lenient), or NULL */
	int col_text, col_id, col_path, col_start, col_end;
	/* the current document */
	tly_doc doc;
	uint64_t docs, bytes;
	int has_text;        /* a document of known size was not empty */
	int tables;          /* CSV corpora and manifests opened */
	int part;            /* reads a part of a CSV corpus (tly_input_part):
	                        no progress shown, no end-of-input checks */
	int cutting;         /* opens a CSV corpus to be cut (tly_parts) */
	uint64_t name_replaced;  /* --lenient's bytes in its name, counted by
	                            tly_parts_close if the cutting finished */
	/* line counting cache for manifest byte ranges */
	char *lc_path;
	uint64_t lc_off, lc_line, lc_linestart;
};

/* ---- documents -------------------------------------------------------- */

static void doc_clear(tly_doc *d)
{
	if (d->kind == SRC_FD && d->fd > STDIN_FILENO)
		close(d->fd);
	d->fd = -1;
	free(d->id);
	free(d->origin);
	for (size_t i = 0; i < d->nmeta; i++) {
		free(d->keys[i]);
		free(d->vals[i]);
	}
	d->nmeta = 0;
	d->id = d->origin = NULL;
	d->mem = NULL;
	d->memlen = d->mempos = 0;
	d->line0 = 1;
	d->col0 = 0;
}

static void doc_meta_add(tly_doc *d, const char *k, const char *v, size_t vlen)
{
	if (d->nmeta == d->capmeta) {
		size_t cap = d->capmeta;
		xgrow((void **)&d->keys, &cap, d->nmeta + 1, sizeof *d->keys);
		d->vals = xrealloc(d->vals, cap * sizeof *d->vals);
		d->capmeta = cap;
	}
	d->keys[d->nmeta] = xstrdup(k);
	d->vals[d->nmeta] = xstrndup(v, vlen);
	d->nmeta++;
}

ssize_t tly_doc_read(tly_doc *d, void *buf, size_t n, tly_err *err)
{
	ssize_t r;

	if (d->kind == SRC_MEM) {
		size_t k = d->memlen - d->mempos;
		if (k > n)
			k = n;
		memcpy(buf, d->mem + d->mempos, k);
		d->mempos += k;
		r = (ssize_t)k;
	} else {
		if (d->end != UINT64_MAX && n > d->end - d->pos)
			n = (size_t)(d->end - d->pos);
		if (n == 0)
			return 0;
		r = tly_read(d->fd, buf, n);
		if (r < 0)
			return tly_err_set(err, TLY_EXIT_DATA, "%s: read error: %s", d->origin,
			                   strerror(errno));
		d->pos += (uint64_t)r;
		if (r == 0 && d->end != UINT64_MAX)
			return tly_err_set(err, TLY_EXIT_DATA,
			                   "%s: file ends at byte %llu, before the document's "
			                   "end at %llu", d->origin, (unsigned long long)d->pos,
			                   (unsigned long long)d->end);
	}
	if (d->in) {
		d->in->bytes += (uint64_t)r;
		if (!d->in->part)
			tly_progress(d->in->docs, d->in->bytes);
	}
	return r;
}

int64_t tly_doc_size(const tly_doc *d)
{
	struct stat st;
	off_t at;

	if (d->kind == SRC_MEM)
		return (int64_t)(d->memlen - d->mempos);
	if (d->end != UINT64_MAX)
		return (int64_t)(d->end - d->pos);
	if (fstat(d->fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    (at = lseek(d->fd, 0, SEEK_CUR)) < 0)
		return -1;
	return st.st_size > at ? (int64_t)(st.st_size - at) : 0;
}

const char *tly_doc_id(const tly_doc *d) { return d->id; }
const char *tly_doc_origin(const tly_doc *d) { return d->origin; }
uint64_t tly_doc_first_line(const tly_doc *d) { return d->line0; }
uint64_t tly_doc_first_col(const tly_doc *d) { return d->col0; }
size_t tly_doc_nmeta(const tly_doc *d) { return d->nmeta; }
const char *tly_doc_meta_key(const tly_doc *d, size_t i) { return d->keys[i]; }
const char *tly_doc_meta_val(const tly_doc *d, size_t i) { return d->vals[i]; }

const char *tly_doc_meta(const tly_doc *d, const char *name)
{
	for (size_t i = 0; i < d->nmeta; i++)
		if (strcmp(d->keys[i], name) == 0)
			return d->vals[i];
	if (strcmp(name, "doc") == 0 || strcmp(name, "id") == 0)
		return d->id;
	if (strcmp(name, "month") == 0 || strcmp(name, "year") == 0) {
		const char *date = tly_doc_meta(d, "date");
		size_t n = name[0] == 'm' ? 7 : 4;
		tly_doc *m = (tly_doc *)d;

		if (!date)
			return NULL;
		if (!*date)
			return "";  /* undated */
		if (!tly_iso_date_prefix(date, n))
			return NULL;  /* tly_doc_need_meta says why */
		memcpy(m->derived, date, n);
		m->derived[n] = '\0';
		return m->derived;
	}
	return NULL;
}

int tly_doc_dup_error(const tly_doc *d, tly_err *err)
{
	return tly_err_set(err, TLY_EXIT_DATA, "%s:%llu: document id \"%s\" appears a second "
	                   "time: mentions are joined to documents by id, so ids must be unique "
	                   "(a CSV corpus's --id-col, a manifest's id, a file's path)",
	                   tly_doc_origin(d), (unsigned long long)tly_doc_first_line(d),
	                   tly_doc_id(d));
}

static int digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int tly_iso_date(const char *s, size_t *len)
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	size_t n = 4;

	if (!digits(s, 4))
		return 0;
	if (s[4] == '-' && digits(s + 5, 2)) {
		n = 7;
		if (s[7] == '-' && digits(s + 8, 2))
			n = 10;
	}
	if (s[n] != '\0' && !(n == 10 && (s[n] == 'T' || s[n] == ' ')))
		return 0;  /* "2026-02-21T08:00" has a time; "2026-2-1" is no ISO date */
	*len = n;
	if (n == 4)
		return 1;
	int y = atoi(s), m = (s[5] - '0') * 10 + (s[6] - '0');
	if (m < 1 || m > 12)
		return -1;
	if (n == 7)
		return 1;
	int d = (s[8] - '0') * 10 + (s[9] - '0');
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d >= 1 && d <= (m == 2 && !leap ? 28 : mdays[m - 1]) ? 1 : -1;
}

int tly_iso_date_prefix(const char *date, size_t n)
{
	size_t len;

	return tly_iso_date(date, &len) == 1 && len >= n;
}

tly_doc *tly_doc_mem(const char *id, const char *text, size_t len)
{
	tly_doc *d = xcalloc(1, sizeof *d);

	d->id = xstrdup(id);
	d->origin = xstrdup(id);
	d->line0 = 1;
	d->col0 = 0;
	d->kind = SRC_MEM;
	d->fd = -1;
	d->mem = text;
	d->memlen = len;
	return d;
}

void tly_doc_free(tly_doc *d)
{
	if (!d)
		return;
	doc_clear(d);
	free(d->keys);
	free(d->vals);
	free(d);
}

/* ---- inputs ----------------------------------------------------------- */

/* An input with options o and no source yet. */
static tly_input *input_alloc(const tly_inopts *o)
{
	tly_input *in = xcalloc(1, sizeof *in);

	in->o = *o;
	in->doc.fd = -1;
	in->doc.in = in;
	return in;
}

static int ends_with_csv(const char *p);

tly_input *tly_input_new(char *const *paths, int npaths, const tly_inopts *o)
{
	for (int i = 0, dash = 0; i < npaths; i++)
		if (strcmp(paths[i], "-") == 0 && dash++)
			tly_die(TLY_EXIT_USAGE, "stdin (-) given more than once: it can be read only once");
	/* --text-col or --id-col where every operand will be read as text
	 * (stdin, or files not named .csv, without --format csv or manifest):
	 * known before any work (a directory may hold a manifest, and is
	 * checked at the end of the input) */
	if ((o->text_col || o->id_col) && !tly_pm_active() && o->format != TLY_FMT_CSV &&
	    o->format != TLY_FMT_MANIFEST) {
		int table = 0;
		struct stat st;
		for (int i = 0; i < npaths && !table; i++)
			table = o->format == TLY_FMT_AUTO &&
			        (ends_with_csv(paths[i]) ||
			         (strcmp(paths[i], "-") != 0 && stat(paths[i], &st) == 0 &&
			          S_ISDIR(st.st_mode)));
		if (!table)
			tly_usage_error("%s: %s names a column of a CSV corpus, but %s read as text "
			                "(give --format csv, or a file name ending in .csv)",
			                npaths == 0 || (npaths == 1 && strcmp(paths[0], "-") == 0) ? "<stdin>"
			                : npaths == 1 ? paths[0] : "all inputs",
			                o->text_col ? "--text-col" : "--id-col",
			                npaths > 1 ? "they are" : "it is");
	}
	tly_input *in = input_alloc(o);
	in->paths = paths;
	in->npaths = npaths;
	in->use_stdin = npaths == 0;
	tly_progress_enable(o->progress);
	return in;
}

uint64_t tly_input_bytes(const tly_input *in) { return in->bytes; }
uint64_t tly_input_docs(const tly_input *in) { return in->docs; }

static int cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *join(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	char *p = xmalloc(na + nb + 2);
	size_t k = na;

	memcpy(p, a, na);
	if (na && a[na - 1] != '/')
		p[k++] = '/';
	memcpy(p + k, b, nb + 1);
	return p;
}

static int push_dir(tly_input *in, const char *path, const char *rel, tly_err *err)
{
	DIR *dp = opendir(path);
	struct dirframe f = {0};
	size_t cap = 0;
	struct dirent *e;

	if (!dp)
		return tly_err_set(err, TLY_EXIT_DATA, "%s: cannot open directory: %s", path,
		                   strerror(errno));
	while ((e = readdir(dp))) {
		if (e->d_name[0] == '.')
			continue;  /* hidden files, . and .. */
		xgrow((void **)&f.names, &cap, f.n + 1, sizeof *f.names);
		f.names[f.n++] = xstrdup(e->d_name);
	}
	closedir(dp);
	if (f.n)
		qsort(f.names, f.n, sizeof *f.names, cmpstr);
	f.path = xstrdup(path);
	f.rel = xstrdup(rel);
	xgrow((void **)&in->dirs, &in->capdirs, in->ndirs + 1, sizeof *in->dirs);
	in->dirs[in->ndirs++] = f;
	return 0;
}

static void pop_dir(tly_input *in)
{
	struct dirframe *f = &in->dirs[--in->ndirs];

	for (size_t i = 0; i < f->n; i++)
		free(f->names[i]);
	free(f->names);
	free(f->path);
	free(f->rel);
}

/* Add name to b with U+FFFD for its bytes that are not UTF-8; returns how
 * many were replaced (each became the 3 bytes of U+FFFD). */
static uint64_t add_name_valid(tly_buf *b, const char *name, size_t n)
{
	size_t before = b->len;

	tly_buf_add_valid(b, name, n);
	return (b->len - before - n) / 2;
}

/* Whether a file name that goes into the output (an id, the path column),
 * which is UTF-8, is not UTF-8: 0 when it is, 1 when it is not and --lenient
 * replaces its bytes, -1 (err filled) when it is not. */
static int name_not_utf8(const tly_input *in, const char *path, tly_err *err)
{
	size_t n = strlen(path), bad = tly_utf8_valid_len(path, n);

	if (bad == n)
		return 0;
	if (in->o.lenient)
		return 1;
	return tly_err_set(err, TLY_EXIT_DATA, "%s: file name is not UTF-8 (byte 0x%02x at %zu): "
	                   "rename it (e.g. convmv), or give --lenient",
	                   path, (unsigned char)path[bad], bad + 1);
}

static int open_file_doc(tly_input *in, const char *path, const char *id, tly_err *err)
{
	tly_doc *d = &in->doc;
	/* the id and path go into CSV output, which is UTF-8 */
	size_t n = strlen(path);
	int bad = name_not_utf8(in, path, err);
	if (bad < 0)
		return -1;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return tly_err_set(err, TLY_EXIT_DATA, "%s: cannot open: %s", path,
		                   strerror(errno));
	d->kind = SRC_FD;
	d->fd = fd;
	d->pos = 0;
	d->end = UINT64_MAX;
	d->origin = xstrdup(path);
	if (bad) {
		tly_buf b = {0};
		add_name_valid(&b, id, strlen(id));
		d->id = xstrndup(b.data, b.len);
		tly_buf_clear(&b);
		tly_partial_replaced(add_name_valid(&b, path, n));
		doc_meta_add(d, "path", b.data, b.len);
		tly_buf_free(&b);
	} else {
		d->id = xstrdup(id);
		doc_meta_add(d, "path", path, n);
	}
	return 1;
}

static int ends_with_csv(const char *p)
{
	size_t n = strlen(p);

	return n >= 4 && strcasecmp(p + n - 4, ".csv") == 0;
}

/* An error if a column is named twice in t's header: tally reads the text,
 * id, path and range columns, and any other may be metadata (--by, a
 * document selection), so which one would be read is a guess.  Unnamed
 * columns (a spreadsheet's trailing empty ones) can be named by no option,
 * so any number of them is no guess. */
static int unique_cols(tly_table *t, tly_err *err)
{
	size_t nc = tly_table_ncols(t);

	for (size_t k = 0; k < nc; k++) {
		const char *name = tly_table_colname(t, k);
		size_t seen = 0;
		if (!*name)
			continue;
		for (size_t i = 0; i < nc; i++) {
			if (strcmp(tly_table_colname(t, i), name) != 0)
				continue;
			if (i < k)
				break;  /* reported at its first place, if at all */
			seen++;
		}
		if (seen > 1)
			return tly_err_set(err, TLY_EXIT_DATA,
			                   "%s: column \"%s\" appears %zu times in the header; "
			                   "rename all but one", tly_csv_path(tly_table_csv(t)), name, seen);
	}
	return 0;
}

/* Open a manifest or CSV corpus table as the current source. */
static int open_table(tly_input *in, const char *path, int want, tly_err *err)
{
	tly_table *t = tly_table_open(path, err);

	if (!t)
		return -1;
	in->tables++;
	if (unique_cols(t, err) < 0) {
		tly_table_close(t);
		return -1;
	}
	in->col_text = tly_table_col(t, in->o.text_col ? in->o.text_col : "text");
	in->col_id = tly_table_col(t, in->o.id_col ? in->o.id_col : "id");
	in->col_path = tly_table_col(t, "path");
	in->col_start = tly_table_col(t, "start");
	in->col_end = tly_table_col(t, "end");
	if (want == TLY_FMT_AUTO)
		want = (in->col_path >= 0 && !in->o.text_col && in->col_text < 0) ? TLY_FMT_MANIFEST
		                                                                   : TLY_FMT_CSV;
	if (want == TLY_FMT_MANIFEST) {
		if ((in->col_id = tly_table_need(t, in->o.id_col ? in->o.id_col : "id",
		                                 in->o.id_col ? "--id-col" : NULL, err)) < 0 ||
		    tly_table_need(t, "path", NULL, err) < 0) {
			tly_table_close(t);
			return -1;
		}
		const char *slash = strrchr(path, '/');
		in->tab_base = slash ? xstrndup(path, (size_t)(slash - path + 1)) : xstrdup("");
	} else {
		in->col_text = tly_table_need(t, in->o.text_col ? in->o.text_col : "text",
		                              "--text-col", err);
		if (in->col_text < 0) {
			tly_table_close(t);
			return -1;
		}
		if (in->o.id_col && (in->col_id = tly_table_need(t, in->o.id_col, "--id-col",
		                                                 err)) < 0) {
			tly_table_close(t);
			return -1;
		}
		tly_table_text_col(t, (size_t)in->col_text, in->o.lenient);
		/* without ids, a row's id is the file's name and the row */
		const char *name = tly_csv_path(tly_table_csv(t));
		int bad = in->col_id < 0 ? name_not_utf8(in, name, err) : 0;
		if (bad < 0) {
			tly_table_close(t);
			return -1;
		}
		if (bad) {
			tly_buf b = {0};
			/* a file being cut is counted when all were, as the
			 * threads' reading may yet be left to the sequential reader */
			in->name_replaced = add_name_valid(&b, name, strlen(name));
			if (!in->cutting)
				tly_partial_replaced(in->name_replaced);
			in->tab_idbase = xstrndup(b.data, b.len);
			tly_buf_free(&b);
		}
	}
	in->tab = t;
	in->tab_is_manifest = want == TLY_FMT_MANIFEST;
	return 0;
}

static void close_table(tly_input *in)
{
	tly_table_close(in->tab);
	in->tab = NULL;
	free(in->tab_base);
	in->tab_base = NULL;
	free(in->tab_idbase);
	in->tab_idbase = NULL;
}

static int parse_offset(const char *s, size_t len, uint64_t *v)
{
	char *end;

	if (len == 0 || s[0] < '0' || s[0] > '9')
		return -1;
	errno = 0;
	unsigned long long x = strtoull(s, &end, 10);
	if (errno || end != s + len)
		return -1;
	*v = x;
	return 0;
}

/* Count lines before byte off of path, reusing the last count when the
 * manifest walks one file's ranges in order. */
static int line_at(tly_input *in, int fd, const char *path, uint64_t off,
                   uint64_t *line, uint64_t *col, tly_err *err)
{
	uint64_t from = 0, ln = 1, ls = 0;
	char buf[65536];

	if (in->lc_path && strcmp(in->lc_path, path) == 0 && in->lc_off <= off) {
		from = in->lc_off;
		ln = in->lc_line;
		ls = in->lc_linestart;
	}
	while (from < off) {
		size_t want = off - from > sizeof buf ? sizeof buf : (size_t)(off - from);
		ssize_t r = pread(fd, buf, want, (off_t)from);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return tly_err_set(err, TLY_EXIT_DATA, "%s: cannot read up to byte %llu",
			                   path, (unsigned long long)off);
		for (ssize_t i = 0; i < r; i++)
			if (buf[i] == '\n') {
				ln++;
				ls = from + (uint64_t)i + 1;
			}
		from += (uint64_t)r;
	}
	free(in->lc_path);
	in->lc_path = xstrdup(path);
	in->lc_off = off;
	in->lc_line = ln;
	in->lc_linestart = ls;
	*line = ln;
	*col = off - ls;
	return 0;
}

static int manifest_doc(tly_input *in, tly_err *err)
{
	tly_table *t = in->tab;
	tly_csv *c = tly_table_csv(t);
	tly_doc *d = &in->doc;
	const char *mpath = tly_csv_path(c);
	unsigned long long mline = (unsigned long long)tly_csv_line(c);
	size_t n, plen;
	const char *id = tly_table_get(t, (size_t)in->col_id, &n);
	const char *rel = tly_table_get(t, (size_t)in->col_path, &plen);
	uint64_t start = 0, end = UINT64_MAX;
	struct stat st;

	if (n == 0)
		return tly_err_set(err, TLY_EXIT_DATA, "%s:%llu: empty document id", mpath, mline);
	if (plen == 0)
		return tly_err_set(err, TLY_EXIT_DATA, "%s:%llu: empty path", mpath, mline);
	char *path = rel[0] == '/' ? xstrdup(rel) : join(in->tab_base, rel);
	for (int k = 0; k < 2; k++) {
		int col = k ? in->col_end : in->col_start;
		size_t len;
		const char *v;

		if (col < 0 || (v = tly_table_get(t, (size_t)col, &len), len == 0))
			continue;
		if (parse_offset(v, len, k ? &end : &start) < 0) {
			tly_err_set(err, TLY_EXIT_DATA, "%s:%llu: %s \"%s\" is not a byte offset",
			            mpath, mline, k ? "end" : "start", v);
			free(path);
			return -1;
		}
	}
	int fd = open(path, O_RDONLY);
	if (fd < 0 || fstat(fd, &st) < 0) {
		tly_err_set(err, TLY_EXIT_DATA, "%s:%llu: %s: cannot open: %s", mpath, mline,
		            path, strerror(errno));
		if (fd >= 0)
			close(fd);
		free(path);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		/* a device or fifo has no byte ranges (and /dev/zero no end) */
		tly_err_set(err, TLY_EXIT_DATA, "%s:%llu: %s: not a regular file", mpath, mline,
		            path);
		close(fd);
		free(path);
		return -1;
	}
	uint64_t size = (uint64_t)st.st_size;
	if (end == UINT64_MAX)
		end = size;
	if (start > end) {
		tly_err_set(err, TLY_EXIT_DATA, "%s:%llu: byte range %llu-%llu: start is after end",
		            mpath, mline, (unsigned long long)start, (unsigned long long)end);
		close(fd);
		free(path);
		return -1;
	}
	if (end > size) {
		tly_err_set(err, TLY_EXIT_DATA,
		            "%s:%llu: byte range %llu-%llu does not fit %s (%llu bytes)", mpath,
		            mline, (unsigned long long)start, (unsigned long long)end, path,
		            (unsigned long long)size);
		close(fd);
		free(path);
		return -1;
	}
	d->line0 = 1;
	d->col0 = 0;
	if (start > 0 && (line_at(in, fd, path, start, &d->line0, &d->col0, err) < 0 ||
	                  lseek(fd, (off_t)start, SEEK_SET) < 0)) {
		if (err && !err->code)
			tly_err_set(err, TLY_EXIT_DATA, "%s: cannot seek: %s", path, strerror(errno));
		close(fd);
		free(path);
		return -1;
	}
	d->kind = SRC_FD;
	d->fd = fd;
	d->pos = start;
	d->end = end;
	d->id = xstrndup(id, n);
	d->origin = path;
	for (size_t i = 0; i < tly_table_ncols(t); i++) {
		const char *v = tly_table_get(t, i, &n);
		doc_meta_add(d, tly_table_colname(t, i), v, n);
	}
	return 1;
}

static int csv_doc(tly_input *in, tly_err *err)
{
	tly_table *t = in->tab;
	tly_csv *c = tly_table_csv(t);
	tly_doc *d = &in->doc;
	size_t n;

	d->kind = SRC_MEM;
	d->mem = tly_table_get(t, (size_t)in->col_text, &d->memlen);
	d->mempos = 0;
	if (in->col_id >= 0) {
		const char *id = tly_table_get(t, (size_t)in->col_id, &n);
		if (n == 0)
			return tly_err_set(err, TLY_EXIT_DATA, "%s:%llu: empty document id",
			                   tly_csv_path(c), (unsigned long long)tly_csv_line(c));
		d->id = xstrndup(id, n);
	} else {
		char tmp[64];
		/* records count the header, so data row k is record k + 1 */
		snprintf(tmp, sizeof tmp, "#%llu", (unsigned long long)tly_csv_record(c) - 1);
		const char *base = in->tab_idbase ? in->tab_idbase : tly_csv_path(c);
		size_t pl = strlen(base);
		d->id = xmalloc(pl + strlen(tmp) + 1);
		memcpy(d->id, base, pl);
		strcpy(d->id + pl, tmp);
	}
	d->origin = xstrdup(tly_csv_path(c));
	d->line0 = tly_csv_line(c);
	d->col0 = 0;
	for (size_t i = 0; i < tly_table_ncols(t); i++) {
		if ((int)i == in->col_text)
			continue;
		const char *v = tly_table_get(t, i, &n);
		doc_meta_add(d, tly_table_colname(t, i), v, n);
	}
	return 1;
}

/* Start the next operand.  Returns 1 if a document is ready, 0 if a source
 * (directory or table) was opened, -1 on error, 2 when operands ran out. */
static int next_operand(tly_input *in, tly_err *err)
{
	const char *path;
	struct stat st;

	if (in->use_stdin) {
		in->use_stdin = 0;
		in->npaths = -1;  /* stdin was the only operand */
		path = "-";
	} else if (in->argi < in->npaths) {
		path = in->paths[in->argi++];
	} else {
		return 2;
	}
	if (strcmp(path, "-") == 0) {
		if (in->o.format == TLY_FMT_CSV || in->o.format == TLY_FMT_MANIFEST)
			return open_table(in, "-", in->o.format, err);
		tly_doc *d = &in->doc;
		tly_stdin_take();
		d->kind = SRC_FD;
		d->fd = STDIN_FILENO;
		d->pos = 0;
		d->end = UINT64_MAX;
		d->id = xstrdup("-");
		d->origin = xstrdup("<stdin>");
		return 1;
	}
	if (stat(path, &st) < 0)
		return tly_err_set(err, TLY_EXIT_DATA, "%s: cannot open: %s", path,
		                   strerror(errno));
	if (S_ISDIR(st.st_mode)) {
		if (in->o.format == TLY_FMT_CSV)
			return tly_err_set(err, TLY_EXIT_USAGE, "%s: --format csv reads CSV files, "
			                   "not a directory (name the files, e.g. %s/*.csv)", path,
			                   path);
		char *m = join(path, "manifest.csv");
		int have = !in->o.no_manifest && in->o.format != TLY_FMT_TEXT &&
		           access(m, F_OK) == 0;
		if (!have && in->o.format == TLY_FMT_MANIFEST) {
			tly_err_set(err, TLY_EXIT_DATA, "%s: --format manifest, but %s", m,
			            in->o.no_manifest ? "--no-manifest skips it" : "there is none");
			free(m);
			return -1;
		}
		int r = have ? open_table(in, m, TLY_FMT_MANIFEST, err)
		             : push_dir(in, path, "", err);
		free(m);
		if (!have && r == 0) {
			free(in->dir_operand);
			in->dir_operand = xstrdup(path);
			in->dir_docs = 0;
		}
		return r;
	}
	int fmt = in->o.format;
	if (fmt == TLY_FMT_AUTO && !ends_with_csv(path))
		fmt = TLY_FMT_TEXT;
	if (fmt != TLY_FMT_TEXT)
		return open_table(in, path, fmt, err);
	return open_file_doc(in, path, path, err);
}

/* The inputs as messages name them: the one operand, stdin, or all. */
static const char *inputs_name(const tly_input *in)
{
	return in->npaths == 1 ? in->paths[0] : in->npaths < 0 ? "<stdin>" : "all inputs";
}

int tly_input_next(tly_input *in, tly_doc **doc, tly_err *err)
{
	doc_clear(&in->doc);
	for (;;) {
		int r;

		if (in->tab) {
			r = tly_table_next(in->tab, err);
			if (r < 0)
				return -1;
			if (r == 0) {
				close_table(in);
				continue;
			}
			r = in->tab_is_manifest ? manifest_doc(in, err) : csv_doc(in, err);
		} else if (in->ndirs) {
			struct dirframe *f = &in->dirs[in->ndirs - 1];
			struct stat st;

			if (f->i == f->n) {
				pop_dir(in);
				if (in->ndirs == 0 && in->dir_docs == 0)
					return tly_err_set(err, TLY_EXIT_DATA,
					                   "%s: no documents in directory", in->dir_operand);
				continue;
			}
			const char *name = f->names[f->i++];
			if (in->ndirs == 1 && in->o.no_manifest && strcmp(name, "manifest.csv") == 0)
				continue;  /* a manifest is metadata, never text */
			char *path = join(f->path, name);
			char *rel = f->rel[0] ? join(f->rel, name) : xstrdup(name);

			if (stat(path, &st) < 0) {
				tly_err_set(err, TLY_EXIT_DATA, "%s: cannot open: %s", path,
				            strerror(errno));
				r = -1;
			} else if (S_ISDIR(st.st_mode)) {
				r = push_dir(in, path, rel, err);
			} else if (S_ISREG(st.st_mode)) {
				r = open_file_doc(in, path, rel, err);
				if (r == 1)
					in->dir_docs++;
			} else {
				r = 0;  /* sockets, fifos, devices: not documents */
			}
			free(path);
			free(rel);
		} else {
			r = next_operand(in, err);
			if (r == 2 && in->part)
				return 0;
			if (r == 2) {
				if (in->docs == 0 && !in->o.allow_empty)
					return in->npaths > 1 || in->npaths == 0
					       ? tly_err_set(err, TLY_EXIT_DATA, "no documents in any input")
					       : tly_err_set(err, TLY_EXIT_DATA, "%s: no documents (a CSV "
					                     "header with no rows?)", in->npaths == 1 ?
					                     in->paths[0] : "<stdin>");
				if (in->bytes == 0 && !in->has_text && !in->o.allow_empty)
					return tly_err_set(err, TLY_EXIT_DATA,
					                   "%s: empty input: no text to read", inputs_name(in));
				/* --text-col or --id-col, and every operand read as
				 * text: the whole CSV was one document, header and
				 * ids counted as words */
				if ((in->o.text_col || in->o.id_col) && !in->tables && !in->o.allow_empty)
					return tly_err_set(err, TLY_EXIT_USAGE, "%s: %s names a column of a "
					                   "CSV corpus, but no input was read as one (give "
					                   "--format csv, or a file name ending in .csv)",
					                   inputs_name(in),
					                   in->o.text_col ? "--text-col" : "--id-col");
				tly_progress_done();
				return 0;
			}
		}
		if (r < 0)
			return -1;
		if (r == 1) {
			/* a tool may skip a document without reading it: know
			 * from its size that the input was not empty */
			if (!in->has_text && tly_doc_size(&in->doc) > 0)
				in->has_text = 1;
			in->docs++;
			*doc = &in->doc;
			return 1;
		}
	}
}

void tly_input_free(tly_input *in)
{
	if (!in)
		return;
	tly_partial_input_seen(in->docs > 0, in->bytes > 0 || in->has_text);
	doc_clear(&in->doc);
	free(in->doc.keys);
	free(in->doc.vals);
	while (in->ndirs)
		pop_dir(in);
	free(in->dirs);
	if (in->tab)
		close_table(in);
	free(in->dir_operand);
	free(in->lc_path);
	free(in);
}

/* ---- a CSV corpus in parts, for threads -------------------------------- */

#define PART_BYTES (1024 * 1024)
#define PART_READ (256 * 1024)

struct tly_parts {
	char *const *paths;
	int npaths, at;      /* the files, and the one being cut */
	tly_inopts o;
	tly_input **files;   /* each file opened as a corpus (its header read),
	                        kept for the parts until the end */
	int fd;              /* the file being cut, or -1 */
	uint64_t off;        /* its offset of the next byte to read */
	tly_csvscan s;
	char *carry;         /* bytes read past the last cut, not yet scanned */
	size_t ncarry, capcarry;
	int eof;
	size_t size;         /* a part's bytes, before the record end */
	uint64_t recs, bytes;  /* of the files before, for progress */
};

/* Whether path is a file tly_input_new would read as a CSV corpus (or a
 * manifest, which open_file then turns down). */
static int csv_file(const char *path, const tly_inopts *o)
{
	struct stat st;

	return path && strcmp(path, "-") != 0 &&
	       (o->format == TLY_FMT_CSV || (o->format == TLY_FMT_AUTO && ends_with_csv(path))) &&
	       stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Open file p->at to be cut: 1, or 0 when it has no record after its header
 * (nothing to cut: skip it), -1 when the sequential reader must read it (an
 * error in its header, a manifest, or where its records begin unknown). */
static int open_file(tly_parts *p)
{
	tly_err err = {0};
	struct stat st;
	uint64_t off, line;
	char *const *path = p->paths + p->at;
	tly_input *in = input_alloc(&p->o);

	in->paths = path;
	in->npaths = 1;
	in->cutting = 1;
	p->files[p->at] = in;
	if (next_operand(in, &err) != 0 || !in->tab || in->tab_is_manifest ||
	    tly_csv_data_offset(tly_table_csv(in->tab), &off, &line) < 0 || stat(*path, &st) < 0)
		return -1;
	/* keep its header only (the parts have readers of their own), so that
	 * many files hold no descriptors or buffers */
	tly_table *hdr = tly_table_open_part(in->tab, NULL, 0, line, 0);
	tly_table_close(in->tab);
	in->tab = hdr;
	if (off >= (uint64_t)st.st_size)
		return 0;
	if ((p->fd = open(*path, O_RDONLY)) < 0)
		return -1;
	p->off = off;
	p->eof = 0;
	p->ncarry = 0;
	memset(&p->s, 0, sizeof p->s);
	p->s.term = 1;
	p->s.lines = line - 1;
	return 1;
}

/* The next file with records to cut: 1, 0 when none is left, -1 (as
 * open_file). */
static int next_file(tly_parts *p)
{
	if (p->fd >= 0) {
		close(p->fd);
		p->fd = -1;
		p->recs += p->s.recs;
		p->bytes += p->off;
		p->at++;
	}
	for (; p->at < p->npaths; p->at++) {
		int r = open_file(p);
		if (r != 0)
			return r;
	}
	return 0;
}

tly_parts *tly_parts_open(char *const *paths, int npaths, const tly_inopts *o)
{
	if (npaths < 1)
		return NULL;
	for (int i = 0; i < npaths; i++)
		if (!csv_file(paths[i], o))
			return NULL;
	tly_progress_enable(o->progress);
	tly_parts *p = xcalloc(1, sizeof *p);
	p->paths = paths;
	p->npaths = npaths;
	p->o = *o;
	p->files = xcalloc((size_t)npaths, sizeof *p->files);
	p->fd = -1;
	p->size = PART_BYTES;
	/* any error here is the sequential reader's to report */
	if (next_file(p) <= 0) {
		tly_parts_close(p);
		return NULL;
	}
	return p;
}

void tly_parts_set_size(tly_parts *p, size_t bytes)
{
	p->size = bytes ? bytes : 1;
}

int tly_parts_next(tly_parts *p, tly_part *part)
{
	size_t cap = p->size + PART_READ, len = 0, scanned = 0;
	char *d;

	if (p->eof && !p->ncarry) {
		int r = next_file(p);
		if (r == 0)
			tly_progress_done();  /* the end, which tly_input_next clears too */
		if (r <= 0)
			return r;
	}
	d = xmalloc(cap);
	part->src = p->files[p->at];
	part->line = p->s.lines + 1;
	part->rec = 1 + p->s.recs;  /* the header is record 1 */
	if (p->ncarry) {
		if (p->ncarry > cap) {
			cap = p->ncarry + PART_READ;
			d = xrealloc(d, cap);
		}
		memcpy(d, p->carry, p->ncarry);
		len = p->ncarry;
		p->ncarry = 0;
	}
	for (;;) {
		/* the first record end past p->size ends the part */
		size_t want = scanned < p->size ? p->size - scanned : 0;
		size_t k = tly_csv_scan(&p->s, d + scanned, len - scanned, want);
		if (k < len - scanned) {
			size_t cut = scanned + k;
			xgrow((void **)&p->carry, &p->capcarry, len - cut, 1);
			memcpy(p->carry, d + cut, len - cut);
			p->ncarry = len - cut;
			len = cut;
			break;
		}
		scanned = len;
		if (p->eof) {
			if (len == 0) {
				free(d);
				return tly_parts_next(p, part);  /* the next file's */
			}
			break;
		}
		if (len > (size_t)TLY_MAX_FIELD + p->size) {
			free(d);  /* no record end: a quote left open, most likely */
			return -1;
		}
		if (cap - len < PART_READ) {
			cap = cap * 2;
			d = xrealloc(d, cap);
		}
		ssize_t r = pread(p->fd, d + len, cap - len, (off_t)p->off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			free(d);
			return -1;
		}
		if (r == 0)
			p->eof = 1;
		p->off += (uint64_t)r;
		len += (size_t)r;
		tly_progress(p->recs + p->s.recs, p->bytes + p->off);
	}
	part->data = d;
	part->len = len;
	return 1;
}

tly_input *tly_input_part(const tly_part *part)
{
	const tly_input *f = part->src;
	tly_input *in = input_alloc(&f->o);

	in->part = 1;
	in->tab = tly_table_open_part(f->tab, part->data, part->len, part->line, part->rec);
	in->col_text = f->col_text;
	in->col_id = f->col_id;
	in->col_path = f->col_path;
	in->col_start = f->col_start;
	in->col_end = f->col_end;
	in->tab_idbase = f->tab_idbase ? xstrdup(f->tab_idbase) : NULL;
	return in;
}

void tly_parts_close(tly_parts *p)
{
	if (!p)
		return;
	if (p->fd >= 0)
		close(p->fd);
	for (int i = 0; i < p->npaths; i++) {
		if (p->at >= p->npaths)  /* all cut: no reader reads them again */
			tly_partial_replaced(p->files[i]->name_replaced);
		tly_input_free(p->files[i]);
	}
	free(p->files);
	free(p->carry);
	free(p);
}
