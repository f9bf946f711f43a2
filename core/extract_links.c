/* extract_links.c: finds the links of one block. Markdown constructs (inline
 * and reference links, images, autolinks, <a href>) are parsed with C loops;
 * the rest of the text goes through GFM's autolink rules (Markdown only)
 * and a port of linkify-it's rules, where PCRE2 matches the scheme/host
 * part at candidate positions and a C loop with memoised bracket searches
 * does the path, so no input makes it quadratic. What this finds is what
 * the body links (markdown.c's lede_markdown_autolink). */
#include "escape.h"
#include "extract_internal.h"

#include <string.h>

/* ---- patterns (linkify-it 5.0's re.mjs, as PCRE2) ------------------------ */

#define PL   "[^><\\x{ff5c}\\p{Z}\\p{P}\\p{Cc}]"
#define ZPCC "[\\p{Z}\\p{P}\\p{Cc}]"
#define XN   "xn--[a-z0-9\\-]{1,59}"
#define DOM  "(?:" XN "|" PL "(?:(?:-|" PL "){0,61}" PL ")?)"
#define HOST "(?:(?:" DOM "\\.)*" DOM ")"
#define PORT                                                                                       \
	"(?::(?:6(?:[0-4][0-9]{3}|5(?:[0-4][0-9]{2}|5(?:[0-2][0-9]|3[0-5])))|[1-5]?[0-9]{1,4}))?"
#define TERM   "(?=\\z|[><\\x{ff5c}]|" ZPCC ")(?!-|_|:[0-9]|\\.-|\\.(?!\\z|" ZPCC "))"
#define AUTH   "(?:[^\\p{Z}\\p{Cc}@/\\[\\]()]{1,50}@)?"
#define IP4OCT "(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)"
#define IP4    "(?:(?:" IP4OCT "\\.){3}" IP4OCT ")"
#define TLD2                                                                                       \
	"a[cdefgilmnoqrstuwxz]|b[abdefghijmnorstvwyz]|c[acdfghiklmnoruvwxyz]|d[ejkmoz]|e[cegrstu]" \
	"|f[ijkmor]|"                                                                              \
	"g[abdefghilmnpqrstuwy]|h[kmnrtu]|i[delmnoqrst]|j[emop]|k[eghimnprwyz]|l[abcikrstuvy]|"    \
	"m[acdeghklmnopqrstuvwxyz]|n[acefgilopruz]|om|p[aefghklmnrstwy]|qa|r[eosuw]|"              \
	"s[abcdeghijklmnortuvxyz]|t[cdfghjklmnortvwz]|u[agksyz]|v[aceginu]|w[fs]|y[et]|z[amw]"
#define TLDS                                                                                       \
	"(?:biz|com|edu|gov|net|org|pro|web|xxx|aero|asia|coop|info|museum|name|shop|"             \
	"\xd1\x80\xd1\x84|" TLD2 ")"
#define EMAIL_NAME "[\\-;:&=+$,.a-z0-9_][\\-;:&=+$,\".a-z0-9_]{0,63}"

static const char *const link_patterns[] = {
    [RX_HTTP_TAIL] = "//" AUTH HOST PORT TERM,
    [RX_REL_TAIL] = AUTH "(?:localhost|(?:" DOM "\\.)+(?:" XN "|" PL "{1,63}))" PORT TERM,
    [RX_MAILTO_TAIL] = EMAIL_NAME "@" HOST TERM,
    [RX_FUZZY_HOST] = "(?![$+<=>^`|\\x{ff5c}])(?:" IP4 "|(?:" DOM "\\.)+" TLDS ")" PORT TERM,
    [RX_EMAIL] = EMAIL_NAME "@(?:" IP4 "|(?:" DOM "\\.)+" TLDS ")" TERM,
    [RX_HTML_HREF] = "\\bhref[ \\t\\n]*=[ \\t\\n]*(?:\"([^\"]*)\"|'([^']*)'|([^ \\t\\n\"'=<>`]+))",
};

const char *lede_x_link_pattern(int id)
{
	return id < (int)(sizeof link_patterns / sizeof *link_patterns) ? link_patterns[id] : NULL;
}

/* ---- linkify ------------------------------------------------------------- */

enum { M_PAREN, M_BRACKET, M_BRACE, M_DQUOTE, M_SQUOTE, M_COUNT };

typedef struct lscan {
	xstate *s;
	const xblock *b;
	const char *t;
	size_t se; /* end of the segment being linkified */
	/* The last search for each closer: from mfrom, it stopped at mres (the
	 * closer when mfound, else white space or the segment end). Any later
	 * search starting inside [mfrom, mres] has the same answer. */
	size_t mfrom[M_COUNT], mres[M_COUNT];
	bool mfound[M_COUNT], mset[M_COUNT];
} lscan;

#define NONE ((size_t)-1)

static size_t find_close(lscan *ls, int k, size_t p, int32_t closer)
{
	if (ls->mset[k] && ls->mfrom[k] <= p && p <= ls->mres[k])
		return ls->mfound[k] ? ls->mres[k] : NONE;
	size_t q = p;
	bool found = false;
	while (q < ls->se) {
		int l;
		int32_t c = lede_x_cp(ls->t, ls->se, q, &l);
		if (c == closer) {
			found = true;
			break;
		}
		if (lede_x_is_zcc(c))
			break;
		q += (size_t)l;
	}
	ls->mset[k] = true;
	ls->mfrom[k] = p;
	ls->mres[k] = q;
	ls->mfound[k] = found;
	return found ? q : NONE;
}

static bool is_sep(int32_t c) { return c == '<' || c == '>' || c == 0xFF5C; }

static bool zcc_at(lscan *ls, size_t q)
{
	if (q >= ls->se)
		return true; /* the segment end counts as linkify-it's "$" */
	int l;
	return lede_x_is_zcc(lede_x_cp(ls->t, ls->se, q, &l));
}

/* linkify-it's src_path from p; returns where the URL ends. */
static size_t url_path(lscan *ls, size_t p)
{
	const char *t = ls->t;
	size_t se = ls->se;
	if (p >= se || (t[p] != '/' && t[p] != '?' && t[p] != '#'))
		return p;
	size_t q = p + 1, r, k;
	while (q < se) {
		int l;
		int32_t c = lede_x_cp(t, se, q, &l);
		if (lede_x_is_zcc(c) || is_sep(c))
			break;
		switch (c) {
		case '[':
		case '(':
		case '{':
			r = find_close(ls,
			               c == '('   ? M_PAREN
			               : c == '[' ? M_BRACKET
			                          : M_BRACE,
			               q + 1,
			               c == '('   ? ')'
			               : c == '[' ? ']'
			                          : '}');
			if (r == NONE)
				goto stop;
			q = r + 1;
			continue;
		case '"':
			r = find_close(ls, M_DQUOTE, q + 1, '"');
			if (r == NONE || r == q + 1)
				goto stop;
			q = r + 1;
			continue;
		case '\'':
			r = find_close(ls, M_SQUOTE, q + 1, '\'');
			if (r != NONE && r > q + 1) {
				q = r + 1;
				continue;
			}
			if (q + 1 < se) {
				int32_t n = lede_x_cp(t, se, q + 1, &l);
				if (n == '-' ||
				    !(lede_x_is_zcc(n) || lede_x_is_p(n) || is_sep(n))) {
					q++;
					continue;
				}
			}
			goto stop;
		case '.':
			k = 0;
			while (q + k < se && t[q + k] == '.')
				k++;
			if (k >= 2 && q + k < se &&
			    (strchr("%/&", t[q + k]) || (t[q + k] >= 'a' && t[q + k] <= 'z') ||
			     (t[q + k] >= 'A' && t[q + k] <= 'Z') ||
			     (t[q + k] >= '0' && t[q + k] <= '9'))) {
				q += k + 1;
				continue;
			}
			if (k == 1 && !zcc_at(ls, q + 1)) {
				q++;
				continue;
			}
			goto stop;
		case '-':
			while (q < se && t[q] == '-')
				q++;
			continue;
		case ',':
		case ';':
			if (!zcc_at(ls, q + 1)) {
				q++;
				continue;
			}
			goto stop;
		case '!':
			k = 0;
			while (q + k < se && t[q + k] == '!')
				k++;
			if (!zcc_at(ls, q + k)) {
				q += k;
				continue;
			}
			goto stop;
		case '?':
			if (!zcc_at(ls, q + 1) && t[q + 1] != '?') {
				q++;
				continue;
			}
			goto stop;
		case ')':
		case ']':
		case '}': goto stop;
		default: q += (size_t)l;
		}
	}
stop:
	if (q > p + 1)
		return q;
	return t[p] == '/' ? p + 1 : p;
}

/* Anchored match of a head pattern at p; returns its end or NONE. */
static size_t head(lscan *ls, int id, size_t p)
{
	int rc = lede_x_match(ls->s, id, ls->t, ls->se, p, PCRE2_ANCHORED, "links", ls->b->para);
	if (rc < 0)
		return NONE;
	size_t b, e;
	lede_x_group(ls->s, 0, &b, &e);
	return e;
}

static bool ieq(const char *t, size_t p, size_t se, const char *w)
{
	size_t n = strlen(w);
	if (p + n > se)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = t[p + i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		if (c != w[i])
			return false;
	}
	return true;
}

/* ASCII classes: what may start a link, what may stand before one. */
enum { A_ALNUM = 1, A_ZCC = 2, A_P = 4, A_SYM = 8, A_EMAIL = 16, A_NOFUZZ = 32 };
static const unsigned char aclass[128] = {
    /* C0 controls and space (ISO C has no range designators) */
    [0] = A_ZCC,
    [1] = A_ZCC,
    [2] = A_ZCC,
    [3] = A_ZCC,
    [4] = A_ZCC,
    [5] = A_ZCC,
    [6] = A_ZCC,
    [7] = A_ZCC,
    [8] = A_ZCC,
    [9] = A_ZCC,
    [10] = A_ZCC,
    [11] = A_ZCC,
    [12] = A_ZCC,
    [13] = A_ZCC,
    [14] = A_ZCC,
    [15] = A_ZCC,
    [16] = A_ZCC,
    [17] = A_ZCC,
    [18] = A_ZCC,
    [19] = A_ZCC,
    [20] = A_ZCC,
    [21] = A_ZCC,
    [22] = A_ZCC,
    [23] = A_ZCC,
    [24] = A_ZCC,
    [25] = A_ZCC,
    [26] = A_ZCC,
    [27] = A_ZCC,
    [28] = A_ZCC,
    [29] = A_ZCC,
    [30] = A_ZCC,
    [31] = A_ZCC,
    [32] = A_ZCC,
    [127] = A_ZCC,
    ['!'] = A_P,
    ['"'] = A_P | A_EMAIL,
    ['#'] = A_P,
    ['%'] = A_P,
    ['&'] = A_P | A_EMAIL,
    ['\''] = A_P,
    ['('] = A_P,
    [')'] = A_P,
    ['*'] = A_P,
    [','] = A_P | A_EMAIL,
    ['-'] = A_P | A_EMAIL | A_NOFUZZ,
    ['.'] = A_P | A_EMAIL | A_NOFUZZ,
    ['/'] = A_P | A_NOFUZZ,
    [':'] = A_P | A_EMAIL | A_NOFUZZ,
    [';'] = A_P | A_EMAIL,
    ['?'] = A_P,
    ['@'] = A_P | A_NOFUZZ,
    ['['] = A_P,
    ['\\'] = A_P,
    [']'] = A_P,
    ['_'] = A_P | A_EMAIL | A_NOFUZZ,
    ['{'] = A_P,
    ['}'] = A_P,
    ['$'] = A_SYM | A_EMAIL,
    ['+'] = A_SYM | A_EMAIL,
    ['<'] = A_SYM,
    ['='] = A_SYM | A_EMAIL,
    ['>'] = A_SYM,
    ['^'] = A_SYM,
    ['`'] = A_SYM,
    ['|'] = A_SYM,
    ['~'] = 0,
    ['0'] = A_ALNUM | A_EMAIL,
    ['1'] = A_ALNUM | A_EMAIL,
    ['2'] = A_ALNUM | A_EMAIL,
    ['3'] = A_ALNUM | A_EMAIL,
    ['4'] = A_ALNUM | A_EMAIL,
    ['5'] = A_ALNUM | A_EMAIL,
    ['6'] = A_ALNUM | A_EMAIL,
    ['7'] = A_ALNUM | A_EMAIL,
    ['8'] = A_ALNUM | A_EMAIL,
    ['9'] = A_ALNUM | A_EMAIL,
    ['A'] = A_ALNUM | A_EMAIL,
    ['B'] = A_ALNUM | A_EMAIL,
    ['C'] = A_ALNUM | A_EMAIL,
    ['D'] = A_ALNUM | A_EMAIL,
    ['E'] = A_ALNUM | A_EMAIL,
    ['F'] = A_ALNUM | A_EMAIL,
    ['G'] = A_ALNUM | A_EMAIL,
    ['H'] = A_ALNUM | A_EMAIL,
    ['I'] = A_ALNUM | A_EMAIL,
    ['J'] = A_ALNUM | A_EMAIL,
    ['K'] = A_ALNUM | A_EMAIL,
    ['L'] = A_ALNUM | A_EMAIL,
    ['M'] = A_ALNUM | A_EMAIL,
    ['N'] = A_ALNUM | A_EMAIL,
    ['O'] = A_ALNUM | A_EMAIL,
    ['P'] = A_ALNUM | A_EMAIL,
    ['Q'] = A_ALNUM | A_EMAIL,
    ['R'] = A_ALNUM | A_EMAIL,
    ['S'] = A_ALNUM | A_EMAIL,
    ['T'] = A_ALNUM | A_EMAIL,
    ['U'] = A_ALNUM | A_EMAIL,
    ['V'] = A_ALNUM | A_EMAIL,
    ['W'] = A_ALNUM | A_EMAIL,
    ['X'] = A_ALNUM | A_EMAIL,
    ['Y'] = A_ALNUM | A_EMAIL,
    ['Z'] = A_ALNUM | A_EMAIL,
    ['a'] = A_ALNUM | A_EMAIL,
    ['b'] = A_ALNUM | A_EMAIL,
    ['c'] = A_ALNUM | A_EMAIL,
    ['d'] = A_ALNUM | A_EMAIL,
    ['e'] = A_ALNUM | A_EMAIL,
    ['f'] = A_ALNUM | A_EMAIL,
    ['g'] = A_ALNUM | A_EMAIL,
    ['h'] = A_ALNUM | A_EMAIL,
    ['i'] = A_ALNUM | A_EMAIL,
    ['j'] = A_ALNUM | A_EMAIL,
    ['k'] = A_ALNUM | A_EMAIL,
    ['l'] = A_ALNUM | A_EMAIL,
    ['m'] = A_ALNUM | A_EMAIL,
    ['n'] = A_ALNUM | A_EMAIL,
    ['o'] = A_ALNUM | A_EMAIL,
    ['p'] = A_ALNUM | A_EMAIL,
    ['q'] = A_ALNUM | A_EMAIL,
    ['r'] = A_ALNUM | A_EMAIL,
    ['s'] = A_ALNUM | A_EMAIL,
    ['t'] = A_ALNUM | A_EMAIL,
    ['u'] = A_ALNUM | A_EMAIL,
    ['v'] = A_ALNUM | A_EMAIL,
    ['w'] = A_ALNUM | A_EMAIL,
    ['x'] = A_ALNUM | A_EMAIL,
    ['y'] = A_ALNUM | A_EMAIL,
    ['z'] = A_ALNUM | A_EMAIL,
};

static bool email_name_char(unsigned char c) { return c < 0x80 && (aclass[c] & A_EMAIL); }

static bool host_byte(unsigned char c)
{
	return c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-';
}

/* The best link starting at i (linkify-it's choose(): the longest, schema
 * before e-mail before fuzzy on a tie); 0 when none. */
static size_t try_at(lscan *ls, size_t i, bool pre_schema, bool pre_fuzzy, bool pre_email,
                     const char **kind, const char **prefix)
{
	const char *t = ls->t;
	size_t se = ls->se, best = 0, e;
	if (pre_schema) {
		if (ieq(t, i, se, "http:") || ieq(t, i, se, "https:") || ieq(t, i, se, "ftp:")) {
			size_t sl = t[i] == 'f' || t[i] == 'F' ? 4 : (t[i + 4] == ':' ? 5 : 6);
			if ((e = head(ls, RX_HTTP_TAIL, i + sl)) != NONE) {
				best = url_path(ls, e);
				*kind = "url";
				*prefix = NULL;
			}
		} else if (ieq(t, i, se, "mailto:")) {
			if ((e = head(ls, RX_MAILTO_TAIL, i + 7)) != NONE) {
				best = e;
				*kind = "email";
				*prefix = NULL;
			}
		} else if (ieq(t, i, se, "//") &&
		           !(i > 0 && (t[i - 1] == ':' || t[i - 1] == '/'))) {
			if ((e = head(ls, RX_REL_TAIL, i + 2)) != NONE) {
				best = url_path(ls, e);
				*kind = "url";
				*prefix = NULL;
			}
		}
	}
	if (pre_email && t[i] != '"' && email_name_char((unsigned char)t[i])) {
		size_t k = i;
		while (k < se && k - i <= 64 && email_name_char((unsigned char)t[k]))
			k++;
		if (k < se && t[k] == '@' && k - i <= 64 && (e = head(ls, RX_EMAIL, i)) != NONE &&
		    e > best) {
			best = e;
			*kind = "email";
			*prefix = "mailto:";
		}
	}
	if (pre_fuzzy) {
		size_t k = i;
		while (k < se && host_byte((unsigned char)t[k]))
			k++;
		/* "word." ends most sentences: a host needs a label after the dot,
		 * so only then is the pattern worth running. */
		if (k > i && k + 1 < se && t[k] == '.' && host_byte((unsigned char)t[k + 1]) &&
		    (e = head(ls, RX_FUZZY_HOST, i)) != NONE) {
			e = url_path(ls, e);
			if (e > best) {
				best = e;
				*kind = "url";
				*prefix = "http://";
			}
		}
	}
	return best;
}

/* ---- GFM's autolinks (Markdown only) ------------------------------------ */

/* In Markdown, bare links follow GitHub Flavored Markdown's autolink
 * extension first (the spec's "Autolinks (extension)": www., http(s)://
 * and ftp:// with a valid domain running to white space, e-mails with any
 * domain, mailto: and xmpp:, trailing punctuation and unbalanced ')'
 * trimmed), then linkify-it's rules for what GFM leaves alone (bare hosts
 * such as example.org, IP addresses, //host). Text mode is linkify-it
 * alone, as its fixtures expect. */

static bool is_alnum(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static bool is_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

static bool is_ws(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* A domain at t[p..se): labels of letters, digits, '-' and '_' (any
 * non-ASCII letter too) split by dots, no '_' in the last two labels.
 * Returns its end, or p when there is none (short: no dot needed). */
static size_t gfm_domain(const char *t, size_t p, size_t se, bool short_ok)
{
	size_t i = p + 1, dots = 0, us_last = 0, us_cur = 0;
	if (p >= se)
		return p;
	while (i < se) {
		unsigned char c = (unsigned char)t[i];
		int l = 1;
		if (c == '_') {
			us_cur++;
		} else if (c == '.') {
			us_last = us_cur;
			us_cur = 0;
			dots++;
		} else if (c >= 0x80) {
			int32_t cp = lede_x_cp(t, se, i, &l);
			if (lede_x_is_zcc(cp) || lede_x_is_p(cp))
				break;
		} else if (!is_alnum(c) && c != '-') {
			break;
		}
		i += (size_t)l;
	}
	if ((us_last || us_cur) && dots <= 10)
		return p;
	return short_ok || dots ? i : p;
}

/* GFM's end of an autolink t[b..e): cut at '<', then drop trailing
 * punctuation, an unbalanced ')' and an entity-like "&name;" (and, for
 * news copy, closing quotation marks and other Unicode punctuation). */
static size_t gfm_trim(const char *t, size_t b, size_t e)
{
	size_t open = 0, close = 0;
	for (size_t i = b; i < e; i++) {
		if (t[i] == '<') {
			e = i;
			break;
		}
		open += t[i] == '(';
		close += t[i] == ')';
	}
	while (e > b) {
		unsigned char c = (unsigned char)t[e - 1];
		if (c == ')') {
			if (close <= open)
				break;
			close--;
			e--;
		} else if (strchr("?!.,:*_~'\"", c) && c) {
			e--;
		} else if (c == ';') {
			size_t k = e - 1;
			while (k > b && is_alpha((unsigned char)t[k - 1]))
				k--;
			e = k > b && k < e - 1 && t[k - 1] == '&' ? k - 1 : e - 1;
		} else if (c >= 0x80) {
			int l;
			int32_t cp = lede_x_cp_before(t, e, &l);
			if (!lede_x_is_p(cp))
				break;
			e -= (size_t)l;
		} else {
			break;
		}
	}
	return e;
}

/* To the first white space (or the segment end), trimmed. */
static size_t gfm_rest(const char *t, size_t b, size_t p, size_t se)
{
	while (p < se && !is_ws((unsigned char)t[p]) && t[p] != '<')
		p++;
	return gfm_trim(t, b, p);
}

/* An e-mail at t[i..se) (after "xmpp:" when xmpp is set; in_emph after
 * an emphasis mark '_'); returns its end or 0. */
static size_t gfm_email(const char *t, size_t i, size_t se, bool xmpp, bool in_emph)
{
	size_t k = i;
	while (k < se && (is_alnum((unsigned char)t[k]) || strchr(".+-_", t[k])) && t[k])
		k++;
	if (k == i || k >= se || t[k] != '@')
		return 0;
	size_t e = k + 1, dots = 0;
	bool slash = false;
	while (e < se) {
		unsigned char c = (unsigned char)t[e];
		if (is_alnum(c) || c == '-' || c == '_') {
			e++;
		} else if (c == '.' && e + 1 < se && is_alnum((unsigned char)t[e + 1])) {
			dots++;
			e++;
		} else if (xmpp && ((c == '/' && !slash) || (c == '@' && slash))) {
			slash = true; /* one resource part: "xmpp:a@b.c/res" */
			e++;
		} else {
			break;
		}
	}
	/* "_ana@example.org_": the last '_' closes the emphasis. */
	while (in_emph && e > k + 1 && t[e - 1] == '_')
		e--;
	if (e < k + 2 || !dots || !(is_alpha((unsigned char)t[e - 1]) || t[e - 1] == '.'))
		return 0;
	e = gfm_trim(t, i, e);
	return e > k + 1 ? e : 0;
}

/* GFM's autolink starting at t[i] of the segment t[sb..se), after code
 * point prev (0 at a block's start); returns its end or 0. */
static size_t gfm_at(const char *t, size_t sb, size_t i, size_t se, int32_t prev, const char **kind,
                     const char **prefix)
{
	bool after_alpha = prev < 0x80 && is_alpha((unsigned char)prev);
	bool after_alnum = prev < 0x80 && is_alnum((unsigned char)prev);
	if (!after_alpha && i + 4 < se && !memcmp(t + i, "www.", 4) &&
	    (is_alnum((unsigned char)t[i + 4]) || (unsigned char)t[i + 4] >= 0x80) &&
	    (prev == 0 || (prev < 0x80 && (is_ws((unsigned char)prev) || strchr("*_~(", prev))))) {
		size_t d = gfm_domain(t, i, se, false);
		if (d > i) {
			size_t e = gfm_rest(t, i, d, se);
			if (e > i) {
				*kind = "url";
				*prefix = "http://";
				return e;
			}
		}
	}
	if (!after_alpha &&
	    (ieq(t, i, se, "http://") || ieq(t, i, se, "https://") || ieq(t, i, se, "ftp://"))) {
		size_t p = i + (t[i + 4] == ':' ? 7 : t[i + 3] == ':' ? 6 : 8);
		if (p < se && is_alnum((unsigned char)t[p])) {
			size_t d = gfm_domain(t, p, se, true);
			if (d > p) {
				size_t e = gfm_rest(t, i, d, se);
				if (e > p) {
					*kind = "url";
					*prefix = NULL;
					return e;
				}
			}
		}
	}
	/* An e-mail's name starts after none of its own characters; '_' may
	 * stand before it as an emphasis mark ("_ana@example.org_"). */
	if (after_alnum || (prev < 0x80 && prev && strchr(".+-", prev)))
		return 0;
	if (prev == '_') {
		size_t j = i;
		while (j > sb && t[j - 1] == '_')
			j--;
		if (j > sb && (is_alnum((unsigned char)t[j - 1]) || strchr(".+-", t[j - 1])))
			return 0;
	}
	bool mailto = ieq(t, i, se, "mailto:"), xmpp = !mailto && ieq(t, i, se, "xmpp:");
	size_t e = gfm_email(t, mailto ? i + 7 : xmpp ? i + 5 : i, se, xmpp, prev == '_');
	if (!e)
		return 0;
	*kind = xmpp ? "url" : "email";
	*prefix = mailto || xmpp ? NULL : "mailto:";
	return e;
}

/* The bytes one of which every link holds. */
/* The bytes every link holds one of (linkify). */
static const char triggers[] = {'.', '@', ':', '/'};

/* Linkifies text[sb..se) of block b. */
static void linkify(xstate *s, const xblock *b, size_t sb, size_t se)
{
	if (sb >= se)
		return;
	lscan ls;
	memset(&ls, 0, sizeof ls);
	ls.s = s;
	ls.b = b;
	ls.t = s->text;
	ls.se = se;
	const char *t = s->text;
	int32_t prev = 0;
	bool start = true, md = s->fmt == LEDE_EXTRACT_MARKDOWN;
	if (sb > 0 && sb != b->start) {
		int l;
		prev = lede_x_cp_before(t, sb, &l);
		start = false;
	}
	size_t i = sb, resume = sb;
	while (i < se) {
		if (i >= resume) {
			/* Every link holds '.', '@', ':' or '/' and no space, so only
			 * a word (bytes above ' ') holding one can have a link: go to
			 * the next such word, past the text before it, and look at
			 * its bytes one by one as below (from where the word starts,
			 * after a space, as the bytes before it would have left
			 * prev). */
			size_t p = lede_scan_to(t, i, se, triggers, sizeof triggers, 0, NULL);
			if (p >= se)
				break;
			size_t ws = p;
			while (ws > i && (unsigned char)t[ws - 1] > ' ')
				ws--;
			if (ws > i) {
				prev = (unsigned char)t[ws - 1];
				start = false;
				i = ws;
			}
			for (resume = p; resume < se && (unsigned char)t[resume] > ' ';)
				resume++;
		}
		unsigned char c = (unsigned char)t[i];
		bool pre_schema, pre_fuzzy, pre_email;
		if (c < 0x80 && !(aclass[c] & (A_ALNUM | A_EMAIL)) && c != '/' && c != '<') {
			/* Nothing starts here: only note what stands before the next byte. */
			prev = c;
			i++;
			start = false;
			continue;
		}
		if (start) {
			pre_schema = pre_fuzzy = pre_email = true;
		} else if (prev < 0x80 && (aclass[prev] & A_ALNUM)) {
			/* Inside a word nothing can start: skip the rest of it. */
			size_t i0 = i;
			while (i < se && (unsigned char)t[i] < 0x80 &&
			       (aclass[(unsigned char)t[i]] & A_ALNUM))
				i++;
			if (i > i0) {
				prev = (unsigned char)t[i - 1];
				continue;
			}
			pre_schema = pre_fuzzy = pre_email = false;
		} else if (prev < 0x80) {
			unsigned k = aclass[prev];
			pre_schema = (k & (A_ZCC | A_P)) || prev == '<' || prev == '>';
			pre_schema = pre_schema && prev != '_';
			pre_fuzzy = (k & (A_ZCC | A_P | A_SYM)) && !(k & A_NOFUZZ);
			pre_email =
			    (k & A_ZCC) || prev == '<' || prev == '>' || prev == '"' || prev == '(';
		} else {
			bool zcc = lede_x_is_zcc(prev), zpcc = zcc || lede_x_is_p(prev);
			pre_schema = (zpcc || is_sep(prev)) && prev != '_';
			pre_fuzzy =
			    (zpcc || (prev && strchr("$+<=>^`|", (int)prev)) || prev == 0xFF5C) &&
			    !(prev && strchr(".:/-_@", (int)prev));
			pre_email = zcc || is_sep(prev) || prev == '"' || prev == '(';
		}
		start = false;
		bool gfm = md && is_alnum(c) && !(prev < 0x80 && is_alnum((unsigned char)prev));
		if ((pre_schema || pre_fuzzy || pre_email || gfm) && c > ' ') {
			/* Every link holds '.', '@', ':' or '/': a word without any is skipped
			 * whole. */
			size_t j = i;
			bool trigger = false;
			while (j < se && (unsigned char)t[j] > ' ') {
				char d = t[j];
				if (d == '.' || d == '@' || d == ':' || d == '/') {
					trigger = true;
					break;
				}
				j++;
			}
			if (!trigger) {
				int l;
				prev = lede_x_cp_before(t, j, &l);
				i = j;
				continue;
			}
			const char *kind = NULL, *prefix = NULL;
			size_t e = gfm ? gfm_at(t, sb, i, se, prev, &kind, &prefix) : 0;
			if (e <= i && (pre_schema || pre_fuzzy || pre_email))
				e = try_at(&ls, i, pre_schema, pre_fuzzy, pre_email, &kind,
				           &prefix);
			if (e > i) {
				lede_x_add_link(s, t + i, e - i, prefix, t + i, e - i, kind,
				                b->para, i, e);
				lede_x_add_skip(s, i, e);
				int l;
				prev = lede_x_cp_before(t, e, &l);
				i = e;
				continue;
			}
		}
		int l;
		prev = lede_x_cp(t, se, i, &l);
		i += (size_t)l;
	}
}

/* ---- Markdown ------------------------------------------------------------ */

typedef struct brackets {
	size_t *open, *close;
	size_t n, cap, cur;
} brackets;

static bool is_ascii_punct(char c)
{
	return c && strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", c) != NULL;
}

/* Pairs every '[' of the block with its ']' (a stack), skipping code spans
 * and escapes the way the main scan does. */
/* The bytes match_brackets stops at; the others are passed over in runs. */
static const char bracket_stops[] = {'\\', '`', '[', ']'};

static void match_brackets(const char *t, size_t b, size_t e, brackets *br)
{
	size_t *stack = NULL, ns = 0, caps = 0;
	size_t memo[32] = {0};
	for (size_t i = b; i < e;) {
		i = lede_scan_to(t, i, e, bracket_stops, sizeof bracket_stops, 0, NULL);
		if (i == e)
			break;
		char c = t[i];
		if (c == '\\' && i + 1 < e && is_ascii_punct(t[i + 1])) {
			i += 2;
		} else if (c == '`') {
			i = lede_x_code_span(t, i, e, memo);
		} else if (c == '[') {
			if (br->n == br->cap) {
				br->cap = br->cap ? br->cap * 2 : 16;
				br->open = lede_xrealloc(br->open, br->cap * sizeof *br->open);
				br->close = lede_xrealloc(br->close, br->cap * sizeof *br->close);
			}
			br->open[br->n] = i;
			br->close[br->n] = NONE;
			if (ns == caps) {
				caps = caps ? caps * 2 : 16;
				stack = lede_xrealloc(stack, caps * sizeof *stack);
			}
			stack[ns++] = br->n++;
			i++;
		} else if (c == ']') {
			if (ns)
				br->close[stack[--ns]] = i;
			i++;
		} else {
			i++;
		}
	}
	free(stack);
}

static size_t close_of(brackets *br, size_t i)
{
	while (br->cur < br->n && br->open[br->cur] < i)
		br->cur++;
	return br->cur < br->n && br->open[br->cur] == i ? br->close[br->cur] : NONE;
}

/* "(dest "title")" at p; fills the destination and returns the index after
 * ')' or NONE. Lengths are capped so a run of unclosed destinations stays
 * linear in practice. */
static size_t inline_dest(const char *t, size_t p, size_t e, size_t *db, size_t *de)
{
	size_t i = p + 1;
	while (i < e && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n'))
		i++;
	if (i < e && t[i] == '<') {
		*db = ++i;
		while (i < e && t[i] != '>' && t[i] != '\n' && i - p < 4096)
			i++;
		if (i >= e || t[i] != '>')
			return NONE;
		*de = i++;
	} else {
		int depth = 0;
		*db = i;
		while (i < e && (unsigned char)t[i] > ' ' && i - p < 4096) {
			if (t[i] == '\\' && i + 1 < e) {
				i += 2;
				continue;
			}
			if (t[i] == '(') {
				if (++depth > 32)
					return NONE;
			} else if (t[i] == ')') {
				if (depth == 0)
					break;
				depth--;
			}
			i++;
		}
		*de = i;
	}
	while (i < e && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n'))
		i++;
	if (i < e && (t[i] == '"' || t[i] == '\'' || t[i] == '(')) {
		char q = t[i] == '(' ? ')' : t[i];
		size_t j = i + 1;
		while (j < e && t[j] != q && j - i < 1024)
			j += t[j] == '\\' ? 2 : 1;
		if (j >= e || t[j] != q)
			return NONE;
		i = j + 1;
		while (i < e && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n'))
			i++;
	}
	if (i >= e || t[i] != ')')
		return NONE;
	return i + 1;
}

static const char *ref_lookup(xstate *s, const char *t, size_t b, size_t e)
{
	if (!s->refs.n || e <= b || e - b > 999)
		return NULL;
	char key[1000];
	size_t k = 0;
	for (size_t j = b; j < e; j++) {
		unsigned char ch = (unsigned char)t[j];
		if (ch == ' ' || ch == '\t' || ch == '\n') {
			if (k && key[k - 1] != ' ')
				key[k++] = ' ';
			continue;
		}
		key[k++] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
	}
	while (k && key[k - 1] == ' ')
		k--;
	key[k] = 0;
	return lede_xmap_get(&s->refs, key);
}

static bool scheme_char(char c, bool first)
{
	bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	return first ? alpha : alpha || (c >= '0' && c <= '9') || c == '+' || c == '.' || c == '-';
}

/* "<scheme:...>" or "<user@host>" at i; returns the index after '>' or NONE. */
static size_t autolink(const char *t, size_t i, size_t e, bool *email)
{
	size_t j = i + 1, k = 0;
	while (j + k < e && k < 33 && scheme_char(t[j + k], k == 0))
		k++;
	if (k >= 2 && k <= 32 && j + k < e && t[j + k] == ':') {
		for (j += k + 1; j < e && (unsigned char)t[j] > ' ' && t[j] != '<' && t[j] != '>';
		     j++)
			;
		if (j < e && t[j] == '>') {
			*email = false;
			return j + 1;
		}
		return NONE;
	}
	size_t at = NONE;
	for (j = i + 1; j < e && j - i < 320; j++) {
		char c = t[j];
		if (c == '@' && at == NONE)
			at = j;
		else if (c == '>')
			break;
		else if ((unsigned char)c <= ' ' || c == '<' || c == '\\')
			return NONE;
	}
	if (j < e && t[j] == '>' && at != NONE && at > i + 1 && j > at + 1) {
		*email = true;
		return j + 1;
	}
	return NONE;
}

static size_t find_ci(const char *t, size_t p, size_t e, const char *w, size_t maxd)
{
	for (size_t i = p; i < e && i - p < maxd; i++)
		if (ieq(t, i, e, w))
			return i;
	return NONE;
}

/* An HTML tag at i: returns the index after '>' or NONE. */
static size_t html_tag(const char *t, size_t i, size_t e)
{
	if (i + 1 >= e)
		return NONE;
	char c = t[i + 1];
	if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '/' || c == '!' || c == '?'))
		return NONE;
	for (size_t j = i + 1; j < e && j - i < 2048; j++) {
		if (t[j] == '>')
			return j + 1;
		if (t[j] == '<')
			return NONE;
	}
	return NONE;
}

/* The bytes the scan below stops at (an escape, a code span, an autolink
 * or tag, a link or image); the others are passed over in runs. */
static const char link_starts[] = {'\\', '`', '<', '!', '['};

void lede_x_links(xstate *s, const xblock *b)
{
	const char *t = s->text;
	size_t e = b->end;
	if (s->fmt == LEDE_EXTRACT_TEXT) {
		linkify(s, b, b->start, e);
		return;
	}
	brackets br = {0};
	match_brackets(t, b->start, e, &br);
	size_t memo[32] = {0};
	size_t seg = b->start, i = b->start;
	while (i < e) {
		i = lede_scan_to(t, i, e, link_starts, sizeof link_starts, 0, NULL);
		if (i == e)
			break;
		char c = t[i];
		if (c == '\\' && i + 1 < e && is_ascii_punct(t[i + 1])) {
			i += 2;
			continue;
		}
		if (c == '`') {
			size_t j = lede_x_code_span(t, i, e, memo);
			size_t k = i;
			while (k < e && t[k] == '`')
				k++;
			if (j > k) {
				linkify(s, b, seg, i);
				lede_x_add_skip(s, i, j);
				seg = j;
			}
			i = j;
			continue;
		}
		if (c == '<') {
			bool email;
			size_t j = autolink(t, i, e, &email);
			if (j != NONE) {
				linkify(s, b, seg, i);
				lede_x_add_link(s, t + i + 1, j - i - 2, email ? "mailto:" : NULL,
				                t + i + 1, j - i - 2, "autolink", b->para, i, j);
				lede_x_add_skip(s, i, j);
				seg = i = j;
				continue;
			}
			j = html_tag(t, i, e);
			if (j != NONE) {
				linkify(s, b, seg, i);
				lede_x_add_skip(s, i, j);
				if ((t[i + 1] == 'a' || t[i + 1] == 'A') &&
				    (t[i + 2] == ' ' || t[i + 2] == '\t' || t[i + 2] == '\n') &&
				    lede_x_match(s, RX_HTML_HREF, t, j, i, 0, "links", b->para) >
				        0) {
					size_t hb = 0, he = 0;
					for (int g = 1; g <= 3 && he == 0; g++)
						lede_x_group(s, g, &hb, &he);
					size_t cl = find_ci(t, j, e, "</a>", 4096);
					size_t end = cl == NONE ? j : cl + 4;
					lede_x_add_link(s, t + hb, he - hb, NULL, t + j,
					                cl == NONE ? 0 : cl - j, "html", b->para, i,
					                end);
				}
				seg = i = j;
				continue;
			}
		}
		bool image = c == '!' && i + 1 < e && t[i + 1] == '[';
		if (c == '[' || image) {
			size_t ob = image ? i + 1 : i;
			size_t cb = close_of(&br, ob);
			if (cb != NONE) {
				size_t end = NONE, db = 0, de = 0;
				const char *url = NULL;
				const char *kind = image ? "image" : "inline";
				if (cb + 1 < e && t[cb + 1] == '(') {
					end = inline_dest(t, cb + 1, e, &db, &de);
				}
				if (end == NONE && cb + 1 < e && t[cb + 1] == '[') {
					size_t k = cb + 2;
					while (k < e && t[k] != ']' && t[k] != '[' && k - cb < 1000)
						k++;
					if (k < e && t[k] == ']') {
						url = k == cb + 2 ? ref_lookup(s, t, ob + 1, cb)
						                  : ref_lookup(s, t, cb + 2, k);
						if (url) {
							end = k + 1;
							kind = image ? "image" : "reference";
						}
					}
				}
				if (end == NONE && (cb + 1 >= e || t[cb + 1] != '(')) {
					url = ref_lookup(s, t, ob + 1, cb);
					if (url) {
						end = cb + 1;
						kind = image ? "image" : "reference";
					}
				}
				if (end != NONE) {
					linkify(s, b, seg, i);
					if (url)
						lede_x_add_link(s, url, strlen(url), NULL,
						                t + ob + 1, cb - ob - 1, kind,
						                b->para, i, end);
					else
						lede_x_add_link(s, t + db, de - db, NULL,
						                t + ob + 1, cb - ob - 1, kind,
						                b->para, i, end);
					lede_x_add_skip(s, image ? i : cb, end);
					/* An image as the text of a link: [![alt](src)](href). */
					if (!image && ob + 2 < cb && t[ob + 1] == '!' &&
					    t[ob + 2] == '[') {
						size_t icb = close_of(&br, ob + 2);
						size_t idb, ide;
						size_t iend =
						    icb != NONE && icb + 1 < cb && t[icb + 1] == '('
						        ? inline_dest(t, icb + 1, cb, &idb, &ide)
						        : NONE;
						if (iend != NONE)
							lede_x_add_link(s, t + idb, ide - idb, NULL,
							                t + ob + 3, icb - ob - 3,
							                "image", b->para, ob + 1,
							                iend);
					}
					seg = i = end;
					continue;
				}
			}
		}
		i++;
	}
	linkify(s, b, seg, e);
	free(br.open);
	free(br.close);
}
