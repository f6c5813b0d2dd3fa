/*
 * The targets of calls: SQL statements and URLs normalised so that calls
 * that differ only in their parameters are one target.
 */
#include <ctype.h>
#include <string.h>

#include "buf.h"
#include "optimize.h"

/* Letters, digits and _ $ . : the characters of SQL words and numbers. */
static unsigned char word_char[256];

void
normalize_init(void)
{
	int c;

	for (c = 0; c < 256; c++)
		word_char[c] = isalnum(c) || c == '_' || c == '$' || c == '.';
}

static inline int
is_word(char c)
{
	return word_char[(unsigned char)c];
}

static int
is_keyword(const char *w, size_t n)
{
	/* by length: the words of 2 to 9 letters, one string each */
	static const char *const kw[10] = {
		NULL, NULL,
		" as by in is on or ",
		" all and asc avg end max min not set sum ",
		" case desc else from into join left like null then when "
		    "with ",
		" count group inner limit order outer right union where ",
		" delete exists having insert offset select update values ",
		" between ",
		" distinct ",
		" returning "
	};
	char low[12];
	const char *p;
	size_t i;

	if (n < 2 || n > 9)
		return 0;
	low[0] = ' ';
	for (i = 0; i < n; i++)
		low[i + 1] = (char)tolower((unsigned char)w[i]);
	low[n + 1] = ' ';
	low[n + 2] = '\0';
	/* the words of a length are n + 1 apart */
	for (p = kw[n]; p[1] != '\0'; p += n + 1)
		if (memcmp(p, low, n + 2) == 0)
			return 1;
	return 0;
}

/* A string literal at s as '?', a quoted identifier as it is. */
static const char *
sql_quoted(const char *s, struct buf *out)
{
	char q = *s++;

	if (q == '"') {
		/* a quoted identifier stays */
		buf_addc(out, q);
		while (*s != '\0' && *s != q)
			buf_addc(out, *s++);
		if (*s != '\0')
			buf_addc(out, *s++);
		return s;
	}
	while (*s != '\0') {
		if (*s == q && s[1] == q)
			s += 2;
		else if (*s == q)
			break;
		else
			s++;
	}
	if (*s != '\0')
		s++;
	buf_addc(out, '?');
	return s;
}

/* A number at s: a digit, $1, or a minus after an operator or '('. */
static int
sql_is_number(const char *s, const struct buf *out)
{
	return isdigit((unsigned char)*s) || (*s == '$' &&
	    isdigit((unsigned char)s[1])) || (*s == '-' &&
	    isdigit((unsigned char)s[1]) && out->len > 0 &&
	    strchr("=<>(, ", out->p[out->len - 1]) != NULL);
}

/* A word at s, keywords upper-cased and names as they are. */
static const char *
sql_word(const char *s, struct buf *out)
{
	size_t start, i;

	start = out->len;
	while (is_word(*s))
		buf_addc(out, *s++);
	if (is_keyword(out->p + start, out->len - start))
		for (i = start; i < out->len; i++)
			out->p[i] = (char)toupper((unsigned char)out->p[i]);
	return s;
}

/* At the '(' of s, a list of literals only: its ')', or NULL if not. */
static const char *
sql_list_end(const char *s)
{
	const char *p = s + 1;
	int only = 1, any = 0;

	while (*p != '\0' && *p != ')') {
		if (*p == '\'') {
			p++;
			while (*p != '\0' && *p != '\'')
				p++;
			if (*p != '\0')
				p++;
			any = 1;
		} else if (isdigit((unsigned char)*p) ||
		    *p == '?' || *p == '$' || *p == '-' ||
		    *p == '.') {
			p++;
			any = 1;
		} else if (*p == ',' ||
		    isspace((unsigned char)*p)) {
			p++;
		} else {
			only = 0;
			break;
		}
	}
	return only && any && *p == ')' ? p : NULL;
}

static int
sql_is_punct(char c)
{
	return c == ',' || c == '=' || c == '<' || c == '>' || c == '(' ||
	    c == ')';
}

/* Punctuation at s, without space around it. */
static const char *
sql_punct(const char *s, struct buf *out)
{
	if (out->len > 0 && out->p[out->len - 1] == ' ')
		out->len--;
	buf_addc(out, *s++);
	if (s[-1] == ',' || s[-1] == '=' || s[-1] == '<' ||
	    s[-1] == '>' || s[-1] == '(')
		while (isspace((unsigned char)*s))
			s++;
	return s;
}

/*
 * A SQL statement with its literals replaced by '?', IN lists folded to
 * one '?', keywords upper-cased and white space collapsed, so that
 * "where id = 7" and "WHERE id=8" are one statement.
 */
void
sql_normalize(const char *s, struct buf *out)
{
	const char *p;

	out->len = 0;
	while (*s != '\0') {
		if (isspace((unsigned char)*s)) {
			while (isspace((unsigned char)*s))
				s++;
			if (out->len > 0 && *s != '\0')
				buf_addc(out, ' ');
		} else if (*s == '\'' || *s == '"') {
			s = sql_quoted(s, out);
		} else if (sql_is_number(s, out)) {
			s++;
			while (is_word(*s))
				s++;
			buf_addc(out, '?');
		} else if (is_word(*s)) {
			s = sql_word(s, out);
		} else if (*s == '(' && (p = sql_list_end(s)) != NULL) {
			/* (?, ?, ?) becomes (?) */
			buf_adds(out, "(?)");
			s = p + 1;
		} else if (sql_is_punct(*s)) {
			s = sql_punct(s, out);
		} else {
			buf_addc(out, *s++);
		}
	}
	while (out->len > 0 && (out->p[out->len - 1] == ' ' ||
	    out->p[out->len - 1] == ';'))
		out->len--;
	buf_nul(out);
}

/*
 * A URL without scheme, host and query values, its numeric and
 * id-like path segments as '?': "https://h/users/42?x=1" is
 * "/users/?" with "?x=?".
 */
void
url_normalize(const char *s, struct buf *out)
{
	const char *p, *seg;
	size_t n, i, digits, hex;

	out->len = 0;
	/* a scheme: letters, digits, + - . before "://", at the start */
	for (p = s; isalnum((unsigned char)*p) || *p == '+' || *p == '-' ||
	    *p == '.'; p++)
		continue;
	if (p > s && strncmp(p, "://", 3) == 0) {
		s = p + 3;
		while (*s != '\0' && *s != '/' && *s != '?')
			s++;
	}
	while (*s != '\0' && *s != '?' && *s != '#') {
		if (*s == '/') {
			buf_addc(out, *s++);
			continue;
		}
		seg = s;
		while (*s != '\0' && *s != '/' && *s != '?' && *s != '#')
			s++;
		n = (size_t)(s - seg);
		for (i = 0, digits = 0, hex = 0; i < n; i++) {
			if (isdigit((unsigned char)seg[i]))
				digits++;
			if (isxdigit((unsigned char)seg[i]) || seg[i] == '-')
				hex++;
		}
		if (digits == n || (hex == n && n >= 8 && digits > 0))
			buf_addc(out, '?');
		else
			buf_add(out, seg, n);
	}
	if (out->len == 0)
		buf_addc(out, '/');
	if (*s == '?') {
		s++;
		buf_addc(out, '?');
		while (*s != '\0' && *s != '#') {
			while (*s != '\0' && *s != '=' && *s != '&' &&
			    *s != '#')
				buf_addc(out, *s++);
			if (*s == '=') {
				buf_adds(out, "=?");
				while (*s != '\0' && *s != '&' && *s != '#')
					s++;
			}
			if (*s == '&')
				buf_addc(out, *s++);
		}
	}
	buf_nul(out);
}

int
starts_word(const char *s, const char *w)
{
	size_t n = strlen(w);

	while (isspace((unsigned char)*s) || *s == '(')
		s++;
	return strncasecmp(s, w, n) == 0 && !is_word(s[n]);
}

int
has_placeholder(const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '\'') {
			while (s[1] != '\0' && s[1] != '\'')
				s++;
			if (s[1] != '\0')
				s++;
		} else if (*s == '?' || (*s == '$' &&
		    isdigit((unsigned char)s[1]))) {
			return 1;
		}
	}
	return 0;
}


/*
 * The host of a URL with a scheme: "https://u@api.example:8443/x" is
 * "api.example"; an IPv6 address keeps its brackets.
 */
void
url_host(const char *s, struct buf *out)
{
	const char *p, *end, *at, *colon;

	for (p = s; isalnum((unsigned char)*p) || *p == '+' || *p == '-' ||
	    *p == '.'; p++)
		continue;
	if (p == s || strncmp(p, "://", 3) != 0)
		return;
	s = p + 3;
	for (end = s; *end != '\0' && *end != '/' && *end != '?' &&
	    *end != '#'; end++)
		continue;
	for (at = end; at > s && at[-1] != '@'; at--)
		continue;
	if (at > s)
		s = at;
	/* a port: the last colon, after an IPv6 address's bracket */
	for (colon = end; colon > s && colon[-1] != ':' && colon[-1] != ']';
	    colon--)
		continue;
	if (colon > s && colon[-1] == ':')
		end = colon - 1;
	buf_add(out, s, (size_t)(end - s));
}
