#ifndef GONGKAI_COMMANDS_H
#define GONGKAI_COMMANDS_H
/*
 * commands: one function per subcommand of the gongkai binary. Each takes
 * the arguments after the subcommand name (argv[0] is the subcommand) and
 * returns the exit status: 0 success, 1 the site or input has errors,
 * 2 usage or environment error.
 */
int	cmd_audit(int argc, char **argv);
int	cmd_build(int argc, char **argv);
int	cmd_check(int argc, char **argv);
int	cmd_history(int argc, char **argv);
int	cmd_md(int argc, char **argv);
int	cmd_new(int argc, char **argv);
int	cmd_serve(int argc, char **argv);
int	cmd_tmpl(int argc, char **argv);

#endif
