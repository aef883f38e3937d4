// bill_command.h: the entry function of `gridline bill` (bill_command.cc), declared apart from
// commands.h as import_topology_command.h is.
#ifndef GRIDLINE_CLI_BILL_COMMAND_H_
#define GRIDLINE_CLI_BILL_COMMAND_H_

namespace gridline::cli {

// argv[0] is "bill"; `run`, `trueup` or `list` and their flags follow.
int RunBill(int argc, char** argv);

}  // namespace gridline::cli

#endif  // GRIDLINE_CLI_BILL_COMMAND_H_
