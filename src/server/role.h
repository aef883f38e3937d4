// role.h: who may call a route. A bearer token carries one role (token_store.h):
//
//   admin    everything.
//   analyst  reads everything (readings, series, aggregates, metrics); writes nothing.
//   ingest   writes readings (per meter and CSV imports) and sees the counts and row errors of
//            its own writes; reads nothing else, not even what it wrote.
//   public   nothing about one customer (docs/conventions.md): the routes open to anyone, the map's
//            assets and aggregates above the transformer.
//
// A route's Access lists the roles it allows (admin always); Access::Anyone() routes need no
// token at all (/healthz, the OpenAPI document). docs/api.md has the table.
#ifndef GRIDLINE_SERVER_ROLE_H_
#define GRIDLINE_SERVER_ROLE_H_

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string_view>
#include <vector>

namespace gridline::server {

enum class Role : uint8_t { kAdmin = 0, kAnalyst = 1, kIngest = 2, kPublic = 3 };
inline constexpr Role kAllRoles[] = {Role::kAdmin, Role::kAnalyst, Role::kIngest, Role::kPublic};

std::string_view RoleName(Role role);
std::optional<Role> RoleFromName(std::string_view name);

class Access {
 public:
  // No token needed.
  static constexpr Access Anyone() { return Access(0, true); }
  // A token with one of `roles`; admin is always allowed.
  static constexpr Access Roles(std::initializer_list<Role> roles) {
    uint8_t bits = Bit(Role::kAdmin);
    for (Role r : roles) bits |= Bit(r);
    return Access(bits, false);
  }

  bool anyone() const { return anyone_; }
  bool Allows(Role role) const { return anyone_ || (bits_ & Bit(role)) != 0; }
  // The roles allowed, in kAllRoles order (all of them for Anyone()).
  std::vector<Role> roles() const;

 private:
  constexpr Access(uint8_t bits, bool anyone) : bits_(bits), anyone_(anyone) {}
  static constexpr uint8_t Bit(Role r) { return static_cast<uint8_t>(1u << static_cast<int>(r)); }
  uint8_t bits_;
  bool anyone_;
};

// The usual sets.
inline constexpr Access kAnyone = Access::Anyone();
inline constexpr Access kReaders = Access::Roles({Role::kAnalyst});  // reads of customer data
inline constexpr Access kWriters = Access::Roles({Role::kIngest});   // writes of readings
inline constexpr Access kPublicReaders = Access::Roles({Role::kAnalyst, Role::kPublic});
inline constexpr Access kAdminOnly = Access::Roles({});

}  // namespace gridline::server

#endif  // GRIDLINE_SERVER_ROLE_H_
