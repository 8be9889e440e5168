// The EPUB's vertical setting as a browser engine lays it out: Debian's headless Chromium opens the
// first article of an issue built with `--writing-mode vertical` and measures it from the DOM;
// the horizontal build of the same issue must measure the other way round, so every check below
// would fail on a stylesheet that lost its writing mode. A wrapper page next to the article loads
// it in a 1000×800 iframe (same origin through file://, hence --allow-file-access-from-files),
// writes what it measured into a hidden <pre>, and `--dump-dom` hands that back. The wrapper is
// also screenshotted (the article itself would be shot from its left edge, the end of a
// vertical-rl page) and the PNG is kept in the build folder for a look. A missing chromium fails
// the test and says so; nothing is skipped.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>

#include "tests/e2e/epub_cases.h"
#include "tests/support/run.h"

namespace paiban {
namespace {

namespace fs = std::filesystem;
using testing::IssueCase;
using testing::Quote;
using testing::RunCommand;

// The viewport of the iframe and the screenshot, in CSS px.
constexpr int kViewportWidthPx = 1000;
constexpr int kViewportHeightPx = 800;
// Slack for comparing positions: Chromium lays out in 1/64 px and rounds to 0.01 here.
constexpr double kSlackPx = 0.5;
// A blank 1000×800 page shoots to about 4 KB; a page of text to 100 KB and more.
constexpr std::uintmax_t kMinScreenshotBytes = 40 * 1024;

// Loads article-001.xhtml (same folder) in an iframe of the viewport's size and writes one line
// per measurement into #measurements: a name, then a value or a rect as "x y width height" in
// the iframe's viewport. The <pre> is hidden so the screenshot shows the article alone.
constexpr char kWrapperHtml[] = R"html(<!DOCTYPE html>
<html><head><meta charset="utf-8"/><title>paiban chromium_test</title>
<style>html, body { margin: 0; } iframe { display: block; border: 0; width: 1000px; height: 800px; }</style>
</head><body>
<pre id="measurements" hidden="">not measured</pre>
<iframe src="article-001.xhtml" onload="Measure(this)"></iframe>
<script>
function Measure(frame) {
  const lines = [];
  const Put = (name, ...values) => lines.push(name + ' ' + values.join(' '));
  const PutRect = (name, r) => Put(name, ...[r.left, r.top, r.width, r.height].map(v => v.toFixed(2)));
  try {
    const doc = frame.contentDocument;
    const win = doc.defaultView;
    const body = doc.body;
    Put('title', doc.title.length);
    Put('writing_mode', win.getComputedStyle(body).writingMode);
    Put('text_orientation', win.getComputedStyle(body).textOrientation);
    const root = doc.scrollingElement;
    Put('scroll_width', root.scrollWidth);
    Put('client_width', root.clientWidth);
    Put('scroll_height', root.scrollHeight);
    Put('client_height', root.clientHeight);
    const ps = Array.from(body.querySelectorAll('article > p'));
    Put('paragraphs', ps.length);
    if (ps.length > 0) PutRect('p0', ps[0].getBoundingClientRect());
    if (ps.length > 1) PutRect('p1', ps[1].getBoundingClientRect());
    const Texts = p => {
      const texts = [];
      const walker = doc.createTreeWalker(p, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) texts.push(n);
      return texts;
    };
    const range = doc.createRange();
    // The first two characters of the first paragraph: where the second stands from the first
    // is the inline direction.
    const first = ps.length > 0 ? Texts(ps[0]).find(t => t.data.trim().length >= 2) : undefined;
    if (first) {
      const at = first.data.length - first.data.trimStart().length;
      range.setStart(first, at);
      range.setEnd(first, at + 1);
      PutRect('glyph0', range.getBoundingClientRect());
      range.setStart(first, at + 1);
      range.setEnd(first, at + 2);
      PutRect('glyph1', range.getBoundingClientRect());
    }
    // Line boxes: a text node gives one client rect per line it is set on. The second and third
    // of the first text node set on three lines or more are whole lines.
    for (const p of ps) {
      const rects = Texts(p).map(t => { range.selectNodeContents(t); return range.getClientRects(); })
                            .find(r => r.length >= 3);
      if (!rects) continue;
      Put('text_lines', rects.length);
      PutRect('line_a', rects[1]);
      PutRect('line_b', rects[2]);
      break;
    }
    // Tate-chu-yoko: digit groups set upright in one em.
    const tcys = Array.from(body.querySelectorAll('.tcy'));
    Put('tcy_count', tcys.length);
    Put('tcy_combined', tcys.filter(t => win.getComputedStyle(t).textCombineUpright === 'all').length);
    if (tcys.length > 0) {
      PutRect('tcy0', tcys[0].getBoundingClientRect());
      Put('tcy0_em', parseFloat(win.getComputedStyle(tcys[0]).fontSize));
    }
    Put('done', 1);
  } catch (e) {
    Put('error', String(e).replace(/\s+/g, ' '));
  }
  document.getElementById('measurements').textContent = lines.join('\n');
}
</script>
</body></html>
)html";

struct Rect {
  double x = 0, y = 0, width = 0, height = 0;
  double Right() const { return x + width; }
  double Bottom() const { return y + height; }
};

std::ostream& operator<<(std::ostream& os, const Rect& r) {
  return os << "{x " << r.x << ", y " << r.y << ", " << r.width << "×" << r.height << "}";
}

// What the wrapper wrote: a name, then its values.
class Measurements {
 public:
  // Reads the text of <pre id="measurements"> out of Chromium's --dump-dom.
  static Measurements FromDom(const std::string& dom) {
    Measurements m;
    size_t start = dom.find("<pre id=\"measurements\"");
    if (start == std::string::npos) return m;
    start = dom.find('>', start);
    size_t end = dom.find("</pre>", start);
    if (start == std::string::npos || end == std::string::npos) return m;
    std::istringstream text(Unescape(dom.substr(start + 1, end - start - 1)));
    for (std::string line; std::getline(text, line);) {
      std::istringstream words(line);
      std::string name;
      words >> name;
      std::string rest;
      std::getline(words >> std::ws, rest);
      m.values_[name] = rest;
    }
    return m;
  }

  bool Has(const std::string& name) const { return values_.count(name) > 0; }
  std::string Text(const std::string& name) const {
    auto it = values_.find(name);
    return it == values_.end() ? "" : it->second;
  }
  double Number(const std::string& name) const {
    return Has(name) ? std::strtod(Text(name).c_str(), nullptr) : NAN;
  }
  Rect RectOf(const std::string& name) const {
    Rect r;
    std::istringstream(Text(name)) >> r.x >> r.y >> r.width >> r.height;
    return r;
  }
  std::string All() const {
    std::string out;
    for (const auto& [name, value] : values_) out += "  " + name + " " + value + "\n";
    return out;
  }

 private:
  static std::string Unescape(const std::string& s) {
    static const std::pair<std::string_view, char> kEntities[] = {
        {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}};
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
      char c = s[i];
      for (const auto& [entity, replacement] : kEntities) {
        if (s.compare(i, entity.size(), entity) == 0) {
          c = replacement;
          i += entity.size() - 1;
          break;
        }
      }
      out += c;
    }
    return out;
  }

  std::map<std::string, std::string> values_;
};

// The start of Chromium's command line: headless, offline, and a profile of the test's own (the
// default one under $HOME may be missing or shared with a parallel case).
std::string Chromium(const fs::path& profile) {
  return "timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-background-networking"
         " --disable-extensions --no-first-run --mute-audio --hide-scrollbars"
         " --allow-file-access-from-files --virtual-time-budget=5000 --user-data-dir=" +
         Quote(profile.string()) + " --window-size=" + std::to_string(kViewportWidthPx) + "," +
         std::to_string(kViewportHeightPx);
}

// The 32-bit big-endian number at `at` in `bytes`.
uint32_t BigEndian32(const std::string& bytes, size_t at) {
  uint32_t value = 0;
  for (size_t i = 0; i < 4; ++i) value = value << 8 | static_cast<unsigned char>(bytes[at + i]);
  return value;
}

struct ChromiumCase {
  IssueCase issue;
  // Whether the first article has a paragraph set on three lines or more at the viewport's size
  // (a poem's verse lines are one line each).
  bool multi_line_paragraph;
  // Whether the vertical article has digit groups set tate-chu-yoko (paiban marks them only in
  // vertical EPUBs).
  bool tcy;
};

void PrintTo(const ChromiumCase& c, std::ostream* os) { PrintTo(c.issue, os); }

std::string ChromiumCaseName(const ::testing::TestParamInfo<ChromiumCase>& info) {
  return testing::IssueCaseName(::testing::TestParamInfo<IssueCase>(info.param.issue, info.index));
}

class ChromiumTest : public ::testing::TestWithParam<ChromiumCase> {};

TEST_P(ChromiumTest, LaysOutTheArticleInItsWritingMode) {
  ASSERT_EQ(RunCommand("command -v chromium").status, 0)
      << "chromium is not installed, so the EPUB cannot be laid out by a browser engine "
         "(apt-get install -y chromium)";
  ASSERT_EQ(RunCommand("command -v unzip").status, 0)
      << "unzip is not installed, so the EPUB cannot be opened (apt-get install -y unzip)";
  const ChromiumCase& c = GetParam();
  const bool vertical = c.issue.mode == "vertical";

  fs::path epub;
  ASSERT_NO_FATAL_FAILURE(testing::BuildEpub(c.issue, "chromium", epub));
  const fs::path out = epub.parent_path();
  const fs::path book = out / "unzipped";
  testing::CommandResult unzip =
      RunCommand("unzip -q -o " + Quote(epub.string()) + " -d " + Quote(book.string()));
  ASSERT_EQ(unzip.status, 0) << unzip.output;
  const fs::path article = book / "EPUB" / "article-001.xhtml";
  ASSERT_TRUE(fs::exists(article)) << article;
  ASSERT_TRUE(fs::exists(book / "EPUB" / "style.css"));
  const fs::path wrapper = book / "EPUB" / "chromium-test.html";
  std::ofstream(wrapper) << kWrapperHtml;
  const std::string url = Quote("file://" + wrapper.string());
  const fs::path profile = out / "chromium-profile";
  // Chromium talks a lot on standard error (D-Bus, GPU); it is kept apart for failure messages.
  const fs::path errors = out / "chromium-stderr.txt";
  auto errors_text = [&] { return RunCommand("tail -c 3000 " + Quote(errors.string())).output; };

  // 1. The DOM's measurements.
  testing::CommandResult dom = RunCommand("{ " + Chromium(profile) + " --dump-dom " + url + " 2>" +
                                          Quote(errors.string()) + "; }");
  ASSERT_EQ(dom.status, 0) << "chromium --dump-dom failed (124: timed out):\n" << errors_text();
  const Measurements m = Measurements::FromDom(dom.output);
  ASSERT_TRUE(m.Has("done")) << "the wrapper page measured nothing; error: " << m.Text("error")
                             << "\nDOM:\n"
                             << dom.output.substr(0, 3000);
  SCOPED_TRACE("measurements of " + article.string() + ":\n" + m.All());
  ASSERT_GT(m.Number("title"), 0) << "the iframe did not load the article";
  ASSERT_GE(m.Number("paragraphs"), 2);

  // The stylesheet applies, and CJK stands upright in vertical lines (text-orientation mixed or
  // upright; sideways would lay every character on its side).
  EXPECT_EQ(m.Text("writing_mode"), vertical ? "vertical-rl" : "horizontal-tb");
  if (vertical) {
    EXPECT_TRUE(m.Text("text_orientation") == "mixed" || m.Text("text_orientation") == "upright")
        << m.Text("text_orientation");
  }

  // A paragraph is a column as tall as the page and lines add to its width; horizontally a row
  // as wide as the page.
  const Rect p0 = m.RectOf("p0");
  const Rect p1 = m.RectOf("p1");
  if (vertical) {
    EXPECT_GT(p0.height, p0.width) << "p0 " << p0;
  } else {
    EXPECT_GT(p0.width, p0.height) << "p0 " << p0;
  }

  // Characters advance down a line (right to left across the page: vertical-rl), paragraphs
  // follow leftwards; horizontally rightwards and downwards.
  ASSERT_TRUE(m.Has("glyph0") && m.Has("glyph1"));
  const Rect glyph0 = m.RectOf("glyph0");
  const Rect glyph1 = m.RectOf("glyph1");
  if (vertical) {
    EXPECT_GE(glyph1.y, glyph0.Bottom() - kSlackPx) << glyph0 << " then " << glyph1;
    EXPECT_NEAR(glyph1.x, glyph0.x, kSlackPx) << glyph0 << " then " << glyph1;
    EXPECT_LE(p1.Right(), p0.x + kSlackPx) << "p0 " << p0 << ", p1 " << p1;
  } else {
    EXPECT_GE(glyph1.x, glyph0.Right() - kSlackPx) << glyph0 << " then " << glyph1;
    EXPECT_NEAR(glyph1.y, glyph0.y, kSlackPx) << glyph0 << " then " << glyph1;
    EXPECT_GE(p1.y, p0.Bottom() - kSlackPx) << "p0 " << p0 << ", p1 " << p1;
  }

  // Within a paragraph too, the next line stands left of the last, and a line is taller than
  // wide.
  if (c.multi_line_paragraph) {
    ASSERT_TRUE(m.Has("line_a")) << "no paragraph of the article is set on three lines";
    const Rect line_a = m.RectOf("line_a");
    const Rect line_b = m.RectOf("line_b");
    if (vertical) {
      EXPECT_GT(line_a.height, line_a.width) << line_a;
      EXPECT_LE(line_b.Right(), line_a.x + kSlackPx) << line_a << " then " << line_b;
    } else {
      EXPECT_GT(line_a.width, line_a.height) << line_a;
      EXPECT_GE(line_b.y, line_a.Bottom() - kSlackPx) << line_a << " then " << line_b;
    }
  }

  // The page overflows towards the end of the block direction: leftwards, or downwards.
  if (vertical) {
    EXPECT_GT(m.Number("scroll_width"), m.Number("client_width"));
    EXPECT_LE(m.Number("scroll_height"), m.Number("client_height"));
  } else {
    EXPECT_LE(m.Number("scroll_width"), m.Number("client_width"));
    EXPECT_GT(m.Number("scroll_height"), m.Number("client_height"));
  }

  // Digit groups are combined upright, into one em of the line (set sideways, "12" would take
  // about 1.1 em); horizontal text has none.
  if (vertical && c.tcy) {
    EXPECT_GT(m.Number("tcy_count"), 0);
    EXPECT_EQ(m.Number("tcy_combined"), m.Number("tcy_count"));
    const Rect tcy0 = m.RectOf("tcy0");
    EXPECT_NEAR(tcy0.height, m.Number("tcy0_em"), kSlackPx) << tcy0;
  } else {
    EXPECT_EQ(m.Number("tcy_count"), 0);
  }

  // 2. The screenshot, kept for a look.
  const fs::path png = out / ("article-001-" + c.issue.mode + ".png");
  fs::remove(png);
  testing::CommandResult shot =
      RunCommand("{ " + Chromium(profile) + " --screenshot=" + Quote(png.string()) + " " + url +
                 " >/dev/null 2>" + Quote(errors.string()) + "; }");
  ASSERT_EQ(shot.status, 0) << "chromium --screenshot failed (124: timed out):\n" << errors_text();
  ASSERT_TRUE(fs::exists(png)) << "chromium wrote no screenshot:\n" << errors_text();
  RecordProperty("screenshot", png.string());
  std::ifstream in(png, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_GE(bytes.size(), 24u) << png;
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8)) << png << " is no PNG";
  EXPECT_EQ(bytes.substr(12, 4), "IHDR") << png;
  EXPECT_EQ(BigEndian32(bytes, 16), static_cast<uint32_t>(kViewportWidthPx)) << png;
  EXPECT_EQ(BigEndian32(bytes, 20), static_cast<uint32_t>(kViewportHeightPx)) << png;
  EXPECT_GE(bytes.size(), kMinScreenshotBytes) << png << " looks blank";
}

INSTANTIATE_TEST_SUITE_P(
    IssueSources, ChromiumTest,
    ::testing::Values(ChromiumCase{{"fukan-tang300", "vertical"}, false, false},
                      ChromiumCase{{"fukan-tang300", "horizontal"}, false, false},
                      ChromiumCase{{"cena-2020-12-30", "vertical"}, true, true},
                      ChromiumCase{{"cena-2020-12-30", "horizontal"}, true, true}),
    ChromiumCaseName);

}  // namespace
}  // namespace paiban
