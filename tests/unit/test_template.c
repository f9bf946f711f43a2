/* test_template.c: unit tests for the Mustache engine (core/template.h):
 * escaping, Lua values as contexts, inheritance, lambdas, errors and the
 * Lua stack discipline. */
#include "buf.h"
#include "error.h"
#include "escape.h"
#include "harness.h"
#include "template.h"

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Partials for the tests: a fixed name -> source table, parsed on first
 * use and cached in the table. */
struct tpl_set {
	const char *names[8];
	const char *srcs[8];
	lede_template *parsed[8];
	int lookups;
};

static const lede_template *set_partial(void *ud, const char *name, size_t len, lede_error *err)
{
	struct tpl_set *s = ud;
	s->lookups++;
	for (int i = 0; i < 8 && s->names[i]; i++) {
		if (strlen(s->names[i]) != len || memcmp(s->names[i], name, len) != 0)
			continue;
		if (!s->parsed[i])
			s->parsed[i] =
			    lede_template_parse(s->names[i], s->srcs[i], strlen(s->srcs[i]), err);
		return s->parsed[i];
	}
	return NULL;
}

static void set_free(struct tpl_set *s)
{
	for (int i = 0; i < 8; i++)
		lede_template_free(s->parsed[i]);
}

static lede_template *parse_str(const char *name, const char *src)
{
	lede_error err;
	lede_template *t = lede_template_parse(name, src, strlen(src), &err);
	if (!t)
		fprintf(stderr, "  %s:%d:%d: %s\n", err.file, err.line, err.column, err.msg);
	CHECK(t != NULL);
	return t;
}

struct result {
	int rc;
	lede_error err;
	char *out;
};

/* Renders src with the value returned by the Lua chunk ctx_lua. */
static struct result render(lua_State *L, const char *src, const char *ctx_lua,
                            const lede_template_env *env)
{
	struct result r = {0};
	lede_buf out = LEDE_BUF_INIT;
	lede_template *t = lede_template_parse("test.mustache", src, strlen(src), &r.err);
	if (!t) {
		r.rc = -2;
		r.out = lede_buf_detach(&out, NULL);
		return r;
	}
	int top = lua_gettop(L);
	if (luaL_dostring(L, ctx_lua) != LUA_OK) {
		fprintf(stderr, "  Lua: %s\n", lua_tostring(L, -1));
		lua_settop(L, top);
		lua_pushnil(L);
	}
	int before = lua_gettop(L);
	r.rc = lede_template_render(t, L, -1, env, &out, &r.err);
	CHECK_INT(lua_gettop(L), before);
	lua_settop(L, top);
	lede_template_free(t);
	r.out = lede_buf_detach(&out, NULL);
	return r;
}

static lua_State *new_state(void)
{
	lua_State *L = luaL_newstate();
	luaL_openlibs(L);
	return L;
}

static void test_escaping_by_default(void)
{
	lua_State *L = new_state();
	struct result r = render(L, "<p>{{x}}</p>", "return { x = [[a & b <i>\"q\"</i>]] }", NULL);
	CHECK_INT(r.rc, 0);
	CHECK_STR(r.out, "<p>a &amp; b &lt;i&gt;&quot;q&quot;&lt;/i&gt;</p>");
	free(r.out);
	lua_close(L);
}

static void test_triple_mustache_and_ampersand(void)
{
	lua_State *L = new_state();
	struct result r = render(L, "{{{x}}}|{{& x }}|{{x}}", "return { x = '<b>' }", NULL);
	CHECK_STR(r.out, "<b>|<b>|&lt;b&gt;");
	free(r.out);
	lua_close(L);
}

static void test_numbers_booleans_nul(void)
{
	lua_State *L = new_state();
	struct result r = render(
	    L, "{{i}} {{f}} {{g}} {{big}} {{t}} [{{missing}}] {{s}}",
	    "return { i = 42, f = 1.210, g = 0.1 + 0.2, big = 1e20, t = true, s = 'a\\0b' }", NULL);
	CHECK_INT(r.rc, 0);
	/* Escaped output drops the NUL (HTML forbids control characters). */
	CHECK(memcmp(r.out, "42 1.21 0.3 1e+20 true [] ab", 29) == 0);
	free(r.out);
	/* NUL bytes in the template are text; in a name they are an error. */
	lede_error err;
	CHECK(lede_template_parse("nul", "{{\0x}}", 6, &err) == NULL);
	CHECK(strstr(err.msg, "bad name") != NULL);
	lede_template *t = lede_template_parse("nul", "a\0{{x}}b", 8, NULL);
	CHECK(t != NULL);
	lede_buf out = LEDE_BUF_INIT;
	lua_newtable(L);
	CHECK_INT(lede_template_render(t, L, -1, NULL, &out, NULL), 0);
	CHECK_INT(out.len, 3);
	CHECK(memcmp(lede_buf_cstr(&out), "a\0b", 3) == 0);
	lua_pop(L, 1);
	lede_buf_free(&out);
	lede_template_free(t);
	lua_close(L);
}

static void test_sections_with_lists_of_tables(void)
{
	lua_State *L = new_state();
	struct result r =
	    render(L,
	           "<ul>\n{{#items}}\n  <li>{{name}} ({{site}})</li>\n{{/items}}\n</ul>\n"
	           "{{^none}}no items{{/none}}{{#empty}}never{{/empty}}{{#map}}[{{k}}]{{/map}}",
	           "return { site = 'S', items = { {name = 'a'}, {name = 'b', site = 'T'} },"
	           " none = {}, empty = {}, map = { k = 'v' } }",
	           NULL);
	CHECK_INT(r.rc, 0);
	CHECK_STR(r.out, "<ul>\n  <li>a (S)</li>\n  <li>b (T)</li>\n</ul>\nno items[v]");
	free(r.out);
	lua_close(L);
}

static void test_dotted_names(void)
{
	lua_State *L = new_state();
	struct result r =
	    render(L, "{{a.b.c}}|{{#a}}{{b.c}}{{/a}}|{{a.x.c}}|{{list.2.n}}|{{#a.b}}{{c}}{{/a.b}}",
	           "return { a = { b = { c = 'deep' } }, list = { {n = 1}, {n = 2} } }", NULL);
	CHECK_STR(r.out, "deep|deep||2|deep");
	free(r.out);
	lua_close(L);
}

static int art_index(lua_State *L)
{
	const char *k = luaL_checkstring(L, 2);
	if (!strcmp(k, "title"))
		lua_pushstring(L, "Cities & networks");
	else if (!strcmp(k, "tags")) {
		lua_newtable(L);
		lua_pushstring(L, "urban");
		lua_rawseti(L, -2, 1);
		lua_pushstring(L, "policy");
		lua_rawseti(L, -2, 2);
	} else if (!strcmp(k, "boom"))
		return luaL_error(L, "no field boom on article");
	else
		lua_pushnil(L);
	return 1;
}

static int art_tostring(lua_State *L)
{
	lua_pushstring(L, "<article>");
	return 1;
}

static void push_article(lua_State *L)
{
	lua_newuserdatauv(L, 8, 0);
	if (luaL_newmetatable(L, "test.article")) {
		lua_pushcfunction(L, art_index);
		lua_setfield(L, -2, "__index");
		lua_pushcfunction(L, art_tostring);
		lua_setfield(L, -2, "__tostring");
	}
	lua_setmetatable(L, -2);
}

static void test_userdata_with_index(void)
{
	lua_State *L = new_state();
	lede_template *t = parse_str("a", "{{title}}: {{#tags}}#{{.}} {{/tags}}{{nope}}|{{{.}}}");
	CHECK(t != NULL);
	push_article(L);
	lede_buf out = LEDE_BUF_INIT;
	lede_error err;
	CHECK_INT(lede_template_render(t, L, -1, NULL, &out, &err), 0);
	CHECK_STR(lede_buf_cstr(&out), "Cities &amp; networks: #urban #policy |<article>");
	CHECK_INT(lua_gettop(L), 1);
	lede_buf_free(&out);
	lede_template_free(t);

	/* A userdata in a table, reached by a dotted name and as a section. */
	lua_newtable(L);
	lua_pushvalue(L, 1);
	lua_setfield(L, -2, "a");
	t = parse_str("b", "{{a.title}}/{{#a}}{{title}}{{/a}}");
	CHECK_INT(lede_template_render(t, L, 2, NULL, &out, &err), 0);
	CHECK_STR(lede_buf_cstr(&out), "Cities &amp; networks/Cities &amp; networks");
	CHECK_INT(lua_gettop(L), 2);
	lede_buf_free(&out);
	lede_template_free(t);
	lua_close(L);
}

static void test_index_that_raises(void)
{
	lua_State *L = new_state();
	lede_template *t = lede_template_parse("p.mustache", "line1\n  {{boom}}", 16, NULL);
	push_article(L);
	lede_buf out = LEDE_BUF_INIT;
	lede_error err;
	CHECK_INT(lede_template_render(t, L, 1, NULL, &out, &err), -1);
	CHECK(strstr(err.msg, "no field boom on article") != NULL);
	CHECK_STR(err.file, "p.mustache");
	CHECK_INT(err.line, 2);
	CHECK_INT(err.column, 3);
	CHECK_INT(lua_gettop(L), 1);
	lede_buf_free(&out);
	lede_template_free(t);
	lua_close(L);
}

static void test_inheritance_layout_and_page(void)
{
	lua_State *L = new_state();
	struct tpl_set set = {
	    {"layout", "header"},
	    {"<html>\n<head><title>{{$title}}{{site}}{{/title}}</title></head>\n<body>\n"
	     "  {{>header}}\n  <main>\n    {{$body}}\n    default body\n    {{/body}}\n  "
	     "</main>\n</body>\n</html>\n",
	     "<h1>{{site}}</h1>\n"},
	    {0},
	    0,
	};
	lede_template_env env = {set_partial, &set, NULL, 0, NULL, NULL};
	struct result r =
	    render(L,
	           "{{<layout}}\n{{$title}}{{title}} - {{site}}{{/title}}\n{{$body}}\n"
	           "<p>{{title}}</p>\n<p>more</p>\n{{/body}}\n{{/layout}}\n",
	           "return { site = 'News', title = 'Story' }", &env);
	CHECK_INT(r.rc, 0);
	CHECK_STR(
	    r.out,
	    "<html>\n<head><title>Story - News</title></head>\n<body>\n  <h1>News</h1>\n  <main>\n"
	    "    <p>Story</p>\n    <p>more</p>\n  </main>\n</body>\n</html>\n");
	free(r.out);
	/* The layout alone renders its defaults. */
	r = render(L, "{{<layout}}{{/layout}}", "return { site = 'News' }", &env);
	CHECK_STR(r.out,
	          "<html>\n<head><title>News</title></head>\n<body>\n  <h1>News</h1>\n  <main>\n"
	          "    default body\n  </main>\n</body>\n</html>\n");
	free(r.out);
	set_free(&set);
	lua_close(L);
}

static void test_partial_indentation(void)
{
	lua_State *L = new_state();
	struct tpl_set set = {{"item"}, {"<li>\n  {{name}}\n</li>\n"}, {0}, 0};
	lede_template_env env = {set_partial, &set, NULL, 0, NULL, NULL};
	struct result r = render(L, "<ul>\n  {{#items}}\n  {{>item}}\n  {{/items}}\n</ul>\n",
	                         "return { items = { {name = 'a'}, {name = 'b'} } }", &env);
	CHECK_STR(r.out, "<ul>\n  <li>\n    a\n  </li>\n  <li>\n    b\n  </li>\n</ul>\n");
	free(r.out);
	set_free(&set);
	lua_close(L);
}

static void test_lambdas_are_lua_functions(void)
{
	lua_State *L = new_state();
	struct result r = render(
	    L,
	    "{{upper}}|{{#bold}}Hi {{name}}{{/bold}}|{{#falsy}}x{{/falsy}}|{{#list}}{{.}}{{/list}}",
	    "return { name = 'Ann', upper = function() return '{{name}}<' end,"
	    " bold = function(s) return '<b>' .. s .. '</b>' end,"
	    " falsy = function() return false end,"
	    " list = function() return { 1, 2, 3 } end }",
	    NULL);
	CHECK_INT(r.rc, 0);
	CHECK_STR(r.out, "Ann&lt;|<b>Hi Ann</b>||123");
	free(r.out);
	lua_close(L);
}

static void test_lambda_that_raises(void)
{
	lua_State *L = new_state();
	lua_pushstring(L, "sentinel");
	struct result r = render(L, "ok\n{{#f}}x{{/f}}",
	                         "return { f = function(s) error('kaput: ' .. s) end }", NULL);
	CHECK_INT(r.rc, -1);
	CHECK(strstr(r.err.msg, "lambda 'f'") != NULL);
	CHECK(strstr(r.err.msg, "kaput: x") != NULL);
	CHECK(strstr(r.err.msg, "traceback") != NULL);
	CHECK_INT(r.err.line, 2);
	CHECK_INT(r.err.column, 1);
	CHECK_STR(r.out, "ok\n");
	CHECK_INT(lua_gettop(L), 1);
	CHECK_STR(lua_tostring(L, 1), "sentinel");
	free(r.out);
	/* A lambda whose result does not parse. */
	r = render(L, "{{f}}", "return { f = function() return '{{#open}}' end }", NULL);
	CHECK_INT(r.rc, -1);
	CHECK(strstr(r.err.msg, "unclosed section 'open'") != NULL);
	free(r.out);
	CHECK_INT(lua_gettop(L), 1);
	lua_close(L);
}

static void check_syntax(const char *src, int line, int col, const char *msg)
{
	lede_error err;
	lede_error_clear(&err);
	lede_template *t = lede_template_parse("page.mustache", src, strlen(src), &err);
	CHECK(t == NULL);
	lede_template_free(t);
	CHECK_STR(err.file, "page.mustache");
	CHECK_INT(err.line, line);
	CHECK_INT(err.column, col);
	if (!strstr(err.msg, msg)) {
		fprintf(stderr, "  message \"%s\" lacks \"%s\"\n", err.msg, msg);
		CHECK(0);
	}
}

static void test_syntax_errors(void)
{
	check_syntax("a\nb {{#x}}\nc", 2, 3, "unclosed section 'x'");
	check_syntax("{{#x}}\n  {{/y}}", 2, 3, "'y' closes section 'x' opened at line 1");
	check_syntax("ab\n\n  {{name", 3, 3, "unclosed tag");
	check_syntax("{{= <% =}}", 1, 1, "bad delimiter change");
	check_syntax("x {{/x}}", 1, 3, "has no open section");
	check_syntax("{{{x}}", 1, 1, "unclosed tag");
	check_syntax("{{ }}", 1, 1, "empty tag");
	check_syntax("{{a..b}}", 1, 1, "bad name");
	/* Each says what to do, in the delimiters in effect. */
	check_syntax("a\n{{#tags}}x", 2, 1, "unclosed section 'tags': close it with {{/tags}}");
	check_syntax("{{=<% %>=}}<%#x%>", 1, 12, "close it with <%/x%> where it ends");
	check_syntax("{{#a}}{{/b}}", 1, 7, "close 'a' first with {{/a}}, or make the names match");
	check_syntax("x {{/x}}", 1, 3, "remove it, or open the section before it with {{#x}}");
	check_syntax("{{titel", 1, 1, "end it with '}}'");
	check_syntax("{{ }}", 1, 1, "write a name in it, or remove it");
	check_syntax("{{a..b}}", 1, 1, "write a name or dotted names (a.b.c)");
	/* The formatted error shows the line and a caret. */
	lede_error err;
	lede_buf b = LEDE_BUF_INIT;
	lede_template_parse("page.mustache", "a\nb {{#x}}\nc", 12, &err);
	lede_error_format(&err, "error", &b);
	CHECK_STR(lede_buf_cstr(&b),
	          "page.mustache:2:3: error: unclosed section 'x': close it with {{/x}} where it "
	          "ends\n  b {{#x}}\n    ^\n");
	lede_buf_free(&b);
}

static void html_upper(lede_buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		lede_buf_putc(out, s[i] >= 'a' && s[i] <= 'z' ? s[i] - 32 : s[i]);
}

static void test_custom_escape(void)
{
	lua_State *L = new_state();
	lede_template_env env = {NULL, NULL, html_upper, 0, NULL, NULL};
	struct result r = render(L, "{{x}}/{{{x}}}", "return { x = 'a<b' }", &env);
	CHECK_STR(r.out, "A<B/a<b");
	free(r.out);
	lede_template_env json = {NULL, NULL, lede_escape_json, 0, NULL, NULL};
	r = render(L, "\"{{x}}\"", "return { x = 'say \"hi\"\\n' }", &json);
	CHECK_STR(r.out, "\"say \\\"hi\\\"\\n\"");
	free(r.out);
	lua_close(L);
}

static const lede_template *failing_partial(void *ud, const char *name, size_t len, lede_error *err)
{
	lede_error_set(err, "broken.mustache", 3, 4, "unclosed section 'z'");
	return NULL;
}

static void test_partial_errors_and_recursion(void)
{
	lua_State *L = new_state();
	lede_template_env env = {failing_partial, NULL, NULL, 0, NULL, NULL};
	struct result r = render(L, "a{{>broken}}b", "return {}", &env);
	CHECK_INT(r.rc, -1);
	CHECK_STR(r.err.file, "broken.mustache");
	CHECK_STR(r.err.msg, "unclosed section 'z'");
	free(r.out);

	struct tpl_set set = {{"loop"}, {"x{{>loop}}"}, {0}, 0};
	lede_template_env env2 = {set_partial, &set, NULL, 0, NULL, NULL};
	r = render(L, "{{>loop}}", "return {}", &env2);
	CHECK_INT(r.rc, -1);
	CHECK(strstr(r.err.msg, "deeper than 100") != NULL);
	CHECK_INT(strlen(r.out), 100);
	free(r.out);
	/* A lambda that keeps returning itself. */
	r = render(L, "{{f}}", "return { f = function() return '<{{f}}>' end }", NULL);
	CHECK_INT(r.rc, -1);
	CHECK(strstr(r.err.msg, "deeper than 100") != NULL ||
	      strstr(r.err.msg, "stack overflow") != NULL);
	if (r.rc == -1 && !strstr(r.err.msg, "deeper than 100"))
		fprintf(stderr, "  note: %.200s\n", r.err.msg);
	free(r.out);
	/* Missing partials render as nothing. */
	r = render(L, "[{{>nope}}][{{<nope}}{{/nope}}]", "return {}", &env2);
	CHECK_INT(r.rc, 0);
	CHECK_STR(r.out, "[][]");
	free(r.out);
	set_free(&set);
	lua_close(L);
}

/* Partials (none) and what env->warn was told, one message a line
 * ("LINE:COL: MSG"). */
struct warned {
	struct tpl_set set; /* first: set_partial's ud */
	lede_buf said;
};

static void collect_warning(void *ud, const lede_error *w)
{
	struct warned *x = ud;
	lede_buf_printf(&x->said, "%d:%d: %s\n", w->line, w->column, w->msg);
}

static const char *near_header(void *ud, const char *name, size_t len)
{
	(void)ud;
	return len == 5 && !memcmp(name, "heder", 5) ? "header" : NULL;
}

/* A checked template's tags that render as nothing by mistake are told
 * (rendered all the same, as the spec says); a name not set and close to
 * none that is, a set name, a section, an unchecked template: nothing. */
static void test_warn_unset_names(void)
{
	lua_State *L = new_state();
	struct warned x = {{{0}, {0}, {0}, 0}, LEDE_BUF_INIT};
	lede_buf said = LEDE_BUF_INIT;
	lede_template_env env = {set_partial, &x, NULL, 0, collect_warning, near_header};
	const char *src = "{{titel}}|{{subtitle}}|{{site.titel}}|{{#titel}}x{{/titel}}|"
	                  "{{title}}|{{>heder}}|{{#items}}{{nmae}}{{/items}}|{{id}}{{xy}}";
	const char *ctx = "return { title = 'T', site = { title = 'S' }, sile = 1,"
	                  " items = { { name = 'a' } }, ix = 1, xz = 2, xa = 3 }";
	lede_error err;
	lede_template *t = lede_template_parse("t.mustache", src, strlen(src), &err);
	CHECK(t != NULL);
	uint32_t names = 0;
	lede_template_check(t, &names);
	lede_buf out = LEDE_BUF_INIT;
	CHECK_INT(luaL_dostring(L, ctx), LUA_OK);
	CHECK_INT(lede_template_render(t, L, -1, &env, &out, &err), 0);
	CHECK_STR(lede_buf_cstr(&out), "||||T|||");
	lede_buf_put(&said, x.said.data, x.said.len);
	lede_buf_reset(&x.said);
	CHECK_STR(lede_buf_cstr(&said),
	          "1:1: {{titel}} is not set, and prints nothing; did you mean {{title}}?\n"
	          "1:24: {{site.titel}} is not set, and prints nothing; did you mean "
	          "{{site.title}}?\n"
	          "1:71: {{>heder}} names no template, and renders nothing; did you mean "
	          "{{>header}}?\n"
	          "1:92: {{nmae}} is not set, and prints nothing; did you mean {{name}}?\n"
	          "1:111: {{id}} is not set, and prints nothing; did you mean {{ix}}?\n"
	          "1:117: {{xy}} is not set, and prints nothing; did you mean {{xa}}?\n");
	/* Not checked (inline text): nothing told. */
	lede_buf_reset(&said);
	lede_buf_reset(&out);
	lede_template *u = lede_template_parse("(inline)", src, strlen(src), &err);
	CHECK_INT(lede_template_render(u, L, -1, &env, &out, &err), 0);
	CHECK_INT((int)x.said.len, 0);
	lede_buf_free(&x.said);
	lede_template_free(u);
	lede_template_free(t);
	lede_buf_free(&out);
	lede_buf_free(&said);
	lua_close(L);
}

static void test_dynamic_partial(void)
{
	lua_State *L = new_state();
	struct tpl_set set = {{"text", "image"}, {"{{content}}", "<img src=\"{{url}}\">"}, {0}, 0};
	lede_template_env env = {set_partial, &set, NULL, 0, NULL, NULL};
	struct result r = render(L, "{{#items}}{{>*kind}};{{/items}}",
	                         "return { items = { {kind = 'text', content = 'hi'}, {kind = "
	                         "'image', url = 'a.jpg'} } }",
	                         &env);
	CHECK_STR(r.out, "hi;<img src=\"a.jpg\">;");
	free(r.out);
	set_free(&set);
	lua_close(L);
}

/* What a tag not set was found close to is remembered for the names it
 * was compared with, not for the tag alone: pages whose contexts differ
 * each get their own answer. */
static void test_warn_unset_per_context(void)
{
	lua_State *L = new_state();
	struct warned x = {{{0}, {0}, {0}, 0}, LEDE_BUF_INIT};
	lede_template_env env = {set_partial, &x, NULL, 0, collect_warning, near_header};
	const char *src = "{{titel}}";
	const char *ctx[] = {"return { title = 'T' }", "return { name = 'N' }",
	                     "return { title = 'T' }", "return { titles = 'T', tile = 1 }"};
	const char *want[] = {"1:1: {{titel}} is not set, and prints nothing; did you mean "
	                      "{{title}}?\n",
	                      "",
	                      "1:1: {{titel}} is not set, and prints nothing; did you mean "
	                      "{{title}}?\n",
	                      "1:1: {{titel}} is not set, and prints nothing; did you mean "
	                      "{{tile}}?\n"};
	lede_error err;
	lede_template *t = lede_template_parse("t.mustache", src, strlen(src), &err);
	CHECK(t != NULL);
	uint32_t names = 0;
	lede_template_check(t, &names);
	for (int i = 0; i < 4; i++) {
		lede_buf out = LEDE_BUF_INIT;
		CHECK_INT(luaL_dostring(L, ctx[i]), LUA_OK);
		CHECK_INT(lede_template_render(t, L, -1, &env, &out, &err), 0);
		lua_pop(L, 1);
		CHECK_STR(lede_buf_cstr(&x.said), want[i]);
		lede_buf_reset(&x.said);
		lede_buf_free(&out);
	}
	lede_buf_free(&x.said);
	lede_template_free(t);
	lua_close(L);
}

/* A checked template keeps its names' Lua strings in the state, one
 * array for all its templates: two templates rendered in turn, and the
 * same names in the same places (ids) of each, give each its own. */
static void test_kept_names(void)
{
	lua_State *L = new_state();
	uint32_t names = 0;
	const char *src[] = {"{{x}}-{{y.z}}-{{#l}}{{.}}{{w}}{{/l}}", "{{w}}-{{y.x}}-{{z}}",
	                     "{{x}}-{{y.z}}-{{#l}}{{.}}{{w}}{{/l}}"};
	const char *want[] = {"1-2-a4b4", "4-5-", "1-2-a4b4"};
	lede_template *t[3];
	lede_error err;
	for (int i = 0; i < 3; i++) {
		t[i] = lede_template_parse("t.mustache", src[i], strlen(src[i]), &err);
		CHECK(t[i] != NULL);
		lede_template_check(t[i], &names);
	}
	CHECK_INT(names, 14);
	CHECK_INT(luaL_dostring(L, "return { x = 1, y = { z = 2, x = 5 }, w = 4, l = {'a', 'b'} }"),
	          LUA_OK);
	int top = lua_gettop(L);
	for (int round = 0; round < 3; round++)
		for (int i = 0; i < 3; i++) {
			lede_buf out = LEDE_BUF_INIT;
			CHECK_INT(lede_template_render(t[i], L, -1, NULL, &out, &err), 0);
			CHECK_STR(lede_buf_cstr(&out), want[i]);
			CHECK_INT(lua_gettop(L), top);
			lede_buf_free(&out);
		}
	for (int i = 0; i < 3; i++)
		lede_template_free(t[i]);
	lua_close(L);
}

static void test_stack_balanced(void)
{
	lua_State *L = new_state();
	lua_pushinteger(L, 7);
	CHECK_INT(luaL_dostring(L, "return { list = { {a = 1}, {a = 2} }, f = function() return "
	                           "'{{#list}}{{a}}{{/list}}' end }"),
	          LUA_OK);
	lede_template *t = parse_str("s", "{{#list}}{{a}}{{/list}}{{f}}{{^x}}{{/x}}");
	lede_buf out = LEDE_BUF_INIT;
	for (int i = 0; i < 3; i++)
		CHECK_INT(lede_template_render(t, L, 2, NULL, &out, NULL), 0);
	CHECK_STR(lede_buf_cstr(&out), "121212121212");
	CHECK_INT(lua_gettop(L), 2);
	CHECK_INT(lua_tointeger(L, 1), 7);
	lede_template_free(t);
	/* After errors too, with a NULL err. */
	CHECK_INT(luaL_dostring(L, "return { f = function() error({}) end }"), LUA_OK);
	t = parse_str("s", "{{f}}");
	CHECK_INT(lede_template_render(t, L, -1, NULL, &out, NULL), -1);
	CHECK_INT(lua_gettop(L), 3);
	lede_template_free(t);
	lede_buf_free(&out);
	lua_close(L);
}

struct thread_arg {
	const lede_template *t;
	int ok;
};

static void *thread_render(void *p)
{
	struct thread_arg *a = p;
	lua_State *L = luaL_newstate();
	if (luaL_dostring(
	        L, "local t = {} for i = 1, 50 do t[i] = { n = i } end return { items = t }") !=
	    LUA_OK)
		a->ok = 0;
	lede_buf out = LEDE_BUF_INIT;
	for (int i = 0; i < 200 && a->ok; i++) {
		lede_buf_reset(&out);
		if (lede_template_render(a->t, L, -1, NULL, &out, NULL) != 0 || out.len != 141)
			a->ok = 0;
	}
	lede_buf_free(&out);
	lua_close(L);
	return NULL;
}

/* One parsed template shared read-only by threads, each with its own
 * lua_State. */
static void test_shared_between_threads(void)
{
	lede_template *t = parse_str("th", "{{#items}}{{n}},{{/items}}");
	pthread_t th[4];
	struct thread_arg args[4];
	for (int i = 0; i < 4; i++) {
		args[i].t = t;
		args[i].ok = 1;
		pthread_create(&th[i], NULL, thread_render, &args[i]);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		CHECK_INT(args[i].ok, 1);
	}
	lede_template_free(t);
}

/* Sections over lists inside sections over lists multiply: the render
 * stops once the output passes the limit (a 60-byte template of nine
 * levels over a ten-item list would make ten gigabytes), with the error
 * at the node it had reached, and below it renders whole. */
static void test_output_limit(void)
{
	lua_State *L = new_state();
	lede_template_env env = {.max_output = 100000};
	const char *deep = "{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}xxxxxxxxxx"
	                   "{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}";
	struct result r = render(L, deep, "return { l = {1,2,3,4,5,6,7,8,9,10} }", &env);
	CHECK_INT(r.rc, -1);
	CHECK(strstr(r.err.msg, "the rendered text passed 100000 bytes: a section repeats far "
	                        "more than meant") != NULL);
	CHECK_STR(r.err.file, "test.mustache");
	CHECK_INT(r.err.line, 1);
	CHECK(r.out && strlen(r.out) < 100000 + (64 << 10) + 100);
	free(r.out);
	/* 10^4 x 10 bytes = 100,000: at the limit, not past it */
	const char *four = "{{#l}}{{#l}}{{#l}}{{#l}}xxxxxxxxxx{{/l}}{{/l}}{{/l}}{{/l}}";
	r = render(L, four, "return { l = {1,2,3,4,5,6,7,8,9,10} }", &env);
	CHECK_INT(r.rc, 0);
	CHECK_INT((long long)strlen(r.out), 100000);
	free(r.out);
	lua_close(L);
}

int main(void)
{
	RUN(test_escaping_by_default);
	RUN(test_triple_mustache_and_ampersand);
	RUN(test_numbers_booleans_nul);
	RUN(test_sections_with_lists_of_tables);
	RUN(test_dotted_names);
	RUN(test_userdata_with_index);
	RUN(test_index_that_raises);
	RUN(test_inheritance_layout_and_page);
	RUN(test_partial_indentation);
	RUN(test_lambdas_are_lua_functions);
	RUN(test_lambda_that_raises);
	RUN(test_syntax_errors);
	RUN(test_custom_escape);
	RUN(test_partial_errors_and_recursion);
	RUN(test_dynamic_partial);
	RUN(test_warn_unset_names);
	RUN(test_kept_names);
	RUN(test_warn_unset_per_context);
	RUN(test_stack_balanced);
	RUN(test_shared_between_threads);
	RUN(test_output_limit);
	DONE();
}
