/* test_extract.c: unit tests for core/extract.c: each link kind with its
 * offsets, every occurrence kept, linkify-style trailing punctuation, code
 * skipped, each quotation style, attribution in English, French and Spanish, the seed
 * article's six quotations, limit warnings and the JSON output. */
#include "buf.h"
#include "extract.h"
#include "harness.h"

#include <stdlib.h>

static lede_extractor *X;
static lede_extract_ctx *C;

typedef struct run {
	lede_arena *a;
	lede_extraction x;
} run;

static run ex(const char *text, lede_extract_format fmt)
{
	run r;
	lede_error err;
	r.a = lede_arena_new();
	if (lede_extract(C, r.a, text, strlen(text), 0, fmt, NULL, &r.x, &err) != 0) {
		fprintf(stderr, "  lede_extract: %s\n", err.msg);
		memset(&r.x, 0, sizeof r.x);
	}
	return r;
}

static const lede_quote *quote_starting(const run *r, const char *prefix)
{
	for (size_t i = 0; i < r->x.nquotes; i++)
		if (!strncmp(r->x.quotes[i].text, prefix, strlen(prefix)))
			return &r->x.quotes[i];
	return NULL;
}

static void test_markdown_link_kinds(void)
{
	const char *md =
	    "See [the report](https://example.org/r \"T\") and ![a chart](img/c.png).\n"
	    "Mail <me@example.org> or <https://auto.example.com/x>, [ref][r1], "
	    "<a href=\"https://h.example.com/\">HTML</a>.\n\n"
	    "[r1]: https://ref.example.com/\n";
	run r = ex(md, LEDE_EXTRACT_MARKDOWN);
	CHECK_INT(r.x.nlinks, 6);
	if (r.x.nlinks == 6) {
		CHECK_STR(r.x.links[0].url, "https://example.org/r");
		CHECK_STR(r.x.links[0].text, "the report");
		CHECK_STR(r.x.links[0].kind, "inline");
		CHECK_INT(r.x.links[0].start, 4);
		CHECK_INT(r.x.links[0].end, 43);
		CHECK_STR(r.x.links[1].kind, "image");
		CHECK_STR(r.x.links[1].url, "img/c.png");
		CHECK_STR(r.x.links[1].text, "a chart");
		CHECK_STR(r.x.links[2].url, "mailto:me@example.org");
		CHECK_STR(r.x.links[2].kind, "autolink");
		CHECK_INT(r.x.links[2].start, 76);
		CHECK_INT(r.x.links[2].end, 92);
		CHECK_STR(r.x.links[3].url, "https://auto.example.com/x");
		CHECK_STR(r.x.links[4].url, "https://ref.example.com/");
		CHECK_STR(r.x.links[4].kind, "reference");
		CHECK_STR(r.x.links[4].text, "ref");
		CHECK_STR(r.x.links[5].url, "https://h.example.com/");
		CHECK_STR(r.x.links[5].kind, "html");
		CHECK_STR(r.x.links[5].text, "HTML");
		CHECK_INT(r.x.links[5].paragraph, 1);
	}
	lede_arena_free(r.a);
}

static void test_bare_urls_and_emails(void)
{
	const char *t = "Intro.\n\nVisit www.example.com, write to press@example.org or see "
	                "http://example.com/foo_(bar)). Then (http://example.com/x).";
	run r = ex(t, LEDE_EXTRACT_TEXT);
	CHECK_INT(r.x.nlinks, 4);
	if (r.x.nlinks == 4) {
		CHECK_STR(r.x.links[0].url, "http://www.example.com");
		CHECK_STR(r.x.links[0].text, "www.example.com");
		CHECK_STR(r.x.links[0].kind, "url");
		CHECK_INT(r.x.links[0].start, 14);
		CHECK_INT(r.x.links[0].end, 29);
		CHECK_INT(r.x.links[0].paragraph, 2);
		CHECK_STR(r.x.links[1].url, "mailto:press@example.org");
		CHECK_STR(r.x.links[1].kind, "email");
		CHECK_STR(r.x.links[2].url, "http://example.com/foo_(bar)");
		CHECK_STR(r.x.links[3].url, "http://example.com/x");
	}
	lede_arena_free(r.a);
}

static void test_trailing_punctuation(void)
{
	static const char *const cases[][2] = {
	    {"End http://example.com/foo_bar.jpg.", "http://example.com/foo_bar.jpg"},
	    {"Wow http://example.com/123!!!", "http://example.com/123"},
	    {"See http://example.com/123; Example.", "http://example.com/123"},
	    {"\"Quoted like http://example.com/foo_bar\"", "http://example.com/foo_bar"},
	    {"GOOGLE.COM.", "GOOGLE.COM"},
	    {"<http://domain.com/foo>.", "http://domain.com/foo"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		run r = ex(cases[i][0], LEDE_EXTRACT_TEXT);
		CHECK_INT(r.x.nlinks, 1);
		if (r.x.nlinks)
			CHECK_STR(r.x.links[0].text, cases[i][1]);
		lede_arena_free(r.a);
	}
	run r = ex("example.invalid and node.js and foo@bar and http://.", LEDE_EXTRACT_TEXT);
	CHECK_INT(r.x.nlinks, 0);
	lede_arena_free(r.a);
}

/* Every occurrence is a link of its own, with its place: the body links
 * each one (lede_markdown_autolink), so a.links lists each one. */
static void test_every_occurrence(void)
{
	run r = ex("A [one](https://x.org/) and https://x.org/ again, then www.y.org and "
	           "http://www.y.org.",
	           LEDE_EXTRACT_MARKDOWN);
	CHECK_INT(r.x.nlinks, 4);
	if (r.x.nlinks == 4) {
		CHECK_STR(r.x.links[0].kind, "inline");
		CHECK_INT(r.x.links[0].start, 2);
		CHECK_STR(r.x.links[1].url, "https://x.org/");
		CHECK_STR(r.x.links[1].kind, "url");
		CHECK_INT(r.x.links[1].start, 28);
		CHECK_STR(r.x.links[2].url, "http://www.y.org");
		CHECK_STR(r.x.links[2].text, "www.y.org");
		CHECK_STR(r.x.links[3].url, "http://www.y.org");
		CHECK_STR(r.x.links[3].text, "http://www.y.org");
	}
	lede_arena_free(r.a);
}

static void test_code_skipped(void)
{
	run r = ex("Use `http://span.example.com` now.\n\n```\nhttp://fence.example.com\n```\n\n"
	           "    http://indented.example.com\n\nBut http://real.example.com counts.\n",
	           LEDE_EXTRACT_MARKDOWN);
	CHECK_INT(r.x.nlinks, 1);
	if (r.x.nlinks) {
		CHECK_STR(r.x.links[0].url, "http://real.example.com");
		CHECK_INT(r.x.links[0].paragraph, 4);
	}
	lede_arena_free(r.a);
}

static void test_quote_styles(void)
{
	const char *t = "“We will build it this year,” said Anna Berg.\n\n"
	                "\"Straight quotes work too,\" said Tom Reed.\n\n"
	                "« Nous ne céderons pas », a déclaré Paul Martin.\n\n"
	                "„Wir schaffen das“, said Greta Vogel.\n\n"
	                "“He told me, ‘never again’, and left,” said Lena Holm.\n";
	run r = ex(t, LEDE_EXTRACT_MARKDOWN);
	CHECK_INT(r.x.nquotes, 5);
	const lede_quote *q = quote_starting(&r, "We will build it");
	CHECK(q != NULL);
	if (q) {
		CHECK_STR(q->speaker, "Anna Berg");
		CHECK_STR(q->cue, "said");
		CHECK_INT(q->start, 0);
		CHECK_INT(q->end, strlen("“We will build it this year,”"));
		CHECK_INT(q->paragraph, 1);
	}
	q = quote_starting(&r, "Straight quotes");
	CHECK(q && q->speaker && !strcmp(q->speaker, "Tom Reed"));
	q = quote_starting(&r, "Nous ne céderons pas");
	CHECK(q != NULL);
	if (q) {
		CHECK_STR(q->text, "Nous ne céderons pas"); /* inner spaces trimmed */
		CHECK_STR(q->speaker, "Paul Martin");
		CHECK_STR(q->cue, "a déclaré");
	}
	q = quote_starting(&r, "He told me, ‘never again’, and left");
	CHECK(q && q->speaker && !strcmp(q->speaker, "Lena Holm"));
	/* The comma that closed the quoted clause is not part of the quotation. */
	CHECK(q && q->text[strlen(q->text) - 1] != ',');
	lede_arena_free(r.a);
}

static void test_multi_paragraph_quote(void)
{
	const char *t = "The mayor, Jean Dupont, was blunt:\n\n"
	                "« Nous allons reconstruire le pont.\n\n"
	                "« Et nous le ferons avant l'hiver. »\n\nThe end.\n";
	run r = ex(t, LEDE_EXTRACT_MARKDOWN);
	CHECK_INT(r.x.nquotes, 1);
	if (r.x.nquotes) {
		CHECK_STR(r.x.quotes[0].text,
		          "Nous allons reconstruire le pont.\n\nEt nous le ferons avant l'hiver.");
		CHECK_STR(r.x.quotes[0].speaker, "Jean Dupont");
		CHECK_INT(r.x.quotes[0].paragraph, 2);
	}
	lede_arena_free(r.a);
}

static void test_titles_and_scare_quotes(void)
{
	const char *t =
	    "She attended the webinar “Internationalisation and metropolitan spaces” last week. "
	    "The so-called “smart city” is a fad. The report “Cities of the Future: 2040” was "
	    "published. Critics call it “fusion”.\n";
	run r = ex(t, LEDE_EXTRACT_MARKDOWN);
	CHECK_INT(r.x.nquotes, 0);
	lede_arena_free(r.a);
}

static void test_blockquote_attribution(void)
{
	const char *t = "Intro.\n\n> When we opened the first chest, nobody said a word.\n\n— "
	                "Margaretha Claes, city archivist\n";
	run r = ex(t, LEDE_EXTRACT_MARKDOWN);
	CHECK_INT(r.x.nquotes, 1);
	if (r.x.nquotes) {
		CHECK_STR(r.x.quotes[0].text,
		          "When we opened the first chest, nobody said a word.");
		CHECK_STR(r.x.quotes[0].speaker, "Margaretha Claes");
		CHECK_STR(r.x.quotes[0].role, "city archivist");
		CHECK_INT(r.x.quotes[0].paragraph, 2);
	}
	lede_arena_free(r.a);
}

static void test_attribution_languages(void)
{
	const char *en = "Opposition councillor Tom Whitaker voted against it. “The numbers simply "
	                 "do not add up,” "
	                 "he told reporters. According to Priya Natarajan, an economist at the "
	                 "University of Leeds, "
	                 "“projects of this size almost always run over budget.”\n";
	run r = ex(en, LEDE_EXTRACT_MARKDOWN);
	const lede_quote *q = quote_starting(&r, "The numbers");
	CHECK(q && q->speaker && !strcmp(q->speaker, "Tom Whitaker"));
	q = quote_starting(&r, "projects of this size");
	CHECK(q != NULL);
	if (q) {
		CHECK_STR(q->speaker, "Priya Natarajan");
		CHECK_STR(q->role, "an economist at the University of Leeds");
		CHECK_STR(q->cue, "According to");
	}
	lede_arena_free(r.a);
	const char *fr = "« Nous ne pouvons plus vivre à crédit », a déclaré le ministre de "
	                 "l'Économie, Bruno Lemaire. "
	                 "« Chaque euro dépensé doit être un euro utile », a-t-il ajouté.\n";
	r = ex(fr, LEDE_EXTRACT_MARKDOWN);
	q = quote_starting(&r, "Nous ne pouvons");
	CHECK(q && q->speaker && !strcmp(q->speaker, "Bruno Lemaire") && q->role &&
	      !strcmp(q->role, "le ministre de l'Économie"));
	q = quote_starting(&r, "Chaque euro");
	CHECK(q && q->speaker && !strcmp(q->speaker, "Bruno Lemaire") &&
	      !strcmp(q->cue, "a-t-il ajouté"));
	lede_arena_free(r.a);
	const char *es = "Según la consejera de Acción Climática, Anna Ribas, «las reservas están "
	                 "por debajo del 16 %». "
	                 "«Si no llueve en primavera, perderemos la cosecha entera», dijo Jordi "
	                 "Puig, portavoz de Unió.\n";
	r = ex(es, LEDE_EXTRACT_MARKDOWN);
	q = quote_starting(&r, "las reservas");
	CHECK(q && q->speaker && !strcmp(q->speaker, "Anna Ribas"));
	q = quote_starting(&r, "Si no llueve");
	CHECK(q && q->speaker && !strcmp(q->speaker, "Jordi Puig") && !strcmp(q->cue, "dijo"));
	lede_arena_free(r.a);
}

/* The seed article's paragraphs with quotations, as the source gives them. */
static const char seed[] = "“Currently, local policy management and the exercise of the "
                           "corresponding powers by local governments "
                           "entail the need to build connections with international stakeholders "
                           "and incorporate them in this field.” "
                           "This is how the Issue paper 9: “The internationalisation of "
                           "metropolitan spaces” begins, by confirming the "
                           "need for international action at local level. Recently released, this "
                           "publication sets out the basis on "
                           "which the webinar “Internationalisation and metropolitan spaces” held "
                           "last Wednesday 22nd July was "
                           "developed.\n\n"
                           "During the event, it was largely confirmed by all speakers that "
                           "internationalisation is part of the "
                           "strategy. “International action is not an end in itself, it’s a "
                           "means”, Metropolis Secretary General, "
                           "Octavi de\n\n\n\n"
                           "Following research by AL-LAs Project on internationalisation of local "
                           "and regional governments, the "
                           "results of which can be found in the mentioned Issue paper, Paola "
                           "Arjona, Director of AL-LAs Project, "
                           "stated that “internationalisation has gradually gained crosscutting "
                           "space within the institutional, "
                           "political, and territorial objectives of local administrations, moving "
                           "towards becoming a strategic action "
                           "and, eventually, a public policy”. According to AL-LAs, the "
                           "international action of local governments as a "
                           "public policy is based on the following ideas:\n\n"
                           "Related to this, **Ian Klaus**, senior fellow of Chicago Council of "
                           "Global Affairs, highlighted the "
                           "importance of idea number 10. “It is important to communicate the "
                           "relevance of cities having and being "
                           "engaged in international affairs.” In this sense, city networks have "
                           "helped both internally and globally. "
                           "He also shared another idea related to the policy recommendations "
                           "gathered in the above mentioned "
                           "publication: “One of the strengths of city diplomacy and "
                           "internationalisation is that it can allow cities to "
                           "be successfully reactive and successfully proactive or planned”.\n\n"
                           "In line with the first idea of international action as a public "
                           "policy, “urban diplomacy must, first and "
                           "foremost, serve the core purpose of local government.” stated **Dr. "
                           "Elham Fakhari**, member of the Tehran "
                           "City Council, during her presentation.\n\n"
                           "Relive the webinar \"Internationalisation and Metropolitan Spaces\" "
                           "watching the video below:\n";

static void test_seed_quotes(void)
{
	run r = ex(seed, LEDE_EXTRACT_TEXT);
	static const char *const want[][2] = {
	    {"Currently, local policy", "Issue paper 9"},
	    {"International action is not", "Octavi de"},
	    {"internationalisation has gradually", "Paola Arjona"},
	    {"It is important to communicate", "Ian Klaus"},
	    {"One of the strengths", "Ian Klaus"},
	    {"urban diplomacy must", "Dr. Elham Fakhari"},
	};
	CHECK_INT(r.x.nquotes, 6);
	for (size_t i = 0; i < 6 && i < r.x.nquotes; i++) {
		CHECK(!strncmp(r.x.quotes[i].text, want[i][0], strlen(want[i][0])));
		CHECK_STR(r.x.quotes[i].speaker, want[i][1]);
	}
	if (r.x.nquotes >= 3) {
		CHECK_STR(r.x.quotes[1].role, "Metropolis Secretary General");
		CHECK_STR(r.x.quotes[2].role, "Director of AL-LAs Project");
		CHECK_STR(r.x.quotes[2].cue, "stated");
	}
	lede_arena_free(r.a);
}

static void test_limit_warning(void)
{
	lede_extract_ctx *c = lede_extract_ctx_new(X);
	lede_extract_ctx_set_limits(c, 1, 1);
	lede_arena *a = lede_arena_new();
	lede_extraction x;
	lede_error err;
	const char *t = "One\n\nTwo http://example.com/a and www.example.org here.\n";
	CHECK_INT(lede_extract(c, a, t, strlen(t), 0, LEDE_EXTRACT_TEXT, NULL, &x, &err), 0);
	CHECK_INT(x.nwarnings, 1);
	if (x.nwarnings)
		CHECK_STR(x.warnings[0], "PCRE2 match limit hit while scanning links in paragraph "
		                         "2; some links may be missed");
	lede_arena_free(a);
	lede_extract_ctx_free(c);
}

/* The quotation scanner cuts windows of a few hundred bytes around each
 * quotation; long sentences of 2-, 3- and 4-byte characters, at every
 * alignment, must be cut between characters (PCRE2 runs without its UTF
 * check, and a window starting or ending inside a character is undefined
 * behaviour there: a fuzzer once found a crash this way). */
static void test_windows_on_characters(void)
{
	static const char *const chars[] = {"é", "—", "\xf0\x9d\x84\x9e"};
	unsigned long before = lede_extract_ctx_misaligned(C);
	for (size_t ci = 0; ci < 3; ci++)
		for (size_t pad = 0; pad < 4; pad++) {
			lede_buf b = LEDE_BUF_INIT;
			for (size_t i = 0; i < pad; i++)
				lede_buf_puts(&b, "x");
			for (int i = 0; i < 400; i++)
				lede_buf_puts(&b, chars[ci]);
			lede_buf_puts(&b, " a dit « Nous partons demain matin », ");
			for (int i = 0; i < 400; i++)
				lede_buf_puts(&b, chars[ci]);
			lede_buf_puts(&b, " “We leave at dawn,” she said, ");
			for (int i = 0; i < 400; i++)
				lede_buf_puts(&b, chars[ci]);
			lede_buf_puts(&b, "\n");
			run r = ex(lede_buf_cstr(&b), LEDE_EXTRACT_TEXT);
			lede_arena_free(r.a);
			lede_buf_free(&b);
		}
	CHECK_INT((long long)(lede_extract_ctx_misaligned(C) - before), 0);
}

/* The scans pass over the text between the bytes they stop at sixteen
 * bytes at a time: each kind of link found with its first byte at every
 * offset of a long run of words, and an escaped bracket, a code span and
 * a bare URL's '.' or '/' alone at every offset taken for none. */
static void test_links_at_every_offset(void)
{
	static const struct {
		const char *md, *url;
	} kinds[] = {{"[t](https://a.example/x)", "https://a.example/x"},
	             {"![i](https://b.example/y.png)", "https://b.example/y.png"},
	             {"<https://c.example/z>", "https://c.example/z"},
	             {"https://d.example/w", "https://d.example/w"},
	             {"<a href=\"https://e.example/\">e</a>", "https://e.example/"}};
	bool ok = true;
	for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++)
		for (size_t at = 0; at < 40; at++) {
			lede_buf b = LEDE_BUF_INIT;
			for (size_t i = 0; i < at; i++)
				lede_buf_putc(&b, i % 6 == 5 ? ' ' : 'w');
			lede_buf_printf(&b, " %s and more words after it\n", kinds[k].md);
			run r = ex(lede_buf_cstr(&b), LEDE_EXTRACT_MARKDOWN);
			ok = ok && r.x.nlinks == 1 && !strcmp(r.x.links[0].url, kinds[k].url) &&
			     r.x.links[0].start == (at + 1);
			lede_arena_free(r.a);
			lede_buf_free(&b);
		}
	CHECK(ok);
	static const char *const none[] = {"\\[t](x/y.html)", "`[t](https://x.example/)`",
	                                   "end. / no: link@"};
	bool quiet = true;
	for (size_t k = 0; k < sizeof none / sizeof *none; k++)
		for (size_t at = 0; at < 40; at++) {
			lede_buf b = LEDE_BUF_INIT;
			for (size_t i = 0; i < at; i++)
				lede_buf_putc(&b, 'w');
			lede_buf_printf(&b, " %s words\n", none[k]);
			run r = ex(lede_buf_cstr(&b), LEDE_EXTRACT_MARKDOWN);
			quiet = quiet && r.x.nlinks == 0;
			lede_arena_free(r.a);
			lede_buf_free(&b);
		}
	CHECK(quiet);
}

/* lede_extract_links leaves the quotes for lede_extract_quotes: the links
 * and, once found, the quotes are lede_extract's; a copy of the pending
 * extraction (an article's outlet copy) shares the one search; warnings
 * the quotes add come after the links', and are counted once. */
static void test_quotes_later(void)
{
	const char *t = "Read https://example.org/report first.\n\n"
	                "\"We will open the line in May,\" said Mayor Ana Ruiz.\n\n"
	                "\"It is late,\" Ruiz added.\n";
	size_t n = strlen(t);
	lede_extract_ctx *c = lede_extract_ctx_new(X);
	lede_arena *a = lede_arena_new();
	lede_error err;
	lede_extraction all, x;
	CHECK_INT(lede_extract(c, a, t, n, 0, LEDE_EXTRACT_MARKDOWN, "en", &all, &err), 0);
	CHECK(all.pending == NULL && all.nquotes == 2);
	CHECK_INT(lede_extract_links(c, a, t, n, 0, LEDE_EXTRACT_MARKDOWN, "en", &x, &err), 0);
	CHECK(x.pending != NULL && x.nquotes == 0 && x.nlinks == all.nlinks);
	lede_extraction copy = x;
	CHECK_INT((int)lede_extract_quotes(NULL, &copy), 0); /* no context: nothing yet */
	CHECK(copy.pending != NULL && copy.nquotes == 0);
	CHECK_INT((int)lede_extract_quotes(c, &x), 0);
	CHECK(x.pending == NULL && x.nquotes == all.nquotes);
	for (size_t i = 0; i < x.nquotes && i < all.nquotes; i++) {
		CHECK_STR(x.quotes[i].text, all.quotes[i].text);
		CHECK_STR(x.quotes[i].speaker, all.quotes[i].speaker);
		CHECK(x.quotes[i].start == all.quotes[i].start);
	}
	CHECK_INT((int)lede_extract_quotes(c, &x), 0); /* done: nothing more */
	CHECK(x.nquotes == all.nquotes);
	/* The copy takes what the first search found (the same array: found
	 * once), even with no context of its own. */
	CHECK_INT((int)lede_extract_quotes(NULL, &copy), 0);
	CHECK(copy.pending == NULL && copy.nquotes == all.nquotes && copy.quotes == x.quotes);
	if (copy.nquotes)
		CHECK_STR(copy.quotes[copy.nquotes - 1].speaker, "Ana Ruiz");
	/* ...and the other way round: a copy searches, the article takes it. */
	CHECK_INT(lede_extract_links(c, a, t, n, 0, LEDE_EXTRACT_MARKDOWN, "en", &x, &err), 0);
	copy = x;
	CHECK_INT((int)lede_extract_quotes(c, &copy), 0);
	CHECK_INT((int)lede_extract_quotes(NULL, &x), 0);
	CHECK(x.nquotes == all.nquotes && x.quotes == copy.quotes);
	/* Tiny limits: the links' warning comes with the links, and stays
	 * first once the quotes are found. */
	lede_extract_ctx *tiny = lede_extract_ctx_new(X);
	lede_extract_ctx_set_limits(tiny, 1, 1);
	const char *u = "Two http://example.com/a and www.example.org here.\n";
	CHECK_INT(lede_extract_links(tiny, a, u, strlen(u), 0, LEDE_EXTRACT_TEXT, "en", &x, &err),
	          0);
	CHECK_INT((int)x.nwarnings, 1);
	copy = x;
	size_t added = lede_extract_quotes(tiny, &x);
	CHECK_INT((int)x.nwarnings, (int)(1 + added));
	if (x.nwarnings)
		CHECK(strstr(x.warnings[0], "scanning links") != NULL);
	/* the copy gets the same warnings, not to report again */
	CHECK_INT((int)lede_extract_quotes(tiny, &copy), 0);
	CHECK_INT((int)copy.nwarnings, (int)x.nwarnings);
	lede_extract_ctx_free(tiny);
	lede_arena_free(a);
	lede_extract_ctx_free(c);
}

static void test_issue13_classes(void)
{
	const char *md =
	    "Councillor Ana Ruiz chairs the committee.\n\n"
	    "\"The budget is fixed,\" says Ruiz, \"but the priorities\n   are not.\"\n\n"
	    "—No vamos a subir el billete —aseguró Andrés Gómez—. Las familias pagan.\n\n"
	    "—¿Y el metro? —le preguntaron.\n\n"
	    "Reyes told the party:\n\n"
	    "> When I was eleven, this was the only quiet place I knew.\n";
	run r = ex(md, LEDE_EXTRACT_MARKDOWN);
	const lede_quote *a = quote_starting(&r, "The budget is fixed");
	const lede_quote *b = quote_starting(&r, "but the priorities are not.");
	CHECK(a && b);
	if (a && b) {
		CHECK_STR(a->text, "The budget is fixed"); /* the closing comma dropped */
		CHECK_STR(a->speaker, "Ana Ruiz");         /* the full name, not "Ruiz" */
		CHECK_STR(b->speaker, "Ana Ruiz");         /* the split second half */
		CHECK(a->speaker_id > 0 && a->speaker_id == b->speaker_id);
	}
	const lede_quote *c = quote_starting(&r, "Las familias pagan.");
	CHECK(quote_starting(&r, "No vamos a subir el billete") != NULL);
	CHECK(c && c->speaker && !strcmp(c->speaker, "Andrés Gómez"));
	CHECK(c && a && c->speaker_id != a->speaker_id);
	CHECK(quote_starting(&r, "¿Y el metro?") == NULL); /* no speech verb: not attributed */
	const lede_quote *d = quote_starting(&r, "When I was eleven");
	CHECK(d && d->speaker && !strcmp(d->speaker, "Reyes"));
	lede_arena_free(r.a);
}

/* The name pass: every full name of the body, even one a longer name
 * follows in the same sentence or one written as a link, so that a later
 * surname alone gets the name the article introduced. */
static void test_name_pass(void)
{
	const char *md =
	    "Ana Ruiz met Juan Carlos Ortega and [Marta Gil](https://example.org/gil) on "
	    "Monday.\n\n"
	    "\"We will not sign this agreement,\" Ruiz said.\n\n"
	    "\"The port needs the money,\" Gil said.\n\n"
	    "\"Nothing is decided yet,\" Ortega said.\n\n"
	    "Dr. Elham Fakhari chairs the panel. \"It is too early to say,\" Fakhari said.\n";
	run r = ex(md, LEDE_EXTRACT_MARKDOWN);
	const lede_quote *a = quote_starting(&r, "We will not sign");
	const lede_quote *b = quote_starting(&r, "The port needs");
	const lede_quote *c = quote_starting(&r, "Nothing is decided");
	const lede_quote *d = quote_starting(&r, "It is too early");
	CHECK(a && a->speaker && !strcmp(a->speaker, "Ana Ruiz"));
	CHECK(b && b->speaker && !strcmp(b->speaker, "Marta Gil"));
	CHECK(c && c->speaker && !strcmp(c->speaker, "Juan Carlos Ortega"));
	CHECK(d && d->speaker && !strcmp(d->speaker, "Dr. Elham Fakhari"));
	lede_arena_free(r.a);
}

/* Bodies and documents speak ("Le rapport ... estimait", "Selon la
 * préfecture", "a déclaré l'association"); an incise inside one pair of
 * guillemets splits the quotation in two halves of one speaker; an
 * acronym's full stop ends a sentence; a second quotation in the sentence
 * with a verb between is the same speaker's; an article-led pair of words
 * is a label. */
static void test_bodies_and_incises(void)
{
	const char *md =
	    "Le rapport de la cour des comptes estimait en 2023 que « la dette n'est pas tenable "
	    "».\n\n"
	    "Selon la préfecture, « aucune route ne sera fermée avant lundi ».\n\n"
	    "« Nous attendons des actes, pas des promesses », a déclaré l'association dans un "
	    "communiqué.\n\n"
	    "« Ce projet, affirme Lucie Bernard, urbaniste à la métropole, change tout pour le "
	    "quartier. »\n\n"
	    "« Le calendrier ne bougera pas », explique Hugo Petit, délégué FO. « Jamais. »\n\n"
	    "«Hemos cumplido todo lo prometido», dijo Marta Gil, que calificó la obra de "
	    "«ejemplar y necesaria».\n\n"
	    "Pour les habitants, le plan relève de « l'affichage ».\n";
	run r = ex(md, LEDE_EXTRACT_MARKDOWN);
	const lede_quote *a = quote_starting(&r, "la dette");
	const lede_quote *b = quote_starting(&r, "aucune route");
	const lede_quote *c = quote_starting(&r, "Nous attendons");
	const lede_quote *d1 = quote_starting(&r, "Ce projet");
	const lede_quote *d2 = quote_starting(&r, "change tout");
	const lede_quote *e = quote_starting(&r, "Jamais.");
	const lede_quote *f = quote_starting(&r, "ejemplar");
	CHECK(a && a->speaker && !strcmp(a->speaker, "Le rapport de la cour des comptes"));
	CHECK(b && b->speaker && !strcmp(b->speaker, "la préfecture"));
	CHECK(c && c->speaker && !strcmp(c->speaker, "l'association"));
	CHECK(d1 && d2);
	if (d1 && d2) {
		CHECK_STR(d1->text, "Ce projet");
		CHECK_STR(d1->speaker, "Lucie Bernard");
		CHECK(d1->role && !strcmp(d1->role, "urbaniste à la métropole"));
		CHECK_STR(d2->text, "change tout pour le quartier.");
		CHECK(d2->speaker_id == d1->speaker_id);
	}
	CHECK(e && e->speaker && !strcmp(e->speaker, "Hugo Petit"));
	CHECK(f && f->speaker && !strcmp(f->speaker, "Marta Gil"));
	CHECK(quote_starting(&r, "l'affichage") == NULL);
	lede_arena_free(r.a);

	/* The role before the name in an incise; a role after the verb is the
	 * person named before, in that role; "Selon elle" likewise. */
	md = "« Le pont est fragile, reconnaît la préfète, Anne Roux, mais il tiendra. »\n\n"
	     "Au marché, Josiane Morin vend ses pêches. « Les clients comprennent », observe la "
	     "maraîchère.\n\n"
	     "Selon elle, « les prix vont encore monter cet hiver ».\n";
	r = ex(md, LEDE_EXTRACT_MARKDOWN);
	const lede_quote *g1 = quote_starting(&r, "Le pont est fragile");
	const lede_quote *g2 = quote_starting(&r, "mais il tiendra");
	const lede_quote *h = quote_starting(&r, "Les clients comprennent");
	const lede_quote *i = quote_starting(&r, "les prix vont");
	CHECK(g1 && g1->speaker && !strcmp(g1->speaker, "Anne Roux"));
	CHECK(g1 && g1->role && !strcmp(g1->role, "la préfète"));
	CHECK(g2 && g2->speaker && !strcmp(g2->speaker, "Anne Roux"));
	CHECK(h && h->speaker && !strcmp(h->speaker, "Josiane Morin"));
	CHECK(h && h->role && !strcmp(h->role, "la maraîchère"));
	CHECK(i && i->speaker && !strcmp(i->speaker, "Josiane Morin"));
	lede_arena_free(r.a);

	/* Any verb with an inverted pronoun is an incise ("sourit-elle", not in
	 * the tables); a passive's agent speaks; a work a verb presents is a
	 * title. */
	md = "Léa Vasseur joue dans une chapelle. « C'est petit, mais le public est là », "
	     "sourit-elle.\n\n"
	     "Une somme jugée « très insuffisante » par le Syndeac, le syndicat des artistes.\n\n"
	     "« Faites le calcul », ironise Manon Petit, qui présente « Les Oiseaux de passage », "
	     "sa création.\n";
	r = ex(md, LEDE_EXTRACT_MARKDOWN);
	const lede_quote *j = quote_starting(&r, "C'est petit");
	const lede_quote *k = quote_starting(&r, "très insuffisante");
	CHECK(j && j->speaker && !strcmp(j->speaker, "Léa Vasseur"));
	CHECK(j && j->cue && !strcmp(j->cue, "sourit-elle"));
	CHECK(k && k->speaker && !strcmp(k->speaker, "le Syndeac"));
	CHECK(quote_starting(&r, "Faites le calcul") != NULL);
	CHECK(quote_starting(&r, "Les Oiseaux de passage") == NULL);
	lede_arena_free(r.a);
}

/* An incise may end with a full stop when the quotation goes on with a new
 * sentence, its verb then followed by a complement; both halves are the
 * speaker's. */
static void test_incise_full_stop(void)
{
	const char *md =
	    "Le vice-président, Antoine Delorme, conteste. « Les magistrats ont travaillé sur "
	    "des chiffres anciens, a-t-il rappelé devant les élus. Depuis, tout a changé. »\n\n"
	    "« Nous avons prévu des aides, a déclaré Julie Marchal. Personne ne sera oublié. »\n\n"
	    "« Le chantier durera deux ans, a-t-elle ajouté, pas un jour de plus. »\n";
	run r = ex(md, LEDE_EXTRACT_MARKDOWN);
	const lede_quote *a1 = quote_starting(&r, "Les magistrats");
	const lede_quote *a2 = quote_starting(&r, "Depuis, tout");
	const lede_quote *b1 = quote_starting(&r, "Nous avons prévu");
	const lede_quote *b2 = quote_starting(&r, "Personne ne sera");
	CHECK(a1 && a2 && b1 && b2);
	if (a1 && a2 && b1 && b2) {
		CHECK_STR(a1->text, "Les magistrats ont travaillé sur des chiffres anciens");
		CHECK_STR(a1->speaker, "Antoine Delorme");
		CHECK_STR(a1->cue, "a-t-il rappelé");
		CHECK_STR(a2->speaker, "Antoine Delorme");
		CHECK_STR(b1->speaker, "Julie Marchal");
		CHECK_STR(b2->text, "Personne ne sera oublié.");
		CHECK_STR(b2->speaker, "Julie Marchal");
	}
	const lede_quote *c2 = quote_starting(&r, "pas un jour");
	CHECK(c2 && c2->speaker && !strcmp(c2->speaker, "Julie Marchal"));
	lede_arena_free(r.a);
}

/* "The bank said" stands for the body named before with that head noun;
 * with none named, the words themselves. */
static void test_body_by_head_noun(void)
{
	const char *md =
	    "The World Bank said it would study the plan. In a statement, the bank noted that "
	    "\"sub-national lending carries specific risks\".\n\n"
	    "A report by the state's Environment Protection Authority came out in May. "
	    "\"Nights no longer cool down,\" the authority warned.\n\n"
	    "\"We will vote in June,\" the council said.\n";
	run r = ex(md, LEDE_EXTRACT_MARKDOWN);
	const lede_quote *a = quote_starting(&r, "sub-national");
	const lede_quote *b = quote_starting(&r, "Nights no longer");
	const lede_quote *c = quote_starting(&r, "We will vote");
	CHECK(a && a->speaker && !strcmp(a->speaker, "The World Bank"));
	CHECK(b && b->speaker && !strcmp(b->speaker, "Environment Protection Authority"));
	CHECK(c && c->speaker && !strcmp(c->speaker, "the council"));
	lede_arena_free(r.a);
}

/* A subject that repeats the role of one person quoted before ("La
 * intendenta respondió") is that person for the pronoun-less quotation
 * after it; with two people in that role the rule does not choose, and
 * the nearest speaker stays. */
static void test_subject_by_role(void)
{
	const char *md =
	    "«Es el presupuesto más social», afirmó la intendenta, Carolina Méndez, tras la "
	    "votación.\n\n"
	    "El vecino Ramón Silva dijo: «Hace veinte años que esperamos».\n\n"
	    "La intendenta respondió a las críticas en la radio. «Gobernar es elegir», dijo, «y "
	    "nosotros elegimos».\n";
	run r = ex(md, LEDE_EXTRACT_MARKDOWN);
	const lede_quote *a = quote_starting(&r, "Gobernar");
	const lede_quote *b = quote_starting(&r, "y nosotros");
	CHECK(a && a->speaker && !strcmp(a->speaker, "Carolina Méndez"));
	CHECK(b && b->speaker && !strcmp(b->speaker, "Carolina Méndez"));
	lede_arena_free(r.a);

	md = "«Vamos a cumplir», afirmó la concejala Ana Ruiz.\n\n"
	     "«No hay dinero», afirmó la concejala Eva Gil.\n\n"
	     "La concejala respondió en la radio. «Ya veremos», dijo.\n";
	r = ex(md, LEDE_EXTRACT_MARKDOWN);
	const lede_quote *c = quote_starting(&r, "Ya veremos");
	CHECK(c && c->speaker && !strcmp(c->speaker, "Eva Gil"));
	lede_arena_free(r.a);
}

/* Capitalised words before a body's head are the body's name, not a
 * person's; a long "according to" phrase speaks through its agent. */
static void test_body_names(void)
{
	const char *md =
	    "According to the Environment Protection Authority, \"nights no longer cool "
	    "down\".\n\n"
	    "According to a report published last month by the state's Water Quality Board, "
	    "\"rivers are too warm\".\n";
	run r = ex(md, LEDE_EXTRACT_MARKDOWN);
	const lede_quote *a = quote_starting(&r, "nights no longer");
	const lede_quote *b = quote_starting(&r, "rivers are");
	CHECK(a && a->speaker && !strcmp(a->speaker, "the Environment Protection Authority"));
	CHECK(b && b->speaker && !strcmp(b->speaker, "the state's Water Quality Board"));
	lede_arena_free(r.a);
}

/* A short title-case span is a name even in a sentence with a speech
 * verb; a partial quotation with a proper noun in it stays one. */
static void test_title_case_names(void)
{
	const char *md =
	    "Organisers said the next summit would be held in Lima, under the theme \"Cities "
	    "That Breathe\".\n\n"
	    "The mayor said the tram was \"a gift to Greater Manchester\".\n";
	run r = ex(md, LEDE_EXTRACT_MARKDOWN);
	CHECK(quote_starting(&r, "Cities That") == NULL);
	CHECK(quote_starting(&r, "a gift to") != NULL);
	lede_arena_free(r.a);
}

/* A lower-case span of four words or more after a work's noun is what
 * someone called it, not the work's title. */
static void test_called_the_plan(void)
{
	const char *md = "Councillor Priya Raman called the plan \"a sticking plaster on a broken "
	                 "leg\".\n\n"
	                 "The council adopted the plan \"Keeping Cool Together\".\n";
	run r = ex(md, LEDE_EXTRACT_MARKDOWN);
	const lede_quote *a = quote_starting(&r, "a sticking plaster");
	CHECK(a && a->speaker && !strcmp(a->speaker, "Priya Raman"));
	CHECK(quote_starting(&r, "Keeping Cool") == NULL);
	lede_arena_free(r.a);
}

/* "For" or "according to" opens an attribution only at the start of the
 * sentence or after a comma: "who has pushed for a levy" names no one. */
static void test_according_position(void)
{
	const char *md =
	    "Priya Raman, who has pushed for a heat levy on landlords, called the plan "
	    "\"a sticking plaster on a broken leg\".\n\n"
	    "For the union, \"the offer is far too low\".\n\n"
	    "The mayor is expected to defend the scheme in May. According to Ms Brennan, "
	    "\u201cOur priority remains the safety of farmers.\u201d\n";
	run r = ex(md, LEDE_EXTRACT_MARKDOWN);
	const lede_quote *a = quote_starting(&r, "a sticking plaster");
	const lede_quote *b = quote_starting(&r, "the offer is");
	const lede_quote *c = quote_starting(&r, "Our priority");
	CHECK(a && a->speaker && !strcmp(a->speaker, "Priya Raman"));
	CHECK(b && b->speaker && !strcmp(b->speaker, "the union"));
	/* (after a sentence of the paragraph: it opens its own) */
	CHECK(c && c->speaker && strstr(c->speaker, "Brennan"));
	lede_arena_free(r.a);
}

/* "Según X, que ..., «…»": a relative clause may come between an
 * "according to" phrase and its quotation. */
static void test_according_relative(void)
{
	const char *md = "Según el informe del Tribunal de Cuentas, que examinó el proyecto en "
	                 "octubre, «los ingresos previstos están sobrestimados».\n\n"
	                 "Selon la préfecture, qui a publié ses chiffres lundi, « aucune route ne "
	                 "sera fermée ».\n";
	run r = ex(md, LEDE_EXTRACT_MARKDOWN);
	const lede_quote *a = quote_starting(&r, "los ingresos");
	const lede_quote *b = quote_starting(&r, "aucune route");
	CHECK(a && a->speaker && !strcmp(a->speaker, "el informe del Tribunal de Cuentas"));
	CHECK(b && b->speaker && !strcmp(b->speaker, "la préfecture"));
	lede_arena_free(r.a);
}

/* A pronoun after a sentence opened by a body ("La chambre régionale des
 * comptes s'était montrée prudente. Elle y estimait que « … »") is that
 * body; a person named in the sentence still comes first. */
static void test_pronoun_for_body(void)
{
	const char *md =
	    "Pour Sylvie Marchand, la question est réglée.\n\n"
	    "La chambre régionale des comptes s'était pourtant montrée prudente. Elle y "
	    "estimait que « le coût d'exploitation n'a pas été évalué ».\n\n"
	    "La préfecture a reçu jeudi Marie Dupont. « Nous irons au tribunal », "
	    "dit-elle.\n";
	run r = ex(md, LEDE_EXTRACT_MARKDOWN);
	const lede_quote *a = quote_starting(&r, "le coût");
	const lede_quote *b = quote_starting(&r, "Nous irons");
	CHECK(a && a->speaker && !strcmp(a->speaker, "La chambre régionale des comptes"));
	CHECK(b && b->speaker && !strcmp(b->speaker, "Marie Dupont"));
	lede_arena_free(r.a);
}

/* A pronoun's quotation takes the role its antecedent was named with in
 * a sentence of its own ("Lisbon's mayor, João Pereira, argued ..."),
 * not words of a sentence that holds a quotation. */
static void test_pronoun_role(void)
{
	const char *md =
	    "Lisbon's mayor, João Pereira, argued that the risks were exaggerated. \"Our city has "
	    "a better rating than some countries,\" he said.\n\n"
	    "The executive director of UN-Habitat, Maimunah Sharif, welcomed the compact but "
	    "warned that cities would need help. \"Many municipalities lack engineers who can "
	    "write a proposal,\" Sharif said in her address.\n\n"
	    "\"Finance without capacity is a promise without a plan,\" she added.\n";
	run r = ex(md, LEDE_EXTRACT_MARKDOWN);
	const lede_quote *a = quote_starting(&r, "Our city");
	const lede_quote *b = quote_starting(&r, "Finance without");
	CHECK(a && a->speaker && !strcmp(a->speaker, "João Pereira"));
	CHECK(a && a->role && !strcmp(a->role, "Lisbon's mayor"));
	CHECK(b && b->speaker && !strcmp(b->speaker, "Maimunah Sharif"));
	CHECK(b && (!b->role || !strstr(b->role, "municipalities")));
	lede_arena_free(r.a);
}

/* A surname's quotation takes the role its speaker was introduced with in
 * a sentence without a quotation, in English, French and Spanish; a role
 * noun must be in it ("Tom Baker, a retired driver" gives none). */
static void test_intro_role(void)
{
	const char *md =
	    "Maria Lopez, the city's transport director, presented the plan on Monday. The "
	    "first lanes open in spring.\n\n"
	    "\"We will start in May,\" Lopez said.\n\n"
	    "Tom Baker, a retired driver, watched the launch.\n\n"
	    "\"It took ten years,\" Baker said.\n";
	run r = ex(md, LEDE_EXTRACT_MARKDOWN);
	const lede_quote *a = quote_starting(&r, "We will start");
	const lede_quote *b = quote_starting(&r, "It took");
	CHECK(a && a->speaker && !strcmp(a->speaker, "Maria Lopez"));
	CHECK(a && a->role && !strcmp(a->role, "the city's transport director"));
	CHECK(b && b->speaker && !strcmp(b->speaker, "Tom Baker") && !b->role);
	lede_arena_free(r.a);
	const char *fr = "Claire Morin, directrice de la mobilité, a présenté le calendrier "
	                 "lundi.\n\n« Nous n'avons plus le luxe d'attendre », a déclaré Morin.\n";
	r = ex(fr, LEDE_EXTRACT_MARKDOWN);
	a = quote_starting(&r, "Nous n'avons");
	CHECK(a && a->speaker && !strcmp(a->speaker, "Claire Morin"));
	CHECK(a && a->role && !strcmp(a->role, "directrice de la mobilité"));
	lede_arena_free(r.a);
	const char *es = "Lucía Herrero, directora de la agencia de vivienda, presentó el plan "
	                 "en el pleno.\n\n«Queremos que nadie tenga que irse», dijo Herrero.\n";
	r = ex(es, LEDE_EXTRACT_MARKDOWN);
	a = quote_starting(&r, "Queremos");
	CHECK(a && a->speaker && !strcmp(a->speaker, "Lucía Herrero"));
	CHECK(a && a->role && !strcmp(a->role, "directora de la agencia de vivienda"));
	lede_arena_free(r.a);
}

/* "The network", "l'organisation", "el organismo": the body the article
 * described with that noun, or for a noun any body can be called, the last
 * body named; "the network of cycle lanes" stands for none, nor does "the
 * ministry" when no ministry was named. */
static void test_generic_body(void)
{
	const char *md =
	    "The plan is backed by C40 Cities, a network of nearly a hundred mayors. \"This "
	    "is a model,\" the network said.\n\n"
	    "The network of cycle lanes will grow. \"It is too slow,\" the network of cycle "
	    "lanes said.\n\n"
	    "\"We will look at it,\" the ministry said.\n";
	run r = ex(md, LEDE_EXTRACT_MARKDOWN);
	const lede_quote *a = quote_starting(&r, "This is a model");
	const lede_quote *b = quote_starting(&r, "It is too slow");
	const lede_quote *c = quote_starting(&r, "We will look");
	CHECK(a && a->speaker && !strcmp(a->speaker, "C40 Cities"));
	CHECK(!b || !b->speaker || !strstr(b->speaker, "C40"));
	CHECK(c && c->speaker && !strcmp(c->speaker, "the ministry"));
	lede_arena_free(r.a);
	const char *fr = "Selon l'Organisation mondiale de la santé (OMS), la pollution tue. « "
	                 "Aucun seuil n'est sans danger », rappelle l'organisation.\n";
	r = ex(fr, LEDE_EXTRACT_MARKDOWN);
	a = quote_starting(&r, "Aucun seuil");
	CHECK(a && a->speaker && !strcmp(a->speaker, "Organisation mondiale de la santé"));
	lede_arena_free(r.a);
	const char *es =
	    "De acuerdo con la Organización Internacional para las Migraciones (OIM), el 80 % "
	    "vive en ciudades.\n\n«La falta de documentación es el obstáculo», dijo el "
	    "organismo.\n";
	r = ex(es, LEDE_EXTRACT_MARKDOWN);
	a = quote_starting(&r, "La falta");
	CHECK(a && a->speaker &&
	      !strcmp(a->speaker, "Organización Internacional para las Migraciones"));
	lede_arena_free(r.a);
}

static void test_site_words(void)
{
	const char *verbs[] = {"tuiteó", NULL}, *roles[] = {"edil", NULL};
	lede_quote_words w = {"es", verbs, roles};
	lede_error err;
	lede_extractor *x = lede_extractor_new_with(&w, 1, &err);
	CHECK(x != NULL);
	if (!x)
		return;
	lede_extract_ctx *c = lede_extract_ctx_new(x);
	lede_arena *a = lede_arena_new();
	lede_extraction out;
	const char *t = "«Nadie nos consultó nada sobre el proyecto», tuiteó Marta Gil, edil de "
	                "Cultura.\n";
	CHECK_INT(lede_extract(c, a, t, strlen(t), 0, LEDE_EXTRACT_MARKDOWN, "es", &out, &err), 0);
	CHECK_INT(out.nquotes, 1);
	if (out.nquotes == 1) {
		CHECK_STR(out.quotes[0].speaker, "Marta Gil");
		CHECK_STR(out.quotes[0].cue, "tuiteó");
		CHECK_STR(out.quotes[0].role, "edil de Cultura");
	}
	lede_arena_free(a);
	lede_extract_ctx_free(c);
	lede_extractor_free(x);
}

static void test_json(void)
{
	lede_link l = {"http://x.org/?a=\"1\"", "x <b>", "url", 1, 0, 5};
	lede_quote q = {"Say \"hi\"\n", NULL, NULL, "said", 2, 7, 20, 0.856, 3};
	lede_extraction x = {&l, 1, &q, 1, NULL, 0, NULL};
	lede_buf b = LEDE_BUF_INIT;
	lede_extraction_json(&x, "a\\b.md", &b);
	CHECK_STR(lede_buf_cstr(&b), "{\"file\": \"a\\\\b.md\", \"links\": [{\"url\": "
	                             "\"http://x.org/?a=\\\"1\\\"\", \"text\": \"x \\u003cb>\", "
	                             "\"kind\": \"url\", \"paragraph\": 1, \"start\": 0, \"end\": "
	                             "5}], \"quotes\": [{\"text\": "
	                             "\"Say \\\"hi\\\"\\n\", \"speaker\": null, \"role\": null, "
	                             "\"cue\": \"said\", \"speaker_id\": 3, \"paragraph\": 2, "
	                             "\"start\": 7, \"end\": 20, \"confidence\": 0.86}]}");
	lede_buf_free(&b);
}

static void test_body_offset_and_args(void)
{
	const char *t = "---\nurl: http://front.example.com\n---\nBody www.body.org.\n";
	size_t body = strlen("---\nurl: http://front.example.com\n---\n");
	lede_arena *a = lede_arena_new();
	lede_extraction x;
	lede_error err;
	CHECK_INT(lede_extract(C, a, t, strlen(t), body, LEDE_EXTRACT_MARKDOWN, "en", &x, &err), 0);
	CHECK_INT(x.nlinks, 1);
	if (x.nlinks) {
		CHECK_STR(x.links[0].url, "http://www.body.org");
		CHECK_INT(x.links[0].start, body + 5);
		CHECK_INT(x.links[0].paragraph, 1);
	}
	CHECK_INT(
	    lede_extract(C, a, t, strlen(t), strlen(t) + 1, LEDE_EXTRACT_TEXT, NULL, &x, &err), -1);
	lede_arena_free(a);
}

/* PCRE2 runs without its own UTF-8 check: invalid input must be refused
 * before it (found by tests/fuzz). */
static void test_invalid_utf8_refused(void)
{
	lede_arena *a = lede_arena_new();
	lede_extraction x;
	lede_error err;
	const char *t = "ok line\n“quoted\xfe\xd7 text” said Ana";
	CHECK_INT(lede_extract(C, a, t, strlen(t), 0, LEDE_EXTRACT_TEXT, NULL, &x, &err), -1);
	CHECK(strstr(err.msg, "invalid UTF-8 (byte 0xFE)") != NULL);
	CHECK_INT(err.line, 2);
	CHECK_INT(err.column, 10);
	lede_arena_free(a);
}

int main(void)
{
	lede_error err;
	X = lede_extractor_new(&err);
	if (!X) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	C = lede_extract_ctx_new(X);
	RUN(test_markdown_link_kinds);
	RUN(test_issue13_classes);
	RUN(test_site_words);
	RUN(test_bare_urls_and_emails);
	RUN(test_trailing_punctuation);
	RUN(test_every_occurrence);
	RUN(test_code_skipped);
	RUN(test_quote_styles);
	RUN(test_multi_paragraph_quote);
	RUN(test_titles_and_scare_quotes);
	RUN(test_blockquote_attribution);
	RUN(test_attribution_languages);
	RUN(test_seed_quotes);
	RUN(test_name_pass);
	RUN(test_bodies_and_incises);
	RUN(test_incise_full_stop);
	RUN(test_body_by_head_noun);
	RUN(test_subject_by_role);
	RUN(test_body_names);
	RUN(test_title_case_names);
	RUN(test_called_the_plan);
	RUN(test_according_position);
	RUN(test_according_relative);
	RUN(test_pronoun_for_body);
	RUN(test_pronoun_role);
	RUN(test_intro_role);
	RUN(test_generic_body);
	RUN(test_limit_warning);
	RUN(test_windows_on_characters);
	RUN(test_links_at_every_offset);
	RUN(test_quotes_later);
	RUN(test_json);
	RUN(test_body_offset_and_args);
	RUN(test_invalid_utf8_refused);
	lede_extract_ctx_free(C);
	lede_extractor_free(X);
	DONE();
}
