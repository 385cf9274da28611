/*
 * libFuzzer target: the history cache reader (history.c): the bytes of a
 * .gongkai/history.cache file, decoded and turned into per-path histories
 * as on a cache hit (history_from_cache), with and without following
 * renames; then every path is looked up and every entry read.
 *
 * The last 8 bytes of the file are its checksum, which a fuzzer cannot
 * forge: the target does not compare it (everything else is checked), so
 * the input is a cache file whose checksum may be anything.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "history.h"

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

static void
exercise(const struct history *h)
{
	size_t i, j, n, count = history_path_count(h);
	volatile size_t sink = 0;

	if (history_has_repo(h) || history_workdir(h) != NULL)
		abort();
	for (i = 0; i < count; i++) {
		const char *path = history_path_at(h, i);
		const struct history_entry *e;

		if (path == NULL)
			abort();
		/* sorted bytewise, no duplicates */
		if (i > 0 && strcmp(history_path_at(h, i - 1), path) >= 0)
			abort();
		e = history_lookup(h, path, &n);
		for (j = 0; j < n; j++) {
			if (strlen(e[j].id) != 40)
				abort();
			sink += strlen(e[j].author_name) +
			    strlen(e[j].author_email) + strlen(e[j].subject);
		}
		(void)history_status(h, path);
	}
	(void)history_path_at(h, count);
	(void)history_lookup(h, "", &n);
	(void)sink;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct history_options opt;
	struct history *h;
	const char *why;
	int follow;

	for (follow = 0; follow < 2; follow++) {
		memset(&opt, 0, sizeof(opt));
		opt.follow_renames = follow;
		if (history_from_cache(data, size, 0, &opt, &h, &why) < 0) {
			if (why == NULL)
				abort();
			return 0;
		}
		exercise(h);
		history_free(h);
	}
	return 0;
}
