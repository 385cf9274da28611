/*
 * gongkai: a static site generator for Taiwanese government public
 * disclosure. main() dispatches to one cmd_* function per subcommand.
 */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "markdown.h"

static const struct {
	const char	*name;
	int		(*fn)(int, char **);
	const char	*help;
} commands[] = {
	{ "build", cmd_build, "建置網站 (build the site into public/)" },
	{ "audit", cmd_audit, "檢核應公開事項 (what the site still owes)" },
	{ "serve", cmd_serve, "本機預覽，存檔即重新載入 (preview server with live reload)" },
	{ "new",   cmd_new,   "新增頁面 (a new page with its front matter)" },
	{ "check", cmd_check, "只檢查，不寫出 (build in memory, report, write nothing)" },
	{ "history", cmd_history, "每個檔案的修訂紀錄 (revision history from git)" },
	{ "md",    cmd_md,    "Markdown 轉 HTML (Markdown on stdin to HTML on stdout)" },
	{ "tmpl",  cmd_tmpl,  "套用 Mustache 樣板 (render TEMPLATE with DATA.json)" },
};

static void
usage(FILE *f)
{
	size_t i;

	fputs("用法 (usage): gongkai COMMAND [OPTIONS]\n\n", f);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-7s %s\n", commands[i].name, commands[i].help);
	fputs("\n"
	    "  gongkai build [--site DIR] [--out DIR] [--today YYYY-MM-DD] [--strict]\n"
	    "                [--no-check] [-j N] [--verbose] [--quiet]\n"
	    "  gongkai build --all [--site ROOT] [--out DIR] [--today YYYY-MM-DD]\n"
	    "  gongkai check [--site DIR] [--strict] [-j N] [--verbose]\n"
	    "  gongkai serve [--site DIR] [--bind 127.0.0.1] [--port 1313] [--no-check]\n"
	    "  gongkai new plan|report|faq|sop|news|page \"TITLE\" [--slug S] [--site DIR]\n"
	    "  gongkai audit [--site DIR] [--json] [--today YYYY-MM-DD] [--strict]\n"
	    "  gongkai history [--repo DIR] [--no-cache] [--follow] [--count] [PATH...]\n"
	    "  gongkai md [--engine md4c|cmark-gfm] [--spec] [--unsafe] < in.md\n"
	    "  gongkai tmpl TEMPLATE DATA.json [--partials DIR]\n"
	    "\n  gongkai COMMAND --help  該指令的選項 (a command's options)\n"
	    "\n結束碼 (exit status): 0 成功, 1 網站有錯誤, 2 用法或環境錯誤\n", f);
}

int
main(int argc, char **argv)
{
	size_t i;

	/* Output must not depend on the caller's locale. */
	setlocale(LC_ALL, "C");
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
		printf("gongkai %s\n", VERSION);
		return 0;
	}
	markdown_global_init();
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "gongkai: 未知的指令 (unknown command) '%s'\n\n", argv[1]);
	usage(stderr);
	return 2;
}
