/* test_frontmatter.c: front matter splitting, YAML typing with positions,
 * the error messages and positions, and the values as Lua sees them. */
#include "frontmatter.h"
#include "lua_value.h"

#include "harness.h"

#include <lualib.h>
#include <math.h>

static lede_arena *arena;
static lede_error err;

/* Parses a NUL-terminated file; -1 on error (err filled). */
static int fm(const char *text, lede_frontmatter *out)
{
	lede_error_clear(&err);
	return lede_frontmatter_parse(arena, "a.md", text, strlen(text), out, &err);
}

static const lede_value *get(const lede_frontmatter *f, const char *k)
{
	return lede_value_get(f->meta, k);
}

#define CHECK_POS(v, l, c)                                                                         \
	do {                                                                                       \
		const lede_value *v_ = (v);                                                        \
		CHECK(v_ != NULL);                                                                 \
		if (v_) {                                                                          \
			CHECK_INT(v_->line, l);                                                    \
			CHECK_INT(v_->column, c);                                                  \
		}                                                                                  \
	} while (0)

#define CHECK_ERR(l, c, part)                                                                      \
	do {                                                                                       \
		CHECK_INT(err.line, l);                                                            \
		CHECK_INT(err.column, c);                                                          \
		CHECK_STR(err.file, "a.md");                                                       \
		if (!strstr(err.msg, part)) {                                                      \
			fprintf(stderr, "  message \"%s\" lacks \"%s\"\n", err.msg, part);         \
			h_failed_now = 1;                                                          \
		}                                                                                  \
	} while (0)

static void test_scalar_types(void)
{
	lede_frontmatter f;
	const char *text = "---\n"
	                   "title: International action\n"     /* 2 */
	                   "n: 42\n"                           /* 3 */
	                   "neg: -7\n"                         /* 4 */
	                   "hex: 0x1F\n"                       /* 5 */
	                   "oct: 0o17\n"                       /* 6 */
	                   "big: 99999999999999999999\n"       /* 7 */
	                   "f: 1.5\n"                          /* 8 */
	                   "e: -2e3\n"                         /* 9 */
	                   "inf: -.Inf\n"                      /* 10 */
	                   "nan: .nan\n"                       /* 11 */
	                   "yes: true\n"                       /* 12 */
	                   "no: FALSE\n"                       /* 13 */
	                   "nil1: ~\n"                         /* 14 */
	                   "nil2: NULL\n"                      /* 15 */
	                   "empty:\n"                          /* 16 */
	                   "date: 2020-07-24T10:00:00+02:00\n" /* 17 */
	                   "day: 2020-07-24\n"                 /* 18 */
	                   "quoted: \"true\"\n"                /* 19 */
	                   "squoted: '42'\n"                   /* 20 */
	                   "qdate: \"2020-07-24\"\n"           /* 21 */
	                   "baddate: 2021-02-29\n"             /* 22 */
	                   "word: yes\n"                       /* 23 */
	                   "ver: 1.2.3\n"                      /* 24 */
	                   "---\n"
	                   "Body\n";
	CHECK_INT(fm(text, &f), 0);
	CHECK(f.present);
	CHECK_INT(f.body_line, 26);
	CHECK_STR(text + f.body_offset, "Body\n");
	CHECK_INT(f.meta->type, LEDE_MAP);
	CHECK_INT(f.meta->u.list.n, 23);

	CHECK_STR(lede_value_str(get(&f, "title")), "International action");
	CHECK_POS(get(&f, "title"), 2, 8);
	CHECK_POS(f.meta->u.list.key_nodes[0], 2, 1);
	CHECK_INT(get(&f, "n")->type, LEDE_INT);
	CHECK_INT(get(&f, "n")->u.i, 42);
	CHECK_POS(get(&f, "n"), 3, 4);
	CHECK_INT(get(&f, "neg")->u.i, -7);
	CHECK_INT(get(&f, "hex")->type, LEDE_INT);
	CHECK_INT(get(&f, "hex")->u.i, 31);
	CHECK_INT(get(&f, "oct")->u.i, 15);
	CHECK_INT(get(&f, "big")->type, LEDE_FLOAT);
	CHECK(get(&f, "big")->u.f > 9.9e19 && get(&f, "big")->u.f < 1.1e20);
	CHECK_INT(get(&f, "f")->type, LEDE_FLOAT);
	CHECK(get(&f, "f")->u.f == 1.5);
	CHECK(get(&f, "e")->u.f == -2000.0);
	CHECK(isinf(get(&f, "inf")->u.f) && get(&f, "inf")->u.f < 0);
	CHECK(isnan(get(&f, "nan")->u.f));
	CHECK_INT(get(&f, "yes")->type, LEDE_BOOL);
	CHECK_INT(get(&f, "yes")->u.b, 1);
	CHECK_INT(get(&f, "no")->type, LEDE_BOOL);
	CHECK_INT(get(&f, "no")->u.b, 0);
	CHECK_INT(get(&f, "nil1")->type, LEDE_NULL);
	CHECK_INT(get(&f, "nil2")->type, LEDE_NULL);
	CHECK_INT(get(&f, "empty")->type, LEDE_NULL);
	CHECK_POS(get(&f, "nil1"), 14, 7);

	const lede_value *d = get(&f, "date");
	CHECK_INT(d->type, LEDE_TIMESTAMP);
	CHECK_POS(d, 17, 7);
	CHECK_INT(lede_date_epoch(&d->u.ts), 1595577600);
	CHECK_INT(get(&f, "day")->type, LEDE_TIMESTAMP);
	CHECK(!get(&f, "day")->u.ts.has_time);

	CHECK_INT(get(&f, "quoted")->type, LEDE_STRING);
	CHECK_STR(lede_value_str(get(&f, "quoted")), "true");
	CHECK_POS(get(&f, "quoted"), 19, 9);
	CHECK_STR(lede_value_str(get(&f, "squoted")), "42");
	CHECK_INT(get(&f, "qdate")->type, LEDE_STRING);
	/* Timestamp-shaped but not a real date: a string the article check
	 * can reject with its own position. */
	CHECK_STR(lede_value_str(get(&f, "baddate")), "2021-02-29");
	CHECK_STR(lede_value_str(get(&f, "word")), "yes"); /* YAML 1.2: not a bool */
	CHECK_STR(lede_value_str(get(&f, "ver")), "1.2.3");
	CHECK(get(&f, "missing") == NULL);
}

static void test_tags(void)
{
	lede_frontmatter f;
	CHECK_INT(fm("---\n"
	             "a: !!str 123\n"
	             "b: !!int \"12\"\n"
	             "c: !!float 3\n"
	             "d: !!bool \"true\"\n"
	             "e: !!null ''\n"
	             "g: !!timestamp \"2020-07-24\"\n"
	             "h: ! 12\n"
	             "---\n",
	             &f),
	          0);
	CHECK_INT(get(&f, "a")->type, LEDE_STRING);
	CHECK_STR(lede_value_str(get(&f, "a")), "123");
	CHECK_POS(get(&f, "a"), 2, 10); /* the value, not its tag */
	CHECK_INT(get(&f, "b")->type, LEDE_INT);
	CHECK_INT(get(&f, "b")->u.i, 12);
	CHECK_INT(get(&f, "c")->type, LEDE_FLOAT);
	CHECK(get(&f, "c")->u.f == 3.0);
	CHECK_INT(get(&f, "d")->type, LEDE_BOOL);
	CHECK_INT(get(&f, "e")->type, LEDE_NULL);
	CHECK_INT(get(&f, "g")->type, LEDE_TIMESTAMP);
	CHECK_INT(get(&f, "h")->type, LEDE_STRING);

	CHECK_INT(fm("---\ntitle: x\nn: !!int x1\n---\n", &f), -1);
	CHECK_ERR(3, 10, "'x1' is not a valid !!int");
	CHECK_STR(err.snippet, "n: !!int x1");
	CHECK_INT(fm("---\nn: !!bool maybe\n---\n", &f), -1);
	CHECK_ERR(2, 11, "!!bool");
	CHECK_INT(fm("---\nn: !!timestamp 2020-02-30\n---\n", &f), -1);
	CHECK_ERR(2, 24, "!!timestamp");
}

static void test_nested(void)
{
	lede_frontmatter f;
	CHECK_INT(fm("---\n"
	             "authors: [Metropolis Secretariat, \"B\"]\n" /* 2 */
	             "outlets:\n"                                 /* 3 */
	             "  web:\n"                                   /* 4 */
	             "    path: \"{lang}/{slug}/\"\n"             /* 5 */
	             "    tags:\n"                                /* 6 */
	             "      - a\n"                                /* 7 */
	             "      - ~\n"                                /* 8 */
	             "      - 3\n"                                /* 9 */
	             "custom_key: {x: 1}\n"                       /* 10 */
	             "---\n",
	             &f),
	          0);
	const lede_value *au = get(&f, "authors");
	CHECK_INT(au->type, LEDE_SEQ);
	CHECK_INT(au->u.list.n, 2);
	CHECK_POS(au, 2, 10);
	CHECK_STR(lede_value_str(au->u.list.items[0]), "Metropolis Secretariat");
	CHECK_POS(au->u.list.items[1], 2, 35);
	const lede_value *web = lede_value_get(get(&f, "outlets"), "web");
	CHECK_INT(web->type, LEDE_MAP);
	CHECK_POS(web, 5, 5);
	CHECK_STR(lede_value_str(lede_value_get(web, "path")), "{lang}/{slug}/");
	const lede_value *tags = lede_value_get(web, "tags");
	CHECK_INT(tags->type, LEDE_SEQ);
	CHECK_INT(tags->u.list.n, 3);
	CHECK_INT(tags->u.list.items[1]->type, LEDE_NULL);
	CHECK_POS(tags->u.list.items[2], 9, 9);
	CHECK_INT(tags->u.list.items[2]->type, LEDE_INT);
	/* Unknown keys are kept. */
	CHECK_INT(lede_value_get(get(&f, "custom_key"), "x")->u.i, 1);
	CHECK_STR(f.meta->u.list.keys[2], "custom_key");

	/* A deep copy is equal and independent of the source arena. */
	lede_arena *other = lede_arena_new();
	lede_value *c = lede_value_copy(other, f.meta);
	CHECK(c != f.meta);
	CHECK_STR(lede_value_str(
	              lede_value_get(lede_value_get(lede_value_get(c, "outlets"), "web"), "path")),
	          "{lang}/{slug}/");
	CHECK(lede_value_get(lede_value_get(c, "outlets"), "web") != web);
	CHECK_POS(lede_value_get(lede_value_get(c, "outlets"), "web"), 5, 5);
	lede_arena_free(other);
}

static void test_errors(void)
{
	lede_frontmatter f;
	/* A tab-indented line. */
	CHECK_INT(fm("---\ntitle: x\ntags:\n\t- a\n---\nbody\n", &f), -1);
	CHECK_ERR(4, 1, "tabs");
	CHECK_STR(err.snippet, "\t- a");
	/* An unclosed quote: blamed where it opens. */
	CHECK_INT(fm("---\ntitle: x\nsummary: \"abc\ndate: 2020-01-01\n---\nbody\n", &f), -1);
	CHECK_ERR(3, 10, "quoted scalar");
	CHECK_STR(err.snippet, "summary: \"abc");
	/* A duplicate key, also inside a nested mapping. */
	CHECK_INT(fm("---\ntitle: a\ndate: 2020-01-01\ntitle: b\n---\n", &f), -1);
	CHECK_ERR(4, 1, "duplicate key 'title' (first at line 2)");
	CHECK_STR(err.snippet, "title: b");
	CHECK_INT(fm("---\nsite:\n  a: 1\n  b: 2\n  a: 3\n---\n", &f), -1);
	CHECK_ERR(5, 3, "duplicate key 'a' (first at line 3)");
	/* Invalid UTF-8 in the body, found before any YAML is read. */
	CHECK_INT(fm("---\ntitle: a\n---\nBody\n\nLe caf\xE9 est\n", &f), -1);
	CHECK_ERR(6, 7, "invalid UTF-8 (byte 0xE9); save the file as UTF-8");
	CHECK_STR(err.snippet, "Le caf? est");
	CHECK_INT(fm("\xC3(", &f), -1);
	CHECK_ERR(1, 1, "byte 0xC3");
	/* Unclosed front matter. */
	CHECK_INT(fm("---\ntitle: a\nbody text\n", &f), -1);
	CHECK_ERR(1, 1, "front matter opened on line 1 is never closed; add a line with ---");
	/* Not a mapping. */
	CHECK_INT(fm("---\n- a\n- b\n---\n", &f), -1);
	CHECK_ERR(2, 1, "must be a mapping");
	CHECK_INT(fm("---\njust text\n---\n", &f), -1);
	CHECK_ERR(2, 1, "not a string");
	/* Bad indentation. */
	CHECK_INT(fm("---\ntitle: a\n  bad: x\n---\n", &f), -1);
	CHECK_ERR(3, 6, "invalid YAML: mapping values are not allowed");
	/* A second document inside the block. */
	CHECK_INT(fm("---\ntitle: a\n--- x\n---\n", &f), -1);
	CHECK_ERR(3, 1, "more than one YAML document");
	/* A mapping as a key. */
	CHECK_INT(fm("---\n? [a, b]\n: x\n---\n", &f), -1);
	CHECK_ERR(2, 3, "mapping key");
}

static void test_aliases(void)
{
	lede_frontmatter f;
	CHECK_INT(fm("---\nbase: &b {x: 1}\nother: *b\nlist: [&n 5, *n]\n---\n", &f), 0);
	CHECK(get(&f, "base") == get(&f, "other")); /* shared, not copied */
	CHECK_POS(get(&f, "base"), 2, 10);
	CHECK_INT(get(&f, "list")->u.list.items[1]->u.i, 5);

	CHECK_INT(fm("---\na: *nope\n---\n", &f), -1);
	CHECK_ERR(2, 4, "unknown alias '*nope'");
	CHECK_INT(fm("---\na: &r [1, *r]\n---\n", &f), -1);
	CHECK_ERR(2, 11, "inside the value it refers to");

	/* Billion laughs: stopped by the alias budget... */
	lede_buf b = LEDE_BUF_INIT;
	lede_buf_puts(&b, "---\na: &a [x]\nl: [");
	for (int i = 0; i < 1001; i++)
		lede_buf_puts(&b, "*a, ");
	lede_buf_puts(&b, "]\n---\n");
	CHECK_INT(fm(lede_buf_cstr(&b), &f), -1);
	CHECK(strstr(err.msg, "too many aliases") != NULL);
	/* ...and by the expanded size when few aliases nest deeply. */
	lede_buf_reset(&b);
	lede_buf_puts(&b, "---\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
	for (int i = 1; i < 9; i++)
		lede_buf_printf(
		    &b, "a%d: &a%d [*a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d, *a%d]\n",
		    i, i, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1, i - 1);
	lede_buf_puts(&b, "---\n");
	CHECK_INT(fm(lede_buf_cstr(&b), &f), -1);
	CHECK(strstr(err.msg, "too large") != NULL);
	CHECK_INT(err.line, 7); /* a5 would hold 1,111,111 values */
	lede_buf_free(&b);
}

static void test_no_frontmatter(void)
{
	lede_frontmatter f;
	CHECK_INT(fm("# Title\n\n---\ntitle: no\n---\n", &f), 0);
	CHECK(!f.present);
	CHECK_INT(f.meta->type, LEDE_MAP);
	CHECK_INT(f.meta->u.list.n, 0);
	CHECK_INT(f.body_offset, 0);
	CHECK_INT(f.body_line, 1);
	CHECK_INT(fm("", &f), 0);
	CHECK(!f.present);
	CHECK_INT(fm("----\nx\n", &f), 0);
	CHECK(!f.present);
	/* An empty block, a comment-only block, a null block: empty maps. */
	CHECK_INT(fm("---\n---\nBody", &f), 0);
	CHECK(f.present);
	CHECK_INT(f.meta->u.list.n, 0);
	CHECK_INT(f.body_offset, 8);
	CHECK_INT(f.body_line, 3);
	CHECK_INT(fm("---\n# nothing\n...\n", &f), 0);
	CHECK_INT(f.meta->type, LEDE_MAP);
	CHECK_INT(f.body_offset, 18);
	CHECK_INT(fm("---\n~\n---", &f), 0);
	CHECK_INT(f.meta->type, LEDE_MAP);
	CHECK_INT(f.body_offset, 9);
}

static void test_crlf_bom(void)
{
	lede_frontmatter f;
	const char *text =
	    "\xEF\xBB\xBF---  \r\ntitle: Caf\xC3\xA9\r\ndate: 2020-07-24\r\n---\r\nBody\r\n";
	CHECK_INT(fm(text, &f), 0);
	CHECK(f.present);
	CHECK_STR(lede_value_str(get(&f, "title")), "Caf\xC3\xA9");
	CHECK_POS(get(&f, "date"), 3, 7);
	CHECK_INT(get(&f, "date")->type, LEDE_TIMESTAMP);
	CHECK_STR(text + f.body_offset, "Body\r\n");
	CHECK_INT(f.body_line, 5);
	/* Columns count bytes: é is two. */
	CHECK_INT(fm("---\r\nt\xC3\xA9: 1\r\nx: \"a\r\n---\r\n", &f), -1);
	CHECK_ERR(3, 4, "never closed");
	CHECK_INT(fm("---\nt\xC3\xA9: [1, *z]\n---\n", &f), -1);
	CHECK_ERR(2, 10, "unknown alias");
	/* CR alone ends the lines (old Mac OS): said, not 'missing title' */
	CHECK_INT(fm("---\rtitle: CR\rdate: 2020-07-24\r---\rbody\r", &f), -1);
	CHECK_ERR(1, 4, "end with a carriage return alone (old Mac OS line endings)");
	CHECK_INT(fm("\xEF\xBB\xBF---\rtitle: CR\r---\r", &f), -1);
	CHECK_ERR(1, 4, "carriage return alone");
	/* BOM without front matter: the body starts after it. */
	CHECK_INT(fm("\xEF\xBB\xBFHello", &f), 0);
	CHECK(!f.present);
	CHECK_INT(f.body_offset, 3);
}

static void test_yaml_parse(void)
{
	lede_error_clear(&err);
	const char *cfg = "site:\n  title: Metropolis News\n";
	lede_value *v = lede_yaml_parse(arena, "lede.yaml", cfg, strlen(cfg), 1, &err);
	CHECK(v != NULL);
	CHECK_POS(lede_value_get(lede_value_get(v, "site"), "title"), 2, 10);
	v = lede_yaml_parse(arena, "lede.yaml", "# only a comment\n", 17, 1, &err);
	CHECK(v && v->type == LEDE_MAP && v->u.list.n == 0);
	v = lede_yaml_parse(arena, "lede.yaml", "~", 1, 1, &err);
	CHECK(v && v->type == LEDE_NULL);
	v = lede_yaml_parse(arena, "lede.yaml", "a: 1\n---\nb: 2\n", 14, 1, &err);
	CHECK(v == NULL);
	CHECK_INT(err.line, 2);
	CHECK_STR(err.file, "lede.yaml");
	/* first_line shifts every position. */
	v = lede_yaml_parse(arena, "x", "a: [1, }", 8, 10, &err);
	CHECK(v == NULL);
	CHECK_INT(err.line, 10);
	CHECK_INT(err.column, 8);
	CHECK_STR(err.snippet, "a: [1, }");
	/* Nesting is capped before anything recursive can overflow. */
	lede_buf b = LEDE_BUF_INIT;
	for (int i = 0; i < 200; i++)
		lede_buf_putc(&b, '[');
	v = lede_yaml_parse(arena, "x", b.data, b.len, 1, &err);
	CHECK(v == NULL);
	CHECK(strstr(err.msg, "nested deeper than 128") != NULL);
	CHECK_INT(err.column, 129);
	/* Many keys: the duplicate check is hashed, the last key repeats the first. */
	lede_buf_reset(&b);
	for (int i = 0; i < 5000; i++)
		lede_buf_printf(&b, "k%d: %d\n", i, i);
	v = lede_yaml_parse(arena, "x", b.data, b.len, 1, &err);
	CHECK(v && v->u.list.n == 5000);
	CHECK_INT(lede_value_get(v, "k4999")->u.i, 4999);
	lede_buf_puts(&b, "k0: again\n");
	v = lede_yaml_parse(arena, "x", b.data, b.len, 1, &err);
	CHECK(v == NULL);
	CHECK_INT(err.line, 5001);
	CHECK_STR(err.msg, "duplicate key 'k0' (first at line 1)");
	lede_buf_free(&b);
	CHECK(lede_value_get(lede_value_get(v, "k0"), "x") == NULL);
	CHECK(lede_value_str(NULL) == NULL);
	CHECK_STR(lede_value_type_name(LEDE_MAP), "mapping");
	CHECK_STR(lede_value_type_name(LEDE_TIMESTAMP), "date");
}

/* ---- Lua ---- */

/* Runs chunk with the value as global `m`; the chunk returns a string that
 * is "ok" or says what was wrong. */
static const char *lua_check(lua_State *L, const char *chunk)
{
	if (luaL_loadstring(L, chunk) || lua_pcall(L, 0, 1, 0))
		return lua_tostring(L, -1);
	return lua_tostring(L, -1);
}

static void test_lua_values(void)
{
	lede_frontmatter f;
	CHECK_INT(fm("---\n"
	             "title: Hello\n"
	             "n: 3\n"
	             "x: 2.5\n"
	             "whole: 2.0\n"
	             "ok: true\n"
	             "gone: ~\n"
	             "date: 2020-07-24T10:00:00+02:00\n"
	             "list: [a, ~, 3]\n"
	             "outlets: {web: {tags: [x, y]}}\n"
	             "---\n",
	             &f),
	          0);
	lua_State *L = luaL_newstate();
	luaL_openlibs(L);
	lede_date_open(L);
	CHECK_INT(lede_date_open_lib(L), 1);
	lua_setglobal(L, "date");
	lede_value_null(L);
	lua_setglobal(L, "NULL");
	lede_value_push(L, f.meta);
	lua_setglobal(L, "m");
	int top = lua_gettop(L);

	CHECK_STR(lua_check(L, "return (m.title == 'Hello' and math.type(m.n) == 'integer' and m.n "
	                       "== 3) and 'ok' or 'scalars'"),
	          "ok");
	CHECK_STR(lua_check(L, "return (math.type(m.x) == 'float' and m.x == 2.5 and "
	                       "math.type(m.whole) == 'float') and 'ok' or 'floats'"),
	          "ok");
	CHECK_STR(lua_check(L, "return (m.ok == true and m.gone == nil) and 'ok' or 'bool/null'"),
	          "ok");
	CHECK_STR(lua_check(L, "for k in pairs(m) do if k == 'gone' then return 'null key present' "
	                       "end end return 'ok'"),
	          "ok");
	CHECK_STR(
	    lua_check(
	        L,
	        "return (#m.list == 3 and m.list[1] == 'a' and m.list[2] == NULL and m.list[3] == 3"
	        " and type(m.list[2]) == 'userdata') and 'ok' or 'sequence'"),
	    "ok");
	CHECK_STR(lua_check(L, "return (m.outlets.web.tags[2] == 'y' and #m.outlets.web.tags == 2) "
	                       "and 'ok' or 'nested'"),
	          "ok");
	CHECK_STR(
	    lua_check(
	        L,
	        "local d = m.date return (d.year == 2020 and d.month == 7 and d.day == 24 and "
	        "d.hour == 10"
	        " and d.min == 0 and d.sec == 0 and d.offset == 120 and d.has_time and d.has_zone"
	        " and d.nsec == 0 and d.iso == m.date.iso)"
	        " and 'ok' or 'fields'"),
	    "ok");
	CHECK_STR(lua_check(L, "return m.date:rfc3339()"), "2020-07-24T10:00:00+02:00");
	CHECK_STR(lua_check(L, "return m.date:rfc822()"), "Fri, 24 Jul 2020 10:00:00 +0200");
	CHECK_STR(lua_check(L, "return m.date:localized('fr')"), "vendredi 24 juillet 2020");
	CHECK_STR(lua_check(L, "return m.date:localized()"), "Friday 24 July 2020");
	CHECK_STR(lua_check(L, "return m.date:format('%d %B %Y', 'es')"), "24 julio 2020");
	CHECK_STR(lua_check(L, "return tostring(m.date)"), "2020-07-24T10:00:00+02:00");
	CHECK_STR(lua_check(L, "return m.date:iso()"), "2020-07-24T10:00:00+02:00");
	CHECK_STR(lua_check(L, "return math.type(m.date:epoch()) .. ' ' .. m.date:epoch()"),
	          "integer 1595577600");
	CHECK_STR(lua_check(L, "local d2 = date.parse('2020-07-24T08:00:00Z')"
	                       " return (d2 == m.date and d2 <= m.date and not (d2 < m.date)"
	                       " and date.parse('2020-07-25') > m.date) and 'ok' or 'compare'"),
	          "ok");
	CHECK_STR(
	    lua_check(L,
	              "local d, msg = date.parse('2021-02-29') return tostring(d) .. ': ' .. msg"),
	    "nil: bad date '2021-02-29' at character 9: February 29 does not exist in that year "
	    "(not a leap year)");
	CHECK_STR(lua_check(L, "return tostring(date.parse('2020-07-24'))"), "2020-07-24");
	CHECK_STR(lua_check(L, "return date.from_epoch(1595577600, 120):rfc3339()"),
	          "2020-07-24T10:00:00+02:00");
	CHECK_STR(lua_check(L, "local ok, e = pcall(function() return m.date.yeer end)"
	                       " return e:match(\"lede.date has no field 'yeer'$\") and 'ok' or e"),
	          "ok");
	/* names near a field's or a method's are typos too */
	CHECK_STR(lua_check(L,
	                    "local t = {} for _, k in ipairs{'mo', 'h', '', 'isox', 'offsets'} do"
	                    " local ok, e = pcall(function() return m.date[k] end)"
	                    " t[#t + 1] = ok and 'ok' or e:match(\"no field '.*'$\") end"
	                    " return table.concat(t, ',')"),
	          "no field 'mo',no field 'h',no field '',no field 'isox',no field 'offsets'");
	CHECK_STR(lua_check(L, "local ok, e = pcall(m.date.rfc3339, {}) return e"),
	          "bad argument #1 to '?' (lede.date expected, got table)");
	CHECK_STR(
	    lua_check(
	        L,
	        "local ok, e = pcall(function() m.date.year = 1 end) return ok and 'set' or 'ok'"),
	    "ok");
	lua_settop(L, top);

	/* Top-level null is nil; a null sentinel is recognisable from C. */
	lede_value nul = {.type = LEDE_NULL};
	lede_value_push(L, &nul);
	CHECK(lua_isnil(L, -1));
	lede_value_null(L);
	CHECK(lede_value_is_null(L, -1));
	CHECK(!lede_value_is_null(L, -2));
	lua_getfield(L, LUA_REGISTRYINDEX, "lede.null");
	CHECK(lua_rawequal(L, -1, -2));
	lua_close(L);
}

/* lede_value_same_lua: a table pushed from a value and left alone is the
 * same; any change, however deep, is not (the sync after a hook relies
 * on it to skip converting back only what nothing touched). */
static void test_same_lua(void)
{
	lede_frontmatter f;
	CHECK_INT(fm("---\n"
	             "title: Hello\n"
	             "n: 3\n"
	             "x: 2.5\n"
	             "ok: true\n"
	             "date: 2020-07-24T10:00:00+02:00\n"
	             "list: [a, ~, 3]\n"
	             "people: [{name: Ana, roles: [mayor]}]\n"
	             "---\n",
	             &f),
	          0);
	static const char *const changes[] = {
	    "m.title = 'Hello!'",
	    "m.n = 3.0",
	    "m.x = 2.25",
	    "m.ok = false",
	    "m.gone = 1",
	    "m.date = date.parse('2020-07-24T10:00:01+02:00')",
	    "m.list[2] = 'b'",
	    "m.list[4] = 'c'",
	    "m.people[1].name = 'Ana B'",
	    "m.people[1].roles[1] = 'Mayor'",
	    "m.people[1].extra = true",
	    "m.new = 'x'",
	    "m.title = nil",
	    "m.n = '3'",
	    "m[1] = 'one'",
	    "m.people = {}",
	};
	lua_State *L = luaL_newstate();
	luaL_openlibs(L);
	lede_date_open(L);
	CHECK_INT(lede_date_open_lib(L), 1);
	lua_setglobal(L, "date");
	lede_value_push(L, f.meta);
	CHECK(lede_value_same_lua(L, -1, f.meta));
	CHECK_INT(lua_gettop(L), 1);
	/* the same values written again: still the same */
	lua_setglobal(L, "m");
	CHECK_STR(lua_check(L, "m.title = 'Hel' .. 'lo'; m.n = 3; m.list[1] = 'a'; return 'ok'"),
	          "ok");
	lua_pop(L, 1);
	lua_getglobal(L, "m");
	CHECK(lede_value_same_lua(L, -1, f.meta));
	lua_pop(L, 1);
	for (size_t i = 0; i < sizeof changes / sizeof *changes; i++) {
		lede_value_push(L, f.meta);
		lua_setglobal(L, "m");
		if (luaL_dostring(L, changes[i]) != 0) {
			fprintf(stderr, "  %s: %s\n", changes[i], lua_tostring(L, -1));
			CHECK(0);
			lua_pop(L, 1);
			continue;
		}
		lua_getglobal(L, "m");
		if (lede_value_same_lua(L, -1, f.meta)) {
			fprintf(stderr, "  not seen: %s\n", changes[i]);
			CHECK(0);
		}
		lua_pop(L, 1);
	}
	/* A map's null key is not pushed, and an empty map pushes as an
	 * empty table, which converts to an empty list: neither is the same
	 * (the caller converts; no harm but the time). Nor is what is not
	 * data at all (the conversion reports it). */
	lede_frontmatter g;
	CHECK_INT(fm("---\ngone: ~\nempty: {}\n---\n", &g), 0);
	lede_value_push(L, g.meta);
	CHECK(!lede_value_same_lua(L, -1, g.meta));
	lua_pop(L, 1);
	lua_pushcfunction(L, lede_date_open_lib);
	CHECK(!lede_value_same_lua(L, -1, f.meta));
	lua_close(L);
}

/* Escapes decode to control characters that C strings and plain text
 * cannot carry: an error at the scalar, in front matter and lede.yaml. */
static void test_controls(void)
{
	lede_frontmatter f;
	CHECK(fm("---\ntitle: \"\\0Secret\"\ndate: 2020-01-01\n---\n", &f) == -1);
	CHECK_ERR(2, 8, "control character U+0000 in a string");
	CHECK(fm("---\ntitle: \"abc\\0def\"\n---\n", &f) == -1);
	CHECK_ERR(2, 8, "U+0000");
	CHECK(fm("---\ntags: [ok, \"bell\\a\"]\n---\n", &f) == -1);
	CHECK_ERR(2, 12, "U+0007");
	CHECK(fm("---\n\"k\\x1b\": 1\n---\n", &f) == -1);
	CHECK_ERR(2, 1, "U+001B in a key");
	CHECK(fm("---\ns: |\n  a\n  \"\\x01\"\nt: \"x\\u001Fy\"\n---\n", &f) == -1);
	CHECK_ERR(5, 4, "U+001F");
	/* tab, newline and CR are text */
	CHECK(fm("---\ns: \"a\\tb\\nc\\rd\"\nb: |\n  one\n  two\n---\n", &f) == 0);
	CHECK_STR(get(&f, "s")->u.str.s, "a\tb\nc\rd");
	CHECK_STR(get(&f, "b")->u.str.s, "one\ntwo\n");
	const char *cfg = "site: { title: \"T\\x01\" }\n";
	lede_error_clear(&err);
	CHECK(lede_yaml_parse(arena, "lede.yaml", cfg, strlen(cfg), 1, &err) == NULL);
	CHECK_STR(err.file, "lede.yaml");
	CHECK_INT(err.line, 1);
	CHECK_INT(err.column, 16);
	CHECK(strstr(err.msg, "U+0001") != NULL);
}

/* lede_frontmatter_extent: where the parser would end the front matter,
 * from the first bytes alone, or that those bytes cannot say. */
static void test_extent(void)
{
	static const char *const whole[] = {
	    "---\ntitle: x\n---\nbody\n",
	    "---\ntitle: x\n...\nbody",
	    "\xEF\xBB\xBF---\r\na: 1\r\n---  \r\nbody",
	    "---\n---\n",
	    "title: x\n",
	    "--x\n---\n",
	    "----\na: 1\n---\n",
	    "--- x\n---\n",
	    "\n---\na: 1\n---\n",
	};
	for (size_t i = 0; i < sizeof whole / sizeof *whole; i++) {
		lede_frontmatter f;
		CHECK_INT(fm(whole[i], &f), 0);
		size_t want = f.present ? f.body_offset : 0;
		CHECK(lede_frontmatter_extent(whole[i], strlen(whole[i])) == want);
	}
	/* Cut short: the block, its first line or its closing line go on. */
	static const char *const open[] = {
	    "",
	    "-",
	    "--",
	    "---",
	    "---  ",
	    "\xEF",
	    "\xEF\xBB",
	    "\xEF\xBB\xBF--",
	    "---\ntitle: x\n",
	    "---\ntitle: x\n---",
	    "---\ntitle: x\n--",
	};
	for (size_t i = 0; i < sizeof open / sizeof *open; i++)
		CHECK(lede_frontmatter_extent(open[i], strlen(open[i])) == LEDE_FM_UNKNOWN);
	/* The first bytes of a longer file: what they hold is enough. */
	const char *t = "---\ntitle: x\n---\nA body that goes on";
	CHECK(lede_frontmatter_extent(t, 17) == 17);
	CHECK(lede_frontmatter_extent(t, 16) == LEDE_FM_UNKNOWN);
	CHECK(lede_frontmatter_extent("-x-\n", 2) == 0);
}

/* The front matter lede_yaml_parse reads without libyaml: the same tree
 * as libyaml's path, positions included; and what it leaves to libyaml. */
static void test_fast_path(void)
{
	static const char *const fast[] = {
	    "title: \"Coastal council\"\ndate: 2018-01-01T13:10:00+05:30\nsection: Culture\n"
	    "authors:\n  - \"Ruth Ellison\"\n  - Mei Lin\ntags:\n  - budget\n  - opinion-pieces\n"
	    "lang: en\nsummary: 'It is \"so\"'\n",
	    "# a comment\n\ntitle: x\n\n# another\ntags:\n- a\n-   b\n\n  # inside\n- c\nn: 3\n",
	    "a: 0x1F\nb: 1e5\nc: .inf\nd: ~\ne: True\nf: 2021-02-29\ng: 99999999999999999999\n"
	    "h: http://x.org/a#b\ni: a:b\nj: caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d   \nk: \"x\"  \n"
	    "l: 2024-01-01 10:00\nm: 007\nn: \"\"\nx.y-z_9: 1.",
	    "tags:\n    - a\n    - \"b c\"\nt: 1\n",
	    /* a block scalar on the text's last line (lede.yaml without a
	     * final newline): no line break to clip to */
	    "s: >\n  a\n  b",
	    "l: |\n x",
	    /* the sample site's: flow lists, a mapping under a key */
	    "authors: [Metropolis Secretariat, \"L. F\xc3\xa9rr\"]\ntags: [care, covid-19]\nnone: "
	    "[]\n"
	    "image:\n  src: images/a.svg\n  alt: A city\n  sizes: [1, 2.5]\n  list:\n  - x\n"
	    "  credit: \"Illustration: lede\"\nafter: 1\n"
	    "s: >-\n  folded\n  text\nl: |\n    line\n    # not a comment\nc: >\n  clip\n\n# "
	    "c\nx:\n  y: |-\n    in\n    map\n",
	};
	static const char *const slow[] = {
	    "title: a: b\n",          /* libyaml's error, with its hint */
	    "a: 1\na: 2\n",           /* a duplicate key: libyaml's error */
	    "a: x # comment\n",       /* a comment after a value */
	    "a: \"esc\\n\"\n",        /* an escape */
	    "a: [1, 2,]\n",           /* a trailing comma */
	    "a: [1, [2]]\n",          /* a list in a flow list */
	    "a: [a: 1]\n",            /* a mapping in a flow list */
	    "a: [1,\n  2]\n",         /* a flow list on two lines */
	    "a: {b: 1}\n",            /* a flow mapping */
	    "a: |+\n  text\n",        /* a block scalar kept (+) */
	    "a: >2\n   text\n",       /* an indentation digit */
	    "a: >\n  one\n\n  two\n", /* a blank line inside */
	    "a: >\n  one\n    two\n", /* a line indented more */
	    "a: >\n  one \n",         /* a trailing space */
	    "a: > # c\n  one\n",      /* a comment after the indicator */
	    "a: &x 1\nb: *x\n",       /* anchor, alias */
	    "a:\n  b:\n    c: 1\n",   /* a mapping two levels down */
	    "a:\n  b:\n - x\n",       /* a list left of its key's mapping */
	    "a:\n  b: 1\n   c: 2\n",  /* a mapping out of line */
	    "a:\nb: 1\n",             /* empty value */
	    "a: one\n  two\n",        /* a scalar on two lines */
	    "a:\n  - x\n - y\n",      /* a list out of line */
	    "a:\t1\n",                /* tab */
	    "a: 1\r\n",               /* CR */
	    "a: x\xc2\x85y\n",        /* NEL, a line break to libyaml */
	    "a: x\xe2\x80\xa8y\n",    /* LS */
	    "a: x\xef\xbb\xbfy\n",    /* BOM inside */
	    "a: !!str 1\n",           /* tag */
	    "- a\n",                  /* not a mapping */
	    "a: \"unclosed\n",
	    "a:\n  -\n",     /* an empty item */
	    "a:\n  - - x\n", /* a list in a list */
	    "\"k\": 1\n",    /* a quoted key */
	    "",              /* nothing */
	};
	lede_error e;
	for (size_t i = 0; i < sizeof fast / sizeof *fast; i++) {
		lede_value *v = lede_yaml_parse_simple(arena, fast[i], strlen(fast[i]), 2);
		if (!v)
			fprintf(stderr, "  not taken by the fast path: %s\n", fast[i]);
		CHECK(v != NULL);
		CHECK(lede_value_identical(
		    v, lede_yaml_parse_libyaml(arena, "a.md", fast[i], strlen(fast[i]), 2, &e)));
		CHECK(lede_value_identical(
		    v, lede_yaml_parse(arena, "a.md", fast[i], strlen(fast[i]), 2, &e)));
	}
	for (size_t i = 0; i < sizeof slow / sizeof *slow; i++)
		if (lede_yaml_parse_simple(arena, slow[i], strlen(slow[i]), 2)) {
			fprintf(stderr, "  taken by the fast path: %s\n", slow[i]);
			h_failed_now = 1;
		}
	/* more values than the fast path counts: libyaml's, which counts
	 * them against LEDE_YAML_MAX_VALUES */
	lede_buf big = LEDE_BUF_INIT;
	for (int k = 0; k < 7; k++) {
		lede_buf_printf(&big, "k%d:\n", k);
		for (int j = 0; j < 64; j++) {
			lede_buf_printf(&big, "  j%d:\n", j);
			for (int i = 0; i < 256; i++)
				lede_buf_puts(&big, "  - x\n");
		}
	}
	CHECK(lede_yaml_parse_simple(arena, big.data, big.len, 2) == NULL);
	CHECK(lede_yaml_parse_simple(arena, big.data, big.len / 7, 2) != NULL);
	lede_buf_free(&big);
	/* block scalars take the memory of their text, not of what follows
	 * them (an arena block the size of the rest of the text each took
	 * 1.7 GB for an 850 KB front matter) */
	lede_buf blocks = LEDE_BUF_INIT;
	for (int k = 0; k < 4; k++) {
		lede_buf_printf(&blocks, "k%d:\n", k);
		for (int j = 0; j < 64; j++)
			lede_buf_printf(&blocks, "  j%d: >-\n    %0100d\n", j, j);
	}
	lede_arena *own = lede_arena_new();
	CHECK(lede_yaml_parse_simple(own, blocks.data, blocks.len, 2) != NULL);
	CHECK(lede_yaml_paths_agree(blocks.data, blocks.len, 2));
	CHECK(lede_arena_used(own) < 8 * blocks.len);
	lede_arena_free(own);
	lede_buf_free(&blocks);
	/* the positions themselves, where libyaml puts them */
	lede_value *v = lede_yaml_parse_simple(arena, fast[1], strlen(fast[1]), 2);
	const lede_value *tags = lede_value_get(v, "tags");
	CHECK_POS(v, 4, 1);
	CHECK_POS(lede_value_get(v, "title"), 4, 8);
	CHECK_POS(tags, 8, 1); /* the list at its first '-' */
	CHECK(tags && tags->type == LEDE_SEQ && tags->u.list.n == 3);
	if (tags && tags->u.list.n == 3) {
		CHECK_POS(tags->u.list.items[1], 9, 5);
		CHECK_STR(tags->u.list.items[2]->u.str.s, "c");
	}
	CHECK_POS(v->u.list.key_nodes[2], 13, 1);
	/* a duplicate key is still libyaml's error, at the second one */
	CHECK(fm("---\na: 1\nb: 2\na: 3\n---\n", &(lede_frontmatter){0}) == -1);
	CHECK_ERR(4, 1, "duplicate key 'a' (first at line 2)");
}

/* An article's text fields are the text written, whatever YAML types it as. */
static void test_text_fields(void)
{
	lede_frontmatter f;
	const char *text = "\xEF\xBB\xBF---\r\n"
	                   "title: 1984\r\n"                 /* 2 */
	                   "slug: 404   # the page\r\n"      /* 3 */
	                   "section: 2024\r\n"               /* 4 */
	                   "summary: 1.50\r\n"               /* 5 */
	                   "translation_key: 2024-01-01\r\n" /* 6 */
	                   "n: 42\r\n"                       /* 7 */
	                   "meta: {title: 7}\r\n"            /* 8 */
	                   "---\r\nBody\r\n";
	CHECK_INT(fm(text, &f), 0);
	CHECK_STR(lede_value_str(get(&f, "title")), "1984");
	CHECK_POS(get(&f, "title"), 2, 8);
	CHECK_STR(lede_value_str(get(&f, "slug")), "404");
	CHECK_STR(lede_value_str(get(&f, "section")), "2024");
	CHECK_STR(lede_value_str(get(&f, "summary")), "1.50");
	CHECK_STR(lede_value_str(get(&f, "translation_key")), "2024-01-01");
	/* other keys keep their type, nested ones too */
	CHECK_INT(get(&f, "n")->type, LEDE_INT);
	CHECK_INT(lede_value_get(get(&f, "meta"), "title")->type, LEDE_INT);
	CHECK_INT(fm("---\ntitle: true\ndate: 2026-01-01\n---\n", &f), 0);
	CHECK_STR(lede_value_str(get(&f, "title")), "true");
	CHECK_INT(get(&f, "date")->type, LEDE_TIMESTAMP);
	CHECK_INT(fm("---\ntitle: 0x1F\n---\n", &f), 0);
	CHECK_STR(lede_value_str(get(&f, "title")), "0x1F");
	/* a tag asked for a number: the title is text all the same */
	CHECK_INT(fm("---\ntitle: !!int 1984\n---\n", &f), 0);
	CHECK_STR(lede_value_str(get(&f, "title")), "1984");
	/* a flow map's item is not taken back from the line: it stays typed,
	 * and the article's check says so */
	CHECK_INT(fm("---\n{title: 1984, date: 2026-01-01}\n---\n", &f), 0);
	CHECK_INT(get(&f, "title")->type, LEDE_INT);
	/* quoted: a string as it always was */
	CHECK_INT(fm("---\ntitle: \"1984\"\n---\n", &f), 0);
	CHECK_STR(lede_value_str(get(&f, "title")), "1984");
	/* tags and authors: each item of a flow or a block list, and a single
	 * value (tags: [true, 2020-01-01] dropped those two without a word) */
	CHECK_INT(fm("---\ntags: [Open data, 42, true, 2020-01-01, 1.50]\nauthors:\n  - yes\n"
	             "  - 2021-02-03 # a date\nauthor: 7\n---\n",
	             &f),
	          0);
	const lede_value *tags = get(&f, "tags");
	CHECK_INT((long long)tags->u.list.n, 5);
	const char *want[] = {"Open data", "42", "true", "2020-01-01", "1.50"};
	for (size_t i = 0; i < 5 && i < tags->u.list.n; i++)
		CHECK_STR(lede_value_str(tags->u.list.items[i]), want[i]);
	CHECK_STR(lede_value_str(get(&f, "authors")->u.list.items[0]), "yes");
	CHECK_STR(lede_value_str(get(&f, "authors")->u.list.items[1]), "2021-02-03");
	CHECK_STR(lede_value_str(get(&f, "author")), "7");
	CHECK_INT(fm("---\ntags: 2024\n---\n", &f), 0);
	CHECK_STR(lede_value_str(get(&f, "tags")), "2024");
	/* found from the last value's line onward, and from the start again
	 * for one before it (an alias's value stands at its anchor) */
	CHECK_INT(fm("---\nn: &x 7.50\ntitle: 1984\nslug: *x\ntags:\n  - 1\n  - 2.0\n---\n", &f),
	          0);
	CHECK_STR(lede_value_str(get(&f, "title")), "1984");
	CHECK_STR(lede_value_str(get(&f, "slug")), "7.50");
	CHECK_STR(lede_value_str(get(&f, "tags")->u.list.items[1]), "2.0");
}

int main(void)
{
	arena = lede_arena_new();
	RUN(test_scalar_types);
	RUN(test_tags);
	RUN(test_nested);
	RUN(test_errors);
	RUN(test_aliases);
	RUN(test_no_frontmatter);
	RUN(test_crlf_bom);
	RUN(test_yaml_parse);
	RUN(test_lua_values);
	RUN(test_same_lua);
	RUN(test_controls);
	RUN(test_extent);
	RUN(test_fast_path);
	RUN(test_text_fields);
	lede_arena_free(arena);
	DONE();
}
