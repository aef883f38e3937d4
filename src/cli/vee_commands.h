// vee_commands.h: the entry functions of the `gridline vee` group (vee_command.cc's table).
// argv[0] is the subcommand's name; flags follow. Exit status as commands.h says.
#ifndef GRIDLINE_CLI_VEE_COMMANDS_H_
#define GRIDLINE_CLI_VEE_COMMANDS_H_

namespace gridline::cli {

int RunVeeEdit(int argc, char** argv);
int RunVeeExceptions(int argc, char** argv);
int RunVeeAccept(int argc, char** argv);

}  // namespace gridline::cli

#endif  // GRIDLINE_CLI_VEE_COMMANDS_H_
