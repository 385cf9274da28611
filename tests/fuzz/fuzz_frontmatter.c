/*
 * libFuzzer target: a content file's front matter and the keys of its
 * kind (frontmatter.c, kinds.c, yamltree.c, date.c).
 *
 * Input: byte 0 chooses the section folder (so the kind: plans, reports,
 * faq, sops, news, a plain page) and whether the file is a section index;
 * the rest is the file as it would be read from content/.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "frontmatter.h"
#include "site.h"

int	LLVMFuzzerInitialize(int *argc, char ***argv);
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	diag_set_quiet(1);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const sections[] = { "plans", "reports", "faq",
	    "sops", "news", "about", "" };
	struct arena a = ARENA_INIT;
	struct page *p;
	const char *section;
	int index;

	if (size < 1)
		return 0;
	section = sections[(data[0] & 0x7f) % 7];
	index = (data[0] & 0x80) != 0;
	p = arena_alloc(&a, sizeof(*p));
	memset(p, 0, sizeof(*p));
	p->section = section;
	p->rel = arena_printf(&a, "%s%s%s", section, section[0] ? "/" : "",
	    index ? "_index.md" : "fuzz.md");
	p->path = arena_printf(&a, "content/%s", p->rel);
	p->type = index ? PAGE_SECTION : PAGE_REGULAR;
	p->kind = page_kind_for_section(section);
	/* the parser is given exactly the input's bytes: no NUL after them */
	frontmatter_parse(&a, (const char *)data + 1, size - 1, p);
	arena_free(&a);
	return 0;
}
