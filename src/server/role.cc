// role.cc: role names.
#include "server/role.h"

namespace gridline::server {

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kAdmin:
      return "admin";
    case Role::kAnalyst:
      return "analyst";
    case Role::kIngest:
      return "ingest";
    case Role::kPublic:
      return "public";
  }
  return "unknown";
}

std::optional<Role> RoleFromName(std::string_view name) {
  for (Role r : kAllRoles) {
    if (RoleName(r) == name) return r;
  }
  return std::nullopt;
}

std::vector<Role> Access::roles() const {
  std::vector<Role> out;
  for (Role r : kAllRoles) {
    if (Allows(r)) out.push_back(r);
  }
  return out;
}

}  // namespace gridline::server
