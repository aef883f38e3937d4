// vee_commands.h: the subcommands of `gridline vee` (validation, estimation, editing). Each is a
// row of the table in vee_command.cc and an entry function here; add a row to add one.
// argv[0] is the subcommand's name; flags follow. Exit status as commands.h says.
#ifndef GRIDLINE_CLI_VEE_COMMANDS_H_
#define GRIDLINE_CLI_VEE_COMMANDS_H_

namespace gridline::cli {

int RunVeeEdit(int argc, char** argv);
int RunVeeExceptions(int argc, char** argv);
int RunVeeAccept(int argc, char** argv);
int RunVeeCheckRules(int argc, char** argv);
int RunVeeValidate(int argc, char** argv);
int RunVeeRun(int argc, char** argv);

}  // namespace gridline::cli

#endif  // GRIDLINE_CLI_VEE_COMMANDS_H_
