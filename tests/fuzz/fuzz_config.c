/* fuzz_config.c: libFuzzer target for the site configuration loader
 * (core/site.c): the input is the text of a lede.yaml, parsed from memory
 * and checked as `lede build` checks it; a configuration that loads is
 * then read back the way the engine reads it (outlets, their plugins); one
 * that does not gives every mistake, each with its message. */
#include "frontmatter.h"
#include "site.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every error but the last: each must say what, too. */
static void each(void *ud, const lede_error *e)
{
	(void)ud;
	if (!e->msg[0])
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* lede_yaml_parse's two paths make one tree where both read it */
	if (!lede_yaml_paths_agree((const char *)data, size, 1))
		__builtin_trap();
	lede_error err;
	lede_error_clear(&err);
	/* as lede build reads it: on past the first mistake (the first
	 * alone is checked the same way, in the same code) */
	lede_config *c =
	    lede_config_parse_each("lede.yaml", (const char *)data, size, &err, each, NULL);
	if (!c) {
		/* A refused configuration must say where and what. */
		if (!err.msg[0])
			__builtin_trap();
		return 0;
	}
	size_t n = strlen(c->title) + strlen(c->base_url) + strlen(c->language);
	for (size_t i = 0; i < c->noutlets; i++) {
		const lede_outlet *o = &c->outlets[i];
		if (lede_config_outlet(c, o->name) != o)
			__builtin_trap(); /* two outlets with one name got through */
		n += strlen(o->format) + (o->path ? strlen(o->path) : 0);
		for (size_t k = 0; k < o->nplugins; k++)
			n += strlen(o->plugins[k].name);
	}
	for (size_t k = 0; k < c->nplugins; k++)
		n += strlen(c->plugins[k].name);
	lede_config_free(c);
	volatile size_t sink = n; /* keeps the reads above */
	(void)sink;
	return 0;
}
