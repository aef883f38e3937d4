// vee_commands.h: the subcommands of `gridline vee` (validation, estimation, editing). Each is a
// row of the table in vee_command.cc and an entry function here; add a row to add one.
#ifndef GRIDLINE_CLI_VEE_COMMANDS_H_
#define GRIDLINE_CLI_VEE_COMMANDS_H_

namespace gridline::cli {

// argv[0] is the subcommand name (e.g. "check-rules"); flags follow.
int RunVeeCheckRules(int argc, char** argv);
int RunVeeValidate(int argc, char** argv);

}  // namespace gridline::cli

#endif  // GRIDLINE_CLI_VEE_COMMANDS_H_
