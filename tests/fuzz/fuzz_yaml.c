/*
 * libFuzzer target: YAML documents (yamltree.c over libyaml) and
 * site.yaml (config.c).
 *
 * Input: byte 0 bit 0 clear: the rest is a YAML document given to
 * yaml_parse, and every node of the tree is visited with the accessors
 * (ynode_get, ynode_bool, ynode_int, ynode_strlist). Bit 0 set: the rest
 * is written as site.yaml into a private temporary folder and read with
 * config_load, which only reads files.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "config.h"
#include "diag.h"
#include "strlist.h"
#include "yamltree.h"

int	LLVMFuzzerInitialize(int *argc, char ***argv);
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char	 dir[64];
static char	 file[96];

static void
cleanup(void)
{
	unlink(file);
	rmdir(dir);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	diag_set_quiet(1);
	snprintf(dir, sizeof(dir), "/tmp/gongkai-fuzz-yaml.XXXXXX");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		exit(2);
	}
	snprintf(file, sizeof(file), "%s/site.yaml", dir);
	atexit(cleanup);
	return 0;
}

static void
visit(struct arena *a, const struct ynode *n, int depth)
{
	struct strlist l;
	const struct ynode *bad;
	long v;
	int b;
	size_t i;

	if (n == NULL || depth > 2000)
		return;
	(void)ynode_kind_name(n);
	(void)ynode_bool(n, &b);
	(void)ynode_int(n, &v);
	memset(&l, 0, sizeof(l));
	(void)ynode_strlist(a, n, &l, &bad);
	switch (n->kind) {
	case YNODE_SCALAR:
		/* the text is NUL-terminated and len long */
		if (strlen(n->text) > n->len)
			abort();
		break;
	case YNODE_SEQ:
		for (i = 0; i < n->len; i++)
			visit(a, n->items[i], depth + 1);
		break;
	case YNODE_MAP:
		for (i = 0; i < n->len; i++) {
			if (n->pairs[i].key->kind == YNODE_SCALAR &&
			    ynode_get(n, n->pairs[i].key->text) == NULL)
				abort();
			visit(a, n->pairs[i].key, depth + 1);
			visit(a, n->pairs[i].val, depth + 1);
		}
		break;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if ((data[0] & 1) == 0) {
		struct arena a = ARENA_INIT;
		struct ynode *root;

		root = yaml_parse(&a, "fuzz.yaml", (const char *)data + 1,
		    size - 1, 1);
		visit(&a, root, 0);
		arena_free(&a);
	} else {
		struct config cfg;
		FILE *f = fopen(file, "wb");

		if (f == NULL)
			abort();
		if (fwrite(data + 1, 1, size - 1, f) != size - 1 ||
		    fclose(f) != 0)
			abort();
		config_load(dir, &cfg);
		config_free(&cfg);
	}
	return 0;
}
