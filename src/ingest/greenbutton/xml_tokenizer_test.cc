// The Green Button XML tokenizer against expat, the reference: the same elements (namespace URI
// and local name), attributes and text for documents expat accepts, a refusal for those it
// refuses, whatever the size of the pieces the bytes arrive in.
#include "ingest/greenbutton/xml_tokenizer.h"

#include <expat.h>

#include <algorithm>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "test/test_util.h"

namespace gridline::ingest {
namespace {

// Events as one string each: "<{uri}local a=v ...", ">", "text".
class Recorder : public XmlHandler {
 public:
  void StartElement(std::string_view uri, std::string_view local,
                    std::span<const XmlAttribute> attributes) override {
    std::vector<std::string> atts;
    for (const XmlAttribute& a : attributes) {
      atts.push_back(Name(a.uri, a.local) + "=" + std::string(a.value));
    }
    Start(Name(uri, local), std::move(atts));
  }
  void EndElement() override { End(); }
  void Text(std::string_view text) override { AddText(text); }

  static std::string Name(std::string_view uri, std::string_view local) {
    return uri.empty() ? std::string(local) : "{" + std::string(uri) + "}" + std::string(local);
  }
  void Start(std::string name, std::vector<std::string> atts) {
    std::sort(atts.begin(), atts.end());
    std::string e = "<" + name;
    for (const std::string& a : atts) e += " " + a;
    events.push_back(e);
  }
  void End() { events.push_back(">"); }
  void AddText(std::string_view text) {
    if (!events.empty() && events.back().starts_with("T")) {
      events.back().append(text);
    } else {
      events.push_back("T" + std::string(text));
    }
  }

  std::vector<std::string> events;
};

struct Outcome {
  bool ok = false;
  std::string error;
  std::vector<std::string> events;
};

Outcome Ours(const std::string& xml, size_t piece) {
  Recorder r;
  XmlTokenizer t(&r);
  Outcome o;
  absl::Status s;
  for (size_t at = 0;; at += piece) {
    const size_t n = at < xml.size() ? std::min(piece, xml.size() - at) : 0;
    const bool last = at + n >= xml.size();
    s = t.Feed(xml.data() + at, n, last);
    if (!s.ok() || last) break;
  }
  o.ok = s.ok();
  o.error = std::string(s.message());
  o.events = std::move(r.events);
  return o;
}

Outcome Expat(const std::string& xml) {
  Recorder r;
  XML_Parser p = XML_ParserCreateNS(nullptr, '|');
  XML_SetUserData(p, &r);
  XML_SetElementHandler(
      p,
      [](void* u, const XML_Char* n, const XML_Char** atts) {
        const std::string_view s(n);
        const size_t bar = s.find('|');
        std::vector<std::string> as;
        for (int i = 0; atts[i] != nullptr; i += 2) {
          const std::string_view a(atts[i]);
          const size_t abar = a.find('|');
          const std::string an = abar == a.npos
                                     ? std::string(a)
                                     : Recorder::Name(a.substr(0, abar), a.substr(abar + 1));
          as.push_back(an + "=" + atts[i + 1]);
        }
        static_cast<Recorder*>(u)->Start(
            bar == s.npos ? std::string(s) : Recorder::Name(s.substr(0, bar), s.substr(bar + 1)),
            std::move(as));
      },
      [](void* u, const XML_Char*) { static_cast<Recorder*>(u)->End(); });
  XML_SetCharacterDataHandler(p, [](void* u, const XML_Char* s, int len) {
    static_cast<Recorder*>(u)->AddText(std::string_view(s, static_cast<size_t>(len)));
  });
  XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
  Outcome o;
  o.ok = XML_Parse(p, xml.data(), static_cast<int>(xml.size()), XML_TRUE) == XML_STATUS_OK;
  if (!o.ok) o.error = XML_ErrorString(XML_GetErrorCode(p));
  XML_ParserFree(p);
  o.events = std::move(r.events);
  return o;
}

void ExpectAsExpat(const std::string& xml) {
  const Outcome want = Expat(xml);
  for (const size_t piece : {size_t{1}, size_t{3}, size_t{17}, xml.size() + 1}) {
    const Outcome got = Ours(xml, piece);
    EXPECT_EQ(got.ok, want.ok) << "piece " << piece << ": " << xml << "\nours: " << got.error
                               << "\nexpat: " << want.error;
    if (got.ok && want.ok) {
      EXPECT_EQ(got.events, want.events) << "piece " << piece << ": " << xml;
    }
    if (!got.ok) {
      EXPECT_TRUE(got.error.starts_with("line ")) << got.error;
    }
  }
}

TEST(XmlTokenizer, ReadsWhatExpatReads) {
  const std::vector<std::string> docs = {
      "<feed/>",
      "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed>\n</feed>\n",
      "<?xml version='1.0' encoding='utf-8' standalone='yes'?><a b = 'x' c=\"y\"/>",
      "<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:espi=\"http://naesb.org/espi\">"
      "<entry><link rel=\"self\" href=\"/a/UsagePoint/1\"/><espi:value>12</espi:value>"
      "<value xmlns=\"http://naesb.org/espi\">3</value><value xmlns=\"\">4</value></entry></feed>",
      "<ns0:feed xmlns:ns0=\"http://www.w3.org/2005/Atom\"><ns0:entry ns0:x=\"1\" y='2'/>"
      "</ns0:feed>",
      "<a xmlns:p=\"u1\"><p:b xmlns:p=\"u2\"><p:c/></p:b><p:d/></a>",
      "<a>x &lt; y &gt; z &amp; &apos;&quot; &#65;&#x42;&#x20AC;&#128512;</a>",
      "<a t=\"1&#10;2\tx&amp;\n3\">text</a>",
      "<a><![CDATA[<not a tag> & ]] ]>]]>after</a>",
      "<!-- before --><?pi data?><a><!-- in - side --><?x y?>t</a><!-- after -->\n",
      "<a>\r\n</a>",
      "<a>caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80</a>",
      "<a\n  b=\"1\"\n  c=\"2\"\n/>",
      "<a></a >",
      "<a:b xmlns:a=\"http://example.com/\"></a:b>",
      "<a xml:lang=\"en\"/>",
  };
  for (const std::string& d : docs) ExpectAsExpat(d);
}

TEST(XmlTokenizer, RefusesWhatExpatRefuses) {
  const std::vector<std::string> docs = {
      "",
      "   ",
      "<feed>",
      "<feed></fed>",
      "<a><b></a></b>",
      "<p:a/>",
      "<a x=\"1\" x=\"2\"/>",
      "<a/>text",
      "<a/><b/>",
      "text<a/>",
      "<a>&undefined;</a>",
      "<a>& b</a>",
      "<a>&#0;</a>",
      "<a>&#xD800;</a>",
      "<a b=\"<\"/>",
      "<a b=c/>",
      "<a b=\"1\"c=\"2\"/>",
      "<a b/>",
      std::string("<a>\x01</a>"),
      "<a>\xC3</a>",
      "<a>\xC0\xAF</a>",
      "<a>\xED\xA0\x80</a>",
      "<a><!-- a -- b --></a>",
      "<a><?xml version=\"1.0\"?></a>",
      "<a><!ELEMENT a ANY></a>",
      "<a><![CDATA[x]]></a",
      "<a><![CDATA[x</a>",
      "<a><!-- x </a>",
      "<1a/>",
      "<a xmlns:p=\"\"/>",
      "<a xmlns:xmlns=\"u\"/>",
      "</a>",
      "<a></a></a>",
      "<a><?pi",
      "<a/>]]>",
  };
  for (const std::string& d : docs) ExpectAsExpat(d);
}

TEST(XmlTokenizer, RefusesDoctypeAndEncodingsItDoesNotRead) {
  for (const std::string& d : {std::string("<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>"),
                               std::string("<?xml version=\"1.0\"?>\n<!DOCTYPE a SYSTEM \"a.dtd\">"
                                           "<a/>")}) {
    const Outcome o = Ours(d, 5);
    EXPECT_FALSE(o.ok);
    EXPECT_NE(o.error.find("DOCTYPE refused"), std::string::npos) << o.error;
    EXPECT_TRUE(o.events.empty());
  }
  const Outcome latin = Ours("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>", 100);
  EXPECT_FALSE(latin.ok);
  EXPECT_NE(latin.error.find("encoding ISO-8859-1"), std::string::npos) << latin.error;
}

TEST(XmlTokenizer, ErrorsSayTheLine) {
  const Outcome o = Ours("<feed>\n<entry>\n</feed>", 4);
  EXPECT_FALSE(o.ok);
  EXPECT_TRUE(o.error.starts_with("line 3: not well-formed XML: </feed> closes <entry>"))
      << o.error;
  const Outcome e = Ours("<a>\n\n&nope;</a>", 1);
  EXPECT_TRUE(e.error.starts_with("line 3: ")) << e.error;
}

TEST(XmlTokenizer, BoundsTokensNamesAttributesAndDepth) {
  const Outcome big = Ours("<a b=\"" + std::string(XmlTokenizer::kMaxTokenBytes + 10, 'x') + "\"/>",
                           size_t{1} << 16);
  EXPECT_FALSE(big.ok);
  EXPECT_NE(big.error.find("longer than 1 MiB"), std::string::npos) << big.error;
  const Outcome comment =
      Ours("<a><!--" + std::string(XmlTokenizer::kMaxTokenBytes + 10, 'x') + "--></a>", 4096);
  EXPECT_NE(comment.error.find("longer than 1 MiB"), std::string::npos) << comment.error;
  const Outcome name = Ours("<" + std::string(2000, 'n') + "/>", 100);
  EXPECT_NE(name.error.find("name longer than 1024"), std::string::npos) << name.error;
  std::string many = "<a";
  for (size_t i = 0; i <= XmlTokenizer::kMaxAttributes; ++i)
    many += " a" + std::to_string(i) + "=''";
  const Outcome atts = Ours(many + "/>", 1000);
  EXPECT_NE(atts.error.find("more than 256 attributes"), std::string::npos) << atts.error;
  std::string deep;
  for (int i = 0; i <= XmlTokenizer::kMaxDepth; ++i) deep += "<a>";
  const Outcome d = Ours(deep, 1000);
  EXPECT_NE(d.error.find("deeper than 256"), std::string::npos) << d.error;
  // A long run of text is not a token: it goes out in pieces, whatever its length.
  const std::string text(3 * XmlTokenizer::kMaxTokenBytes, ' ');
  EXPECT_TRUE(Ours("<a>" + text + "&amp;</a>", 1 << 16).ok);
}

TEST(XmlTokenizer, ReadsTheRealPgeFeedAsExpatDoes) {
  // EVIDENCE-OF: issue 12 item 1: namespace prefixes (the PG&E sample's `espi:`/`ns0:`).
  for (const char* f : {"test/data/greenbutton/pge_real_2018-10-04_to_2018-11-10.xml"}) {
    const std::string xml = testing::ReadFile(std::string(GL_SOURCE_DIR) + "/" + f);
    ASSERT_FALSE(xml.empty()) << f;
    const Outcome want = Expat(xml);
    ASSERT_TRUE(want.ok) << want.error;
    for (const size_t piece : {size_t{4093}, xml.size()}) {
      const Outcome got = Ours(xml, piece);
      ASSERT_TRUE(got.ok) << got.error;
      EXPECT_EQ(got.events, want.events);
    }
  }
}

}  // namespace
}  // namespace gridline::ingest
