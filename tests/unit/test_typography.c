/* test_typography.c: lede_smartquotes, the quotation rules of the
 * smartquotes plugin, on plain strings and on runs of pieces. */
#include "buf.h"
#include "harness.h"
#include "typography.h"

#include <stdlib.h>

#define NBSP  "\xc2\xa0"
#define NNBSP "\xe2\x80\xaf"

/* s rewritten in lang as one piece; "=" when it came back unchanged. */
static const char *sq(const char *lang, const char *s, lede_buf *b)
{
	lede_buf_reset(b);
	lede_text_piece p = {s, strlen(s), false};
	size_t end = 0;
	bool changed = lede_smartquotes(&p, 1, lede_quote_style_for(lang, strlen(lang)), b, &end);
	if (end != b->len)
		return "(bad end)";
	if (!changed)
		return strcmp(lede_buf_cstr(b), s) ? "(changed but said not)" : "=";
	return lede_buf_cstr(b);
}

static void styles_by_language(void)
{
	CHECK_INT(lede_quote_style_for("en", 2), LEDE_QUOTES_EN);
	CHECK_INT(lede_quote_style_for("EN-gb", 5), LEDE_QUOTES_EN);
	CHECK_INT(lede_quote_style_for("fr_CA", 5), LEDE_QUOTES_FR);
	CHECK_INT(lede_quote_style_for("es", 2), LEDE_QUOTES_ES);
	CHECK_INT(lede_quote_style_for("fre", 3), LEDE_QUOTES_NONE);
	CHECK_INT(lede_quote_style_for("nl", 2), LEDE_QUOTES_NONE);
	CHECK_INT(lede_quote_style_for("de-CH", 5), LEDE_QUOTES_DE);
	CHECK_INT(lede_quote_style_for("it", 2), LEDE_QUOTES_ES);
	CHECK_INT(lede_quote_style_for("ru", 2), LEDE_QUOTES_RU);
	CHECK_INT(lede_quote_style_for("uk", 2), LEDE_QUOTES_RU);
	CHECK_INT(lede_quote_style_for("pl", 2), LEDE_QUOTES_PL);
	CHECK_INT(lede_quote_style_for("", 0), LEDE_QUOTES_NONE);
	/* the length counts, not a NUL */
	CHECK_INT(lede_quote_style_for("frx", 2), LEDE_QUOTES_FR);
}

static void byte_precheck(void)
{
	CHECK(!lede_smartquotes_needed("No quotes: here!", 16, LEDE_QUOTES_EN));
	CHECK(lede_smartquotes_needed("No quotes: here!", 16, LEDE_QUOTES_FR));
	CHECK(lede_smartquotes_needed("it's", 4, LEDE_QUOTES_ES));
	CHECK(!lede_smartquotes_needed("it's", 4, LEDE_QUOTES_NONE));
	CHECK(lede_smartquotes_needed("\xc2\xab", 2, LEDE_QUOTES_FR));
	CHECK(!lede_smartquotes_needed("\xc2\xab", 1, LEDE_QUOTES_FR));
	CHECK(!lede_smartquotes_needed("\xc2\xab", 2, LEDE_QUOTES_EN));
	/* past a NUL, at the last byte, and a no-break space (0xc2 0xa0) */
	CHECK(lede_smartquotes_needed("a\0b\"", 4, LEDE_QUOTES_EN));
	CHECK(!lede_smartquotes_needed("a\0b\"", 3, LEDE_QUOTES_EN));
	CHECK(lede_smartquotes_needed("plain text, then \"", 18, LEDE_QUOTES_ES));
	CHECK(!lede_smartquotes_needed("prix\xc2\xa0"
	                               "bas",
	                               9, LEDE_QUOTES_FR));
	CHECK(lede_smartquotes_needed("prix\xc2\xa0"
	                              "bas ?",
	                              11, LEDE_QUOTES_FR));
	CHECK(!lede_smartquotes_needed("", 0, LEDE_QUOTES_FR));
}

static void english(void)
{
	lede_buf b = LEDE_BUF_INIT;
	CHECK_STR(
	    sq("en", "He said \"it's the cities' decade\" in the '90s.", &b),
	    "He said \xe2\x80\x9cit\xe2\x80\x99s the cities\xe2\x80\x99 decade\xe2\x80\x9d in "
	    "the \xe2\x80\x99"
	    "90s.");
	CHECK_STR(sq("en", "'a \"b\" c'", &b), "\xe2\x80\x98"
	                                       "a \xe2\x80\x9c"
	                                       "b\xe2\x80\x9d c\xe2\x80\x99");
	CHECK_STR(sq("en", "No quotes at all.", &b), "=");
	CHECK_STR(sq("en", "", &b), "=");
	CHECK_STR(sq("nl", "Hij zei \"ja\".", &b), "=");
	lede_buf_free(&b);
}

static void french_and_spanish(void)
{
	lede_buf b = LEDE_BUF_INIT;
	/* the nesting level decides; a space typed inside is replaced */
	CHECK_STR(sq("fr", "Il dit \" c'est 'non' \" ici.", &b),
	          "Il dit \xc2\xab" NNBSP "c\xe2\x80\x99"
	          "est \xe2\x80\x9cnon\xe2\x80\x9d" NNBSP "\xc2\xbb ici.");
	CHECK_STR(sq("fr", "Quoi? Voici: la liste; \xc3\xa0 10:30", &b),
	          "Quoi" NNBSP "? Voici" NBSP ": la liste" NNBSP "; \xc3\xa0 10:30");
	CHECK_STR(sq("fr", "\xc2\xab d\xc3\xa9j\xc3\xa0 \xc2\xbb", &b),
	          "\xc2\xab" NNBSP "d\xc3\xa9j\xc3\xa0" NNBSP "\xc2\xbb");
	CHECK_STR(sq("fr", "\xc2\xab" NNBSP "ok" NNBSP "\xc2\xbb", &b), "=");
	CHECK_STR(sq("es", "\"a 'b' c\"", &b), "\xc2\xab"
	                                       "a \xe2\x80\x9c"
	                                       "b\xe2\x80\x9d c\xc2\xbb");
	CHECK_STR(sq("es", "Pourquoi? Voici:", &b), "=");
	lede_buf_free(&b);
}

static void german_russian_polish(void)
{
	lede_buf b = LEDE_BUF_INIT;
	CHECK_STR(sq("de", "\"a 'b' c\"", &b), "\u201ea \u201ab\u2018 c\u201c");
	CHECK_STR(sq("ru", "\"a 'b' c\"", &b), "\u00aba \u201eb\u201c c\u00bb");
	CHECK_STR(sq("pl", "\"a 'b' c\"", &b), "\u201ea \u00abb\u00bb c\u201d");
	/* a typed „…“ in German nests what comes inside it */
	CHECK_STR(sq("de", "\u201ex \"y\" z\u201c \"w\"", &b),
	          "\u201ex \u201ay\u2018 z\u201c \u201ew\u201c");
	lede_buf_free(&b);
}

static void pieces_and_context(void)
{
	/* "He said `x` \"ok\"" with the code as a fixed piece, and a break. */
	lede_text_piece p[] = {{"He said ", 8, false}, {"x", 1, true},        {" \"ok", 4, false},
	                       {"\n", 1, true},        {"fine\" ", 6, false}, {"", 0, false}};
	size_t ends[6];
	lede_buf b = LEDE_BUF_INIT;
	CHECK(lede_smartquotes(p, 6, LEDE_QUOTES_EN, &b, ends));
	CHECK_STR(lede_buf_cstr(&b), "He said "
	                             " \xe2\x80\x9cok"
	                             "fine\xe2\x80\x9d ");
	CHECK_INT(ends[0], 8);
	CHECK_INT(ends[1], 8);
	CHECK_INT(ends[2], 14);
	CHECK_INT(ends[3], 14);
	CHECK_INT(ends[4], 22);
	CHECK_INT(ends[5], 22);
	/* a fixed piece is never rewritten, even when it holds quotes */
	lede_text_piece q[] = {{"\"code\"", 6, true}, {" and", 4, false}};
	lede_buf_reset(&b);
	CHECK(!lede_smartquotes(q, 2, LEDE_QUOTES_EN, &b, ends));
	CHECK_STR(lede_buf_cstr(&b), " and");
	/* in French, the space before a closing mark in a fixed piece stays */
	lede_text_piece r[] = {{"\"a", 2, false}, {" ", 1, true}, {"\"", 1, false}};
	lede_buf_reset(&b);
	CHECK(lede_smartquotes(r, 3, LEDE_QUOTES_FR, &b, ends));
	CHECK_STR(lede_buf_cstr(&b), "\xc2\xab" NNBSP "a" NNBSP "\xc2\xbb");
	lede_buf_free(&b);
}

static void bytes_that_are_not_utf8_are_kept(void)
{
	lede_buf b = LEDE_BUF_INIT;
	CHECK_STR(sq("en", "\xff\"a\" \xc3'b' \xe2\x80 \xed\xa0\x80'", &b),
	          "\xff\xe2\x80\x9d"
	          "a\xe2\x80\x9d \xc3\xe2\x80\x99"
	          "b\xe2\x80\x99 \xe2\x80 "
	          "\xed\xa0\x80\xe2\x80\x99");
	/* NUL is a character like another */
	lede_text_piece p = {"\"\0\"", 3, false};
	size_t end;
	lede_buf_reset(&b);
	CHECK(lede_smartquotes(&p, 1, LEDE_QUOTES_EN, &b, &end));
	CHECK_INT(end, 7);
	CHECK(!memcmp(b.data, "\xe2\x80\x9c\0\xe2\x80\x9d", 7));
	lede_buf_free(&b);
}

static void deep_nesting(void)
{
	/* 200 opening quotes: the stack grows as deep as the text */
	char s[401];
	for (int i = 0; i < 200; i++)
		s[i] = '"', s[200 + i] = 'a';
	s[400] = '\0';
	lede_buf b = LEDE_BUF_INIT;
	const char *out = sq("fr", s, &b);
	CHECK(strncmp(out, "\xc2\xab" NNBSP "\xe2\x80\x9c\xe2\x80\x98\xe2\x80\x98", 14) == 0);
	lede_buf_free(&b);
}

int main(void)
{
	RUN(styles_by_language);
	RUN(byte_precheck);
	RUN(english);
	RUN(french_and_spanish);
	RUN(german_russian_polish);
	RUN(pieces_and_context);
	RUN(bytes_that_are_not_utf8_are_kept);
	RUN(deep_nesting);
	DONE();
}
