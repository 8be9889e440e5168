// The golden set of real headlines (tests/data/headlines.txt): each set by phrase at three
// measures in both writing modes must break where the file says, a desk's choice written down by
// hand; and over the whole set, no line starts inside a bracketed or quoted group that fits on one
// line, and two-line Chinese headlines without a mark to break at are balanced within 25 %.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "fonts/fonts.h"
#include "layout/text/composer.h"
#include "model/text.h"

namespace paiban::layout {
namespace {

struct Measure {
  double ems = 0;
  std::vector<std::string> lines;
  // In vertical text, where they differ: numbers are set sideways or across (tate-chu-yoko),
  // and so are not as wide as in horizontal text.
  std::vector<std::string> vertical_lines;
  int line_number = 0;
};

struct Headline {
  std::string language, kind, text;
  std::vector<Measure> measures;
  int line_number = 0;
};

std::vector<std::string> SplitLines(const std::string& s) {
  std::vector<std::string> out;
  size_t from = 0;
  while (true) {
    size_t bar = s.find(" / ", from);
    out.push_back(s.substr(from, bar == std::string::npos ? std::string::npos : bar - from));
    if (bar == std::string::npos) break;
    from = bar + 3;
  }
  return out;
}

std::vector<Headline> ReadSet() {
  std::ifstream in(std::string(PAIBAN_SOURCE_DIR) + "/tests/data/headlines.txt");
  std::vector<Headline> set;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line.substr(2));
    if (line.starts_with("H ")) {
      Headline h;
      words >> h.language >> h.kind;
      std::getline(words >> std::ws, h.text);
      h.line_number = number;
      set.push_back(std::move(h));
    } else if (line.starts_with("M ") && !set.empty()) {
      size_t colon = line.find(": ");
      Measure m;
      m.ems = std::stod(line.substr(2, colon - 2));
      m.lines = SplitLines(line.substr(colon + 2));
      m.line_number = number;
      set.back().measures.push_back(std::move(m));
    } else if (line.starts_with("V ") && !set.empty() && !set.back().measures.empty()) {
      set.back().measures.back().vertical_lines = SplitLines(line.substr(line.find(": ") + 2));
    } else {
      ADD_FAILURE() << "headlines.txt:" << number << ": cannot read '" << line << "'";
    }
  }
  return set;
}

class HeadlineSetTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    set_ = new std::vector<Headline>(ReadSet());
    fonts_ = new std::map<std::string, std::unique_ptr<fonts::FontSystem>>;
    for (const char* language : {"zh-Hans", "zh-Hant", "ja"}) {
      Diagnostics diagnostics;
      (*fonts_)[language] = fonts::FontSystem::Create(language, diagnostics);
      ASSERT_NE((*fonts_)[language], nullptr) << diagnostics.Format();
    }
  }
  static void TearDownTestSuite() {
    delete set_;
    delete fonts_;
  }

  // The lines of `h` set at `ems` ems of 20 pt type, as the page sets a headline: bold, centred.
  static std::vector<std::string> Set(const Headline& h, double ems, bool vertical) {
    ParagraphSpec spec;
    spec.text = h.text;
    const double size = 20;
    fonts::Role role = h.kind == "kicker" ? fonts::Role::kSans : fonts::Role::kHeadline;
    spec.spans.push_back({0, h.text.size(), role, h.kind != "subheadline", size});
    spec.measure_pt = ems * size;
    spec.align = Align::kCenter;
    spec.vertical = vertical;
    spec.phrase_breaks = true;
    std::vector<std::string> out;
    for (const ComposedLine& line : ComposeParagraph(spec, *fonts_->at(h.language))) {
      out.push_back(h.text.substr(line.start, line.end - line.start));
    }
    return out;
  }

  static std::string Joined(const std::vector<std::string>& lines) {
    std::string s;
    for (const std::string& l : lines) s += (s.empty() ? "" : " / ") + l;
    return s;
  }

  static std::vector<Headline>* set_;
  static std::map<std::string, std::unique_ptr<fonts::FontSystem>>* fonts_;
};

std::vector<Headline>* HeadlineSetTest::set_ = nullptr;
std::map<std::string, std::unique_ptr<fonts::FontSystem>>* HeadlineSetTest::fonts_ = nullptr;

TEST_F(HeadlineSetTest, TheSetIsLargeAndMixed) {
  std::map<std::string, int> languages, kinds;
  for (const Headline& h : *set_) {
    ++languages[h.language];
    ++kinds[h.kind];
    EXPECT_EQ(h.measures.size(), 3u) << "headlines.txt:" << h.line_number;
  }
  EXPECT_GE(set_->size(), 40u);
  EXPECT_GE(languages["zh-Hans"], 10);
  EXPECT_GE(languages["zh-Hant"], 10);
  EXPECT_GE(languages["ja"], 10);
  EXPECT_GE(kinds["kicker"], 1);
  EXPECT_GE(kinds["subheadline"], 1);
}

TEST_F(HeadlineSetTest, EachBreaksWhereTheDeskWould) {
  for (const Headline& h : *set_) {
    for (const Measure& m : h.measures) {
      for (bool vertical : {false, true}) {
        // (Compared as strings to print them readably.)
        const std::string got = Joined(Set(h, m.ems, vertical));
        const std::string want =
            Joined(vertical && !m.vertical_lines.empty() ? m.vertical_lines : m.lines);
        EXPECT_TRUE(got == want) << "headlines.txt:" << m.line_number << ": at " << m.ems
                                 << " em, " << (vertical ? "vertical" : "horizontal")
                                 << "\n  set: " << got << "\n  want: " << want;
      }
    }
  }
}

// The expected lines themselves keep the rules: no line starts inside a bracketed or quoted group
// that fits on one line, and each line fits the measure.
TEST_F(HeadlineSetTest, NoGroupThatFitsIsSplit) {
  const std::u32string opening = U"（【《“「『〔", closing = U"）】》”」』〕";
  for (const Headline& h : *set_) {
    for (const Measure& m : h.measures) {
      std::vector<std::string> lines = Set(h, m.ems, false);
      // Depth at each line start and the width of each group in characters.
      std::u32string text = DecodeUtf8(h.text);
      std::vector<size_t> starts;
      size_t at = 0;
      for (const std::string& l : lines) {
        starts.push_back(at);
        at += DecodeUtf8(l).size();
      }
      std::vector<size_t> open;
      for (size_t k = 0; k < text.size(); ++k) {
        if (opening.find(text[k]) != std::u32string::npos) open.push_back(k);
        if (closing.find(text[k]) != std::u32string::npos && !open.empty()) {
          size_t from = open.back();
          open.pop_back();
          if (static_cast<double>(k + 1 - from) > m.ems) continue;  // wider than the measure
          for (size_t s : starts) {
            EXPECT_FALSE(s > from && s <= k)
                << "headlines.txt:" << m.line_number << ": a group split: " << Joined(lines);
          }
        }
      }
    }
  }
}

TEST_F(HeadlineSetTest, TwoLinesWithoutAMarkAreBalanced) {
  const std::u32string marks = U"，、；：。！？（）【】《》“”「」『』 　";
  int checked = 0;
  for (const Headline& h : *set_) {
    // Short headlines are balanced as their words allow (政府 / 工作报告); Japanese ones break
    // between phrases first (個人情報の / 保護に関する法律, not 個人情報の保護 / に関する法律).
    const std::u32string text = DecodeUtf8(h.text);
    if (text.find_first_of(marks) != std::u32string::npos || text.size() < 8 ||
        h.language == "ja") {
      continue;
    }
    for (const Measure& m : h.measures) {
      std::vector<std::string> lines = Set(h, m.ems, false);
      if (lines.size() != 2) continue;
      double a = static_cast<double>(DecodeUtf8(lines[0]).size());
      double b = static_cast<double>(DecodeUtf8(lines[1]).size());
      EXPECT_LE(std::max(a, b) / std::min(a, b), 1.25)
          << "headlines.txt:" << m.line_number << ": " << Joined(lines);
      ++checked;
    }
  }
  EXPECT_GE(checked, 5);
}

}  // namespace
}  // namespace paiban::layout
