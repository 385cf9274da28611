#ifndef GONGKAI_CONFIG_H
#define GONGKAI_CONFIG_H
/*
 * config: site.yaml, read once in the command and passed everywhere as
 * const struct config *. All strings live in the config's own arena and
 * are never NULL ("" when unset).
 *
 * Unknown keys are warnings; a value of the wrong type, an unknown engine
 * or date format, or a malformed base_url is an error at its line:col.
 */
#include <stddef.h>

#include "arena.h"
#include "date.h"
#include "markdown.h"
#include "strlist.h"

struct menu_item {
	const char	*title;
	const char	*url;	/* as written: "/faq/" or an absolute URL */
	int		 line, col;	/* of the url in site.yaml */
};

struct agency {
	const char	*name;
	const char	*code;		/* 10-character 機關代碼, may be "" */
	const char	*address;
	const char	*phone;
	const char	*fax;
	const char	*hours;
	const char	*email;
	const char	*feedback_url;
};

/* The accessibility certification badge (DOMAIN.md §4): an 88×31 image
 * shown unaltered in the footer, linking to its certificate page. */
struct badge {
	const char	*image;		/* "" when not configured */
	const char	*url;		/* certificate page; may be "" */
	const char	*alt;		/* e.g. 通過AA檢測等級無障礙網頁檢測 */
	int		 line, col;	/* of image, for checks */
};

/* The five basic disclosures of 肆、四.1, in this order: the keys of
 * site.yaml's audit.disclosures. */
enum disclosure {
	DISCLOSE_PROFILE,	/* profile: 機關基本資料 */
	DISCLOSE_POLICIES,	/* core_policies: 核心政策 */
	DISCLOSE_PLAN,		/* plan: 執行計畫 */
	DISCLOSE_SERVICES,	/* service_measures: 服務措施 */
	DISCLOSE_BUDGET,	/* budget: 預決算 */
	NDISCLOSURES
};

/* `audit:` in site.yaml (audit.c reads it). */
struct audit_config {
	long		 stale_months;	/* default 12 */
	int		 publish;	/* generate /audit/ */
	const char	*supervisor;	/* supervising agency, for build --all */
	/* content paths ("about/profile.md", or "plans/" for a section);
	 * NULL when not declared */
	const char	*disclosures[NDISCLOSURES];
	struct srcpos	 disclosure_pos[NDISCLOSURES];
	int		 line, col;	/* of `audit:`; 0 when absent */
};

/* The site.yaml key of a disclosure ("core_policies") and its Chinese
 * name (核心政策). */
const char	*config_disclosure_key(enum disclosure d);
const char	*config_disclosure_name(enum disclosure d);

#define CONFIG_PAGINATE	50	/* site.yaml paginate's default */

struct config {
	struct arena	 arena;
	const char	*site_dir;	/* "." or --site */
	const char	*path;		/* path of site.yaml, for diagnostics */

	const char	*title;
	const char	*description;
	const char	*base_url;	/* always ends in '/' */
	const char	*base_path;	/* path part of base_url: "/" or "/x/" */
	const char	*language;	/* zh-Hant-TW */
	const char	*timezone;	/* Asia/Taipei */
	const char	*copyright;
	enum date_format date_format;

	enum markdown_engine engine;
	int		 unsafe_html;	/* markdown.unsafe: pass raw HTML */

	const char	*theme;		/* name under themes/ */
	const char	*theme_dir;	/* site_dir/themes/NAME */
	struct agency	 agency;
	struct menu_item *menu;		/* site menu, in order */
	size_t		 nmenu;
	/* history: which sections publish every revision; renames */
	struct {
		const char	**publish;	/* section names */
		size_t		  npublish;
		int		  follow_renames;
		int		  enabled;	/* read git at all (default 1) */
	} history;
	struct menu_item *footer_menu;	/* footer links (隱私權政策 …) */
	size_t		 nfooter_menu;
	/* `classification`: codes for the pages gongkai generates, in the
	 * order theme, cake, service (enum scheme); n == 0 when not given */
	struct strlist	 classification[3];
	struct badge	 badge;		/* accessibility_badge */
	struct audit_config audit;	/* audit (issue 6) */
	/* `paginate`: a section's index lists at most this many pages, the
	 * rest on /SECTION/page/2/ …; 0: one page (default 50) */
	long		 paginate;
};

/* Read SITE_DIR/site.yaml into cfg. Returns 0, or -1 after reporting
 * errors (cfg is still usable with defaults, so more errors can be found).
 * Free with config_free. */
int	config_load(const char *site_dir, struct config *cfg);
void	config_free(struct config *cfg);

#endif
