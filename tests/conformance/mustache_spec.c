/* mustache_spec.c: runs the Mustache spec (every .yml in ../shared/conformance/mustache,
 * or the directory in argv[1]) against core/template.c and reports a pass
 * rate per file. The YAML is loaded into Lua tables with a small libyaml
 * event loader, so the data reaches the engine as it would from a plugin. */
#include "buf.h"
#include "error.h"
#include "template.h"

#include <dirent.h>
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* The spec's lambdas are given per language, not in Lua; these are their
 * Lua equivalents, each a chunk returning the function (a fresh closure per
 * test, so "Multiple Calls" counts from zero). */
static const struct {
	const char *test, *lua;
} lambdas[] = {
    {"Interpolation", "return function() return 'world' end"},
    {"Interpolation - Expansion", "return function() return '{{planet}}' end"},
    {"Interpolation - Alternate Delimiters",
     "return function() return '|planet| => {{planet}}' end"},
    {"Interpolation - Multiple Calls",
     "local calls = 0 return function() calls = calls + 1 return calls end"},
    {"Escaping", "return function() return '>' end"},
    {"Section",
     "return function(text) if text == '{{x}}' then return 'yes' else return 'no' end end"},
    {"Section - Expansion", "return function(text) return text .. '{{planet}}' .. text end"},
    {"Section - Alternate Delimiters",
     "return function(text) return text .. '{{planet}} => |planet|' .. text end"},
    {"Section - Multiple Calls", "return function(text) return '__' .. text .. '__' end"},
    {"Inverted Section", "return function(text) return false end"},
};

/* ---- YAML -> Lua ---- */

static bool all_match(const char *s, size_t n, bool float_ok)
{
	size_t i = 0;
	if (i < n && (s[i] == '-' || s[i] == '+'))
		i++;
	size_t digits = 0, dots = 0, exp = 0;
	for (; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			digits++;
		} else if (float_ok && s[i] == '.' && !dots && !exp) {
			dots++;
		} else if (float_ok && (s[i] == 'e' || s[i] == 'E') && digits && !exp) {
			exp++;
			if (i + 1 < n && (s[i + 1] == '-' || s[i + 1] == '+'))
				i++;
		} else {
			return false;
		}
	}
	return digits > 0;
}

/* Plain scalars are typed as YAML 1.2's core schema says; quoted ones are
 * strings. */
static void push_scalar(lua_State *L, const yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t n = ev->data.scalar.length;
	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) {
		lua_pushlstring(L, s, n);
	} else if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE")) {
		lua_pushboolean(L, 1);
	} else if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE")) {
		lua_pushboolean(L, 0);
	} else if (n == 0 || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") ||
	           !strcmp(s, "NULL")) {
		lua_pushnil(L);
	} else if (all_match(s, n, false)) {
		lua_pushinteger(L, strtoll(s, NULL, 10));
	} else if (all_match(s, n, true)) {
		lua_pushnumber(L, strtod(s, NULL));
	} else {
		lua_pushlstring(L, s, n);
	}
}

static int next_event(yaml_parser_t *p, yaml_event_t *ev, const char *path)
{
	if (yaml_parser_parse(p, ev))
		return 0;
	fprintf(stderr, "%s:%zu:%zu: error: %s\n", path, p->problem_mark.line + 1,
	        p->problem_mark.column + 1, p->problem ? p->problem : "bad YAML");
	return -1;
}

/* Pushes the node that starts with ev (which this takes and deletes). */
static int load_node(yaml_parser_t *p, yaml_event_t *ev, lua_State *L, const char *path)
{
	yaml_event_type_t type = ev->type;
	if (type == YAML_SCALAR_EVENT)
		push_scalar(L, ev);
	else if (type == YAML_ALIAS_EVENT)
		lua_pushnil(L);
	yaml_event_delete(ev);
	if (type == YAML_SCALAR_EVENT || type == YAML_ALIAS_EVENT)
		return 0;
	if (type != YAML_SEQUENCE_START_EVENT && type != YAML_MAPPING_START_EVENT)
		return -1;
	if (!lua_checkstack(L, 8))
		return -1;
	lua_newtable(L);
	lua_Integer i = 1;
	for (;;) {
		yaml_event_t k;
		if (next_event(p, &k, path))
			return -1;
		if (k.type == YAML_SEQUENCE_END_EVENT || k.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&k);
			return 0;
		}
		if (load_node(p, &k, L, path))
			return -1;
		if (type == YAML_SEQUENCE_START_EVENT) {
			lua_rawseti(L, -2, i++);
			continue;
		}
		yaml_event_t v;
		if (next_event(p, &v, path) || load_node(p, &v, L, path))
			return -1;
		if (lua_isnil(L, -2))
			lua_pop(L, 2);
		else
			lua_rawset(L, -3);
	}
}

/* Pushes the first document of the file as a Lua value. */
static int load_yaml(lua_State *L, const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return -1;
	}
	yaml_parser_t p;
	yaml_parser_initialize(&p);
	yaml_parser_set_input_file(&p, f);
	int top = lua_gettop(L), rc = -1;
	for (;;) {
		yaml_event_t ev;
		if (next_event(&p, &ev, path))
			break;
		if (ev.type == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		if (ev.type == YAML_STREAM_START_EVENT || ev.type == YAML_DOCUMENT_START_EVENT) {
			yaml_event_delete(&ev);
			continue;
		}
		rc = load_node(&p, &ev, L, path);
		break;
	}
	yaml_parser_delete(&p);
	fclose(f);
	if (rc)
		lua_settop(L, top);
	return rc;
}

/* ---- partials: parsed on first use from the test's map ---- */

struct partials {
	size_t n;
	char **names, **srcs;
	size_t *slens;
	lede_template **parsed;
};

static const lede_template *get_partial(void *ud, const char *name, size_t len, lede_error *err)
{
	struct partials *ps = ud;
	for (size_t i = 0; i < ps->n; i++) {
		if (strlen(ps->names[i]) != len || memcmp(ps->names[i], name, len) != 0)
			continue;
		if (!ps->parsed[i])
			ps->parsed[i] =
			    lede_template_parse(ps->names[i], ps->srcs[i], ps->slens[i], err);
		return ps->parsed[i];
	}
	return NULL;
}

/* Copies the partials table at idx into C memory: the callback runs inside
 * the renderer's protected call and must not touch the caller's stack. */
static void partials_load(struct partials *ps, lua_State *L, int idx)
{
	memset(ps, 0, sizeof *ps);
	if (!lua_istable(L, idx))
		return;
	size_t cap = 0;
	lua_pushnil(L);
	while (lua_next(L, idx)) {
		if (ps->n == cap) {
			cap = cap ? cap * 2 : 8;
			ps->names = lede_xrealloc(ps->names, cap * sizeof *ps->names);
			ps->srcs = lede_xrealloc(ps->srcs, cap * sizeof *ps->srcs);
			ps->slens = lede_xrealloc(ps->slens, cap * sizeof *ps->slens);
			ps->parsed = lede_xrealloc(ps->parsed, cap * sizeof *ps->parsed);
		}
		size_t n;
		lua_pushvalue(L, -2);
		const char *k = lua_tostring(L, -1);
		ps->names[ps->n] = lede_xstrdup(k ? k : "");
		lua_pop(L, 1);
		const char *s = lua_tolstring(L, -1, &n);
		ps->srcs[ps->n] = lede_xstrndup(s ? s : "", s ? n : 0);
		ps->slens[ps->n] = s ? n : 0;
		ps->parsed[ps->n] = NULL;
		ps->n++;
		lua_pop(L, 1);
	}
}

static void partials_free(struct partials *ps)
{
	for (size_t i = 0; i < ps->n; i++) {
		free(ps->names[i]);
		free(ps->srcs[i]);
		lede_template_free(ps->parsed[i]);
	}
	free(ps->names);
	free(ps->srcs);
	free(ps->slens);
	free(ps->parsed);
}

/* ---- running ---- */

static void show(const char *label, const char *s, size_t n)
{
	fprintf(stderr, "  %s: \"", label);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\n')
			fputs("\\n", stderr);
		else if (c == '\r')
			fputs("\\r", stderr);
		else if (c == '\t')
			fputs("\\t", stderr);
		else if (c == '"' || c == '\\')
			fprintf(stderr, "\\%c", c);
		else if (c < 0x20)
			fprintf(stderr, "\\x%02x", c);
		else
			fputc(c, stderr);
	}
	fputs("\"\n", stderr);
}

static int set_lambda(lua_State *L, int data, const char *test)
{
	for (size_t i = 0; i < sizeof lambdas / sizeof lambdas[0]; i++) {
		if (strcmp(lambdas[i].test, test) != 0)
			continue;
		if (luaL_loadstring(L, lambdas[i].lua) != LUA_OK ||
		    lua_pcall(L, 0, 1, 0) != LUA_OK) {
			fprintf(stderr, "  lambda for '%s': %s\n", test, lua_tostring(L, -1));
			lua_pop(L, 1);
			return -1;
		}
		lua_setfield(L, data, "lambda");
		return 0;
	}
	fprintf(stderr, "  no Lua lambda written for '%s'\n", test);
	return -1;
}

/* Runs one test (the table at idx); true when it passed. */
static bool run_test(lua_State *L, int idx, const char *file, bool is_lambdas)
{
	int top = lua_gettop(L);
	lua_getfield(L, idx, "name");
	const char *name = lua_tostring(L, -1);
	char label[512];
	snprintf(label, sizeof label, "%s: %s", file, name ? name : "?");
	size_t tlen = 0, elen = 0;
	lua_getfield(L, idx, "template");
	const char *tsrc = lua_tolstring(L, -1, &tlen);
	lua_getfield(L, idx, "expected");
	const char *exp = lua_tolstring(L, -1, &elen);
	lua_getfield(L, idx, "data");
	int data = lua_gettop(L);
	lua_getfield(L, idx, "partials");
	int pidx = lua_gettop(L);
	bool ok = false;
	lede_error err;
	lede_error_clear(&err);
	lede_buf out = LEDE_BUF_INIT, msg = LEDE_BUF_INIT;
	struct partials ps;
	partials_load(&ps, L, pidx);
	lede_template_env env = {get_partial, &ps, NULL, 0, NULL, NULL};
	lede_template *t = NULL;
	if (!tsrc || !exp) {
		fprintf(stderr, "  test without template or expected\n");
	} else if (is_lambdas && lua_istable(L, data) &&
	           set_lambda(L, data, name ? name : "") != 0) {
		;
	} else if (!(t = lede_template_parse(label, tsrc, tlen, &err))) {
		lede_error_format(&err, "error", &msg);
		fprintf(stderr, "  %s", lede_buf_cstr(&msg));
	} else {
		int before = lua_gettop(L);
		int rc = lede_template_render(t, L, data, &env, &out, &err);
		if (lua_gettop(L) != before)
			fprintf(stderr, "  Lua stack changed: %d -> %d\n", before, lua_gettop(L));
		else if (rc) {
			lede_error_format(&err, "error", &msg);
			fprintf(stderr, "  %s", lede_buf_cstr(&msg));
		} else {
			ok = out.len == elen && memcmp(lede_buf_cstr(&out), exp, elen) == 0;
		}
	}
	printf("%s - %s\n", ok ? "ok" : "not ok", label);
	if (!ok && tsrc && exp) {
		show("template", tsrc, tlen);
		show("expected", exp, elen);
		show("got     ", lede_buf_cstr(&out), out.len);
	}
	lede_template_free(t);
	partials_free(&ps);
	lede_buf_free(&out);
	lede_buf_free(&msg);
	lua_settop(L, top);
	return ok;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "../shared/conformance/mustache";
	DIR *d = opendir(dir);
	if (!d) {
		printf("# skipped: no spec at %s\n", dir);
		return 0;
	}
	char **files = NULL;
	size_t nfiles = 0;
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);
		if (n > 4 && !strcmp(de->d_name + n - 4, ".yml")) {
			files = lede_xrealloc(files, (nfiles + 1) * sizeof *files);
			files[nfiles++] = lede_xstrdup(de->d_name);
		}
	}
	closedir(d);
	qsort(files, nfiles, sizeof *files, cmp_names);

	int passed = 0, total = 0, required_failed = 0;
	for (size_t f = 0; f < nfiles; f++) {
		const char *file = files[f];
		bool required = file[0] != '~' || !strcmp(file, "~inheritance.yml") ||
		                !strcmp(file, "~lambdas.yml");
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, file);
		lua_State *L = luaL_newstate();
		luaL_openlibs(L);
		int fp = 0, ft = 0;
		if (load_yaml(L, path) == 0 && lua_istable(L, -1)) {
			lua_getfield(L, -1, "tests");
			int tests = lua_gettop(L);
			lua_Integer n =
			    lua_istable(L, tests) ? (lua_Integer)lua_rawlen(L, tests) : 0;
			for (lua_Integer i = 1; i <= n; i++) {
				lua_rawgeti(L, tests, i);
				ft++;
				if (run_test(L, lua_gettop(L), file, !strcmp(file, "~lambdas.yml")))
					fp++;
				lua_pop(L, 1);
			}
		} else {
			printf("not ok - %s: could not load\n", file);
			ft++;
		}
		lua_close(L);
		printf("# %s: %d/%d passed%s\n", file, fp, ft, required ? "" : " (optional)");
		passed += fp;
		total += ft;
		if (required && fp != ft)
			required_failed = 1;
		free(files[f]);
	}
	free(files);
	printf("# mustache spec: %d/%d passed\n", passed, total);
	return required_failed;
}
