#include "ingest/greenbutton/xml_tokenizer.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "common/status_macros.h"
#include "common/strings.h"
#include "fmt/format.h"

namespace gridline::ingest {

namespace {

constexpr std::string_view kXmlNs = "http://www.w3.org/XML/1998/namespace";
constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kNotWellFormed = "not well-formed XML: ";

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }
// One table for the bytes of names (a byte >= 0x80 is part of a UTF-8 name character, checked
// by ValidChars): bit 1 may start a name, bit 2 may continue one.
constexpr std::array<uint8_t, 256> kNameBytes = [] {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    const bool start =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || c >= 0x80;
    const bool more = start || (c >= '0' && c <= '9') || c == '-' || c == '.';
    t[static_cast<size_t>(c)] = static_cast<uint8_t>((start ? 1 : 0) | (more ? 2 : 0));
  }
  return t;
}();
// The bytes of text: '<' ends it; the special ones ('&', CR, control characters, bytes of UTF-8
// sequences) send it the slow way, through ValidChars and Decode.
constexpr uint8_t kLt = 1, kSpecial = 2;
constexpr std::array<uint8_t, 256> kTextBytes = [] {
  std::array<uint8_t, 256> t{};
  for (int c = 0; c < 256; ++c) {
    if (c == '<') {
      t[static_cast<size_t>(c)] = kLt;
    } else if (c == '&' || c == '\r' || (c < 0x20 && c != '\n' && c != '\t') || c >= 0x80) {
      t[static_cast<size_t>(c)] = kSpecial;
    }
  }
  return t;
}();

bool IsNameStart(unsigned char c) { return (kNameBytes[c] & 1) != 0; }
bool IsNameChar(unsigned char c) { return (kNameBytes[c] & 2) != 0; }
bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// Whether `s` holds only characters XML allows: no control characters but tab, LF and CR, and
// well-formed UTF-8 (no overlong forms, surrogates, U+FFFE/U+FFFF or code points past U+10FFFF).
bool ValidChars(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* e = p + s.size();
  while (p < e) {
    const unsigned c = *p;
    if (c >= 0x20 && c < 0x80) {
      ++p;
      continue;
    }
    if (c < 0x20) {
      if (c != '\t' && c != '\n' && c != '\r') return false;
      ++p;
      continue;
    }
    int len = 0;
    uint32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2, cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3, cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4, cp = c & 0x07;
    } else {
      return false;
    }
    if (e - p < len) return false;
    for (int i = 1; i < len; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i] & 0x3F);
    }
    if (len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF) || cp >= 0xFFFE)) return false;
    if (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) return false;
    p += len;
  }
  return true;
}

bool IsXmlChar(uint32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// The five entities XML predefines: the only ones a document without a DTD may use.
struct Entity {
  std::string_view name;
  char c;
};
constexpr Entity kEntities[] = {
    {"lt", '<'}, {"gt", '>'}, {"amp", '&'}, {"apos", '\''}, {"quot", '"'}};

}  // namespace

XmlTokenizer::XmlTokenizer(XmlHandler* handler) : handler_(handler) {}

void XmlTokenizer::Stop(absl::Status status) {
  if (stopped_) return;
  stopped_ = true;
  status_ = std::move(status);
}

absl::Status XmlTokenizer::Error(std::string_view reason) const {
  return absl::InvalidArgumentError(fmt::format("line {}: {}", line_, reason));
}

absl::Status XmlTokenizer::ErrorAt(const char* at, std::string_view reason) const {
  const char* from = buf_.data() + pos_;
  uint64_t line = line_;
  if (at >= from && at <= buf_.data() + buf_.size()) line += std::count(from, at, '\n');
  return absl::InvalidArgumentError(fmt::format("line {}: {}", line, reason));
}

void XmlTokenizer::CountLines(std::string_view s) {
  // Tokens are short: a plain loop, not a call per line.
  uint64_t n = 0;
  for (const char c : s) n += c == '\n';
  line_ += n;
}

absl::Status XmlTokenizer::Feed(const char* data, size_t n, bool last) {
  if (stopped_) return status_;
  if (pos_ > 0) {
    buf_.erase(0, pos_);
    pos_ = 0;
  }
  buf_.append(data, n);
  absl::Status s = Run(last);
  if (!s.ok()) Stop(s);
  return status_;
}

absl::Status XmlTokenizer::Run(bool last) {
  if (!started_) {
    const std::string_view head(buf_);
    if (!last && head.size() < kBom.size() && StartsWith(kBom, head)) return absl::OkStatus();
    if (StartsWith(head, kBom)) pos_ = kBom.size();
    started_ = true;
    at_start_ = true;
  }
  while (pos_ < buf_.size() && !stopped_) {
    const char* b = buf_.data();
    const size_t size = buf_.size();
    if (b[pos_] != '<') {
      // Text runs to the next '<'; most is plain ASCII, which needs no decoding or checking.
      size_t stop = pos_ + scan_;
      uint8_t seen = text_seen_;
      for (; stop < size; ++stop) {
        const uint8_t k = kTextBytes[static_cast<unsigned char>(b[stop])];
        if (k == kLt) break;
        seen |= k;
      }
      text_seen_ = seen;
      if (stop == size && !last) {
        // A long run of text goes out in pieces; a piece ends before an unfinished reference or
        // UTF-8 sequence, and a short one waits for more input.
        const size_t amp = buf_.rfind('&');
        if (amp != std::string::npos && amp >= pos_ && buf_.find(';', amp) == std::string::npos) {
          stop = amp;
        }
        while (stop > pos_ && (static_cast<unsigned char>(b[stop - 1]) & 0xC0) == 0x80) --stop;
        if (stop > pos_ && static_cast<unsigned char>(b[stop - 1]) >= 0xC0) --stop;
        if (stop - pos_ < 4096) {
          scan_ = size - pos_;
          return absl::OkStatus();
        }
      }
      const std::string_view text(b + pos_, stop - pos_);
      GL_RETURN_IF_ERROR(OnText(text, (text_seen_ & kSpecial) != 0));
      CountLines(text);
      pos_ = stop;
      scan_ = 0;
      text_seen_ = 0;
      at_start_ = false;
      continue;
    }
    size_t end = 0;
    bool complete = false;
    GL_RETURN_IF_ERROR(FindTokenEnd(last, &end, &complete));
    if (!complete || end - pos_ > kMaxTokenBytes) {
      if (size - pos_ > kMaxTokenBytes) {
        return Error(fmt::format("one XML token (a tag, comment or text) longer than {} MiB",
                                 kMaxTokenBytes >> 20));
      }
      if (last) return Error(fmt::format("{}the document ends inside a tag", kNotWellFormed));
      return absl::OkStatus();
    }
    const std::string_view token(b + pos_, end - pos_);
    if (token[1] == '/') {
      GL_RETURN_IF_ERROR(OnEndTag(token));
    } else if (token[1] == '!' || token[1] == '?') {
      GL_RETURN_IF_ERROR(OnMarkup(token));
    } else {
      GL_RETURN_IF_ERROR(OnStartTag(token));
    }
    CountLines(token);
    pos_ = end;
    scan_ = 0;
    quote_ = 0;
    at_start_ = false;
  }
  if (stopped_) return status_;
  if (last) {
    if (!name_ends_.empty()) {
      const size_t from = name_ends_.size() > 1 ? name_ends_[name_ends_.size() - 2] : 0;
      return Error(fmt::format("{}the document ends before </{}>", kNotWellFormed,
                               std::string_view(names_).substr(from, 64)));
    }
    if (!seen_root_) return Error(fmt::format("{}no element found", kNotWellFormed));
  }
  return absl::OkStatus();
}

absl::Status XmlTokenizer::FindTokenEnd(bool last, size_t* end, bool* complete) {
  const char* b = buf_.data();
  const size_t size = buf_.size();
  const std::string_view rest(b + pos_, size - pos_);
  // Searches `close` from `skip` bytes into the token (or where the last search stopped).
  auto search = [&](std::string_view close, size_t skip) {
    const size_t from = std::max(skip, scan_);
    const size_t at = from < rest.size() ? rest.find(close, from) : std::string_view::npos;
    if (at == std::string_view::npos) {
      scan_ = std::max(skip, rest.size() >= close.size() ? rest.size() - close.size() + 1 : 0);
      return std::string_view::npos;
    }
    return at;
  };
  if (rest.size() < 2) return absl::OkStatus();
  if (rest[1] == '!') {
    constexpr std::string_view kComment = "<!--", kCdata = "<![CDATA[", kDoctype = "<!DOCTYPE";
    if (!last && rest.size() < kCdata.size() &&
        (StartsWith(kComment, rest.substr(0, 4)) || StartsWith(kCdata, rest) ||
         StartsWith(kDoctype, rest))) {
      return absl::OkStatus();
    }
    if (StartsWith(rest, kComment)) {
      // "--" may appear only at the end of a comment.
      const size_t at = search("--", kComment.size());
      if (at == std::string_view::npos) return absl::OkStatus();
      if (at + 2 >= rest.size()) {
        scan_ = at;
        return absl::OkStatus();
      }
      if (rest[at + 2] != '>') {
        return Error(fmt::format("{}'--' inside a comment", kNotWellFormed));
      }
      *end = pos_ + at + 3;
    } else if (StartsWith(rest, kCdata)) {
      const size_t at = search("]]>", kCdata.size());
      if (at == std::string_view::npos) return absl::OkStatus();
      *end = pos_ + at + 3;
    } else if (StartsWith(rest, kDoctype)) {
      return Error(
          "DOCTYPE refused: a Green Button feed needs no DTD, and entity declarations or "
          "external entities are not expanded");
    } else {
      return Error(fmt::format("{}'<!' starts no comment or CDATA section", kNotWellFormed));
    }
    *complete = true;
    return absl::OkStatus();
  }
  if (rest[1] == '?') {
    const size_t at = search("?>", 2);
    if (at == std::string_view::npos) return absl::OkStatus();
    *end = pos_ + at + 2;
    *complete = true;
    return absl::OkStatus();
  }
  // A tag ends at the first '>' outside a quoted attribute value.
  size_t i = std::max<size_t>(1, scan_);
  char q = quote_;
  for (; i < rest.size(); ++i) {
    const char c = rest[i];
    if (q != 0) {
      if (c == q) q = 0;
    } else if (c == '"' || c == '\'') {
      q = c;
    } else if (c == '>') {
      *end = pos_ + i + 1;
      *complete = true;
      return absl::OkStatus();
    }
  }
  quote_ = q;
  scan_ = i;
  return absl::OkStatus();
}

absl::Status XmlTokenizer::OnText(std::string_view text, bool special) {
  if (name_ends_.empty()) {
    for (const char c : text) {
      if (!IsSpace(c)) {
        return Error(fmt::format(
            "{}{}", kNotWellFormed,
            seen_root_ ? "text after the document element" : "text before the document element"));
      }
    }
    return absl::OkStatus();
  }
  if (!special) {
    handler_->Text(text);
    return absl::OkStatus();
  }
  if (!ValidChars(text)) {
    return Error(fmt::format("{}a control character or invalid UTF-8 in text", kNotWellFormed));
  }
  if (text.find_first_of("&\r") == std::string_view::npos) {
    handler_->Text(text);
    return absl::OkStatus();
  }
  GL_RETURN_IF_ERROR(Decode(text, /*attribute=*/false, &text_buf_));
  handler_->Text(text_buf_);
  return absl::OkStatus();
}

absl::Status XmlTokenizer::Decode(std::string_view raw, bool attribute, std::string* out) {
  out->clear();
  for (size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c == '\r') {
      // Line ends are normalised to LF (XML 1.0 section 2.11), then to a space in an attribute.
      if (i + 1 < raw.size() && raw[i + 1] == '\n') continue;
      out->push_back(attribute ? ' ' : '\n');
      continue;
    }
    if (c != '&') {
      out->push_back(attribute && (c == '\t' || c == '\n') ? ' ' : c);
      continue;
    }
    const size_t semi = raw.find(';', i);
    if (semi == std::string_view::npos || semi - i > 12 || semi == i + 1) {
      return ErrorAt(raw.data() + i, fmt::format("{}an '&' that starts no reference (write &amp;)",
                                                 kNotWellFormed));
    }
    const std::string_view ref = raw.substr(i + 1, semi - i - 1);
    i = semi;
    if (ref[0] == '#') {
      const bool hex = ref.size() > 1 && ref[1] == 'x';
      const std::string_view digits = ref.substr(hex ? 2 : 1);
      uint32_t cp = 0;
      bool ok = !digits.empty();
      for (const char d : digits) {
        int v = -1;
        if (d >= '0' && d <= '9') v = d - '0';
        if (hex && d >= 'a' && d <= 'f') v = d - 'a' + 10;
        if (hex && d >= 'A' && d <= 'F') v = d - 'A' + 10;
        if (v < 0 || cp > 0x10FFFF) {
          ok = false;
          break;
        }
        cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(v);
      }
      if (!ok || !IsXmlChar(cp)) {
        return ErrorAt(raw.data() + i, fmt::format("{}&{}; is not a character XML allows",
                                                   kNotWellFormed, ref.substr(0, 12)));
      }
      AppendUtf8(cp, out);
      continue;
    }
    const Entity* e = std::find_if(std::begin(kEntities), std::end(kEntities),
                                   [&](const Entity& x) { return x.name == ref; });
    if (e == std::end(kEntities)) {
      return ErrorAt(
          raw.data() + i,
          fmt::format(
              "{}undefined entity &{};: no DTD declares it, and only &lt; &gt; &amp; &apos; &quot; "
              "are predefined",
              kNotWellFormed, ref.substr(0, 12)));
    }
    out->push_back(e->c);
  }
  return absl::OkStatus();
}

absl::Status XmlTokenizer::Resolve(std::string_view qname, bool attribute, std::string_view* uri,
                                   std::string_view* local) const {
  // Names are short: a loop, not a call.
  size_t colon = 0;
  while (colon < qname.size() && qname[colon] != ':') ++colon;
  if (colon == qname.size()) {
    *local = qname;
    *uri = {};
    if (!attribute) {
      for (auto it = bindings_.rbegin(); it != bindings_.rend(); ++it) {
        if (it->prefix.empty()) {
          *uri = it->uri;
          break;
        }
      }
    }
    return absl::OkStatus();
  }
  const std::string_view prefix = qname.substr(0, colon);
  *local = qname.substr(colon + 1);
  if (prefix.empty() || local->empty() || local->find(':') != std::string_view::npos ||
      !IsNameStart(static_cast<unsigned char>((*local)[0]))) {
    return Error(
        fmt::format("{}'{}' is not a name with a prefix", kNotWellFormed, qname.substr(0, 64)));
  }
  if (prefix == "xml") {
    *uri = kXmlNs;
    return absl::OkStatus();
  }
  for (auto it = bindings_.rbegin(); it != bindings_.rend(); ++it) {
    if (it->prefix == prefix) {
      *uri = it->uri;
      return absl::OkStatus();
    }
  }
  return Error(fmt::format("{}unbound prefix '{}'", kNotWellFormed, prefix.substr(0, 64)));
}

absl::Status XmlTokenizer::ParseName(std::string_view token, size_t* i,
                                     std::string_view* name) const {
  const size_t start = *i;
  if (start >= token.size() || !IsNameStart(static_cast<unsigned char>(token[start]))) {
    return Error(fmt::format("{}a tag or attribute without a valid name", kNotWellFormed));
  }
  size_t j = start + 1;
  while (j < token.size() && IsNameChar(static_cast<unsigned char>(token[j]))) ++j;
  if (j - start > kMaxNameBytes) {
    return Error(fmt::format("a name longer than {} bytes", kMaxNameBytes));
  }
  *name = token.substr(start, j - start);
  *i = j;
  return absl::OkStatus();
}

void XmlTokenizer::PopElement() {
  name_ends_.pop_back();
  names_.resize(name_ends_.empty() ? 0 : name_ends_.back());
  const int depth = static_cast<int>(name_ends_.size());
  while (!bindings_.empty() && bindings_.back().depth > depth) bindings_.pop_back();
}

absl::Status XmlTokenizer::OnStartTag(std::string_view token) {
  if (seen_root_ && name_ends_.empty()) {
    return Error(fmt::format("{}a second document element", kNotWellFormed));
  }
  if (name_ends_.size() >= static_cast<size_t>(kMaxDepth)) {
    return Error(fmt::format("elements nested deeper than {}", kMaxDepth));
  }
  size_t n = token.size() - 1;  // the '>'
  const bool empty = token[n - 1] == '/';
  if (empty) --n;
  const std::string_view body = token.substr(0, n);
  size_t i = 1;
  std::string_view name;
  GL_RETURN_IF_ERROR(ParseName(body, &i, &name));
  raw_.clear();
  while (true) {
    const size_t ws = i;
    while (i < n && IsSpace(body[i])) ++i;
    if (i == n) break;
    if (i == ws) {
      return Error(fmt::format("{}attributes of <{}> must be separated by spaces", kNotWellFormed,
                               name.substr(0, 64)));
    }
    std::string_view qname;
    GL_RETURN_IF_ERROR(ParseName(body, &i, &qname));
    while (i < n && IsSpace(body[i])) ++i;
    if (i == n || body[i] != '=') {
      return Error(fmt::format("{}attribute {} has no '='", kNotWellFormed, qname.substr(0, 64)));
    }
    ++i;
    while (i < n && IsSpace(body[i])) ++i;
    if (i == n || (body[i] != '"' && body[i] != '\'')) {
      return Error(fmt::format("{}the value of attribute {} is not quoted", kNotWellFormed,
                               qname.substr(0, 64)));
    }
    const size_t close = body.find(body[i], i + 1);
    if (close == std::string_view::npos) {
      return Error(fmt::format("{}the value of attribute {} is not closed", kNotWellFormed,
                               qname.substr(0, 64)));
    }
    const std::string_view value = body.substr(i + 1, close - i - 1);
    if (value.find('<') != std::string_view::npos) {
      return Error(
          fmt::format("{}'<' in the value of attribute {}", kNotWellFormed, qname.substr(0, 64)));
    }
    if (raw_.size() >= kMaxAttributes) {
      return Error(
          fmt::format("more than {} attributes on <{}>", kMaxAttributes, name.substr(0, 64)));
    }
    for (const RawAttribute& a : raw_) {
      if (a.qname == qname) {
        return Error(fmt::format("{}duplicate attribute {} on <{}>", kNotWellFormed,
                                 qname.substr(0, 64), name.substr(0, 64)));
      }
    }
    raw_.push_back(RawAttribute{qname, value});
    i = close + 1;
  }
  if (!ValidChars(token)) {
    return Error(fmt::format("{}a control character or invalid UTF-8 in <{}>", kNotWellFormed,
                             name.substr(0, 64)));
  }
  // Namespace declarations apply to the element that makes them, its attributes and its content.
  const int depth = static_cast<int>(name_ends_.size()) + 1;
  for (const RawAttribute& a : raw_) {
    const bool default_ns = a.qname == "xmlns";
    if (!default_ns && !StartsWith(a.qname, "xmlns:")) continue;
    std::string uri;
    GL_RETURN_IF_ERROR(Decode(a.value, /*attribute=*/true, &uri));
    const std::string_view prefix = default_ns ? std::string_view() : a.qname.substr(6);
    if (!default_ns && (uri.empty() || prefix == "xmlns" || prefix.find(':') != prefix.npos ||
                        (prefix == "xml") != (uri == kXmlNs))) {
      return Error(fmt::format("{}xmlns:{}=\"{}\" declares no valid binding", kNotWellFormed,
                               prefix.substr(0, 64), std::string_view(uri).substr(0, 64)));
    }
    bindings_.push_back(Binding{std::string(prefix), std::move(uri), depth});
  }
  names_.append(name);
  name_ends_.push_back(names_.size());
  std::string_view uri, local;
  GL_RETURN_IF_ERROR(Resolve(name, /*attribute=*/false, &uri, &local));
  // The values with references or white space to normalise are decoded into values_ first, then
  // all views are taken (values_ may move while it grows).
  attributes_.clear();
  values_.clear();
  std::vector<std::pair<size_t, size_t>>& spans = value_spans_;
  spans.clear();
  for (const RawAttribute& a : raw_) {
    if (a.qname == "xmlns" || StartsWith(a.qname, "xmlns:")) continue;
    XmlAttribute out;
    GL_RETURN_IF_ERROR(Resolve(a.qname, /*attribute=*/true, &out.uri, &out.local));
    bool plain = true;
    for (const char c : a.value) plain &= c != '&' && c != '\t' && c != '\n' && c != '\r';
    if (plain) {
      out.value = a.value;
      spans.emplace_back(0, std::string::npos);
    } else {
      GL_RETURN_IF_ERROR(Decode(a.value, /*attribute=*/true, &scratch_));
      spans.emplace_back(values_.size(), scratch_.size());
      values_.append(scratch_);
    }
    attributes_.push_back(out);
  }
  for (size_t k = 0; k < attributes_.size(); ++k) {
    if (spans[k].second != std::string::npos) {
      attributes_[k].value = std::string_view(values_).substr(spans[k].first, spans[k].second);
    }
  }
  seen_root_ = true;
  handler_->StartElement(uri, local, attributes_);
  if (empty && !stopped_) {
    handler_->EndElement();
    PopElement();
  }
  return absl::OkStatus();
}

absl::Status XmlTokenizer::OnEndTag(std::string_view token) {
  size_t i = 2;
  std::string_view name;
  GL_RETURN_IF_ERROR(ParseName(token, &i, &name));
  while (i < token.size() && IsSpace(token[i])) ++i;
  if (i != token.size() - 1) {
    return Error(fmt::format("{}end tag </{}> holds more than its name", kNotWellFormed,
                             name.substr(0, 64)));
  }
  if (name_ends_.empty()) {
    return Error(fmt::format("{}</{}> closes no element", kNotWellFormed, name.substr(0, 64)));
  }
  const size_t from = name_ends_.size() > 1 ? name_ends_[name_ends_.size() - 2] : 0;
  const std::string_view open = std::string_view(names_).substr(from);
  if (name != open) {
    return Error(
        fmt::format("{}</{}> closes <{}>", kNotWellFormed, name.substr(0, 64), open.substr(0, 64)));
  }
  handler_->EndElement();
  PopElement();
  return absl::OkStatus();
}

absl::Status XmlTokenizer::OnMarkup(std::string_view token) {
  if (!ValidChars(token)) {
    return Error(fmt::format("{}a control character or invalid UTF-8", kNotWellFormed));
  }
  if (StartsWith(token, "<!--")) return absl::OkStatus();
  if (StartsWith(token, "<![CDATA[")) {
    if (name_ends_.empty()) {
      return Error(fmt::format("{}CDATA outside the document element", kNotWellFormed));
    }
    handler_->Text(token.substr(9, token.size() - 12));
    return absl::OkStatus();
  }
  // A processing instruction: <?target ...?>. The XML declaration is one, first in the document.
  size_t i = 2;
  std::string_view target;
  GL_RETURN_IF_ERROR(ParseName(token, &i, &target));
  if (i + 2 < token.size() && !IsSpace(token[i])) {
    return Error(fmt::format("{}processing instruction <?{} is not well formed", kNotWellFormed,
                             target.substr(0, 64)));
  }
  if (!EqualsIgnoreCase(target, "xml")) return absl::OkStatus();
  if (!at_start_ || target != "xml") {
    return Error(
        fmt::format("{}an XML declaration not at the start of the document", kNotWellFormed));
  }
  const size_t enc = token.find("encoding");
  if (enc == std::string_view::npos) return absl::OkStatus();
  const size_t open = token.find_first_of("\"'", enc);
  const size_t close = open == std::string_view::npos ? open : token.find(token[open], open + 1);
  if (close == std::string_view::npos) {
    return Error(
        fmt::format("{}the encoding of the XML declaration is not quoted", kNotWellFormed));
  }
  const std::string_view encoding = token.substr(open + 1, close - open - 1);
  if (!EqualsIgnoreCase(encoding, "utf-8") && !EqualsIgnoreCase(encoding, "us-ascii")) {
    return Error(fmt::format("encoding {} is not read: a Green Button feed is UTF-8",
                             encoding.substr(0, 64)));
  }
  return absl::OkStatus();
}

}  // namespace gridline::ingest
