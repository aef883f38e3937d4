// xml_tokenizer.h: a streaming, non-validating XML 1.0 tokenizer with namespaces, for the subset
// of XML that Green Button (NAESB ESPI) feeds are written in. It replaces expat on the Green
// Button path because expat's general tokenizer was two thirds of the import's CPU
// (docs/import.md "Green Button" gives the figures); this one scans a tag once, resolves its
// prefix against a small stack of bindings and hands the element to the handler as (namespace
// URI, local name).
//
// What it reads: elements and attributes (either quote), namespace declarations (`xmlns`,
// `xmlns:p`; an element with no prefix is in the default namespace, an attribute with no prefix
// in none), text with the five predefined entities and character references (`&#38;`, `&#x26;`),
// CDATA sections (as text), comments and processing instructions (skipped), the XML declaration
// (UTF-8 or US-ASCII only; a UTF-8 byte order mark is skipped).
//
// What it refuses, with "line N: ..." (1-based): a DOCTYPE (so no DTD, no entity declarations, no
// external entities, no entity expansion: any entity other than the five predefined ones is
// undefined), markup that is not well formed (mismatched or unclosed tags, a duplicate attribute,
// an unbound prefix, text outside the root element, control characters, invalid UTF-8), and its
// bounds: one token (a tag, a comment, a run of text) over kMaxTokenBytes, a name over
// kMaxNameBytes, more than kMaxAttributes attributes on a tag, elements nested deeper than
// kMaxDepth.
//
// Cost: each byte is looked at a bounded number of times whatever the size of the pieces it
// arrives in (an unfinished token is kept, and its end is searched from where the last search
// stopped). Memory: the unfinished token, the open elements' names and the namespace bindings.
//
// Thread-compatible.
#ifndef GRIDLINE_INGEST_GREENBUTTON_XML_TOKENIZER_H_
#define GRIDLINE_INGEST_GREENBUTTON_XML_TOKENIZER_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"

namespace gridline::ingest {

struct XmlAttribute {
  std::string_view uri;    // empty for an attribute without a prefix
  std::string_view local;  // the name after the prefix
  std::string_view value;  // entities and character references replaced
};

// The events of a document, in order. The views are valid during the call only.
class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual void StartElement(std::string_view uri, std::string_view local,
                            std::span<const XmlAttribute> attributes) = 0;
  virtual void EndElement() = 0;
  // Character data inside the root element; one run of text may come in several calls.
  virtual void Text(std::string_view text) = 0;
};

class XmlTokenizer {
 public:
  static constexpr size_t kMaxTokenBytes = size_t{1} << 20;
  static constexpr size_t kMaxNameBytes = 1024;
  static constexpr size_t kMaxAttributes = 256;
  static constexpr int kMaxDepth = 256;

  // REQUIRES: `handler` outlives the tokenizer.
  explicit XmlTokenizer(XmlHandler* handler);

  // Tokenizes the next `n` bytes (`last`: the end of the document) and calls the handler for each
  // token they complete. InvalidArgument "line N: ..." when the document is not well formed,
  // refused or past a bound; after an error, or after Stop(), it accepts no more input.
  absl::Status Feed(const char* data, size_t n, bool last);

  // Called by the handler: no more events after the current one; Feed returns the status.
  void Stop(absl::Status status);

  // The line of the token being reported during a handler call; between calls, the line of the
  // first byte not yet tokenized.
  uint64_t line() const { return line_; }

 private:
  struct Binding {
    std::string prefix;
    std::string uri;
    int depth;
  };
  struct RawAttribute {
    std::string_view qname;
    std::string_view value;  // as written, between its quotes
  };

  // Tokenizes buf_[pos_, end) as far as complete tokens go.
  absl::Status Run(bool last);
  // Whether the token at pos_ (which starts with '<') ends within the buffer; *end is past its
  // last byte. The search goes on from scan_ (and quote_) on the next call.
  absl::Status FindTokenEnd(bool last, size_t* end, bool* complete);
  // `special`: the text holds a byte other than printable ASCII, tab and LF.
  absl::Status OnText(std::string_view text, bool special);
  absl::Status OnStartTag(std::string_view token);
  absl::Status OnEndTag(std::string_view token);
  // Comments, CDATA sections and processing instructions (the XML declaration among them).
  absl::Status OnMarkup(std::string_view token);
  absl::Status ParseName(std::string_view token, size_t* i, std::string_view* name) const;
  absl::Status Decode(std::string_view raw, bool attribute, std::string* out);
  absl::Status Resolve(std::string_view qname, bool attribute, std::string_view* uri,
                       std::string_view* local) const;
  void PopElement();
  // "line N: reason", N the line of the token at pos_ (ErrorAt: of the byte `at` inside it).
  absl::Status Error(std::string_view reason) const;
  absl::Status ErrorAt(const char* at, std::string_view reason) const;
  void CountLines(std::string_view s);

  XmlHandler* handler_;
  absl::Status status_;
  bool stopped_ = false;
  std::string buf_;
  size_t pos_ = 0;         // the first byte of buf_ not tokenized
  size_t scan_ = 0;        // how far past pos_ the search for the end of its token has gone
  char quote_ = 0;         // the quote open at scan_ inside a tag
  uint8_t text_seen_ = 0;  // the byte classes of the text scanned so far
  uint64_t line_ = 1;
  bool started_ = false;   // past the byte order mark
  bool at_start_ = false;  // no token tokenized yet
  bool seen_root_ = false;

  std::string names_;  // the qnames of the open elements, one after the other
  std::vector<size_t> name_ends_;
  std::vector<Binding> bindings_;
  std::vector<RawAttribute> raw_;
  std::vector<XmlAttribute> attributes_;
  std::vector<std::pair<size_t, size_t>> value_spans_;
  std::string values_;
  std::string scratch_;
  std::string text_buf_;
};

}  // namespace gridline::ingest

#endif  // GRIDLINE_INGEST_GREENBUTTON_XML_TOKENIZER_H_
