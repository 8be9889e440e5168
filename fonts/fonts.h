// Fonts: roles resolved through fontconfig, and shaping that returns plain glyph runs.
//
// This interface is the only door to Pango and HarfBuzz. Pango itemizes text (script runs and
// font fallback per character through fontconfig) and gives UAX #14 break opportunities; HarfBuzz
// shapes each item with the face Pango chose, at the face's units per em, and this module converts
// font units to points. Faces are loaded once per FontSystem and shared by every paragraph.
#ifndef PAIBAN_FONTS_FONTS_H_
#define PAIBAN_FONTS_FONTS_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "model/diagnostics.h"

namespace paiban::fonts {

enum class Role { kBody, kHeadline, kKai, kSans, kLatin };

// The source may name another family for a role (font-body="…"): FontSystem::FamilyRole gives
// a role value of its own for it, past the five above, that keeps its base role in its low bits.
constexpr int kRoleBits = 4;
inline Role BaseRole(Role role) {
  return static_cast<Role>(static_cast<int>(role) & ((1 << kRoleBits) - 1));
}

const char* RoleName(Role role);

struct FaceInfo {
  std::string file;
  int index = 0;
  std::string family;
  std::string style;
};

// A byte range of the text to shape and the font it asks for.
struct StyleSpan {
  size_t start = 0;  // byte offsets into the text
  size_t end = 0;
  Role role = Role::kBody;
  bool bold = false;
  double size_pt = 10.5;
  // Vertical text only: set these characters horizontally inside one column cell
  // (tate-chu-yoko), with the font's half-width forms (`hwid`) so that two digits fill one em.
  bool tate_chu_yoko = false;
};

// How the font's half-width form of a full-width mark (`halt`, or `vhal` in vertical text)
// differs from its full-width form, in ems along the line: the blank the mark can give up before
// its ink and after it.
struct HalfWidthBlank {
  double before_em = 0;
  double after_em = 0;
};

struct Glyph {
  uint32_t id = 0;
  uint32_t cluster = 0;  // byte offset of the cluster's first character in the shaped text
  // Advance and offset in points; y grows upwards as in HarfBuzz. For vertical runs the advance is
  // in y (negative: down the column) and the offsets place the glyph's horizontal origin.
  double x_advance_pt = 0;
  double y_advance_pt = 0;
  double x_offset_pt = 0;
  double y_offset_pt = 0;
};

struct ShapedRun {
  int face = 0;  // index into FontSystem::faces()
  double size_pt = 0;
  bool vertical = false;  // shaped top to bottom (upright CJK in a vertical column)
  bool sideways = false;  // shaped left to right for a vertical column, to be rotated 90°
  bool tate_chu_yoko = false;  // shaped left to right, set upright across a vertical column
  size_t start = 0;       // byte range of the text this run covers
  size_t end = 0;
  std::vector<Glyph> glyphs;  // in text order
  double ascent_pt = 0;       // of the face at size_pt
  double descent_pt = 0;      // positive, below the baseline
};

// One character of a text to compose, decoded from UTF-8 once (by DecodeText) with the Unicode
// properties that shaping, line breaking and composition read; FontSystem::FindBreaks adds the
// break opportunity before it. Shaping and breaking read these instead of decoding the text again.
struct TextChar {
  char32_t cp = 0;
  uint32_t byte = 0;    // offset of its first byte in the text
  uint32_t script = 0;  // its Unicode script as an ISO 15924 tag ('Hani', 'Latn' …); 0 for the
                        // Common, Inherited and Unknown scripts, which join their neighbours
  bool upright = false;    // stands upright in a vertical column (IsUprightInVertical)
  bool cjk_break = false;  // CJK for line breaking: the kinsoku level decides breaks around it
  // Set by FontSystem::FindBreaks: whether a line may break before this character (between two
  // CJK characters always; elsewhere as UAX #14 says). Paragraph text holds no line breaks, so
  // there are no mandatory ones.
  bool break_before = false;
  // Set by FindWordStarts: a word (or a punctuation mark, a space) begins with this character.
  bool word_start = false;
};

// A text decoded once: its UTF-8 bytes and its characters in order.
struct Text {
  std::string utf8;
  std::vector<TextChar> chars;
  // The index in `chars` of the character that starts at `byte` (or the first one after it);
  // chars.size() for the end of the text.
  size_t IndexOf(size_t byte) const;
  // The byte offset where character `k` starts; utf8.size() for k == chars.size().
  size_t ByteOf(size_t k) const;
};

// Sets TextChar::word_start on every character a word begins with, by ICU's word break iterator:
// Chinese and Japanese words from its dictionary (加快|建设|现代|化|产业|体系, インドネシア|で),
// other scripts by UAX #29. Headlines break only there. The one place ICU is used.
void FindWordStarts(Text& text);

// Decodes `utf8` (well-formed: the reader refuses anything else; a stray byte reads as U+FFFD)
// and classifies each character. Breaks are not found here: FindBreaks needs the font system.
Text DecodeText(std::string utf8);

class FontSystem {
 public:
  // Loads fontconfig's configuration and checks that every role resolves to an installed font;
  // a role that does not is an error diagnostic at `where` (the source element whose language
  // asked for the fonts) naming the role and what fontconfig was asked.
  static std::unique_ptr<FontSystem> Create(const std::string& language, Diagnostics& diagnostics,
                                            const SourceLoc& where = {});
  virtual ~FontSystem() = default;

  // Shapes `text` with the given spans (byte ranges), which must cover it without gaps and start
  // and end on character boundaries. Horizontal text is shaped left to right; with `vertical`,
  // CJK characters are shaped top to bottom with the font's vertical forms and everything else
  // left to right, marked sideways.
  virtual std::vector<ShapedRun> Shape(const Text& text, const std::vector<StyleSpan>& spans,
                                       bool vertical) = 0;

  // The blank that `cp` in `face` gives up in its half-width form; zero for characters the font
  // has no half-width form of. Cached per face, character and direction.
  virtual HalfWidthBlank HalfWidth(int face, char32_t cp, bool vertical) = 0;

  // Sets the break fields of every character of `text` (UAX #14 through Pango).
  virtual void FindBreaks(Text& text) = 0;

  // The faces used so far; ShapedRun::face indexes this list.
  virtual const std::vector<FaceInfo>& faces() const = 0;

  // The face each role resolves to, for `paiban fonts`.
  virtual FaceInfo Resolve(Role role, bool bold) = 0;

  // The fontconfig pattern asked for `role`.
  virtual std::string Request(Role role) const = 0;

  // Whether fontconfig has the family `family` installed (its best match has that very name).
  virtual bool HasFamily(const std::string& family) = 0;

  // The role `base` set in `family` instead of the language's family for it; `base` itself when
  // the family is not installed (check HasFamily first to report it).
  virtual Role FamilyRole(Role base, const std::string& family) = 0;
};

// Whether `cp` stands upright in a vertical column (Unicode Vertical_Orientation U or Tu), as
// opposed to being set sideways (R).
bool IsUprightInVertical(char32_t cp);

}  // namespace paiban::fonts

#endif  // PAIBAN_FONTS_FONTS_H_
