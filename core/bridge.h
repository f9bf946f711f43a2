/* bridge.h: the build's one door into Lua. The build steps (build.c) deal
 * in C values (lede_article, lede_outlet_rt, lede_value, lede_buf); the
 * bridge pushes them, calls the plugins through lede_lua_call, takes back
 * what they returned and leaves the engine's Lua stack as it found it, as
 * wrk's script.h hides its stack. Every function runs on e's own state
 * (a worker's, or the main engine's) and reports its own errors. */
#ifndef LEDE_BRIDGE_H
#define LEDE_BRIDGE_H

#include "engine.h"

/* setup(site, options) of every loaded plugin instance, in load order; a
 * plugin whose setup fails is marked failed (its hooks are skipped). */
void bridge_setup(lede_engine *e);
/* finish(site) of every plugin that has one, in load order. */
void bridge_finish(lede_engine *e);

/* Hook h (article, filter, transform or nodes) of the plugins that run
 * for a: outlet o's list (the top-level plugins, then its own), or the
 * top-level plugins when o is NULL (the article hook). Each gets the
 * article (and the outlet's table); what it did to a.tags, a.meta... is
 * written back into a after it returns. 1 kept, 0 a plugin returned
 * false, -1 a hook failed (reported). */
int bridge_run_hook(lede_engine *e, enum lede_hook h, lede_article *a, lede_outlet_rt *o);
/* The same, and when a plugin returned false, *dropper is that plugin. */
int bridge_run_hook_by(lede_engine *e, enum lede_hook h, lede_article *a, lede_outlet_rt *o,
                       const lede_plugin **dropper);
/* Writes back what Lua code did to a's tables outside a hook (a script,
 * a test), as after hook h of plugin p (NULL: lede). 0, or -1 reported. */
int bridge_sync(lede_engine *e, const lede_plugin *p, enum lede_hook h, lede_article *a);

/* Compiles outlet o's filter.lua expression once (a predicate kept in the
 * state). 0, or -1 reported with the config file's line. */
int bridge_filter_compile(lede_engine *e, lede_outlet_rt *o);
/* filter.lua on a: 1 true, 0 false, -1 it raised (reported). 1 when o has
 * no compiled predicate. */
int bridge_filter_lua(lede_engine *e, const lede_outlet_rt *o, lede_article *a);

/* The format's render hook on the outlet's copy a: the text appended to
 * out and *has_output true, or *has_output false when it returned nil or
 * the format renders nothing. 0, or -1 (reported). */
int bridge_render(lede_engine *e, lede_outlet_rt *o, lede_article *a, lede_buf *out,
                  bool *has_output);
/* The format's fragment hook on the outlet's copy a: what its index hook
 * will want of the article once the article is gone, as data in a's arena
 * (NULL when it returned nil or the format has none). 0, or -1 (reported). */
int bridge_fragment(lede_engine *e, lede_outlet_rt *o, lede_article *a, lede_value **frag);

/* One page of a collection, as the index hook's third argument. */
typedef struct bridge_page {
	int number, total;
	const char *tag, *section; /* a tag page's tag, a section front's section, or NULL */
	const char *url, *prev_url, *next_url; /* prev_url, next_url: NULL on the first, last */
} bridge_page;

/* The format's index hook on n records (the page's articles) and page:
 * the text appended to out and 1, 0 when it returned nil, -1 on an error
 * (reported). */
int bridge_index(lede_engine *e, lede_outlet_rt *o, lede_article **list, size_t n,
                 const bridge_page *page, lede_buf *out);

/* From here to bridge_outlet_end, o's hooks get an outlet table of their
 * own, not the one the build's articles share (a collection's pages, a
 * script's render). Returns what to hand to bridge_outlet_end. */
int bridge_outlet_begin(lede_engine *e, lede_outlet_rt *o);
void bridge_outlet_end(lede_engine *e, lede_outlet_rt *o, int shared);

/* Closes a's handle in e's state (later use from Lua raises) and frees a. */
void bridge_release(lede_engine *e, lede_article *a);
/* Closes a's handle in e's state without freeing a (it moves on). */
void bridge_detach(lede_engine *e, lede_article *a);

#endif
