/* test_names.c: names in lede.yaml and in the output folder that must not
 * lead out of the site: format and template names, and lede's own
 * temporary file names (the only files a build's clean-up removes). */
#include "harness.h"
#include "output.h"
#include "site.h"

#include <stdlib.h>

/* Parses a one-outlet config whose outlet mapping is body; returns the
 * error as "line:col: msg" in b, or "" when it parses. */
static const char *parse(const char *body, lede_buf *b)
{
	lede_buf text = LEDE_BUF_INIT;
	lede_buf_printf(&text, "site: {title: x}\noutlets:\n  web: %s\n", body);
	lede_error err;
	lede_error_clear(&err);
	lede_config *c = lede_config_parse("lede.yaml", text.data, text.len, &err);
	lede_buf_reset(b);
	if (!c)
		lede_buf_printf(b, "%d:%d: %s", err.line, err.column, err.msg);
	lede_config_free(c);
	lede_buf_free(&text);
	return lede_buf_cstr(b);
}

static void format_names(void)
{
	lede_buf b = LEDE_BUF_INIT;
	CHECK_STR(parse("{format: html}", &b), "");
	CHECK_STR(parse("{format: mine/html}", &b), "");
	CHECK_STR(parse("{format: ../../../evil}", &b),
	          "3:17: bad format name '../../../evil'; name a file plugins/formats/NAME.lua "
	          "without '.lua'");
	CHECK_STR(parse("{format: /tmp/evil}", &b),
	          "3:17: bad format name '/tmp/evil'; name a file plugins/formats/NAME.lua "
	          "without '.lua'");
	CHECK_STR(parse("{format: html.lua}", &b),
	          "3:17: bad format name 'html.lua'; name a file plugins/formats/NAME.lua "
	          "without '.lua'");
	lede_buf_free(&b);
}

static void template_names(void)
{
	lede_buf b = LEDE_BUF_INIT;
	CHECK_STR(parse("{format: html, template: article.mustache}", &b), "");
	CHECK_STR(parse("{format: html, template: news/article}", &b), "");
	CHECK_STR(parse("{format: html, template: ../../x.mustache}", &b),
	          "3:33: bad template name '../../x.mustache'; name a file in templates/ by a "
	          "relative path without '..'");
	CHECK_STR(parse("{format: html, template: /etc/passwd}", &b),
	          "3:33: bad template name '/etc/passwd'; name a file in templates/ by a relative "
	          "path without '..'");
	CHECK_STR(parse("{format: html, index: {template: a/../../b}}", &b),
	          "3:41: bad template name 'a/../../b'; name a file in templates/ by a relative "
	          "path without '..'");
	lede_buf_free(&b);
}

static void temp_names(void)
{
	CHECK(lede_is_temp_name(".index.html.tmp-AbC123"));
	CHECK(lede_is_temp_name(".a.tmp-000000"));
	CHECK(!lede_is_temp_name("index.html.tmp-AbC123")); /* no leading dot */
	CHECK(!lede_is_temp_name(".tmp-AbC123"));           /* no name */
	CHECK(!lede_is_temp_name(".a.tmp-AbC12"));          /* five letters */
	CHECK(!lede_is_temp_name(".a.tmp-AbC1234"));        /* seven */
	CHECK(!lede_is_temp_name(".a.tmp-AbC_23"));         /* not mkstemp's */
	CHECK(!lede_is_temp_name(".a.TMP-AbC123"));
	CHECK(!lede_is_temp_name(""));
}

int main(void)
{
	RUN(format_names);
	RUN(template_names);
	RUN(temp_names);
	DONE();
}
