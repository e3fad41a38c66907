/* mentions.c - reading a mention list (tally entities' rows, possibly
 * corrected by hand), shared by the tools that take --mentions (tone, cooc):
 * the columns found, each row's numbers and entity checked, the entity
 * normalized so that one name in NFC and NFD is one entity. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tally.h"

struct tly_mentions {
	tly_table *t;
	char *path;      /* as given, for messages */
	unsigned need;
	int cdoc, cpara, csent, cstart, cend, cent, ctype, ccode, cmatch;
	tly_buf name;
};

/* A decimal count that fits 64 bits: 0 and *v, or -1. */
static int parse_count(const char *f, uint64_t *v)
{
	char *end;

	if (*f < '0' || *f > '9')
		return -1;
	errno = 0;
	*v = strtoull(f, &end, 10);
	return *end || errno ? -1 : 0;
}

tly_mentions *tly_mentions_open(const char *path, unsigned need, tly_err *err)
{
	tly_table *t = tly_table_open(path, err);
	tly_mentions *m;

	if (!t)
		return NULL;
	m = xcalloc(1, sizeof *m);
	m->t = t;
	m->path = xstrdup(path);
	m->need = need;
	m->cpara = m->csent = m->cend = -1;
	if ((m->cdoc = tly_table_need(t, "doc", NULL, err)) < 0 ||
	    ((need & TLY_MENTIONS_PARA_SENT) &&
	     ((m->cpara = tly_table_need(t, "para", NULL, err)) < 0 ||
	      (m->csent = tly_table_need(t, "sent", NULL, err)) < 0)) ||
	    (m->cent = tly_table_need(t, "entity", NULL, err)) < 0 ||
	    (m->cstart = tly_table_need(t, "start", NULL, err)) < 0 ||
	    ((need & TLY_MENTIONS_END) && (m->cend = tly_table_need(t, "end", NULL, err)) < 0)) {
		tly_mentions_close(m);
		return NULL;
	}
	if (m->cend < 0)
		m->cend = tly_table_col(t, "end");
	m->ctype = tly_table_col(t, "type");
	m->ccode = tly_table_col(t, "code");
	m->cmatch = tly_table_col(t, "match");
	return m;
}

tly_table *tly_mentions_table(tly_mentions *m) { return m->t; }

static const char *opt_col(const tly_mentions *m, int col, size_t *len)
{
	if (col < 0) {
		*len = 0;
		return "";
	}
	return tly_table_get(m->t, (size_t)col, len);
}

int tly_mentions_next(tly_mentions *m, tly_mention_row *r, tly_err *err)
{
	int k = tly_table_next(m->t, err);
	unsigned long long line;
	size_t el;

	if (k <= 0)
		return k;
	r->line = tly_csv_line(tly_table_csv(m->t));
	line = (unsigned long long)r->line;
	r->para = r->sent = 0;
	if (m->need & TLY_MENTIONS_PARA_SENT) {
		int cols[2] = {m->cpara, m->csent};
		uint64_t *v[2] = {&r->para, &r->sent};
		for (int i = 0; i < 2; i++) {
			const char *f = tly_table_get(m->t, (size_t)cols[i], NULL);
			if (parse_count(f, v[i]) < 0)
				return tly_err_set(err, TLY_EXIT_DATA, "%s:%llu: %s \"%.40s\" is not a count",
				                   m->path, line, tly_table_colname(m->t, (size_t)cols[i]),
				                   f);
		}
	}
	if (parse_count(tly_table_get(m->t, (size_t)m->cstart, NULL), &r->start) < 0 ||
	    (m->cend >= 0 && (parse_count(tly_table_get(m->t, (size_t)m->cend, NULL), &r->end) < 0 ||
	                      r->end < r->start)))
		return tly_err_set(err, TLY_EXIT_DATA, "%s:%llu: start and end must be byte offsets "
		                   "with start <= end", m->path, line);
	if (m->cend < 0)
		r->end = r->start;
	r->doc = tly_table_get(m->t, (size_t)m->cdoc, &r->doclen);
	const char *ent = tly_table_get(m->t, (size_t)m->cent, &el);
	tly_buf_clear(&m->name);
	if (el && tly_normalize(ent, el, 0, 0, &m->name) < 0)
		return tly_err_set(err, TLY_EXIT_DATA, "%s:%llu: entity is not valid UTF-8", m->path,
		                   line);
	if (m->name.len == 0)  /* nothing, or nothing but invisible characters */
		return tly_err_set(err, TLY_EXIT_DATA, "%s:%llu: empty entity", m->path, line);
	r->entity = m->name.data;
	r->entlen = m->name.len;
	r->type = opt_col(m, m->ctype, &r->typelen);
	r->code = opt_col(m, m->ccode, &r->codelen);
	r->match = opt_col(m, m->cmatch, &r->matchlen);
	return 1;
}

void tly_mentions_close(tly_mentions *m)
{
	if (!m)
		return;
	tly_table_close(m->t);
	tly_buf_free(&m->name);
	free(m->path);
	free(m);
}

int tly_mentions_unseen_error(const char *path, const char *doc, tly_err *err)
{
	return tly_err_set(err, TLY_EXIT_DATA, "%s: document \"%.200s\" is not among the "
	                   "documents given (a mentions file of other documents? run tally "
	                   "entities on the same input)", path, doc);
}
