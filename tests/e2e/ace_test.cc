// DAISY Ace, the accessibility checker of the publishing industry, on the EPUB of every issue in
// issue-sources/ in both writing modes: no violation of any impact. tests/e2e/ace.sh installs Ace
// from npm into the build folder on first use (PAIBAN_BINARY_DIR/ace) and runs it with Debian's
// chromium; this test reads Ace's JSON report itself. When Ace cannot run (no node, npm or
// chromium, no network for the first install) the test fails and says why; nothing is skipped.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/text.h"
#include "tests/e2e/epub_cases.h"
#include "tests/support/run.h"

namespace paiban {
namespace {

namespace fs = std::filesystem;
using testing::IssueCase;
using testing::Quote;
using testing::RunCommand;

// ---------------------------------------------------------------------------------------------
// Just enough JSON (RFC 8259) to read Ace's report.

struct Json {
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };
  Kind kind = Kind::kNull;
  bool boolean = false;
  double number = 0;
  std::string string;
  std::vector<Json> array;
  std::vector<std::pair<std::string, Json>> object;

  // The member `key` of an object; a null value when there is none.
  const Json& operator[](std::string_view key) const {
    static const Json kNull;
    for (const auto& [name, value] : object) {
      if (name == key) return value;
    }
    return kNull;
  }
};

class JsonParser {
 public:
  explicit JsonParser(std::string_view text) : text_(text) {}

  // The document's value; `error` says what went wrong, if anything.
  Json Parse(std::string& error) {
    Json value = Value();
    Space();
    if (error_.empty() && at_ != text_.size()) Fail("text after the value");
    error = error_;
    return value;
  }

 private:
  void Fail(const std::string& what) {
    if (error_.empty()) error_ = what + " at byte " + std::to_string(at_);
    at_ = text_.size();
  }
  void Space() {
    while (at_ < text_.size() &&
           (text_[at_] == ' ' || text_[at_] == '\t' || text_[at_] == '\n' || text_[at_] == '\r')) {
      ++at_;
    }
  }
  bool Eat(char c) {
    Space();
    if (at_ < text_.size() && text_[at_] == c) {
      ++at_;
      return true;
    }
    return false;
  }
  bool Word(std::string_view word) {
    if (text_.substr(at_, word.size()) != word) return false;
    at_ += word.size();
    return true;
  }
  unsigned Hex4() {
    unsigned value = 0;
    for (int i = 0; i < 4; ++i, ++at_) {
      char c = at_ < text_.size() ? text_[at_] : '?';
      value <<= 4;
      if (c >= '0' && c <= '9') {
        value |= static_cast<unsigned>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        value |= static_cast<unsigned>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        value |= static_cast<unsigned>(c - 'A' + 10);
      } else {
        Fail("bad \\u escape");
        return 0;
      }
    }
    return value;
  }
  std::string String() {
    std::string out;
    if (!Eat('"')) {
      Fail("expected a string");
      return out;
    }
    while (at_ < text_.size() && text_[at_] != '"') {
      char c = text_[at_++];
      if (c != '\\') {
        out += c;
        continue;
      }
      char e = at_ < text_.size() ? text_[at_++] : '?';
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          unsigned cp = Hex4();
          if (cp >= 0xD800 && cp < 0xDC00 && Word("\\u")) {
            unsigned low = Hex4();
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          out += EncodeUtf8(static_cast<char32_t>(cp));
          break;
        }
        default:
          Fail("bad escape");
      }
    }
    if (!Eat('"')) Fail("unterminated string");
    return out;
  }
  Json Value() {
    Json v;
    Space();
    if (at_ >= text_.size()) {
      Fail("expected a value");
      return v;
    }
    char c = text_[at_];
    if (c == '{') {
      v.kind = Json::Kind::kObject;
      ++at_;
      if (Eat('}')) return v;
      do {
        std::string name = String();
        if (!Eat(':')) Fail("expected ':'");
        Json member = Value();
        v.object.emplace_back(std::move(name), std::move(member));
      } while (Eat(','));
      if (!Eat('}')) Fail("expected '}'");
    } else if (c == '[') {
      v.kind = Json::Kind::kArray;
      ++at_;
      if (Eat(']')) return v;
      do {
        v.array.push_back(Value());
      } while (Eat(','));
      if (!Eat(']')) Fail("expected ']'");
    } else if (c == '"') {
      v.kind = Json::Kind::kString;
      v.string = String();
    } else if (Word("true")) {
      v.kind = Json::Kind::kBool;
      v.boolean = true;
    } else if (Word("false")) {
      v.kind = Json::Kind::kBool;
    } else if (Word("null")) {
      v.kind = Json::Kind::kNull;
    } else {
      size_t end = at_;
      while (end < text_.size() &&
             std::string_view("+-0123456789.eE").find(text_[end]) != std::string_view::npos) {
        ++end;
      }
      if (end == at_) {
        Fail("unexpected character");
        return v;
      }
      v.kind = Json::Kind::kNumber;
      v.number = std::strtod(std::string(text_.substr(at_, end - at_)).c_str(), nullptr);
      at_ = end;
    }
    return v;
  }

  std::string_view text_;
  size_t at_ = 0;
  std::string error_;
};

TEST(JsonParserTest, ReadsWhatAceWrites) {
  std::string error;
  Json v = JsonParser(R"({"a": [1, -2.5e1, true, false, null], "b\"": "x\u00e9\ud83d\ude00\n",)"
                      R"( "c": {}})")
               .Parse(error);
  ASSERT_EQ(error, "");
  ASSERT_EQ(v["a"].array.size(), 5u);
  EXPECT_EQ(v["a"].array[1].number, -25);
  EXPECT_TRUE(v["a"].array[2].boolean);
  EXPECT_FALSE(v["a"].array[3].boolean);
  EXPECT_EQ(v["b\""].string, "x\u00e9\U0001F600\n");
  EXPECT_EQ(v["c"].kind, Json::Kind::kObject);
  EXPECT_EQ(v["missing"].kind, Json::Kind::kNull);
  JsonParser("[1,").Parse(error);
  EXPECT_NE(error, "");
}

// ---------------------------------------------------------------------------------------------
// Ace

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class AceTest : public ::testing::TestWithParam<IssueCase> {};

TEST_P(AceTest, ReportsNoViolation) {
  fs::path epub;
  ASSERT_NO_FATAL_FAILURE(testing::BuildEpub(GetParam(), "ace", epub));
  const fs::path report_dir = epub.parent_path() / "ace-report";
  testing::CommandResult ace =
      RunCommand("bash " + Quote(std::string(PAIBAN_SOURCE_DIR) + "/tests/e2e/ace.sh") +
                 " --prefix " + Quote(std::string(PAIBAN_BINARY_DIR) + "/ace") + " " +
                 Quote(epub.string()) + " " + Quote(report_dir.string()));
  ASSERT_NE(ace.status, 2) << "DAISY Ace could not run:\n" << ace.output;
  ASSERT_TRUE(ace.status == 0 || ace.status == 1) << "tests/e2e/ace.sh failed:\n" << ace.output;

  std::string error;
  const Json report = JsonParser(ReadFile(report_dir / "report.json")).Parse(error);
  ASSERT_EQ(error, "") << "Ace's report " << report_dir / "report.json"
                       << " is not JSON";
  ASSERT_EQ(report["earl:assertedBy"]["doap:name"].string, "DAISY Ace") << ace.output;
  // One assertion per document of the book, the package document among them; each holds the
  // failed checks of that document.
  const std::vector<Json>& documents = report["assertions"].array;
  ASSERT_FALSE(documents.empty()) << ace.output;
  std::string violations;
  int count = 0;
  for (const Json& document : documents) {
    for (const Json& assertion : document["assertions"].array) {
      if (assertion["earl:result"]["earl:outcome"].string != "fail") continue;
      ++count;
      violations += document["earl:testSubject"]["url"].string + ": " +
                    assertion["earl:test"]["earl:impact"].string + " " +
                    assertion["earl:test"]["dct:title"].string + ": " +
                    assertion["earl:result"]["dct:description"].string + "\n";
    }
  }
  EXPECT_EQ(count, 0) << "Ace's violations in " << epub << " (report in " << report_dir << "):\n"
                      << violations;
  EXPECT_EQ(report["earl:result"]["earl:outcome"].string, "pass") << violations;
  EXPECT_EQ(ace.status, 0) << ace.output;
  // The accessibility metadata Ace looks for is all there (certification aside).
  for (const char* property :
       {"schema:accessMode", "schema:accessibilityFeature", "schema:accessibilityHazard",
        "schema:accessibilitySummary", "schema:accessModeSufficient"}) {
    bool present = false;
    for (const Json& p : report["a11y-metadata"]["present"].array) present |= p.string == property;
    EXPECT_TRUE(present) << property;
  }
}

INSTANTIATE_TEST_SUITE_P(IssueSources, AceTest, ::testing::ValuesIn(testing::IssueCases()),
                         testing::IssueCaseName);

}  // namespace
}  // namespace paiban
