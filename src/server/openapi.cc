// openapi.cc: OpenApiDocument.
#include "server/openapi.h"

#include <map>
#include <vector>

#include "common/json_writer.h"
#include "common/strings.h"

namespace gridline::server {

namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = AsciiLower(c);
  return s;
}

void WriteSchema(JsonWriter& w, const ParamSpec& p) {
  w.StartObject();
  WriteKey(w, "type");
  switch (p.type) {
    case ParamType::kInteger:
      WriteString(w, "integer");
      WriteKey(w, "format");
      WriteString(w, "int64");
      break;
    case ParamType::kBoolean:
      WriteString(w, "boolean");
      break;
    case ParamType::kInstant:
      WriteString(w, "string");
      WriteKey(w, "format");
      WriteString(w, "date-time");
      break;
    case ParamType::kEnum:
      WriteString(w, "string");
      WriteKey(w, "enum");
      w.StartArray();
      for (const std::string& v : p.values) WriteString(w, v);
      w.EndArray();
      break;
    case ParamType::kString:
      WriteString(w, "string");
      break;
  }
  if (!p.default_value.empty()) {
    WriteKey(w, "default");
    if (p.type == ParamType::kInteger) {
      w.RawValue(p.default_value.data(), p.default_value.size(), rapidjson::kNumberType);
    } else if (p.type == ParamType::kBoolean) {
      w.Bool(p.default_value == "true");
    } else {
      WriteString(w, p.default_value);
    }
  }
  w.EndObject();
}

void WriteContent(JsonWriter& w, const std::vector<std::string>& types, bool error_schema) {
  WriteKey(w, "content");
  w.StartObject();
  for (const std::string& t : types) {
    WriteKey(w, t);
    w.StartObject();
    if (error_schema) {
      WriteKey(w, "schema");
      w.StartObject();
      WriteKey(w, "$ref");
      WriteString(w, "#/components/schemas/Error");
      w.EndObject();
    }
    w.EndObject();
  }
  w.EndObject();
}

void WriteOperation(JsonWriter& w, const Route& r) {
  w.StartObject();
  WriteKey(w, "operationId");
  std::string id = Lower(r.method);
  for (char c : r.pattern) {
    const bool word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (word)
      id.push_back(c);
    else if (id.back() != '_')
      id.push_back('_');
  }
  while (id.back() == '_') id.pop_back();
  WriteString(w, id);
  WriteKey(w, "summary");
  WriteString(w, r.summary);
  WriteKey(w, "tags");
  w.StartArray();
  WriteString(w, r.tag);
  w.EndArray();
  WriteKey(w, "x-roles");
  w.StartArray();
  if (r.access.anyone()) {
    WriteString(w, "anyone");
  } else {
    for (Role role : r.access.roles()) WriteString(w, RoleName(role));
  }
  w.EndArray();
  WriteKey(w, "security");
  w.StartArray();
  if (!r.access.anyone()) {
    w.StartObject();
    WriteKey(w, "bearer");
    w.StartArray();
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  WriteKey(w, "parameters");
  w.StartArray();
  for (const ParamSpec& p : r.params) {
    w.StartObject();
    WriteKey(w, "name");
    WriteString(w, p.name);
    WriteKey(w, "in");
    WriteString(w, p.in == ParamIn::kPath ? "path" : "query");
    WriteKey(w, "required");
    w.Bool(p.required || p.in == ParamIn::kPath);
    WriteKey(w, "description");
    WriteString(w, p.description);
    WriteKey(w, "schema");
    WriteSchema(w, p);
    w.EndObject();
  }
  w.EndArray();
  if (!r.consumes.empty()) {
    WriteKey(w, "requestBody");
    w.StartObject();
    WriteKey(w, "required");
    w.Bool(true);
    WriteContent(w, r.consumes, false);
    w.EndObject();
  }
  WriteKey(w, "responses");
  w.StartObject();
  WriteKey(w, "200");
  w.StartObject();
  WriteKey(w, "description");
  WriteString(w, "the answer");
  WriteContent(w, r.produces, false);
  w.EndObject();
  WriteKey(w, "default");
  w.StartObject();
  WriteKey(w, "description");
  WriteString(w, "an error: {\"error\": code, \"message\": text, \"detail\": where or null}");
  WriteContent(w, {kJson}, true);
  w.EndObject();
  w.EndObject();
  w.EndObject();
}

void WriteComponents(JsonWriter& w) {
  WriteKey(w, "components");
  w.StartObject();
  WriteKey(w, "securitySchemes");
  w.StartObject();
  WriteKey(w, "bearer");
  w.StartObject();
  WriteKey(w, "type");
  WriteString(w, "http");
  WriteKey(w, "scheme");
  WriteString(w, "bearer");
  WriteKey(w, "description");
  WriteString(w, "a token from `gridline token create --role admin|analyst|ingest|public`");
  w.EndObject();
  w.EndObject();
  WriteKey(w, "schemas");
  w.StartObject();
  WriteKey(w, "Error");
  w.StartObject();
  WriteKey(w, "type");
  WriteString(w, "object");
  WriteKey(w, "required");
  w.StartArray();
  WriteString(w, "error");
  WriteString(w, "message");
  WriteString(w, "detail");
  w.EndArray();
  WriteKey(w, "properties");
  w.StartObject();
  for (const char* name : {"error", "message"}) {
    WriteKey(w, name);
    w.StartObject();
    WriteKey(w, "type");
    WriteString(w, "string");
    w.EndObject();
  }
  WriteKey(w, "detail");
  w.StartObject();
  WriteKey(w, "type");
  WriteString(w, "object");
  WriteKey(w, "nullable");
  w.Bool(true);
  WriteKey(w, "properties");
  w.StartObject();
  for (const char* name : {"parameter", "file", "field"}) {
    WriteKey(w, name);
    w.StartObject();
    WriteKey(w, "type");
    WriteString(w, "string");
    w.EndObject();
  }
  for (const char* name : {"line", "index", "offset"}) {
    WriteKey(w, name);
    w.StartObject();
    WriteKey(w, "type");
    WriteString(w, "integer");
    w.EndObject();
  }
  w.EndObject();
  w.EndObject();
  w.EndObject();
  w.EndObject();
  w.EndObject();
  w.EndObject();
}

}  // namespace

std::string OpenApiDocument(const Router& router) {
  // Operations grouped by path, paths in the order their first route was added.
  std::vector<std::string> order;
  std::map<std::string, std::vector<const Route*>> by_path;
  for (const Route& r : router.routes()) {
    auto& list = by_path[r.pattern];
    if (list.empty()) order.push_back(r.pattern);
    list.push_back(&r);
  }
  std::string out;
  JsonStringSink sink(&out);
  JsonWriter w(sink);
  w.StartObject();
  WriteKey(w, "openapi");
  WriteString(w, "3.0.3");
  WriteKey(w, "info");
  w.StartObject();
  WriteKey(w, "title");
  WriteString(w, "gridline");
  WriteKey(w, "version");
  WriteString(w, "1");
  WriteKey(w, "description");
  WriteString(w,
              "Interval data of electricity meters: readings, aggregates, ingest. JSON by "
              "default; CSV with ?format=csv or Accept: text/csv where a route offers it. Times "
              "are ISO 8601; `from` is inclusive, `to` exclusive. See docs/api.md.");
  w.EndObject();
  WriteComponents(w);
  WriteKey(w, "paths");
  w.StartObject();
  for (const std::string& path : order) {
    WriteKey(w, path);
    w.StartObject();
    for (const Route* r : by_path[path]) {
      WriteKey(w, Lower(r->method));
      WriteOperation(w, *r);
    }
    w.EndObject();
  }
  w.EndObject();
  w.EndObject();
  out.push_back('\n');
  return out;
}

}  // namespace gridline::server
