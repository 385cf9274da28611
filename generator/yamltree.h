#ifndef GONGKAI_YAMLTREE_H
#define GONGKAI_YAMLTREE_H
/*
 * yamltree: a YAML document (site.yaml, front matter) as a small tree with the
 * line and column of every node, so config and front-matter checks can
 * point at the exact place. The only file that includes <yaml.h>.
 *
 * Scalars keep their text and whether they were quoted, so callers decide
 * types themselves (a plain `true` is a boolean, a quoted "true" a string).
 * Aliases are resolved to the anchored node (shared, not copied). A
 * document whose aliases would expand to more than YAML_MAX_NODES nodes
 * ("billion laughs"), or that uses more than YAML_MAX_ALIASES aliases, is
 * refused with an error: whoever walks the tree would see every copy.
 * Everything lives in the arena passed to yaml_parse.
 */
#include <stddef.h>

#include "arena.h"
#include "strlist.h"

enum ynode_kind {
	YNODE_SCALAR,
	YNODE_SEQ,
	YNODE_MAP
};

struct ynode;

struct ypair {
	struct ynode	*key;
	struct ynode	*val;
};

struct ynode {
	enum ynode_kind	 kind;
	int		 line, col;	/* 1-based, in the file */
	const char	*text;		/* scalar text, NUL-terminated */
	size_t		 len;		/* scalar length, or item/pair count */
	int		 quoted;	/* scalar was quoted or a block scalar */
	struct ynode	**items;	/* YNODE_SEQ */
	struct ypair	*pairs;		/* YNODE_MAP */
	size_t		 weight;	/* nodes with every alias expanded */
};

/*
 * Parse text[0..len), the contents of path whose first line is file line
 * first_line. Returns the root node (an empty map for an empty document),
 * or NULL after diag_error at the problem's position.
 */
struct ynode	*yaml_parse(struct arena *a, const char *path, const char *text,
		    size_t len, int first_line);

/* Member of a map by key, or NULL. */
struct ynode	*ynode_get(const struct ynode *map, const char *key);
/* Human name of the node's kind for messages: 字串, 清單, 對應表 */
const char	*ynode_kind_name(const struct ynode *n);
/* Plain scalar `true`/`false` (also yes/no, on/off): 0/1 in *out, 0 on
 * success, -1 if the node is not a boolean. */
int		 ynode_bool(const struct ynode *n, int *out);
/* Plain scalar integer: 0 on success, -1 otherwise. */
int		 ynode_int(const struct ynode *n, long *out);
/*
 * A list of strings with their positions, allocated in a; a single scalar
 * counts as a one-item list and a bare `key:` as an empty one. Returns 0,
 * or -1 with *bad set to the first node that is not text (a mapping, or
 * a list item that is not a scalar; the other items are kept).
 */
int		 ynode_strlist(struct arena *a, const struct ynode *n,
		    struct strlist *out, const struct ynode **bad);

#endif
