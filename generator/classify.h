#ifndef GONGKAI_CLASSIFY_H
#define GONGKAI_CLASSIFY_H
/*
 * classify: the three MyEGov classification vocabularies (主題 theme,
 * 施政 cake, 服務 service) and the checks of the codes pages carry.
 *
 * A vocabulary is site data: SITE/classification/theme.tsv, cake.tsv and
 * service.tsv, UTF-8, one `code<TAB>name<TAB>parent code` per line (the
 * parent empty at the top level), lines starting with # are comments, and
 * a first row whose first field is literally "code" is a header. The
 * confirmed top level of 服務分類 (data/service.tsv, generated into
 * service_vocab.h) is built in; a site's service.tsv EXTENDS it (adds
 * second-level codes under the built-in ones, or codes of its own). A row
 * repeating a built-in code with the same name is accepted, so the
 * official list can be pasted whole; a different name is a warning and
 * the file's name wins.
 *
 * Codes are 1 to 16 characters of A-Z a-z 0-9 . _ - starting with a
 * letter or digit (they become URL segments: /classification/theme/610/).
 * A malformed row, a duplicate code, an unknown parent or a parent cycle
 * is an error at the file's line:col.
 *
 * Everything lives in the struct classify's arena until classify_free().
 * After loading it is only read, so several threads may share it.
 */
#include <stddef.h>

#include "arena.h"
#include "strlist.h"

struct page;

enum scheme {
	SCHEME_THEME,	/* 主題分類, meta Category.Theme */
	SCHEME_CAKE,	/* 施政分類, meta Category.Cake */
	SCHEME_SERVICE	/* 服務分類, meta Category.Service */
};
#define NSCHEMES	3

/* Longest code accepted in a vocabulary file (real ones have 3). */
#define CLASSIFY_CODE_MAX	16

struct vocab_entry {
	const char	*code;
	const char	*name;
	const char	*parent;	/* "" at the top level */
	size_t		 up;		/* index of the parent; (size_t)-1 at the top */
	int		 depth;		/* 0 at the top level */
	int		 line;		/* in the site's file; 0 when built in */
	int		 pcol;		/* column of the parent field (messages) */
};

struct vocab {
	enum scheme	 scheme;
	const char	*path;		/* SITE/classification/KEY.tsv */
	int		 has_file;	/* the site has that file */
	/* display order: each entry followed by its children, siblings
	 * sorted by code (bytewise) */
	struct vocab_entry *e;
	size_t		 n;
};

struct classify {
	struct arena	 arena;
	struct vocab	 v[NSCHEMES];
};

/* "theme", "cake", "service": the front matter key and URL segment. */
const char	*classify_key(enum scheme s);
/* 主題分類, 施政分類, 服務分類 */
const char	*classify_label(enum scheme s);
/* Category.Theme, Category.Cake, Category.Service */
const char	*classify_meta_name(enum scheme s);
/* One sentence saying what the scheme is for (shown on /classification/). */
const char	*classify_about(enum scheme s);

/* Empty theme and cake vocabularies and the built-in service one. */
void	classify_init(struct classify *c);
/*
 * classify_init, then read SITE_DIR/classification/{theme,cake,service}.tsv
 * where they exist. Returns 0, or -1 after reporting errors (c stays
 * usable: the good rows are kept).
 */
int	classify_load(struct classify *c, const char *site_dir);
/*
 * Parse one vocabulary file's text into scheme s (for service, on top of
 * the built-in rows) and put the scheme in display order. path names it
 * in messages. Call once per scheme, after classify_init. 0 or -1 after
 * reporting errors.
 */
int	classify_parse(struct classify *c, enum scheme s, const char *path,
	    const char *text, size_t len);
void	classify_free(struct classify *c);

/* The entry for code, or NULL. Linear: vocabularies are small. */
const struct vocab_entry *classify_find(const struct vocab *v,
	    const char *code);
/*
 * The valid codes nearest to an unknown one, best first, at most max of
 * them in out. A code equal but for ASCII case, or whose name is exactly
 * `code`, is returned alone. Otherwise codes are ranked by edit distance,
 * then longest shared prefix, then code, and those at most one edit
 * further than the best are kept. Returns how many were written (0 only
 * for an empty vocabulary).
 */
size_t	classify_nearest(const struct vocab *v, const char *code,
	    const struct vocab_entry **out, size_t max);

/*
 * Check the codes in l against scheme s: each unknown code is an error at
 * its position in path naming the nearest valid codes; a code listed
 * twice is a warning and the repeat is dropped from l. Returns the number
 * of errors.
 */
int	classify_check_list(const struct classify *c, enum scheme s,
	    const char *path, struct strlist *l);
/*
 * Check a parsed content page: its theme, cake and service codes
 * (classify_check_list) and that it has all three classifications (a
 * missing one is a diag_strict warning: an error under --strict). Returns
 * the number of errors.
 */
int	classify_check_page(const struct classify *c, struct page *p);

#endif
