// Test support: a font system of fixed advances, so that a test can say where a line or a glyph
// goes in ems and does not change when a distribution ships a new Noto version. Every character
// that stands upright in vertical text (Han, kana, full-width punctuation) is one em wide, every
// other one half an em; one glyph per character, its id the code point. A line may break before
// any upright character and after a space; full-width pause and stop marks and brackets have half
// an em of blank on their open side, as Noto CJK's `halt`/`vhal` forms do.
#ifndef PAIBAN_TESTS_SUPPORT_FAKE_FONTS_H_
#define PAIBAN_TESTS_SUPPORT_FAKE_FONTS_H_

#include <string>
#include <string_view>
#include <vector>

#include "fonts/fonts.h"

namespace paiban::testing {

class FakeFonts final : public fonts::FontSystem {
 public:
  FakeFonts() : faces_{{"fake.otf", 0, "Fake Serif", "Regular"}} {}

  std::vector<fonts::ShapedRun> Shape(const fonts::Text& text,
                                      const std::vector<fonts::StyleSpan>& spans,
                                      bool vertical) override {
    std::vector<fonts::ShapedRun> runs;
    for (const fonts::StyleSpan& span : spans) {
      for (size_t k = text.IndexOf(span.start), last = text.IndexOf(span.end); k < last; ++k) {
        const fonts::TextChar& c = text.chars[k];
        const size_t i = c.byte;
        // Runs split where the kind of character changes (upright or not, in vertical text).
        const bool upright = vertical && !span.tate_chu_yoko && c.upright;
        if (runs.empty() || runs.back().end != i || runs.back().size_pt != span.size_pt ||
            runs.back().tate_chu_yoko != span.tate_chu_yoko || runs.back().vertical != upright ||
            span.start == i) {
          fonts::ShapedRun run;
          run.face = 0;
          run.size_pt = span.size_pt;
          run.vertical = upright;
          run.sideways = vertical && !upright && !span.tate_chu_yoko;
          run.tate_chu_yoko = vertical && span.tate_chu_yoko;
          run.start = run.end = i;
          run.ascent_pt = 0.88 * span.size_pt;
          run.descent_pt = 0.12 * span.size_pt;
          runs.push_back(run);
        }
        fonts::ShapedRun& run = runs.back();
        const double advance = (c.upright ? 1.0 : 0.5) * span.size_pt;
        fonts::Glyph g;
        g.id = static_cast<uint32_t>(c.cp);
        g.cluster = static_cast<uint32_t>(i);
        if (run.vertical) {
          g.y_advance_pt = -advance;
        } else {
          g.x_advance_pt = run.tate_chu_yoko ? 0.5 * span.size_pt : advance;
        }
        run.glyphs.push_back(g);
        run.end = text.ByteOf(k + 1);
      }
    }
    return runs;
  }

  fonts::HalfWidthBlank HalfWidth(int, char32_t cp, bool) override {
    const std::u32string after = U"、，。．；：！？」』）】》〉”’";
    const std::u32string before = U"「『（【《〈“‘";
    if (after.find(cp) != std::u32string::npos) return {0, 0.5};
    if (before.find(cp) != std::u32string::npos) return {0.5, 0};
    return {};
  }

  void FindBreaks(fonts::Text& text) override {
    for (size_t k = 1; k < text.chars.size(); ++k) {
      const fonts::TextChar& previous = text.chars[k - 1];
      text.chars[k].break_before =
          text.chars[k].upright || previous.upright || previous.cp == ' ';
    }
  }

  const std::vector<fonts::FaceInfo>& faces() const override { return faces_; }
  fonts::FaceInfo Resolve(fonts::Role, bool) override { return faces_.front(); }
  std::string Request(fonts::Role role) const override {
    return std::string("fake ") + fonts::RoleName(role);
  }
  bool HasFamily(const std::string&) override { return true; }
  fonts::Role FamilyRole(fonts::Role base, const std::string&) override { return base; }

 private:
  std::vector<fonts::FaceInfo> faces_;
};

}  // namespace paiban::testing

#endif  // PAIBAN_TESTS_SUPPORT_FAKE_FONTS_H_
