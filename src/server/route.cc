// route.cc: the ParamSpec shorthands of route tables.
#include "server/route.h"

namespace gridline::server {

ParamSpec PathParam(std::string name, std::string description) {
  ParamSpec p;
  p.name = std::move(name);
  p.in = ParamIn::kPath;
  p.required = true;
  p.description = std::move(description);
  return p;
}

ParamSpec QueryParam(std::string name, ParamType type, std::string description, bool required,
                     std::string default_value) {
  ParamSpec p;
  p.name = std::move(name);
  p.type = type;
  p.required = required;
  p.description = std::move(description);
  p.default_value = std::move(default_value);
  return p;
}

ParamSpec EnumParam(std::string name, std::vector<std::string> values, std::string description,
                    std::string default_value) {
  ParamSpec p;
  p.name = std::move(name);
  p.type = ParamType::kEnum;
  p.values = std::move(values);
  p.description = std::move(description);
  p.default_value = std::move(default_value);
  return p;
}

ParamSpec Required(ParamSpec p) {
  p.required = true;
  return p;
}

}  // namespace gridline::server
