/* gazetteer.c - load the country, capital and leader gazetteer from CSV.
 *
 * Every name is cut into tokens by the text tokenizer (case-folded, with
 * punctuation), and the token sequence becomes a path in a trie whose edges
 * live in two hashes: the root's children keyed by token text, deeper edges
 * keyed by parent id + token text.  A node where a name ends carries entries
 * (which entity, how it matched, the case each token asks for).  A name is
 * inserted twice when its diacritic-folded spelling differs ("Tô Lâm" and
 * "to lam"), the second time marked folded.
 *
 * Files, highest precedence first (tally-entities(1) and data/README.md tell
 * users the same): --add files in the order given, then names.csv,
 * leaders.csv, titles.csv, stop.csv, then countries.csv and
 * countries-extra.csv, then world-countries.csv.  When one name of one class
 * (country, person, capital) maps to two entities, the file with the higher
 * precedence wins; inside one file it is an error. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gazetteer_int.h"

struct rec {
	char *key, *fkey;       /* exact and folded token keys (fkey NULL if equal) */
	size_t keylen, fkeylen;
	uint8_t pat[GAZ_MAX_TOKENS];
	uint8_t cls, kind, amb, ntok;
	uint8_t soft;           /* a generated form (a plural), which a name overrides */
	uint32_t ent;
	uint32_t *cands;        /* G_SHORT: people */
	size_t ncands, capcands;
	int prio;
	const char *file;
	uint64_t line;
};

struct loader {
	tly_gazetteer *g;
	tly_tokenizer *tk;
	tly_buf key, fkey, tmp;
	tly_buf nfc;            /* an entity name as one spelling (entity_name()) */
	uint8_t pat[GAZ_MAX_TOKENS];
	int ntok;
	struct rec *recs;
	size_t nrecs, caprecs;
	tly_hash *recidx;       /* cls + key -> uint32 rec index */
	tly_hash *codes;        /* ISO3 -> struct codeinfo */
	tly_hash *capents;      /* code + capital name -> uint32 entity id */
	tly_hash *capcodes;     /* codes with capitals outside world-countries */
	tly_hash *people;       /* canonical name -> struct personinfo */
	tly_err *err;
};

struct personinfo {
	uint32_t ent;
	const char *file;       /* the file whose rows are the person's roles */
};

struct codeinfo {
	uint32_t ent;
	int prio;               /* of the file that defined the code */
	int canon_prio;         /* of the file that set the canonical name */
	const char *file;
};

const char *tly_ent_type_name(int type)
{
	switch (type) {
	case TLY_ENT_COUNTRY: return "country";
	case TLY_ENT_PERSON: return "person";
	case TLY_ENT_CAPITAL: return "capital";
	default: return "unknown";
	}
}

const char *tly_ent_match_name(int match)
{
	switch (match) {
	case TLY_MATCH_NAME: return "name";
	case TLY_MATCH_FOLDED: return "folded";
	case TLY_MATCH_DEMONYM: return "demonym";
	case TLY_MATCH_SHORT: return "short";
	default: return "";
	}
}

int tly_gaz_date(const char *s, size_t len, int end, char out[11])
{
	static const char digit[] = "dddd-dd-dd";
	static const char *const pad_first[] = {"-01-01", "-01"}, *const pad_last[] = {"-12-31", "-31"};

	if (len != 4 && len != 7 && len != 10)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (digit[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != '-')
			return -1;
	}
	memcpy(out, s, len);
	out[len] = '\0';
	if (len < 10)
		strcat(out, (end ? pad_last : pad_first)[len == 4 ? 0 : 1]);
	if (strncmp(out + 5, "01", 2) < 0 || strncmp(out + 5, "12", 2) > 0 ||
	    strncmp(out + 8, "01", 2) < 0 || strncmp(out + 8, "31", 2) > 0)
		return -1;
	return 0;
}

static int fail(struct loader *L, const char *file, uint64_t line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int fail(struct loader *L, const char *file, uint64_t line, const char *fmt, ...)
{
	char what[900];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return tly_err_set(L->err, TLY_EXIT_DATA, "%s:%llu: %s", file,
	                   (unsigned long long)line, what);
}

/* Cut a name into tokens: L->key (exact), L->fkey (folded), L->pat, L->ntok. */
static int tokenize(struct loader *L, const char *s, size_t len, const char *file,
                    uint64_t line)
{
	tly_doc *d = tly_doc_mem(file, s, len);
	tly_token tok;
	tly_err e = {0};
	int r;

	tly_buf_clear(&L->key);
	tly_buf_clear(&L->fkey);
	L->ntok = 0;
	tly_tok_reset(L->tk, d);
	while ((r = tly_tok_next(L->tk, &tok, &e)) > 0) {
		if (L->ntok == GAZ_MAX_TOKENS) {
			tly_doc_free(d);
			return fail(L, file, line, "name \"%.200s\" has more than 32 tokens", s);
		}
		unsigned letters = 0;
		for (size_t i = 0; i < tok.rawlen; i++) {
			unsigned char c = (unsigned char)tok.raw[i];
			if ((c | 32) >= 'a' && (c | 32) <= 'z')
				letters++;
			else if (c >= 0xC0)
				letters++;
		}
		uint8_t p = CASE_ANY;
		if (tok.kind != TLY_TK_PUNCT && tok.kind != TLY_TK_SYMBOL) {
			if ((tok.flags & TLY_TF_UPPER) && letters >= 2)
				p = CASE_UPPER;
			else if (tok.flags & TLY_TF_TITLE)
				p = CASE_TITLE;
		}
		L->pat[L->ntok++] = p;
		if (L->key.len)
			tly_buf_addc(&L->key, '\x1f');
		tly_buf_add(&L->key, tok.text, tok.len);
		if (L->fkey.len)
			tly_buf_addc(&L->fkey, '\x1f');
		tly_normalize(tok.text, tok.len, 1, 1, &L->fkey);
	}
	tly_doc_free(d);
	if (r < 0)
		return fail(L, file, line, "name \"%.200s\" is not valid UTF-8", s);
	if (L->ntok == 0)
		return fail(L, file, line, "name \"%.200s\" has no tokens", s);
	return 0;
}

static void add_cand(struct rec *r, uint32_t person)
{
	for (size_t i = 0; i < r->ncands; i++)
		if (r->cands[i] == person)
			return;
	xgrow((void **)&r->cands, &r->capcands, r->ncands + 1, sizeof *r->cands);
	r->cands[r->ncands++] = person;
}

/* Add one name of class cls for entity ent.  soft: drop it silently instead
 * of failing when it clashes (derived names such as demonym plurals). */
static int add_tokens(struct loader *L, const char *s, int cls, uint32_t ent, int kind,
                      int amb, int prio, const char *file, uint64_t line, int soft)
{
	size_t id;
	uint32_t *slot;

	tly_buf_clear(&L->tmp);
	tly_buf_addc(&L->tmp, cls);
	tly_buf_add(&L->tmp, L->key.data, L->key.len);
	size_t before = tly_hash_count(L->recidx);
	slot = tly_hash_get(L->recidx, L->tmp.data, L->tmp.len, 1, &id);
	if (tly_hash_count(L->recidx) > before) {
		xgrow((void **)&L->recs, &L->caprecs, L->nrecs + 1, sizeof *L->recs);
		struct rec *r = &L->recs[L->nrecs];
		memset(r, 0, sizeof *r);
		*slot = (uint32_t)L->nrecs++;
		r->key = tly_arena_strndup(L->g->arena, L->key.data, L->key.len);
		r->keylen = L->key.len;
		if (L->fkey.len != L->key.len || memcmp(L->fkey.data, L->key.data, L->key.len)) {
			r->fkey = tly_arena_strndup(L->g->arena, L->fkey.data, L->fkey.len);
			r->fkeylen = L->fkey.len;
		}
		memcpy(r->pat, L->pat, sizeof r->pat);
		r->ntok = (uint8_t)L->ntok;
		r->cls = (uint8_t)cls;
		r->kind = (uint8_t)kind;
		r->amb = (uint8_t)amb;
		r->ent = ent;
		r->prio = prio;
		r->file = file;
		r->line = line;
		r->soft = (uint8_t)soft;
		if (cls == G_SHORT)
			add_cand(r, ent);
		return 0;
	}
	struct rec *r = &L->recs[*slot];
	if (cls == G_SHORT) {
		add_cand(r, ent);
		return 0;
	}
	if (cls == G_STOP) {
		/* stop phrases that differ only in case ("Washington State",
		 * "Washington state"): each must stop, so a token whose case
		 * they disagree on matches in any case */
		for (int i = 0; i < L->ntok; i++)
			if (r->pat[i] != L->pat[i])
				r->pat[i] = CASE_ANY;
		return 0;
	}
	if (cls == G_TITLE)
		return 0;
	/* a generated form never overrides, and a name given in a file always
	 * overrides one: "Philippines" is a name, not the plural of the
	 * demonym "Philippine" */
	if (soft)
		return 0;
	if (r->soft) {
		r->ent = ent;
		r->soft = 0;
	} else if (r->ent != ent) {
		if (prio > r->prio)
			return 0;
		if (prio == r->prio) {
			char where[300];
			snprintf(where, sizeof where, "%s (%s:%llu)", L->g->ents[r->ent].name,
			         r->file, (unsigned long long)r->line);
			return fail(L, file, line,
			            "\"%.200s\" is already a name of %s; give it to one of them only",
			            s, where);
		}
		r->ent = ent;
	} else if (prio >= r->prio) {
		return 0;
	}
	/* the higher-precedence file decides how the name matches */
	memcpy(r->pat, L->pat, sizeof r->pat);
	r->kind = (uint8_t)kind;
	r->amb = (uint8_t)amb;
	r->prio = prio;
	r->file = file;
	r->line = line;
	return 0;
}

static int add_name(struct loader *L, const char *s, size_t len, int cls, uint32_t ent,
                    int kind, int amb, int prio, const char *file, uint64_t line, int soft)
{
	char *name = xstrndup(s, len);  /* NUL-terminated for messages */
	int r = tokenize(L, name, len, file, line);

	if (r == 0)
		r = add_tokens(L, name, cls, ent, kind, amb, prio, file, line, soft);
	/* a hyphenated word after the first ("Kim Jong-un", "Lee Jae-myung"):
	 * in text the matcher splits a hyphenated word that begins no name
	 * ("jong-un" into jong - un), so the name is also found as those parts
	 * (a generated form, which never overrides a name) */
	const char *sp = memchr(name, ' ', len);
	if (r == 0 && sp) {
		tly_buf v = {0};
		size_t from = (size_t)(sp - name) + 1;
		tly_buf_add(&v, name, from);
		for (size_t i = from; i < len; i++) {
			if (name[i] == '-' && name[i - 1] != ' ' && i + 1 < len && name[i + 1] != ' ')
				tly_buf_adds(&v, " - ");
			else
				tly_buf_addc(&v, name[i]);
		}
		if (v.len != len)  /* a hyphen inside a later word was spaced out */
			r = add_name(L, v.data, v.len, cls, ent, kind, amb, prio, file, line, 1);
		tly_buf_free(&v);
	}
	free(name);
	return r;
}

static uint32_t new_entity(tly_gazetteer *g, const char *name, size_t len, const char *code,
                           int type)
{
	xgrow((void **)&g->ents, &g->capents, g->nents + 1, sizeof *g->ents);
	struct gent *e = &g->ents[g->nents];
	memset(e, 0, sizeof *e);
	e->name = tly_arena_strndup(g->arena, name, len);
	e->code = tly_arena_strndup(g->arena, code, strlen(code));
	e->type = type;
	return (uint32_t)g->nents++;
}

static int valid_code(const char *s, size_t len)
{
	if (len != 3)
		return 0;
	for (size_t i = 0; i < 3; i++)
		if (s[i] < 'A' || s[i] > 'Z')
			return 0;
	return 1;
}

static const char *field(tly_table *t, int col, size_t *len)
{
	static const char empty[] = "";
	if (col < 0) {
		*len = 0;
		return empty;
	}
	return tly_table_get(t, (size_t)col, len);
}

static uint64_t tline(tly_table *t) { return tly_csv_line(tly_table_csv(t)); }

/* An entity's name (a country's, a capital's, a person's) normalized as
 * tokens and tally's --mentions readers normalize it (NFC, apostrophes
 * straight), so that "Tô Lâm" written decomposed in one file and composed in
 * another is one person and the output carries one spelling.  Returns it in
 * L->nfc (valid until the next call) with *len set, or NULL with the error. */
static const char *entity_name(struct loader *L, const char *s, size_t *len,
                               const char *file, uint64_t line)
{
	tly_buf_clear(&L->nfc);
	if (tly_normalize(s, *len, 0, 0, &L->nfc) < 0) {
		fail(L, file, line, "name \"%.*s\" is not valid UTF-8",
		     (int)(*len > 200 ? 200 : *len), s);
		return NULL;
	}
	*len = L->nfc.len;
	return L->nfc.data;
}

/* The next '|'-separated piece of [*p, end): returns 1 with *s, *n set. */
static int next_piece(const char **p, const char *end, const char **s, size_t *n)
{
	const char *bar;

	if (*p >= end)
		return 0;
	bar = memchr(*p, '|', (size_t)(end - *p));
	if (!bar)
		bar = end;
	*s = *p;
	*n = (size_t)(bar - *p);
	*p = bar + 1;
	return 1;
}

static struct codeinfo *code_of(struct loader *L, tly_table *t, const char *file, int col)
{
	size_t len;
	const char *s = field(t, col, &len);
	struct codeinfo *ci;

	if (len == 0) {
		fail(L, file, tline(t), "missing code");
		return NULL;
	}
	ci = tly_hash_get(L->codes, s, len, 0, NULL);
	if (!ci) {
		fail(L, file, tline(t), "unknown code \"%.20s\" (not in countries.csv or "
		     "countries-extra.csv)", s);
		return NULL;
	}
	return ci;
}

/* countries.csv layout: code,...,entity,names */
static int load_countries(struct loader *L, tly_table *t, const char *file, int prio)
{
	int ccode = tly_table_need(t, "code", NULL, L->err), cent, cnames;
	int r;

	if (ccode < 0 || (cent = tly_table_need(t, "entity", NULL, L->err)) < 0 ||
	    (cnames = tly_table_need(t, "names", NULL, L->err)) < 0)
		return -1;
	while ((r = tly_table_next(t, L->err)) > 0) {
		size_t clen, elen, nlen;
		const char *code = field(t, ccode, &clen), *ent = field(t, cent, &elen);
		const char *names = field(t, cnames, &nlen);

		if (clen == 0)
			return fail(L, file, tline(t), "missing code");
		if (!valid_code(code, clen))
			return fail(L, file, tline(t), "code \"%.20s\" is not three capital letters",
			            code);
		if (elen == 0)
			return fail(L, file, tline(t), "missing entity name for %s", code);
		if (!(ent = entity_name(L, ent, &elen, file, tline(t))))
			return -1;
		size_t before = tly_hash_count(L->codes);
		struct codeinfo *ci = tly_hash_get(L->codes, code, clen, 1, NULL);
		if (tly_hash_count(L->codes) == before) {
			if (ci->file == file)
				return fail(L, file, tline(t), "code %s listed twice", code);
			continue;  /* defined by a file of higher precedence */
		}
		ci->ent = new_entity(L->g, ent, elen, code, TLY_ENT_COUNTRY);
		ci->prio = ci->canon_prio = prio;
		ci->file = file;
		if (add_name(L, ent, elen, G_COUNTRY, ci->ent, TLY_MATCH_NAME, 0, prio, file,
		             tline(t), 0) < 0)
			return -1;
		const char *q = names, *p;
		size_t plen;
		while (next_piece(&q, names + nlen, &p, &plen))
			if (plen && add_name(L, p, plen, G_COUNTRY, ci->ent, TLY_MATCH_NAME, 0, prio,
			                     file, tline(t), 0) < 0)
				return -1;
	}
	return r;
}

/* names.csv / world-countries.csv layout: code,name,kind[,entity][,rule] */
static int load_names(struct loader *L, tly_table *t, const char *file, int prio, int world)
{
	int ccode = tly_table_need(t, "code", NULL, L->err), cname, ckind, cent, crule;
	int r;

	if (ccode < 0 || (cname = tly_table_need(t, "name", NULL, L->err)) < 0 ||
	    (ckind = tly_table_need(t, "kind", NULL, L->err)) < 0)
		return -1;
	cent = tly_table_col(t, "entity");
	crule = tly_table_col(t, "rule");
	while ((r = tly_table_next(t, L->err)) > 0) {
		size_t nlen, klen, elen, rlen, clen;
		struct codeinfo *ci = code_of(L, t, file, ccode);
		const char *name = field(t, cname, &nlen), *kind = field(t, ckind, &klen);
		const char *ent = field(t, cent, &elen), *rule = field(t, crule, &rlen);
		const char *code = field(t, ccode, &clen);
		int amb = 0;

		if (!ci)
			return -1;
		if (nlen == 0)
			return fail(L, file, tline(t), "missing name");
		if (rlen && strcmp(rule, "ambiguous") == 0)
			amb = 1;
		else if (rlen)
			return fail(L, file, tline(t), "unknown rule \"%.40s\" (known: ambiguous)",
			            rule);
		if (strcmp(kind, "canonical") == 0) {
			if (prio < ci->canon_prio) {
				size_t len = nlen;
				const char *canon = entity_name(L, name, &len, file, tline(t));
				if (!canon)
					return -1;
				L->g->ents[ci->ent].name = tly_arena_strndup(L->g->arena, canon, len);
				ci->canon_prio = prio;
			} else if (prio == ci->canon_prio && ci->file != file) {
				/* countries.csv's entity column has the lowest say */
			} else if (prio == ci->canon_prio) {
				return fail(L, file, tline(t), "second canonical name for %s", code);
			}
			if (add_name(L, name, nlen, G_COUNTRY, ci->ent, TLY_MATCH_NAME, amb, prio,
			             file, tline(t), 0) < 0)
				return -1;
		} else if (strcmp(kind, "name") == 0 || strcmp(kind, "demonym") == 0) {
			if (add_name(L, name, nlen, G_COUNTRY, ci->ent,
			             kind[0] == 'd' ? TLY_MATCH_DEMONYM : TLY_MATCH_NAME, amb, prio,
			             file, tline(t), 0) < 0)
				return -1;
		} else if (strcmp(kind, "capital") == 0) {
			if (world && tly_hash_get(L->capcodes, code, clen, 0, NULL))
				continue;  /* names.csv lists this country's capitals */
			if (!world)
				tly_hash_get(L->capcodes, code, clen, 1, NULL);
			if (elen == 0) {
				ent = name;
				elen = nlen;
			}
			if (!(ent = entity_name(L, ent, &elen, file, tline(t))))
				return -1;
			tly_buf_clear(&L->tmp);
			tly_buf_add(&L->tmp, code, clen);
			tly_buf_addc(&L->tmp, '\x1f');
			tly_buf_add(&L->tmp, ent, elen);
			size_t before = tly_hash_count(L->capents);
			uint32_t *id = tly_hash_get(L->capents, L->tmp.data, L->tmp.len, 1, NULL);
			if (tly_hash_count(L->capents) > before) {
				*id = new_entity(L->g, ent, elen, code, TLY_ENT_CAPITAL);
				if (add_name(L, ent, elen, G_CAPITAL, *id, TLY_MATCH_NAME, amb, prio, file,
				             tline(t), 0) < 0)
					return -1;
			}
			if (add_name(L, name, nlen, G_CAPITAL, *id, TLY_MATCH_NAME, amb, prio, file,
			             tline(t), 0) < 0)
				return -1;
		} else {
			return fail(L, file, tline(t),
			            "unknown kind \"%.40s\" (known: canonical, name, demonym, capital)",
			            kind);
		}
	}
	return r;
}

/* A role's words as the matcher folds a title's ("\x1fprime\x1fminister
 * \x1fof\x1fsingapore\x1f"), kept in the gazetteer's arena; NULL if the
 * text is not valid UTF-8. */
static const char *role_words(struct loader *L, const char *s, size_t len, const char *file)
{
	tly_doc *d = tly_doc_mem(file, s, len);
	tly_token tok;
	tly_err e = {0};
	int r;

	tly_buf_clear(&L->tmp);
	tly_buf_addc(&L->tmp, '\x1f');
	tly_tok_reset(L->tk, d);
	while ((r = tly_tok_next(L->tk, &tok, &e)) > 0) {
		tly_buf_add(&L->tmp, tok.text, tok.len);
		tly_buf_addc(&L->tmp, '\x1f');
	}
	tly_doc_free(d);
	return r < 0 ? NULL : tly_arena_strndup(L->g->arena, L->tmp.data, L->tmp.len);
}

/* leaders.csv layout: name,code,role,from,to,variants,short */
static int load_leaders(struct loader *L, tly_table *t, const char *file, int prio)
{
	int cname = tly_table_need(t, "name", NULL, L->err), ccode, cfrom, cto, cvar, cshort;
	int crole = tly_table_col(t, "role");
	tly_gazetteer *g = L->g;
	int r;

	if (cname < 0 || (ccode = tly_table_need(t, "code", NULL, L->err)) < 0 ||
	    (cfrom = tly_table_need(t, "from", NULL, L->err)) < 0 ||
	    (cto = tly_table_need(t, "to", NULL, L->err)) < 0 ||
	    (cvar = tly_table_need(t, "variants", NULL, L->err)) < 0 ||
	    (cshort = tly_table_need(t, "short", NULL, L->err)) < 0)
		return -1;
	while ((r = tly_table_next(t, L->err)) > 0) {
		size_t nlen, flen, tlen, vlen, slen, clen;
		const char *name = field(t, cname, &nlen), *from = field(t, cfrom, &flen);
		const char *to = field(t, cto, &tlen), *var = field(t, cvar, &vlen);
		const char *shrt = field(t, cshort, &slen), *code = field(t, ccode, &clen);
		struct grole role = {{0}, {0}, ""};

		if (nlen == 0)
			return fail(L, file, tline(t), "missing name");
		if (!code_of(L, t, file, ccode))
			return -1;
		if (!(name = entity_name(L, name, &nlen, file, tline(t))))
			return -1;
		if (flen && tly_gaz_date(from, flen, 0, role.from) < 0)
			return fail(L, file, tline(t), "from \"%.20s\" is not a date YYYY[-MM[-DD]]",
			            from);
		if (tlen && tly_gaz_date(to, tlen, 1, role.to) < 0)
			return fail(L, file, tline(t), "to \"%.20s\" is not a date YYYY[-MM[-DD]]", to);
		if (flen && tlen && strcmp(role.from, role.to) > 0)
			return fail(L, file, tline(t), "the role ends (%s) before it begins", to);
		size_t rlen;
		const char *rtext = crole >= 0 ? field(t, crole, &rlen) : NULL;
		if (rtext && rlen && (role.words = role_words(L, rtext, rlen, file)) == NULL)
			return fail(L, file, tline(t), "role \"%.200s\" is not valid UTF-8", rtext);
		size_t before = tly_hash_count(L->people);
		struct personinfo *pi = tly_hash_get(L->people, name, nlen, 1, NULL);
		uint32_t *id = &pi->ent;
		struct gent *e;
		if (tly_hash_count(L->people) > before) {
			*id = new_entity(g, name, nlen, code, TLY_ENT_PERSON);
			pi->file = file;
			e = &g->ents[*id];
			e->role0 = (uint32_t)g->nroles;
			if (add_name(L, name, nlen, G_PERSON, *id, TLY_MATCH_NAME, 0, prio, file,
			             tline(t), 0) < 0)
				return -1;
		} else {
			e = &g->ents[*id];
			if (pi->file == file && e->role0 + e->nroles != g->nroles)
				return fail(L, file, tline(t),
				            "rows of \"%.200s\" must follow one another", name);
		}
		/* a person a file of higher precedence lists (an --add file giving a
		 * bundled leader a new role) has the roles that file gives; the rows
		 * here still add their names */
		if (pi->file == file) {
			xgrow((void **)&g->roles, &g->caproles, g->nroles + 1, sizeof *g->roles);
			g->roles[g->nroles++] = role;
			e->nroles++;
			if (tlen == 0)
				e->current = 1;
		}
		const char *q = var, *p;
		size_t plen;
		while (next_piece(&q, var + vlen, &p, &plen))
			if (plen && add_name(L, p, plen, G_PERSON, *id, TLY_MATCH_NAME, 0, prio, file,
			                     tline(t), 0) < 0)
				return -1;
		q = shrt;
		while (next_piece(&q, shrt + slen, &p, &plen))
			if (plen && add_name(L, p, plen, G_SHORT, *id, TLY_MATCH_SHORT, 0, prio, file,
			                     tline(t), 0) < 0)
				return -1;
	}
	return r;
}

/* titles.csv (title) and stop.csv (phrase): one column of phrases */
static int load_phrases(struct loader *L, tly_table *t, const char *file, int prio,
                        const char *col, int cls)
{
	int c = tly_table_need(t, col, NULL, L->err);
	int r;

	if (c < 0)
		return -1;
	while ((r = tly_table_next(t, L->err)) > 0) {
		size_t len;
		const char *s = field(t, c, &len);
		if (len == 0)
			return fail(L, file, tline(t), "empty %s", col);
		if (add_name(L, s, len, cls, 0, 0, 0, prio, file, tline(t), 0) < 0)
			return -1;
	}
	return r;
}

enum layout { LAY_NONE, LAY_COUNTRIES, LAY_NAMES, LAY_LEADERS, LAY_TITLES, LAY_STOP };

static int layout_of(tly_table *t)
{
	if (tly_table_col(t, "phrase") >= 0)
		return LAY_STOP;
	if (tly_table_col(t, "title") >= 0)
		return LAY_TITLES;
	if (tly_table_col(t, "role") >= 0)
		return LAY_LEADERS;
	if (tly_table_col(t, "names") >= 0)
		return LAY_COUNTRIES;
	if (tly_table_col(t, "kind") >= 0)
		return LAY_NAMES;
	return LAY_NONE;
}

struct gfile {
	char *path;
	int prio;
	int layout;
	int world;
	int optional;
};

/* Demonyms also match their plural with -s ("Americans"), except those that
 * do not take one ("Vietnamese", "British", "Swiss"). */
static int add_plurals(struct loader *L)
{
	size_t n = L->nrecs;

	for (size_t i = 0; i < n; i++) {
		struct rec r = L->recs[i];
		size_t len = r.keylen;
		if (r.cls != G_COUNTRY || r.kind != TLY_MATCH_DEMONYM || len < 3)
			continue;
		const char *k = r.key;
		if ((len >= 3 && memcmp(k + len - 3, "ese", 3) == 0) ||
		    memcmp(k + len - 2, "sh", 2) == 0 || memcmp(k + len - 2, "ch", 2) == 0 ||
		    strchr("sxz", k[len - 1]))
			continue;
		/* the plural adds "s" to the last token */
		tly_buf_clear(&L->key);
		tly_buf_add(&L->key, r.key, r.keylen);
		tly_buf_addc(&L->key, 's');
		tly_buf_clear(&L->fkey);
		tly_buf_add(&L->fkey, r.fkey ? r.fkey : r.key, r.fkey ? r.fkeylen : r.keylen);
		tly_buf_addc(&L->fkey, 's');
		memcpy(L->pat, r.pat, sizeof L->pat);
		L->ntok = r.ntok;
		int rc = add_tokens(L, L->key.data, G_COUNTRY, r.ent, TLY_MATCH_DEMONYM, r.amb,
		                    r.prio, r.file, r.line, 1);
		if (rc < 0)
			return -1;
	}
	return 0;
}

struct tmpent {
	uint32_t node;
	uint32_t rec;
	struct gentry e;
};

static int cmp_tmpent(const void *a, const void *b)
{
	const struct tmpent *x = a, *y = b;

	if (x->node != y->node)
		return x->node < y->node ? -1 : 1;
	if (x->e.folded != y->e.folded)
		return x->e.folded - y->e.folded;
	if (x->e.cls != y->e.cls)
		return x->e.cls - y->e.cls;
	return x->rec < y->rec ? -1 : x->rec > y->rec;
}

static uint32_t insert_path(tly_gazetteer *g, const char *key, size_t len, int anycase,
                            tly_buf *scratch)
{
	uint32_t node = 0;
	const char *p = key, *end = key + len;

	while (p <= end) {
		const char *sep = memchr(p, '\x1f', (size_t)(end - p));
		size_t n = (size_t)((sep ? sep : end) - p);
		uint32_t *v;
		size_t before;

		if (node == 0) {
			before = tly_hash_count(g->root);
			struct grootval *rv = tly_hash_get(g->root, p, n, 1, NULL);
			if (tly_hash_count(g->root) > before)
				rv->node = g->nnodes++;
			rv->anycase |= (uint32_t)anycase;
			v = &rv->node;
		} else {
			tly_buf_clear(scratch);
			tly_buf_add(scratch, &node, sizeof node);
			tly_buf_add(scratch, p, n);
			before = tly_hash_count(g->edges);
			v = tly_hash_get(g->edges, scratch->data, scratch->len, 1, NULL);
			if (tly_hash_count(g->edges) > before)
				*v = g->nnodes++;
		}
		node = *v;
		if (!sep)
			break;
		p = sep + 1;
	}
	return node;
}

static void build_trie(struct loader *L)
{
	tly_gazetteer *g = L->g;
	struct tmpent *te = xmalloc((L->nrecs * 2 + 1) * sizeof *te);
	size_t nte = 0;
	tly_buf scratch = {0};

	g->nnodes = 1;
	for (size_t i = 0; i < L->nrecs; i++) {
		struct rec *r = &L->recs[i];
		struct gentry e = {0};

		e.cls = r->cls;
		e.kind = r->kind;
		e.ambiguous = r->amb;
		e.ntok = r->ntok;
		e.ent = r->ent;
		xgrow((void **)&g->casepat, &g->capcasepat, g->ncasepat + r->ntok, 1);
		e.casepat = (uint32_t)g->ncasepat;
		memcpy(g->casepat + g->ncasepat, r->pat, r->ntok);
		g->ncasepat += r->ntok;
		if (r->cls == G_SHORT) {
			xgrow((void **)&g->cands, &g->capcands, g->ncands + r->ncands,
			      sizeof *g->cands);
			e.ent = (uint32_t)g->ncands;
			e.ncands = (uint32_t)r->ncands;
			memcpy(g->cands + g->ncands, r->cands, r->ncands * sizeof *r->cands);
			g->ncands += r->ncands;
		}
		if (r->ntok > g->maxdepth)
			g->maxdepth = r->ntok;
		te[nte].node = insert_path(g, r->key, r->keylen, r->pat[0] == CASE_ANY, &scratch);
		te[nte].rec = (uint32_t)i;
		te[nte++].e = e;
		if (r->fkey) {
			e.folded = 1;
			te[nte].node = insert_path(g, r->fkey, r->fkeylen, r->pat[0] == CASE_ANY,
			                           &scratch);
			te[nte].rec = (uint32_t)i;
			te[nte++].e = e;
		}
	}
	if (nte > 1)
		qsort(te, nte, sizeof *te, cmp_tmpent);
	g->nodes = xcalloc(g->nnodes, sizeof *g->nodes);
	g->entries = xmalloc((nte + 1) * sizeof *g->entries);
	g->nentries = nte;
	for (size_t i = 0; i < nte; i++) {
		struct gnode *n = &g->nodes[te[i].node];
		if (n->n == 0)
			n->first = (uint32_t)i;
		n->n++;
		g->entries[i] = te[i].e;
	}
	free(te);
	tly_buf_free(&scratch);
}

static int load_file(struct loader *L, struct gfile *f, int pass)
{
	tly_table *t;
	int r = 0;

	if (f->optional && access(f->path, R_OK) != 0)
		return 0;
	t = tly_table_open(f->path, L->err);
	if (!t)
		return -1;
	int lay = f->layout ? f->layout : layout_of(t);
	if (lay == LAY_NONE) {
		tly_table_close(t);
		return tly_err_set(L->err, TLY_EXIT_DATA,
		                   "%s:1: not a gazetteer file (expected the header of "
		                   "countries.csv, names.csv, leaders.csv, titles.csv or stop.csv)",
		                   f->path);
	}
	if ((pass == 0) != (lay == LAY_COUNTRIES)) {
		tly_table_close(t);
		return 0;
	}
	switch (lay) {
	case LAY_COUNTRIES: r = load_countries(L, t, f->path, f->prio); break;
	case LAY_NAMES: r = load_names(L, t, f->path, f->prio, f->world); break;
	case LAY_LEADERS: r = load_leaders(L, t, f->path, f->prio); break;
	case LAY_TITLES: r = load_phrases(L, t, f->path, f->prio, "title", G_TITLE); break;
	case LAY_STOP: r = load_phrases(L, t, f->path, f->prio, "phrase", G_STOP); break;
	}
	tly_table_close(t);
	return r < 0 ? -1 : 0;
}

tly_gazetteer *tly_gaz_load(const char *dir, const char *const *extra, size_t nextra,
                            tly_err *err)
{
	static const struct { const char *name; int layout, world, optional; } bundled[] = {
		{"names.csv", LAY_NAMES, 0, 1},
		{"leaders.csv", LAY_LEADERS, 0, 1},
		{"titles.csv", LAY_TITLES, 0, 1},
		{"stop.csv", LAY_STOP, 0, 1},
		{"countries.csv", LAY_COUNTRIES, 0, 0},
		{"countries-extra.csv", LAY_COUNTRIES, 0, 1},
		{"world-countries.csv", LAY_NAMES, 1, 1},
	};
	size_t nb = sizeof bundled / sizeof *bundled, nf = 0;
	struct gfile *files = xcalloc(nextra + nb, sizeof *files);
	char *datadir = NULL;
	struct loader L;
	tly_tokopts to = {0};
	int ok = 0;

	if (!dir) {
		datadir = tly_data_path("gazetteer");
		if (!datadir) {
			free(files);
			tly_err_set(err, TLY_EXIT_DATA,
			            "cannot find the gazetteer (data/gazetteer); set TALLY_DATA or "
			            "use --gazetteer DIR");
			return NULL;
		}
		dir = datadir;
	}
	memset(&L, 0, sizeof L);
	L.err = err;
	L.g = xcalloc(1, sizeof *L.g);
	L.g->arena = tly_arena_new();
	L.g->byname = tly_hash_new(sizeof(uint32_t));
	L.g->root = tly_hash_new(sizeof(struct grootval));
	L.g->edges = tly_hash_new(sizeof(uint32_t));
	L.recidx = tly_hash_new(sizeof(uint32_t));
	L.codes = tly_hash_new(sizeof(struct codeinfo));
	L.capents = tly_hash_new(sizeof(uint32_t));
	L.capcodes = tly_hash_new(1);
	L.people = tly_hash_new(sizeof(struct personinfo));
	to.fold_case = 1;
	to.emit_punct = 1;
	L.tk = tly_tok_new(&to);
	for (size_t i = 0; i < nextra; i++) {
		files[nf].path = xstrdup(extra[i]);
		files[nf].prio = (int)nf;
		nf++;
	}
	for (size_t i = 0; i < nb; i++) {
		size_t n = strlen(dir) + strlen(bundled[i].name) + 2;
		files[nf].path = xmalloc(n);
		snprintf(files[nf].path, n, "%s/%s", dir, bundled[i].name);
		files[nf].layout = bundled[i].layout;
		files[nf].world = bundled[i].world;
		files[nf].optional = bundled[i].optional;
		/* the tables of one layer share a precedence */
		files[nf].prio = (int)nextra + (i < 4 ? 0 : i < 6 ? 1 : 2);
		nf++;
	}
	/* countries first (they define the codes), then everything else */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < nf; i++)
			if (load_file(&L, &files[i], pass) < 0)
				goto done;
	if (add_plurals(&L) < 0)
		goto done;
	build_trie(&L);
	for (size_t i = 0; i < L.g->nents; i++) {
		const char *nm = L.g->ents[i].name;
		size_t before = tly_hash_count(L.g->byname);
		uint32_t *v = tly_hash_get(L.g->byname, nm, strlen(nm), 1, NULL);
		if (tly_hash_count(L.g->byname) > before)
			*v = (uint32_t)i;
	}
	ok = 1;
done:
	for (size_t i = 0; i < L.nrecs; i++)
		free(L.recs[i].cands);
	free(L.recs);
	for (size_t i = 0; i < nf; i++)
		free(files[i].path);
	free(files);
	free(datadir);
	tly_hash_free(L.recidx);
	tly_hash_free(L.codes);
	tly_hash_free(L.capents);
	tly_hash_free(L.capcodes);
	tly_hash_free(L.people);
	tly_tok_free(L.tk);
	tly_buf_free(&L.key);
	tly_buf_free(&L.fkey);
	tly_buf_free(&L.tmp);
	tly_buf_free(&L.nfc);
	if (!ok) {
		tly_gaz_free(L.g);
		return NULL;
	}
	return L.g;
}

size_t tly_gaz_count(const tly_gazetteer *g) { return g->nents; }
const char *tly_gaz_name(const tly_gazetteer *g, size_t id) { return g->ents[id].name; }
int tly_gaz_type(const tly_gazetteer *g, size_t id) { return g->ents[id].type; }
const char *tly_gaz_code(const tly_gazetteer *g, size_t id) { return g->ents[id].code; }

long tly_gaz_find(const tly_gazetteer *g, const char *name)
{
	uint32_t *v = tly_hash_get(g->byname, name, strlen(name), 0, NULL);

	return v ? (long)*v : -1;
}

void tly_gaz_free(tly_gazetteer *g)
{
	if (!g)
		return;
	free(g->ents);
	tly_hash_free(g->byname);
	tly_hash_free(g->root);
	tly_hash_free(g->edges);
	free(g->nodes);
	free(g->entries);
	free(g->casepat);
	free(g->cands);
	free(g->roles);
	tly_arena_free(g->arena);
	free(g);
}
