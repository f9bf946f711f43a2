/* fuzz_node.c: libFuzzer target for the Lua article/node API
 * (core/lua_node.c, lua_article.c, node.c, the renderers). A driver
 * written in Lua (below) reads the input as a program: each byte picks an
 * operation (a lede.node constructor, append, insert_before/after,
 * replace, unlink, walk with or without filters, clone, setting and
 * reading fields, html(), text(), lede.markdown, releasing an article)
 * and the next bytes its arguments, on two parsed articles. Lua errors
 * are expected (wrong types, bad levels, cycles); only crashes and
 * sanitizer reports are findings. Each input gets its own engine and
 * Lua state (on a read-only context built once), so no state crosses
 * inputs and every finding replays alone. */
#include "engine.h"

#include <lauxlib.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Two configurations: raw HTML dropped (the default) or allowed, which
 * takes the renderers down their other paths. */
static const char config_safe[] =
    "site: {title: Fuzz, base_url: 'https://example.org', language: en}\n"
    "outlets: {web: {format: html}}\n";
static const char config_raw[] =
    "site: {title: Fuzz, base_url: 'https://example.org', language: en}\n"
    "allow_raw_html: true\n"
    "outlets: {web: {format: html}}\n";

static const char article_a[] =
    "---\ntitle: \"A \\\"quoted\\\" title\"\ndate: 2020-07-24\ntags: [a, b]\n---\n"
    "# Heading *one*\n\nA paragraph with a [link](https://example.org \"t\"), an "
    "![image](i.png), `code`, **strong**, ~~gone~~ and <b>raw</b>.\\\nNext line.\n\n"
    "> “A quotation,” said Ada Lovelace, mathematician.\n>\n> - second\n\n"
    "1. one\n2. two\n   - [ ] task\n   - [x] done\n\n"
    "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n```lua\nprint(1)\n```\n\n<div>block</div>\n\n---\n"
    "www.example.com and ada@example.org\n";
static const char article_b[] = "---\ntitle: B\ndate: 2021-01-01T10:00:00+02:00\nlang: fr\n---\n"
                                "Deux « citations » et une liste :\n\n- un\n- deux\n\n## Fin\n";

/* Read-only context built once: what lede_engine_new would compile for
 * every input (PCRE2 patterns, the configurations), shared as the
 * engine's worker threads share them. */
static struct {
	lede_config *cfg[2]; /* [0] raw HTML dropped, [1] allowed */
	lede_extractor *extractor;
} ctx;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	lede_markdown_init(); /* cmark-gfm's process-wide extension table */
	lede_error err;
	lede_error_clear(&err);
	ctx.cfg[0] = lede_config_parse("fuzz.yaml", config_safe, strlen(config_safe), &err);
	ctx.cfg[1] = lede_config_parse("fuzz.yaml", config_raw, strlen(config_raw), &err);
	ctx.extractor = lede_extractor_new(&err);
	if (!ctx.cfg[0] || !ctx.cfg[1] || !ctx.extractor)
		abort();
	return 0;
}

/* An engine as lede_engine_new makes one, on the shared context; freed by
 * lede_engine_free once the shared parts are taken back out. */
static lede_engine *engine_new(bool raw)
{
	lede_engine *e = lede_xcalloc(1, sizeof *e);
	e->root = lede_xstrdup("/dev/null");
	e->config_file = lede_xstrdup("none.yaml");
	e->outdir = lede_xstrdup("/dev/null/public");
	e->quiet = e->check_only = true;
	e->jobs = 1;
	e->now = lede_date_from_epoch(1767268800, 0);
	e->cfg = ctx.cfg[raw];
	e->extractor = ctx.extractor;
	e->L = lede_lua_new(e);
	if (!e->L)
		abort();
	return e;
}

static void engine_free(lede_engine *e)
{
	e->cfg = NULL;
	e->extractor = NULL;
	lede_engine_free(e);
}

/* The driver: its chunk gets (input, a, b, count, release_b). Split in
 * pieces because ISO C caps the length of one string literal. */
static const char *const driver[] = {
    "local input, A, B, count, release_b = ...\n"
    "local N = lede.node\n"
    "local pos, steps, created = 1, 0, 0\n"
    /* Bounds so an input costs little: operations run (filters run
     * operations too), and nodes made or copied. Depth stays far below
     * what the known deep-nesting limits are about. */
    "local MAX_STEPS, MAX_NODES = 2000, 5000\n"
    "local function byte()\n"
    "  if pos > #input then return 0 end\n"
    "  local b = input:byte(pos); pos = pos + 1; return b\n"
    "end\n"
    "local function num(n) return byte() % n end\n"
    "local function str()\n"
    "  local len = num(17)\n"
    "  local s = input:sub(pos, pos + len - 1); pos = pos + len; return s\n"
    "end\n"
    "local function long()\n"
    "  local len = num(128)\n"
    "  local s = input:sub(pos, pos + len - 1); pos = pos + len; return s\n"
    "end\n"
    "local pool = {A.body, B.body, A, B}\n"
    "local NODE = getmetatable(A.body)\n"
    "local function node()\n"
    "  local v = pool[num(#pool) + 1]\n"
    "  if getmetatable(v) == NODE then return v end\n"
    "  return A.body\n"
    "end\n"
    "local function keep(v)\n"
    "  if type(v) ~= 'userdata' then return v end\n"
    "  if #pool < 64 then pool[#pool + 1] = v else pool[num(64) + 1] = v end\n"
    "  return v\n"
    "end\n"
    /* Charges what an insertion may copy (a node from the other article
     * or the scratch fragment is copied into the target's arena). */
    "local function room(n)\n"
    "  local c = count(n)\n"
    "  if created + c > MAX_NODES then error('node budget spent') end\n"
    "  created = created + c\n"
    "  return n\n"
    "end\n"
    "local function value()\n"
    "  local k = num(6)\n"
    "  if k == 0 then return nil elseif k == 1 then return str()\n"
    "  elseif k == 2 then return num(256) - 128 elseif k == 3 then return byte() % 2 == 0\n"
    "  elseif k == 4 then return node() else return {} end\n"
    "end\n"
    "local function content()\n"
    "  local k = num(5)\n"
    "  if k == 0 then return nil elseif k == 1 then return str()\n"
    "  elseif k == 2 then return room(node())\n"
    "  elseif k == 3 then return {room(node()), str(), room(node())}\n"
    "  else return value() end\n"
    "end\n",

    "local ctors = {\n"
    "  function() return N.Text(str()) end,\n"
    "  function() return N.Code(str()) end,\n"
    "  function() return N.SoftBreak() end,\n"
    "  function() return N.LineBreak() end,\n"
    "  function() return N.ThematicBreak() end,\n"
    "  function() return N.Paragraph(content()) end,\n"
    "  function() return N.Emph(content()) end,\n"
    "  function() return N.Strong(content()) end,\n"
    "  function() return N.Strikethrough(content()) end,\n"
    "  function() return N.BlockQuote(content()) end,\n"
    "  function() return N.Item(content()) end,\n"
    "  function() return N.Document(content()) end,\n"
    "  function() return N.Table(content()) end,\n"
    "  function() return N.TableRow(content()) end,\n"
    "  function() return N.TableCell(content()) end,\n"
    "  function() return N.Heading(num(8), content()) end,\n"
    "  function() return N.CodeBlock(str(), value()) end,\n"
    "  function() return N.RawBlock(str(), str()) end,\n"
    "  function() return N.RawInline(str(), str()) end,\n"
    "  function() return N.Div(value(), content()) end,\n"
    "  function() return N.Span(value(), content()) end,\n"
    "  function() return N.Link(str(), content(), value()) end,\n"
    "  function() return N.Image(str(), content(), value()) end,\n"
    "  function()\n"
    "    return N.List({content(), content()}, {ordered = byte() % 2 == 0,\n"
    "                  start = num(256) - 128, tight = byte() % 2 == 0})\n"
    "  end,\n"
    "  function() created = created + 128; return lede.markdown(long()) end,\n"
    "}\n"
    "local setkeys = {'literal', 'url', 'title', 'info', 'format', 'class', 'level',\n"
    "  'ordered', 'tight', 'start', 'checked', 'type', 'parent'}\n"
    "local getkeys = {'type', 'literal', 'url', 'title', 'level', 'line', 'column', 'info',\n"
    "  'ordered', 'start', 'tight', 'checked', 'parent', 'next', 'prev', 'first', 'last',\n"
    "  'nope'}\n"
    "local artkeys = {'title', 'summary', 'section', 'lang', 'url', 'slug', 'tags',\n"
    "  'authors', 'date', 'body', 'links', 'quotes', 'meta'}\n"
    "local op\n"
    "local function filters()\n"
    "  local t = {}\n"
    "  for _ = 1, num(3) + 1 do\n"
    "    local names = {'Text', 'Paragraph', 'Link', 'Emph', 'Heading', 'Item', 'List',\n"
    "      'Code', 'BlockQuote', 'Table', 'TableCell', 'Image', 'Span', 'Div'}\n"
    "    local how = byte()\n"
    "    t[names[num(#names) + 1]] = function(n)\n"
    "      keep(n)\n"
    "      local k = how % 8\n"
    "      if k == 1 then return n elseif k == 2 then return room(node())\n"
    "      elseif k == 3 then return {} elseif k == 4 then return {room(node()), n}\n"
    "      elseif k == 5 then return N.Text(str()) elseif k == 6 then op(); return nil\n"
    "      elseif k == 7 then return 'bad' end\n"
    "    end\n"
    "  end\n"
    "  return t\n"
    "end\n",

    "local ops = {\n"
    "  function() keep(ctors[num(#ctors) + 1]()) end,\n"
    "  function() local p = node(); keep(p:append(room(node()))) end,\n"
    "  function() local p = node(); keep(p:prepend(room(node()))) end,\n"
    "  function() local p = node(); keep(p:insert_before(room(node()))) end,\n"
    "  function() local p = node(); keep(p:insert_after(room(node()))) end,\n"
    "  function() local p = node(); keep(p:replace(room(node()))) end,\n"
    "  function() keep(node():unlink()) end,\n"
    "  function() keep(room(node()):clone()) end,\n"
    "  function()\n"
    "    local k = num(4)\n"
    "    for n in node():walk() do\n"
    "      if k == 0 then keep(n) elseif k == 1 then op() end\n"
    "      k = num(4)\n"
    "    end\n"
    "  end,\n"
    "  function() node():walk(filters()) end,\n"
    "  function() local n = node(); n[setkeys[num(#setkeys) + 1]] = value() end,\n"
    "  function() keep(node()[getkeys[num(#getkeys) + 1]]) end,\n"
    "  function() for _, c in ipairs(node():children()) do keep(c) end end,\n"
    "  function() return node():html() end,\n"
    "  function() return node():text() end,\n"
    "  function() return (byte() % 2 == 0 and A or B):html() end,\n"
    "  function() return (byte() % 2 == 0 and A or B):text{width = num(100)} end,\n"
    "  function() return (byte() % 2 == 0 and A or B):words() end,\n"
    "  function() keep((byte() % 2 == 0 and A or B)[artkeys[num(#artkeys) + 1]]) end,\n"
    "  function() local a = byte() % 2 == 0 and A or B; a[artkeys[num(#artkeys) + 1]] = value() "
    "end,\n"
    "  function() if byte() % 8 == 0 then release_b() end end,\n"
    "  function() return tostring(node()), node() == node() end,\n"
    "}\n"
    "op = function()\n"
    "  steps = steps + 1\n"
    "  if steps > MAX_STEPS then error('step budget spent') end\n"
    "  return ops[num(#ops) + 1]()\n"
    "end\n"
    "while pos <= #input and steps < MAX_STEPS do pcall(op) end\n"
    "pcall(function() return A:html(), B:html() end)\n",
    NULL,
};

typedef struct {
	lede_article *b; /* NULL once released */
} fuzz_run;

/* count(node): the node and its descendants (what a copy would make) */
static int f_count(lua_State *L)
{
	const lede_node *root = lede_node_check(L, 1);
	lua_Integer n = 0;
	const lede_node *x = root;
	while (x) {
		n++;
		if (x->first) {
			x = x->first;
			continue;
		}
		while (x != root && !x->next)
			x = x->parent;
		x = x == root ? NULL : x->next;
	}
	lua_pushinteger(L, n);
	return 1;
}

/* release_b(): frees article B as the build does when it is done with an
 * article; its handles and nodes must raise from then on. */
static int f_release_b(lua_State *L)
{
	fuzz_run *r = lua_touserdata(L, lua_upvalueindex(1));
	if (r->b) {
		lede_article_release(L, r->b);
		r->b = NULL;
	}
	return 0;
}

static lede_article *parse(lede_extract_ctx *x, const char *path, const char *text, bool raw)
{
	lede_error err;
	lede_error_clear(&err);
	lede_article_opts o = {
	    .default_lang = "en", .markdown = {.allow_raw_html = raw}, .extract = x};
	lede_article *a = lede_article_parse(path, text, strlen(text), &o, &err);
	if (!a)
		abort(); /* the fixed articles are valid */
	return a;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The first byte chooses the configuration and whether constructors
	 * make nodes in article A (as inside a hook) or in the scratch
	 * fragment (as in a script); the rest is the program. */
	unsigned mode = size ? data[0] : 0;
	bool raw = mode & 1;
	lede_engine *e = engine_new(raw);
	lua_State *L = e->L;
	lede_extract_ctx *x = lede_extract_ctx_new(e->extractor);
	lede_article *a = parse(x, "a.md", article_a, raw);
	fuzz_run r = {.b = parse(x, "b.md", article_b, raw)};
	if (mode & 2)
		e->cur_article = a;

	lede_buf src = LEDE_BUF_INIT;
	for (size_t i = 0; driver[i]; i++)
		lede_buf_puts(&src, driver[i]);
	lua_pushcfunction(L, lede_lua_traceback);
	if (luaL_loadbufferx(L, lede_buf_cstr(&src), src.len, "=fuzz_node", "t") != LUA_OK)
		abort(); /* the driver itself does not compile */
	lede_buf_free(&src);
	if (size)
		lua_pushlstring(L, (const char *)data + 1, size - 1);
	else
		lua_pushliteral(L, "");
	lede_article_push(L, a);
	lede_article_push(L, r.b);
	lua_pushcfunction(L, f_count);
	lua_pushlightuserdata(L, &r);
	lua_pushcclosure(L, f_release_b, 1);
	/* Every operation runs under the driver's own pcall; an error here is
	 * the step budget spent in the main loop's bookkeeping, not a finding. */
	if (lua_pcall(L, 5, 0, -7) != LUA_OK)
		lua_pop(L, 1);
	lua_pop(L, 1);

	e->cur_article = NULL;
	lede_article_release(L, a);
	if (r.b)
		lede_article_release(L, r.b);
	lede_extract_ctx_free(x);
	engine_free(e);
	return 0;
}
