/* test_json.c: the build state's JSON reader and writer (json.c), and
 * records through it (lede_record_encode, lede_record_decode): every field
 * an index hook sees comes back as it was. */
#include "harness.h"
#include "json.h"
#include "state.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static lede_value *parse(lede_arena *ar, const char *s)
{
	return lede_json_parse(ar, s, strlen(s));
}

static void test_parse(void)
{
	lede_arena *ar = lede_arena_new();
	lede_value *v = parse(ar, " {\"a\": [1, -2.5e1, true, false, null], \"b\": \"x\\\"\\\\\\n"
	                          "\\u00e9\\ud83d\\ude00\\u0000y\", \"c\": {}} ");
	CHECK(v && v->type == LEDE_MAP && v->u.list.n == 3);
	const lede_value *a = lede_value_get(v, "a");
	CHECK(a && a->type == LEDE_SEQ && a->u.list.n == 5);
	CHECK(a->u.list.items[0]->type == LEDE_INT && a->u.list.items[0]->u.i == 1);
	CHECK(a->u.list.items[1]->type == LEDE_FLOAT && a->u.list.items[1]->u.f == -25.0);
	CHECK(a->u.list.items[2]->type == LEDE_BOOL && a->u.list.items[2]->u.b);
	CHECK(a->u.list.items[4]->type == LEDE_NULL);
	const lede_value *b = lede_value_get(v, "b");
	CHECK(b && b->type == LEDE_STRING && b->u.str.len == 12);
	CHECK(!memcmp(b->u.str.s, "x\"\\\n\xc3\xa9\xf0\x9f\x98\x80\0y", 12));
	CHECK(lede_value_get(v, "c")->type == LEDE_MAP);
	/* integers (read without strtoll when short) and reals */
	static const struct {
		const char *in;
		bool real;
		long long i;
	} nums[] = {{"0", false, 0},
	            {"-0", false, 0},
	            {"-7", false, -7},
	            {"123456789012345678", false, 123456789012345678LL},
	            {"-9223372036854775807", false, -9223372036854775807LL},
	            {"+5", false, 5},
	            {"1e2", true, 100},
	            {"-2.5", true, -2}};
	for (size_t i = 0; i < sizeof nums / sizeof *nums; i++) {
		lede_value *n = parse(ar, nums[i].in);
		bool good = n && n->type == (nums[i].real ? LEDE_FLOAT : LEDE_INT) &&
		            (nums[i].real ? (long long)n->u.f == nums[i].i : n->u.i == nums[i].i);
		if (!good) {
			fprintf(stderr, "  misread: %s\n", nums[i].in);
			h_failed_now = 1;
		}
	}
	/* lists and objects longer than the parser's first sixteen items */
	lede_buf many = LEDE_BUF_INIT;
	lede_buf_puts(&many, "[");
	for (int i = 0; i < 40; i++)
		lede_buf_printf(&many, "%s{\"k%d\":%d}", i ? "," : "", i, i);
	lede_buf_puts(&many, "]");
	lede_value *m = lede_json_parse(ar, many.data, many.len);
	CHECK(m && m->type == LEDE_SEQ && m->u.list.n == 40);
	CHECK(m && m->u.list.items[39]->u.list.items[0]->u.i == 39);
	lede_buf_reset(&many);
	lede_buf_puts(&many, "{");
	for (int i = 0; i < 40; i++)
		lede_buf_printf(&many, "%s\"k%d\":%d", i ? "," : "", i, i);
	lede_buf_puts(&many, "}");
	m = lede_json_parse(ar, many.data, many.len);
	CHECK(m && m->type == LEDE_MAP && m->u.list.n == 40);
	CHECK(m && lede_value_get(m, "k0")->u.i == 0 && lede_value_get(m, "k39")->u.i == 39);
	lede_buf_free(&many);
	/* not JSON */
	const char *bad[] = {"",    "{",   "[1,]",  "{\"a\" 1}", "\"abc",
	                     "tru", "1 2", "{1:2}", "\"\\x\""};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		CHECK(parse(ar, bad[i]) == NULL);
	/* nested deeper than 1000 levels */
	lede_buf deep = LEDE_BUF_INIT;
	for (int i = 0; i < 1002; i++)
		lede_buf_putc(&deep, '[');
	for (int i = 0; i < 1002; i++)
		lede_buf_putc(&deep, ']');
	CHECK(lede_json_parse(ar, deep.data, deep.len) == NULL);
	lede_buf_free(&deep);
	lede_arena_free(ar);
}

static void test_strings(void)
{
	lede_buf b = LEDE_BUF_INIT;
	const char s[] = "a\"b\\c\nd\x01\x7f\xc3\xa9\0z";
	lede_json_put_str(&b, s, sizeof s - 1);
	CHECK_STR(lede_buf_cstr(&b), "\"a\\\"b\\\\c\\nd\\u0001\x7f\xc3\xa9\\u0000z\"");
	lede_arena *ar = lede_arena_new();
	lede_value *v = lede_json_parse(ar, b.data, b.len);
	CHECK(v && v->u.str.len == sizeof s - 1 && !memcmp(v->u.str.s, s, sizeof s - 1));
	/* long strings are looked at sixteen bytes at a time: each byte that
	 * is escaped, and some that are not (DEL, 0x80 and up), at every offset
	 * of a run of letters, escaped as alone and read back */
	static const struct {
		char in;
		const char *out;
	} one[] = {{'"', "\\\""},        {'\\', "\\\\"},      {'\n', "\\n"},       {'\t', "\\t"},
	           {'\r', "\\r"},        {'\0', "\\u0000"},   {'\x1f', "\\u001f"}, {'\x7f', "\x7f"},
	           {(char)0x80, "\x80"}, {(char)0xff, "\xff"}};
	bool ok = true;
	lede_buf want = LEDE_BUF_INIT;
	for (size_t k = 0; k < sizeof one / sizeof *one; k++) {
		for (size_t at = 0; at < 53; at++) {
			char in[53];
			memset(in, 'a', sizeof in);
			in[at] = one[k].in;
			lede_buf_reset(&want);
			lede_buf_putc(&want, '"');
			lede_buf_put(&want, in, at);
			lede_buf_puts(&want, one[k].out);
			lede_buf_put(&want, in + at + 1, sizeof in - at - 1);
			lede_buf_putc(&want, '"');
			lede_buf_reset(&b);
			lede_json_put_str(&b, in, sizeof in);
			ok = ok && b.len == want.len && !memcmp(b.data, want.data, b.len);
			/* ...and read back: parsed, its length found, checked alone */
			lede_value *back = lede_json_parse(ar, b.data, b.len);
			ok = ok && back && back->type == LEDE_STRING &&
			     back->u.str.len == sizeof in && !memcmp(back->u.str.s, in, sizeof in);
			lede_buf_puts(&b, ",\"x\":1}");
			ok = ok && lede_json_str_len(b.data, b.data + b.len) == b.len - 7;
			ok = ok && lede_json_get_str(b.data, b.len - 7, NULL) == 0;
		}
	}
	CHECK(ok);
	lede_buf_free(&want);
	lede_arena_free(ar);
	lede_buf_free(&b);
}

/* A string literal read back alone (a page's links in the build state):
 * what lede_json_put_str wrote, byte for byte, and nothing that is not
 * one whole string. */
static void test_get_str(void)
{
	const char s[] = "+[lede]/a.mustache\n0 0 ../x \"y\"\\\x01\xc3\xa9\0z";
	lede_buf lit = LEDE_BUF_INIT, got = LEDE_BUF_INIT;
	lede_json_put_str(&lit, s, sizeof s - 1);
	CHECK_INT(lede_json_get_str(lit.data, lit.len, &got), 0);
	/* its length found in a longer text, and none where it does not end */
	lede_buf_puts(&lit, ",\"x\":1}");
	CHECK_INT(lede_json_str_len(lit.data, lit.data + lit.len), lit.len - 7);
	CHECK_INT(lede_json_str_len("\"ab\\\"", "\"ab\\\"" + 5), 0);
	CHECK_INT(lede_json_str_len("x\"\"", "x\"\"" + 3), 0);
	CHECK(got.len == sizeof s - 1 && !memcmp(got.data, s, sizeof s - 1));
	lede_buf_reset(&got);
	const char *u = "\"\\u00e9\\ud83d\\ude00\"";
	CHECK_INT(lede_json_get_str(u, strlen(u), &got), 0);
	CHECK_STR(lede_buf_cstr(&got), "\xc3\xa9\xf0\x9f\x98\x80");
	const char *bad[] = {"",         "x",       "\"open",    "\"a\" ",
	                     "\"a\"b\"", "\"\\q\"", "\"\\u12\"", "\"\\"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		lede_buf_reset(&got);
		if (lede_json_get_str(bad[i], strlen(bad[i]), &got) != -1 ||
		    lede_json_get_str(bad[i], strlen(bad[i]), NULL) != -1) {
			fprintf(stderr, "  accepted: %s\n", bad[i]);
			h_failed_now = 1;
		}
	}
	/* only checked (out NULL): the same answer */
	CHECK_INT(lede_json_get_str(u, strlen(u), NULL), 0);
	CHECK_INT(lede_json_get_str(lit.data, lit.len - 7, NULL), 0);
	lede_buf_free(&lit);
	lede_buf_free(&got);
}

/* Some members of an object (a thin record's): the ones asked for whole
 * are parsed, the others asked for give their kind only, the rest are
 * checked and skipped; what is not one JSON object is refused. */
static void test_members(void)
{
	const char *keys[] = {"title", "tags", "meta", "authors", "n", "gone"};
	const bool whole[] = {true, true, false, false, false, true};
	lede_value *out[6];
	lede_arena *ar = lede_arena_new();
	const char *rec = " {\"title\":\"A \\\"b\\\"\",\"summary\":\"long\\ntext\","
	                  "\"meta\":{\"$map\":[[\"k\",[1,2.5e3,{\"x\":null}]]]},"
	                  "\"tags\":[\"x\",\"y\"], \"authors\" : [], \"n\":-12,\"b\":true} ";
	CHECK(lede_json_parse_members(ar, rec, strlen(rec), keys, whole, 6, out));
	CHECK_STR(lede_value_str(out[0]), "A \"b\"");
	CHECK(out[1] && out[1]->type == LEDE_SEQ && out[1]->u.list.n == 2);
	CHECK(out[2] && out[2]->type == LEDE_MAP && out[2]->u.list.n == 0);
	CHECK(out[3] && out[3]->type == LEDE_SEQ);
	CHECK(out[4] && out[4]->type == LEDE_INT);
	CHECK(out[5] == NULL);
	CHECK(lede_json_parse_members(ar, "{}", 2, keys, whole, 6, out) && !out[0]);
	/* members in any order, and more keys asked for than the reader
	 * keeps at hand (a valid object and a broken one) */
	const char *many[20];
	char names[20][8];
	bool all[20];
	lede_value *got[20];
	for (int i = 0; i < 20; i++) {
		snprintf(names[i], sizeof names[i], "k%d", i);
		many[i] = names[i];
		all[i] = true;
	}
	const char *backwards = "{\"k19\":19,\"k3\":3,\"k0\":0,\"k1\":1,\"k3x\":9,\"k18\":18}";
	CHECK(lede_json_parse_members(ar, backwards, strlen(backwards), many, all, 20, got));
	CHECK(got[19] && got[19]->u.i == 19 && got[18] && got[18]->u.i == 18);
	CHECK(got[0] && got[0]->u.i == 0 && got[1] && got[1]->u.i == 1 && got[3]->u.i == 3);
	CHECK(!got[2] && !got[17]);
	CHECK(!lede_json_parse_members(ar, "[]", 2, many, all, 20, got));
	CHECK(!lede_json_parse_members(ar, "{\"k1\":", 6, many, all, 20, got));
	/* a key spelt with escapes is the same key; one with a NUL is not */
	const char *esc = "{\"ti\\u0074le\":\"t\",\"n\\u0000x\":1,\"titl\":2}";
	CHECK(lede_json_parse_members(ar, esc, strlen(esc), keys, whole, 6, out));
	CHECK_STR(lede_value_str(out[0]), "t");
	CHECK(out[4] == NULL);
	const char *bad[] = {"",
	                     "[1]",
	                     "\"s\"",
	                     "{\"title\":\"a\"",
	                     "{\"summary\":[1,}",
	                     "{\"summary\":{\"a\" 1}}",
	                     "{\"summary\":tru}",
	                     "{\"summary\":1-2}",
	                     "{\"summary\":\"\\q\"}",
	                     "{\"title\":\"a\"} x",
	                     "{\"title\":\"a\",}",
	                     "{\"summary\":[1 2]}",
	                     "{\"summary\":{\"a\":1,}}",
	                     "{\"summary\":{1:2}}",
	                     "{\"summary\":[}",
	                     "{\"summary\":{\"a\":[1,{\"b\":]}}}",
	                     "{\"summary\":[[]]]}",
	                     "{\"summary\":{\"a\"}}",
	                     "{\"summary\":[1,2}",
	                     "{\"summary\":{\"a\":1]}",
	                     "{\"summary\":[\"a\",nul]}"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (lede_json_parse_members(ar, bad[i], strlen(bad[i]), keys, whole, 6, out)) {
			fprintf(stderr, "  accepted: %s\n", bad[i]);
			h_failed_now = 1;
		}
	/* skipped members of every shape, the next one still read */
	const char *shapes = "{\"summary\":[[],{},[{}],{\"a\":[1,-2.5e3,\"x\\\"]\",{\"b\":null}]},"
	                     "true,false], \"x\" : { \"y\" : [ ] } ,\"title\":\"ok\"}";
	CHECK(lede_json_parse_members(ar, shapes, strlen(shapes), keys, whole, 6, out));
	CHECK_STR(lede_value_str(out[0]), "ok");
	/* a skipped member nested past the limit is refused too */
	lede_buf deep = LEDE_BUF_INIT;
	lede_buf_puts(&deep, "{\"summary\":");
	for (int i = 0; i < 1100; i++)
		lede_buf_putc(&deep, '[');
	for (int i = 0; i < 1100; i++)
		lede_buf_putc(&deep, ']');
	lede_buf_putc(&deep, '}');
	CHECK(!lede_json_parse_members(ar, deep.data, deep.len, keys, whole, 6, out));
	/* ...and one at the limit read */
	lede_buf_reset(&deep);
	lede_buf_puts(&deep, "{\"summary\":");
	for (int i = 0; i < 999; i++)
		lede_buf_puts(&deep, i % 2 ? "{\"k\":" : "[");
	for (int i = 998; i >= 0; i--)
		lede_buf_putc(&deep, i % 2 ? '}' : ']');
	lede_buf_putc(&deep, '}');
	CHECK(lede_json_parse_members(ar, deep.data, deep.len, keys, whole, 6, out));
	lede_buf_free(&deep);
	lede_arena_free(ar);
}

static lede_value *val(lede_arena *ar, lede_value_type t)
{
	lede_value *v = lede_arena_alloc(ar, sizeof *v);
	memset(v, 0, sizeof *v);
	v->type = t;
	return v;
}

static lede_value *str(lede_arena *ar, const char *s)
{
	lede_value *v = val(ar, LEDE_STRING);
	v->u.str.s = lede_arena_strdup(ar, s);
	v->u.str.len = strlen(s);
	return v;
}

static lede_value *list(lede_arena *ar, lede_value_type t, size_t n, const char **keys,
                        lede_value **items)
{
	lede_value *v = val(ar, t);
	v->u.list.n = n;
	v->u.list.items = lede_arena_alloc(ar, (n + 1) * sizeof *items);
	memcpy(v->u.list.items, items, n * sizeof *items);
	if (keys) {
		v->u.list.keys = lede_arena_alloc(ar, (n + 1) * sizeof *keys);
		memcpy(v->u.list.keys, keys, n * sizeof *keys);
	}
	return v;
}

/* A record with every kind of value goes through the manifest's text
 * and comes back with the same digest (which covers every field). */
static void test_records(void)
{
	lede_arena *ar = lede_arena_new();
	lede_article *a = lede_arena_alloc(ar, sizeof *a);
	memset(a, 0, sizeof *a);
	a->arena = ar;
	a->path = "content/a.md";
	a->title = "A \"title\"\n";
	a->slug = "a";
	a->lang = "en";
	a->date = (lede_date){2021, 2, 3, 4, 5, 6, 7, -120, true, true};
	a->url = "en/a/";
	lede_value *tags[] = {str(ar, "x"), str(ar, "y")};
	a->tags = list(ar, LEDE_SEQ, 2, NULL, tags);
	a->authors = list(ar, LEDE_SEQ, 0, NULL, tags);
	lede_value *f1 = val(ar, LEDE_FLOAT), *f2 = val(ar, LEDE_FLOAT), *f3 = val(ar, LEDE_FLOAT);
	f1->u.f = 2.0;
	f2->u.f = NAN;
	f3->u.f = 0.1;
	lede_value *i = val(ar, LEDE_INT), *t = val(ar, LEDE_TIMESTAMP), *n = val(ar, LEDE_NULL);
	i->u.i = -9007199254740993LL;
	t->u.ts = a->date;
	lede_value *bo = val(ar, LEDE_BOOL);
	bo->u.b = true;
	/* a key named like the writer's own markers */
	const char *keys[] = {"$date", "f1", "f2", "f3", "i", "t", "n", "b"};
	lede_value *items[] = {str(ar, "not a date"), f1, f2, f3, i, t, n, bo};
	a->meta = list(ar, LEDE_MAP, 8, keys, items);
	a->fragment = str(ar, "<p>frag</p>");
	lede_buf b = LEDE_BUF_INIT;
	CHECK_INT(lede_record_encode(a, &b), 0);
	lede_arena *ar2 = lede_arena_new();
	lede_article *back = lede_record_decode(ar2, b.data, b.len);
	CHECK(back != NULL);
	char d1[33], d2[33];
	lede_record_digest(a, d1);
	if (back) {
		lede_record_digest(back, d2);
		CHECK_STR(d2, d1);
		CHECK(back->meta->u.list.items[0]->type == LEDE_STRING);
		CHECK(back->meta->u.list.items[1]->type == LEDE_FLOAT);
	}
	/* not UTF-8: refused, and out as it was */
	lede_buf_reset(&b);
	lede_buf_puts(&b, "keep");
	a->title = "\xff";
	CHECK_INT(lede_record_encode(a, &b), -1);
	CHECK_STR(lede_buf_cstr(&b), "keep");
	/* A thin record (its text in memory, then in a file) read back for
	 * a page: partial until its authors, meta and fragment are asked
	 * for, then the same record (the same digest); its file cut short
	 * under it, the rest cannot be read: -1, and it stays partial. */
	lede_buf_reset(&b);
	a->title = "A \"title\"\n";
	CHECK_INT(lede_record_encode(a, &b), 0);
	lede_article *thin = lede_record_thin_text(ar2, b.data, b.len);
	CHECK(thin != NULL && thin->thin);
	char path[] = "/tmp/lede-test-record-XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0 && write(fd, b.data, b.len) == (ssize_t)b.len);
	for (int in_file = 0; thin && in_file < 2; in_file++) {
		if (in_file) {
			thin->packed = NULL;
			thin->packed_fd = fd;
			thin->packed_at = 0;
		}
		lede_article *shown = lede_record_shown(ar2, thin);
		CHECK(shown != NULL);
		if (!shown)
			break;
		CHECK(shown->partial && !shown->meta && !shown->authors && !shown->fragment);
		CHECK_STR(shown->summary ? shown->summary : "(none)", "(none)");
		CHECK_STR(shown->slug, "a");
		lede_record_digest(shown, d2); /* reads the rest aside */
		CHECK_STR(d2, d1);
		CHECK(shown->partial);
		CHECK_INT(lede_record_complete(shown), 0);
		CHECK(!shown->partial && shown->meta && shown->meta->type == LEDE_MAP);
		CHECK(shown->fragment && shown->fragment->type == LEDE_STRING);
		lede_record_digest(shown, d2);
		CHECK_STR(d2, d1);
		CHECK_INT(lede_record_complete(shown), 0); /* once is enough */
	}
	if (thin && fd >= 0) {
		lede_article *shown = lede_record_shown(ar2, thin);
		CHECK(shown != NULL && ftruncate(fd, 10) == 0);
		if (shown) {
			CHECK_INT(lede_record_complete(shown), -1);
			CHECK(shown->partial);
		}
	}
	if (fd >= 0) {
		close(fd);
		unlink(path);
	}
	/* damaged: none */
	CHECK(lede_record_decode(ar2, "{\"path\":\"x\"}", 12) == NULL);
	CHECK(lede_record_decode(ar2, "nonsense", 8) == NULL);
	lede_buf_free(&b);
	lede_arena_free(ar2);
	lede_arena_free(ar);
}

int main(void)
{
	RUN(test_parse);
	RUN(test_strings);
	RUN(test_get_str);
	RUN(test_members);
	RUN(test_records);
	DONE();
}
