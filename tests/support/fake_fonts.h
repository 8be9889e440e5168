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
#include "model/text.h"

namespace paiban::testing {

class FakeFonts final : public fonts::FontSystem {
 public:
  FakeFonts() : faces_{{"fake.otf", 0, "Fake Serif", "Regular"}} {}

  static bool Wide(char32_t cp) { return fonts::IsUprightInVertical(cp); }

  std::vector<fonts::ShapedRun> Shape(std::string_view text,
                                      const std::vector<fonts::StyleSpan>& spans,
                                      bool vertical) override {
    std::vector<fonts::ShapedRun> runs;
    for (const fonts::StyleSpan& span : spans) {
      for (size_t i = span.start; i < span.end;) {
        size_t len = 0;
        char32_t cp = DecodeUtf8At(text, i, len);
        // Runs split where the kind of character changes (upright or not, in vertical text).
        const bool upright = vertical && !span.tate_chu_yoko && Wide(cp);
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
        const double advance = (Wide(cp) ? 1.0 : 0.5) * span.size_pt;
        fonts::Glyph g;
        g.id = static_cast<uint32_t>(cp);
        g.cluster = static_cast<uint32_t>(i);
        if (run.vertical) {
          g.y_advance_pt = -advance;
        } else {
          g.x_advance_pt = run.tate_chu_yoko ? 0.5 * span.size_pt : advance;
        }
        run.glyphs.push_back(g);
        i += len;
        run.end = i;
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

  std::vector<fonts::BreakInfo> Breaks(std::string_view text) override {
    std::vector<fonts::BreakInfo> out;
    char32_t previous = 0;
    for (size_t i = 0; i < text.size();) {
      size_t len = 0;
      char32_t cp = DecodeUtf8At(text, i, len);
      fonts::BreakInfo b;
      b.is_white = cp == ' ';
      b.allowed_before = !out.empty() && (Wide(cp) || Wide(previous) || previous == ' ');
      out.push_back(b);
      previous = cp;
      i += len;
    }
    return out;
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
