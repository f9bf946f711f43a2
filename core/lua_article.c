/* lua_article.c: the article as Lua userdata ("lede.article"). Everything
 * lives in the C article. tags, authors, meta, links and quotes are handed
 * to a hook as plain Lua tables made from the C data on first use (kept in
 * the userdata's user value while the hook runs, so a plugin can hold and
 * change them like any table); when the hook returns, lede_article_sync
 * writes them back into the article's arena and drops them. Between hooks
 * nothing of the article lives in Lua, so any Lua state can take it up. A
 * handle whose article has been freed is closed and raises instead of
 * touching freed memory. */
#include "engine.h"

#include "lua_value.h"
#include "state.h"

#include <lauxlib.h>
#include <stdio.h>
#include <string.h>

#define META "lede.article"
static const char REGISTRY[] = "lede.articles";

typedef struct {
	lede_article *a;
} handle;

/* The article handle at i, or NULL when it is not one; in an engine's
 * state, by the address of the metatable it made (lede_udata_with_mt). */
static handle *test_handle(lua_State *L, int i)
{
	void *ud = NULL;
	lua_getallocf(L, &ud);
	const lede_engine *e = ud;
	if (!e || !e->article_mt)
		return luaL_testudata(L, i, META);
	return lede_udata_with_mt(L, i, e->article_mt);
}

lede_article *lede_article_check(lua_State *L, int i)
{
	handle *h = test_handle(L, i);
	if (!h) /* raises, naming what it is */
		h = luaL_checkudata(L, i, META);
	if (!h->a)
		luaL_error(L, "attempt to use an article after it was released (keep data, not the "
		              "article, beyond its hook)");
	/* A sandboxed plugin's hook may change only its own article: what it
	 * leaves there is checked when the hook ends (lua_engine.c), which an
	 * article kept from an earlier hook would escape. */
	void *ud = NULL;
	lua_getallocf(L, &ud);
	lede_engine *e = ud;
	if (e && e->sbx_active && e->cur_article && h->a != e->cur_article)
		luaL_error(L,
		           "a sandboxed plugin may use only the article its hook was given, not %s",
		           h->a->path);
	return h->a;
}

lede_article *lede_article_test(lua_State *L, int i)
{
	handle *h = test_handle(L, i);
	return h ? h->a : NULL;
}

static void registry(lua_State *L)
{
	if (lua_getfield(L, LUA_REGISTRYINDEX, REGISTRY) != LUA_TTABLE) {
		lua_pop(L, 1);
		lua_newtable(L);
		lua_pushvalue(L, -1);
		lua_setfield(L, LUA_REGISTRYINDEX, REGISTRY);
	}
}

void lede_article_push(lua_State *L, lede_article *a)
{
	registry(L);
	if (lua_rawgetp(L, -1, a) == LUA_TUSERDATA) {
		lua_remove(L, -2);
		return;
	}
	lua_pop(L, 1);
	handle *h = lua_newuserdatauv(L, sizeof *h, 1);
	h->a = a;
	luaL_setmetatable(L, META);
	/* What a sandboxed plugin makes in the article's arena counts against
	 * its memory budget. (Not a collection record's: read-only, and
	 * shared by the states that make pages at once.) */
	void *ud = NULL;
	lua_getallocf(L, &ud);
	if (ud && !a->record)
		lede_arena_meter(a->arena, &((lede_engine *)ud)->sbx_c_bytes,
		                 &((lede_engine *)ud)->sbx_active);
	lua_newtable(L);
	lua_setiuservalue(L, -2, 1);
	lua_pushvalue(L, -1);
	lua_rawsetp(L, -3, a);
	lua_remove(L, -2);
}

void lede_article_detach(lua_State *L, lede_article *a)
{
	registry(L);
	if (lua_rawgetp(L, -1, a) == LUA_TUSERDATA) {
		handle *h = lua_touserdata(L, -1);
		h->a = NULL;
		lua_pushnil(L);
		lua_setiuservalue(L, -2, 1);
	}
	lua_pop(L, 1);
	lua_pushnil(L);
	lua_rawsetp(L, -2, a);
	lua_pop(L, 1);
}

void lede_article_release(lua_State *L, lede_article *a)
{
	lede_article_detach(L, a);
	lede_article_free(a);
}

/* Pushes the cached table `field` of the article at idx, building it on
 * first use with build(). */
static void cached(lua_State *L, int idx, lede_article *a, const char *field,
                   void (*build)(lua_State *, lede_article *))
{
	idx = lua_absindex(L, idx);
	lua_getiuservalue(L, idx, 1);
	if (lua_getfield(L, -1, field) == LUA_TNIL) {
		lua_pop(L, 1);
		build(L, a);
		lua_pushvalue(L, -1);
		lua_setfield(L, -3, field);
	}
	lua_remove(L, -2);
}

static void build_tags(lua_State *L, lede_article *a) { lede_value_push(L, a->tags); }

/* A record shown to an index hook has its authors, meta and fragment read
 * on first use (lede_record_complete); an error if that fails. */
static void complete(lua_State *L, lede_article *a)
{
	if (a->partial && lede_record_complete(a) != 0)
		luaL_error(L,
		           "%s: its record could not be read back from the build state (was the "
		           "output folder changed during the build?); build again",
		           a->path ? a->path : "an article");
}

static void build_authors(lua_State *L, lede_article *a)
{
	complete(L, a);
	lede_value_push(L, a->authors);
}

static void build_meta(lua_State *L, lede_article *a)
{
	complete(L, a);
	lede_value_push(L, a->meta);
}

static void build_links(lua_State *L, lede_article *a)
{
	lede_value_push(L, lede_article_links(a));
}

static void build_quotes(lua_State *L, lede_article *a)
{
	/* Found now, on first read, with this state's extraction context; a
	 * limit hit while finding them is reported here, as at parse time. */
	lede_engine *e = lede_lua_engine(L);
	size_t warned = 0;
	lede_value *q = lede_article_quotes(a, e ? lede_engine_extract_ctx(e) : NULL, &warned);
	const lede_extraction *x = &a->extraction;
	for (size_t w = x->nwarnings - warned; w < x->nwarnings; w++)
		lede_reportf(e, true, a->path, 0, 0, "%s", x->warnings[w]);
	lede_value_push(L, q);
}

/* A collection record has no body, links or quotes: say what to do
 * instead of returning nil that would fail further away. */
static int record_only(lua_State *L, const char *what)
{
	return luaL_error(L,
	                  "%s is not available in an 'index' hook, which sees the article's "
	                  "collection record (the article itself is freed once its pages are "
	                  "written): compute what you need in the format's 'fragment' hook and "
	                  "read it as a.fragment (docs/plugins.md, fragment)",
	                  what);
}

static void render_opts(lua_State *L, lede_render_opts *o, int width)
{
	lede_engine *e = lede_lua_engine(L);
	memset(o, 0, sizeof *o);
	o->allow_unsafe = e && e->cfg && e->cfg->allow_raw_html;
	o->width = width;
	o->references = true;
}

/* The options table at index 2 of a method `what` that takes only
 * names[0..n): a key it does not know (`a:html{note = ...}`, a typo) is
 * a warning at the caller's line, once a build, with the name meant; the
 * option is ignored, as it always was. */
static void unknown_options(lua_State *L, const char *what, const char *const *names, size_t n)
{
	lua_pushnil(L);
	while (lua_next(L, 2)) {
		lua_pop(L, 1);
		const char *key = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
		bool known = false;
		for (size_t i = 0; key && i < n && !known; i++)
			known = !strcmp(key, names[i]);
		if (known)
			continue;
		lua_Debug ar;
		char where[300] = "";
		if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "Sl", &ar) && ar.currentline > 0)
			snprintf(where, sizeof where, "%s:%d: ", ar.short_src, ar.currentline);
		const char *near = key ? lede_nearest(key, names, n) : NULL;
		lede_buf msg = LEDE_BUF_INIT, once = LEDE_BUF_INIT;
		lede_buf_printf(&msg, "%swarning: %s: no option ", where, what);
		if (key)
			lede_buf_printf(&msg, "'%.60s'", key);
		else
			lede_buf_printf(&msg, "at a %s key", luaL_typename(L, -1));
		if (near)
			lede_buf_printf(&msg, " (did you mean '%s'?)", near);
		lede_buf_printf(&msg, "; it is ignored. %s takes", what);
		for (size_t i = 0; i < n; i++)
			lede_buf_printf(&msg, "%s %s", i ? (i + 1 == n ? " and" : ",") : "",
			                names[i]);
		lede_buf_putc(&msg, '\n');
		lede_buf_printf(&once, "options:%s%s:%.60s", where, what, key ? key : "?");
		lede_diag(lede_lua_engine(L), LEDE_DIAG_WARNING, lede_buf_cstr(&once), msg.data,
		          msg.len);
		lede_buf_free(&msg);
		lede_buf_free(&once);
	}
}

static int a_html(lua_State *L)
{
	lede_article *a = lede_article_check(L, 1);
	if (a->record)
		return record_only(L, "a:html()");
	lede_render_opts o;
	render_opts(L, &o, 0);
	/* a:html{backref = "Retour à l'appel de note"}: the footnote
	 * back-links' label in the page's language */
	if (!lua_isnoneornil(L, 2)) {
		luaL_checktype(L, 2, LUA_TTABLE);
		/* a:html{notes = "Notes"}: the footnotes section's name for
		 * screen readers, in the page's language */
		static const char *const labels[] = {"backref", "notes"};
		for (size_t i = 0; i < 2; i++) {
			if (lua_getfield(L, 2, labels[i]) != LUA_TNIL) {
				/* (a string, not a number made one on the stack:
				 * the table holds it through the render) */
				if (lua_type(L, -1) != LUA_TSTRING)
					return luaL_error(
					    L, "a:html(): %s is a label: string expected, got %s",
					    labels[i], luaL_typename(L, -1));
				size_t n;
				const char *s = lua_tolstring(L, -1, &n);
				if (n > 200 || strlen(s) != n)
					return luaL_error(
					    L,
					    "a:html(): %s is a label of up to 200 bytes "
					    "without NUL",
					    labels[i]);
				/* (held by the table until the render ends) */
				if (i == 0)
					o.backref = s;
				else
					o.notes = s;
			}
			lua_pop(L, 1);
		}
		/* a:html{headings = 2}: the body's highest heading an h2 (under
		 * the page's h1, the title), the others kept below it */
		if (lua_getfield(L, 2, "headings") != LUA_TNIL) {
			int isint;
			lua_Integer l = lua_tointegerx(L, -1, &isint);
			if (!isint || l < 1 || l > 6)
				return luaL_error(
				    L, "a:html(): headings is a level from 1 to 6, not %s",
				    luaL_tolstring(L, -1, NULL));
			o.headings = (int)l;
		}
		lua_pop(L, 1);
		unknown_options(L, "a:html()",
		                (const char *const[]){"backref", "notes", "headings"}, 3);
	}
	lede_buf b = LEDE_BUF_INIT;
	if (a->body && lede_render_html(a->body, &o, &b) != 0) {
		lede_buf_free(&b);
		return luaL_error(L, "a:html(): the body is nested deeper than %d levels",
		                  LEDE_MAX_DEPTH);
	}
	lede_sandbox_push_buf(L, &b);
	return 1;
}

/* a:text{width = 72, references = true} */
static int a_text(lua_State *L)
{
	lede_article *a = lede_article_check(L, 1);
	if (a->record)
		return record_only(L, "a:text()");
	int width = 72;
	bool refs = true;
	if (!lua_isnoneornil(L, 2)) {
		luaL_checktype(L, 2, LUA_TTABLE);
		if (lua_getfield(L, 2, "width") != LUA_TNIL) {
			/* checked before the cast: 2^32 + 10 would wrap at 10 */
			lua_Integer w = luaL_checkinteger(L, -1);
			if (w < 0 || w > LEDE_TEXT_MAX_WIDTH)
				return luaL_error(
				    L, "a:text(): width must be 0 (no wrapping) to %d, not %I",
				    LEDE_TEXT_MAX_WIDTH, w);
			width = (int)w;
		}
		if (lua_getfield(L, 2, "references") != LUA_TNIL)
			refs = lua_toboolean(L, -1);
		lua_pop(L, 2);
		unknown_options(L, "a:text()", (const char *const[]){"width", "references"}, 2);
	}
	lede_render_opts o;
	render_opts(L, &o, width);
	o.references = refs;
	lede_buf b = LEDE_BUF_INIT;
	if (a->body && lede_render_text(a->body, &o, &b) != 0) {
		lede_buf_free(&b);
		return luaL_error(L, "a:text(): the body is nested deeper than %d levels",
		                  LEDE_MAX_DEPTH);
	}
	lede_sandbox_push_buf(L, &b);
	return 1;
}

static int a_words(lua_State *L)
{
	lede_article *a = lede_article_check(L, 1);
	if (a->record)
		return record_only(L, "a:words()");
	lua_Integer n = a->body ? (lua_Integer)lede_node_words(a->body) : 0;
	lua_pushinteger(L, n);
	return 1;
}

/* The fields: each a getter that pushes the value and returns how many it
 * pushed (0: nil), and a setter for the writable ones, which takes the new
 * value at index 3. The article is at index 1. */
static int get_title(lua_State *L, lede_article *a)
{
	lua_pushstring(L, a->title);
	return 1;
}

static int get_summary(lua_State *L, lede_article *a)
{
	lua_pushstring(L, lede_article_summary(a));
	return 1;
}

static int get_slug(lua_State *L, lede_article *a)
{
	lua_pushstring(L, a->slug);
	return 1;
}

static int get_lang(lua_State *L, lede_article *a)
{
	lua_pushstring(L, a->lang);
	return 1;
}

static int get_path(lua_State *L, lede_article *a)
{
	lua_pushstring(L, a->path);
	return 1;
}

/* A string field that may be unset (nil). */
static int push_opt(lua_State *L, const char *s)
{
	if (!s)
		return 0;
	lua_pushstring(L, s);
	return 1;
}

static int get_section(lua_State *L, lede_article *a) { return push_opt(L, a->section); }

static int get_url(lua_State *L, lede_article *a) { return push_opt(L, a->url); }

static int get_file(lua_State *L, lede_article *a) { return push_opt(L, a->file); }

static int get_outlet(lua_State *L, lede_article *a) { return push_opt(L, a->outlet); }

static int get_date(lua_State *L, lede_article *a)
{
	lede_date_push(L, &a->date);
	return 1;
}

/* When it was published (lede_article_released): a record's is the one
 * worked out when it was made, so an index hook reads it without its meta. */
static int get_published(lua_State *L, lede_article *a)
{
	lede_date d = lede_article_released(a);
	lede_date_push(L, &d);
	return 1;
}

static int get_draft(lua_State *L, lede_article *a)
{
	lua_pushboolean(L, a->draft);
	return 1;
}

static int get_tags(lua_State *L, lede_article *a)
{
	cached(L, 1, a, "tags", build_tags);
	return 1;
}

static int get_authors(lua_State *L, lede_article *a)
{
	cached(L, 1, a, "authors", build_authors);
	return 1;
}

static int get_meta(lua_State *L, lede_article *a)
{
	cached(L, 1, a, "meta", build_meta);
	return 1;
}

static int get_body(lua_State *L, lede_article *a)
{
	if (a->record)
		return record_only(L, "a.body");
	if (!a->body)
		return 0;
	lede_node_push(L, a->body, 1);
	return 1;
}

static int get_links(lua_State *L, lede_article *a)
{
	if (a->record)
		return record_only(L, "a.links");
	cached(L, 1, a, "links", build_links);
	return 1;
}

static int get_quotes(lua_State *L, lede_article *a)
{
	if (a->record)
		return record_only(L, "a.quotes");
	cached(L, 1, a, "quotes", build_quotes);
	return 1;
}

static int get_fragment(lua_State *L, lede_article *a)
{
	complete(L, a);
	if (!a->fragment)
		return 0;
	lede_value_push(L, a->fragment);
	return 1;
}

/* The outlet copy's other editions (build.c), a fresh list each time:
 * changing it changes nothing. */
static int get_translations(lua_State *L, lede_article *a)
{
	if (a->translations)
		lede_value_push(L, a->translations);
	else
		lua_newtable(L);
	return 1;
}

static int get_html(lua_State *L, lede_article *a)
{
	lua_pushcfunction(L, a_html);
	return 1;
}

static int get_text(lua_State *L, lede_article *a)
{
	lua_pushcfunction(L, a_text);
	return 1;
}

static int get_words(lua_State *L, lede_article *a)
{
	lua_pushcfunction(L, a_words);
	return 1;
}

static const char *set_string(lua_State *L, lede_article *a, bool nil_ok)
{
	if (nil_ok && lua_isnil(L, 3))
		return NULL;
	size_t n;
	const char *s = luaL_checklstring(L, 3, &n);
	lede_sandbox_check_mem(L, n); /* before: the copy goes to the arena */
	return lede_arena_strndup(a->arena, s, n);
}

static int set_title(lua_State *L, lede_article *a)
{
	/* (as the front matter's: a headline of spaces is none; checked
	 * before the arena's copy) */
	size_t n;
	const char *t = luaL_checklstring(L, 3, &n);
	if (lede_blank(t, n))
		return luaL_error(L, "a.title cannot be empty: it is the article's headline, on "
		                     "its page and in every index and feed");
	a->title = set_string(L, a, false);
	return 0;
}

static int set_summary(lua_State *L, lede_article *a)
{
	a->summary = set_string(L, a, true);
	return 0;
}

static int set_section(lua_State *L, lede_article *a)
{
	a->section = set_string(L, a, true);
	return 0;
}

static int set_lang(lua_State *L, lede_article *a)
{
	/* (as the front matter's: it names folders, {lang} in paths;
	 * checked before the arena's copy) */
	const char *l = luaL_checkstring(L, 3);
	if (!lede_lang_valid(l)) {
		lede_buf msg = LEDE_BUF_INIT; /* (freed before the error jumps) */
		lede_buf_printf(&msg, "a.lang '%.40s' is not a language tag: " LEDE_LANG_RULE, l);
		lede_lang_hint(l, &msg);
		lua_pushstring(L, lede_buf_cstr(&msg));
		lede_buf_free(&msg);
		return lua_error(L);
	}
	a->lang = set_string(L, a, false);
	return 0;
}

/* Why url is no path in the site, or NULL. The formats link to a.url
 * from every index page (href="en/news/x/index.html") and join it to the
 * base URL in the feeds, so it must stay a path: a scheme (a colon before
 * the first '/', '?' or '#', whatever letters come before it, since
 * browsers drop tabs and newlines inside a URL and spaces before it) would
 * make href="javascript:...", a leading "//" (or a '\', which browsers
 * read as '/') another host. */
static const char *url_problem(const char *s, size_t n)
{
	if (n >= 2 && s[0] == '/' && s[1] == '/')
		return "it starts with '//', which names another host";
	bool in_path = true;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f)
			return "it holds a control character";
		if (c == '\\')
			return "it holds a '\\', which browsers read as '/'";
		if (i == 0 && c == ' ')
			return "it starts with a space";
		if (c == '/' || c == '?' || c == '#')
			in_path = false;
		else if (c == ':' && in_path)
			return "it has a scheme (a ':' before the first '/')";
	}
	return NULL;
}

static int set_url(lua_State *L, lede_article *a)
{
	if (!lua_isnil(L, 3)) {
		size_t n;
		const char *s = luaL_checklstring(L, 3, &n);
		const char *why = url_problem(s, n);
		if (why) {
			lede_buf msg = LEDE_BUF_INIT; /* (freed before the error jumps) */
			lede_buf_printf(&msg,
			                "a.url '%.60s' is not a path in the site: %s; a.url is "
			                "where the article's page is, as en/news/story/ (a link "
			                "elsewhere goes in a.meta)",
			                s, why);
			lua_pushstring(L, lede_buf_cstr(&msg));
			lede_buf_free(&msg);
			return lua_error(L);
		}
	}
	a->url = set_string(L, a, true);
	return 0;
}

static int set_slug(lua_State *L, lede_article *a)
{
	lede_buf b = LEDE_BUF_INIT;
	size_t n;
	const char *s = luaL_checklstring(L, 3, &n);
	const lede_engine *e = lede_lua_engine(L);
	lede_slugify_as(s, n, e && e->cfg && e->cfg->unicode_slugs, &b);
	if (!b.len)
		return luaL_error(L, "slug '%s' has no letters or digits", s);
	a->slug = lede_arena_strndup(a->arena, b.data, b.len);
	lede_buf_free(&b);
	lede_sandbox_check_mem(L, 0);
	return 0;
}

static int set_date(lua_State *L, lede_article *a)
{
	if (lua_type(L, 3) == LUA_TSTRING) {
		size_t n, col;
		const char *why;
		const char *s = lua_tolstring(L, 3, &n);
		if (lede_date_parse(s, n, &a->date, &col, &why) != 0)
			return luaL_error(L, "bad date '%s': %s", s, why);
	} else {
		a->date = *lede_date_check(L, 3);
	}
	return 0;
}

/* tags, authors, meta: the table itself, written back when the hook
 * returns (lede_article_sync). */
static int set_table(lua_State *L, lede_article *a)
{
	luaL_checktype(L, 3, LUA_TTABLE);
	lua_getiuservalue(L, 1, 1);
	lua_pushvalue(L, 3);
	lua_setfield(L, -2, lua_tostring(L, 2));
	return 0;
}

/* In the order a did-you-mean prefers on a tie. */
static const struct field {
	const char *name;
	int (*get)(lua_State *L, lede_article *a);
	int (*set)(lua_State *L, lede_article *a); /* NULL: read-only */
} fields[] = {
    {"title", get_title, set_title},
    {"summary", get_summary, set_summary},
    {"slug", get_slug, set_slug},
    {"lang", get_lang, set_lang},
    {"section", get_section, set_section},
    {"date", get_date, set_date},
    {"published", get_published, NULL},
    {"draft", get_draft, NULL},
    {"tags", get_tags, set_table},
    {"authors", get_authors, set_table},
    {"meta", get_meta, set_table},
    {"body", get_body, NULL},
    {"links", get_links, NULL},
    {"quotes", get_quotes, NULL},
    {"path", get_path, NULL},
    {"url", get_url, set_url},
    {"file", get_file, NULL},
    {"outlet", get_outlet, NULL},
    {"html", get_html, NULL},
    {"text", get_text, NULL},
    {"words", get_words, NULL},
    {"fragment", get_fragment, NULL},
    {"translations", get_translations, NULL},
};
#define NFIELDS (sizeof fields / sizeof *fields)

static const struct field *field(const char *k)
{
	for (size_t i = 0; i < NFIELDS; i++)
		if (fields[i].name[0] == k[0] && !strcmp(fields[i].name, k))
			return &fields[i];
	return NULL;
}

static const char *nearest_field(const char *k)
{
	const char *names[NFIELDS];
	for (size_t i = 0; i < NFIELDS; i++)
		names[i] = fields[i].name;
	return lede_nearest(k, names, NFIELDS);
}

static int a_index(lua_State *L)
{
	lede_article *a = lede_article_check(L, 1);
	const char *k = luaL_checkstring(L, 2);
	if (a->lazy) /* a record shown whose text could not be read back */
		complete(L, a);
	const struct field *f = field(k);
	if (f)
		return f->get(L, a);
	/* Templates look names up through every context level, so a miss
	 * there is normal; elsewhere it is most likely a typo. */
	lede_engine *e = lede_lua_engine(L);
	if (e && !e->in_template) {
		const char *near = nearest_field(k);
		lua_Debug ar;
		char where[300] = "";
		if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "Sl", &ar) && ar.currentline > 0)
			snprintf(where, sizeof where, "%s:%d: ", ar.short_src, ar.currentline);
		/* Once per place and field: a hook runs for every article. */
		luaL_getsubtable(L, LUA_REGISTRYINDEX, "lede.warned");
		lua_pushfstring(L, "%s|%s", where, k);
		if (lua_rawget(L, -2) == LUA_TNIL) {
			lua_pushfstring(L, "%s|%s", where, k);
			lua_pushboolean(L, 1);
			lua_rawset(L, -4);
			lede_buf b = LEDE_BUF_INIT, key = LEDE_BUF_INIT;
			lede_buf_printf(
			    &b,
			    "%swarning: unknown article field '%s'%s%s%s (front matter keys are in "
			    "a.meta)\n",
			    where, k, near ? "; did you mean '" : "", near ? near : "",
			    near ? "'?" : "");
			/* A worker's copy is printed (and counted) once for the
			 * whole build, by the main thread. */
			lede_buf_printf(&key, "%s|%s", where, k);
			lede_diag(e, LEDE_DIAG_WARNING, lede_buf_cstr(&key), b.data, b.len);
			lede_buf_free(&b);
			lede_buf_free(&key);
		}
		lua_pop(L, 2);
	}
	return 0;
}

static int a_newindex(lua_State *L)
{
	lede_article *a = lede_article_check(L, 1);
	const char *k = luaL_checkstring(L, 2);
	const struct field *f = field(k);
	/* One record stands for its article on every page that lists it,
	 * and in the build state the next build reads: a change made for
	 * one page would show on the others, and be kept. */
	if (a->record && f)
		return luaL_error(L,
		                  "cannot set '%s' of a collection record: records are read-only, "
		                  "shared by every page that lists the article; put the value the "
		                  "page needs in the table you render (or change the article in a "
		                  "transform hook)",
		                  k);
	if (f && f->set)
		return f->set(L, a);
	if (f)
		return luaL_error(L, "article field '%s' is read-only", k);
	const char *near = nearest_field(k);
	if (near)
		return luaL_error(L,
		                  "cannot set article field '%s'; did you mean '%s'? (other "
		                  "values go in a.meta.%s)",
		                  k, near, k);
	return luaL_error(L, "cannot set article field '%s'; put your own values in a.meta.%s", k,
	                  k);
}

static int a_tostring(lua_State *L)
{
	handle *h = test_handle(L, 1);
	if (!h)
		h = luaL_checkudata(L, 1, META);
	if (!h->a)
		lua_pushliteral(L, "lede.article (released)");
	else
		lua_pushfstring(L, "lede.article (%s)", h->a->path);
	return 1;
}

/* The tables a hook may have changed, with what each must hold. */
static const struct {
	const char *field;
	bool strings; /* a list of strings (numbers become text) */
} synced[] = {
    {"tags", true}, {"authors", true}, {"meta", false}, {"links", false}, {"quotes", false}};

static lede_value **synced_slot(lede_article *a, size_t i)
{
	switch (i) {
	case 0: return &a->tags;
	case 1: return &a->authors;
	case 2: return &a->meta;
	case 3: return &a->links;
	default: return &a->quotes;
	}
}

/* a.tags and a.authors are lists of strings; numbers count as their text,
 * lede.null and nil items are left out, anything else is an error. */
static lede_value *strings_only(lede_article *a, lede_value *v, const char *name, lede_buf *msg)
{
	if (v->type != LEDE_SEQ) {
		lede_buf_printf(msg, "%s must be a list of strings, not a table with keys", name);
		return NULL;
	}
	size_t w = 0;
	for (size_t i = 0; i < v->u.list.n; i++) {
		lede_value *it = v->u.list.items[i];
		if (it->type == LEDE_NULL)
			continue;
		if (it->type == LEDE_INT || it->type == LEDE_FLOAT) {
			/* as Lua's tostring writes them */
			char num[64];
			if (it->type == LEDE_INT)
				snprintf(num, sizeof num, "%lld", (long long)it->u.i);
			else if (lede_double_whole(it->u.f))
				snprintf(num, sizeof num, "%.1f", it->u.f);
			else
				snprintf(num, sizeof num, "%.14g", it->u.f);
			it->type = LEDE_STRING;
			it->u.str.len = strlen(num);
			it->u.str.s = lede_arena_strndup(a->arena, num, it->u.str.len);
		}
		if (it->type != LEDE_STRING) {
			lede_buf_printf(msg, "%s[%zu] is a %s; %s holds strings", name, i + 1,
			                lede_value_type_name(it->type), name);
			return NULL;
		}
		v->u.list.items[w++] = it;
	}
	v->u.list.n = w;
	return v;
}

int lede_article_sync(lua_State *L, lede_article *a, lede_buf *msg)
{
	registry(L);
	if (lua_rawgetp(L, -1, a) != LUA_TUSERDATA) {
		lua_pop(L, 2);
		return 0;
	}
	int ud = lua_gettop(L);
	lua_getiuservalue(L, ud, 1);
	int cache = lua_gettop(L);
	/* No table handed out since the last sync (a hook that read only
	 * a.title, or none that ran on this article): nothing to do. */
	bool any = false;
	if (lua_type(L, cache) == LUA_TTABLE) {
		lua_pushnil(L);
		any = lua_next(L, cache) != 0;
		if (any)
			lua_pop(L, 2);
	}
	if (!any) {
		lua_pop(L, 3);
		return 0;
	}
	int rc = 0;
	for (size_t i = 0; i < sizeof synced / sizeof *synced && rc == 0; i++) {
		if (lua_getfield(L, cache, synced[i].field) == LUA_TNIL) {
			lua_pop(L, 1);
			continue;
		}
		char name[16];
		snprintf(name, sizeof name, "a.%s", synced[i].field);
		lede_value *v;
		/* read, and left as it was: nothing to convert back (most
		 * hooks read a.meta or a.tags; some set one key) */
		if (lede_value_same_lua(L, -1, *synced_slot(a, i))) {
			lua_pop(L, 1);
			continue;
		}
		if (lua_type(L, -1) != LUA_TTABLE) {
			lede_buf_printf(msg, "%s is a %s, not a table", name, luaL_typename(L, -1));
			v = NULL;
		} else {
			v = lede_value_from_lua(L, -1, a->arena, name, msg);
		}
		if (v && synced[i].strings)
			v = strings_only(a, v, name, msg);
		if (v && !synced[i].strings && i == 2 && v->type != LEDE_MAP) {
			if (v->type == LEDE_SEQ && v->u.list.n == 0)
				v->type = LEDE_MAP; /* {}: an empty map */
			else {
				lede_buf_printf(
				    msg, "a.meta must be a table of keys and values, not a list");
				v = NULL;
			}
		}
		if (v) {
			lede_value_carry_places(v, *synced_slot(a, i), 0);
			*synced_slot(a, i) = v;
		} else {
			rc = -1;
		}
		lua_pop(L, 1);
	}
	/* The next hook reads the C data afresh. */
	lua_newtable(L);
	lua_setiuservalue(L, ud, 1);
	lua_pop(L, 3);
	return rc;
}

/* Replaces the table on top of the stack with a deep copy (plain data:
 * nested tables are copied, other values shared). memo maps each table
 * already copied to its copy, so shared and cyclic tables are copied once
 * and stay shared: the work is linear in the data, whatever its shape. */
static void deep_copy(lua_State *L, int memo, int depth)
{
	int src = lua_gettop(L);
	lua_pushvalue(L, src);
	if (lua_rawget(L, memo) == LUA_TTABLE) {
		lua_replace(L, src);
		return;
	}
	lua_pop(L, 1);
	luaL_checkstack(L, 6, "meta nested too deep");
	lua_newtable(L);
	lua_pushvalue(L, src);
	lua_pushvalue(L, -2);
	lua_rawset(L, memo);
	if (depth > 100) {
		lua_remove(L, src);
		return;
	}
	lua_pushnil(L);
	while (lua_next(L, src)) {
		lua_pushvalue(L, -2);
		lua_insert(L, -2);
		if (lua_type(L, -1) == LUA_TTABLE)
			deep_copy(L, memo, depth + 1); /* replaces the value with its copy */
		lua_rawset(L, src + 1);
	}
	lua_remove(L, src);
}

void lede_table_copy(lua_State *L, int idx)
{
	idx = lua_absindex(L, idx);
	if (!lua_istable(L, idx))
		return;
	lua_newtable(L);
	int memo = lua_gettop(L);
	lua_pushvalue(L, idx);
	deep_copy(L, memo, 0);
	lua_replace(L, idx);
	lua_pop(L, 1);
}

void lede_article_open(lua_State *L)
{
	static const luaL_Reg meta[] = {
	    {"__index", a_index},
	    {"__newindex", a_newindex},
	    {"__tostring", a_tostring},
	    {NULL, NULL},
	};
	luaL_newmetatable(L, META);
	void *ud = NULL;
	lua_getallocf(L, &ud);
	if (ud)
		((lede_engine *)ud)->article_mt = lua_topointer(L, -1);
	luaL_setfuncs(L, meta, 0);
	/* The names __index answers, for tools and the type definitions'
	 * drift test (plugins/types/lede.lua). */
	lua_createtable(L, (int)NFIELDS, 0);
	for (size_t i = 0; i < NFIELDS; i++) {
		lua_pushstring(L, fields[i].name);
		lua_rawseti(L, -2, (lua_Integer)i + 1);
	}
	lua_setfield(L, -2, "__fields");
	lua_pop(L, 1);
}
