/*
 * libFuzzer target: the search tokeniser (search.c): folding and
 * tokenising arbitrary bytes, which come from page titles, headings and
 * body text. Besides the sanitizers, it checks what the index relies on:
 * every token is non-empty, NUL-terminated at n, valid UTF-8 (it goes into
 * the index's JavaScript string literals), and a word of ASCII letters
 * and digits or one or two CJK characters; tokenising is deterministic
 * (the same tokens and hashes twice); search_tokens_at gives the same
 * tokens, each at an offset inside the text, not before the previous
 * unigram's.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "search.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct acc {
	uint32_t	 mix;
	size_t		 count;
	size_t		 len;		/* of the text */
	size_t		 last;		/* offset of the previous token */
};

/* Length of one valid UTF-8 character at s (n bytes left), or 0. */
static size_t
valid_char(const unsigned char *s, size_t n)
{
	size_t k, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		k = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		k = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		k = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (n < k)
		return 0;
	for (i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((k == 3 && cp < 0x800) || (k == 4 && (cp < 0x10000 ||
	    cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return k;
}

static void
check(void *arg, const char *tok, size_t n)
{
	struct acc *a = arg;
	const unsigned char *s = (const unsigned char *)tok;
	size_t i, wide = 0, narrow = 0, k;

	if (n == 0 || tok[n] != '\0' || strlen(tok) != n)
		abort();
	for (i = 0; i < n; i += k) {
		if ((k = valid_char(s + i, n - i)) == 0)
			abort();
		if (k > 1)
			wide++;
		else if ((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9'))
			narrow++;
		else
			abort();
	}
	/* a word, or a CJK unigram or bigram: never both */
	if ((wide > 0 && narrow > 0) || wide > 2)
		abort();
	a->mix = a->mix * 31 + search_hash(tok, n);
	a->count++;
}

static void
check_at(void *arg, const char *tok, size_t n, size_t off)
{
	struct acc *a = arg;

	/* a bigram starts a character before the unigram just given */
	if (off >= a->len || (a->count > 0 && off + 8 < a->last))
		abort();
	a->last = off;
	check(arg, tok, n);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct acc one = { 0, 0, size, 0 }, two = { 0, 0, size, 0 };
	struct acc three = { 0, 0, size, 0 };

	search_tokens((const char *)data, size, check, &one);
	search_tokens((const char *)data, size, check, &two);
	search_tokens_at((const char *)data, size, check_at, &three);
	if (one.mix != two.mix || one.count != two.count ||
	    one.mix != three.mix || one.count != three.count)
		abort();
	return 0;
}
