// Pango + HarfBuzz behind the FontSystem interface.
//
// Pango is used for what it does well and we would otherwise re-implement: itemizing by script,
// font fallback through fontconfig, and UAX #14 break opportunities. Shaping goes straight to
// HarfBuzz with our own hb_font per face at units-per-em scale: that keeps advances exact (no
// Pango rounding, no hinting) and lets vertical runs use HarfBuzz's top-to-bottom shaping, which
// applies the font's `vert`/`vrt2` forms and vertical metrics.
#include "fonts/fonts.h"

#include <fontconfig/fontconfig.h>
#include <hb-ot.h>
#include <hb.h>
#include <pango/pangofc-font.h>
#include <pango/pangoft2.h>

#include <algorithm>
#include <cassert>
#include <map>
#include <optional>
#include <unordered_map>
#include <tuple>

#include "model/text.h"

namespace paiban::fonts {

const char* RoleName(Role role) {
  switch (BaseRole(role)) {
    case Role::kBody:
      return "body";
    case Role::kHeadline:
      return "headline";
    case Role::kKai:
      return "kai";
    case Role::kSans:
      return "sans";
    case Role::kLatin:
      return "latin";
  }
  return "?";
}

bool IsUprightInVertical(char32_t cp) {
  if (cp < 0x00A7) return false;
  if (cp == 0x00A7 || cp == 0x00A9 || cp == 0x00AE || cp == 0x00B1 || cp == 0x00BC ||
      cp == 0x00BD || cp == 0x00BE || cp == 0x00D7 || cp == 0x00F7) {
    return true;
  }
  if (cp == 0x2016 || cp == 0x2020 || cp == 0x2021 || cp == 0x2030 || cp == 0x2031 ||
      cp == 0x203B || cp == 0x203C || cp == 0x2042 || (cp >= 0x2047 && cp <= 0x2049) ||
      cp == 0x2051) {
    return true;
  }
  return (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x2100 && cp <= 0x214F) ||
         (cp >= 0x2460 && cp <= 0x24FF) || (cp >= 0x25A0 && cp <= 0x27BF) ||
         (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xA960 && cp <= 0xA97F) ||
         (cp >= 0xAC00 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFAFF) ||
         (cp >= 0xFE10 && cp <= 0xFE1F) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
         (cp >= 0xFF01 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE7) ||
         (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

namespace {

// Between two CJK characters a line may always break as far as UAX #14 is concerned once
// quotation marks, dashes and ellipses are taken as CJK (clreq §3.1.4); which of those breaks
// are prohibited is the kinsoku level's business, decided in layout.
bool IsCjkForBreaking(char32_t cp) {
  return IsUprightInVertical(cp) || (cp >= 0x2018 && cp <= 0x201D) || cp == 0x2014 ||
         cp == 0x2026 || cp == 0x2E3A || cp == 0x22EF;
}

}  // namespace

Text DecodeText(std::string utf8) {
  Text text;
  text.utf8 = std::move(utf8);
  std::string_view bytes = text.utf8;
  text.chars.reserve(bytes.size() / 2 + 1);
  hb_unicode_funcs_t* unicode = hb_unicode_funcs_get_default();
  for (size_t i = 0, len = 0; i < bytes.size(); i += len) {
    TextChar c;
    c.cp = DecodeUtf8At(bytes, i, len);
    c.byte = static_cast<uint32_t>(i);
    hb_script_t script = hb_unicode_script(unicode, c.cp);
    if (script != HB_SCRIPT_COMMON && script != HB_SCRIPT_INHERITED &&
        script != HB_SCRIPT_UNKNOWN) {
      c.script = static_cast<uint32_t>(script);
    }
    c.upright = IsUprightInVertical(c.cp);
    c.cjk_break = IsCjkForBreaking(c.cp);
    text.chars.push_back(c);
  }
  return text;
}

size_t Text::ByteOf(size_t k) const { return k < chars.size() ? chars[k].byte : utf8.size(); }

size_t Text::IndexOf(size_t byte) const {
  return static_cast<size_t>(
      std::lower_bound(chars.begin(), chars.end(), byte,
                       [](const TextChar& c, size_t b) { return c.byte < b; }) -
      chars.begin());
}

namespace {

// The families each role asks fontconfig for, per language. The first family that fontconfig
// really has wins; if none is installed, the role is an error, not a silent substitute.
std::vector<std::string> RoleFamilies(Role role, const std::string& language) {
  std::string suffix = language == "zh-Hant" ? "TC" : language == "ja" ? "JP" : "SC";
  switch (role) {
    case Role::kBody:
      return {"Noto Serif CJK " + suffix};
    case Role::kHeadline:
    case Role::kSans:
      return {"Noto Sans CJK " + suffix};
    case Role::kKai:
      // A kai face where one is installed; the serif face otherwise (issue sources can name one).
      return {language == "zh-Hant" ? "AR PL UKai TW" : "AR PL UKai CN", "Noto Serif CJK " + suffix};
    case Role::kLatin:
      return {"Noto Serif CJK " + suffix};
  }
  return {};
}

const char* PangoLanguageFor(const std::string& language) {
  if (language == "zh-Hant") return "zh-tw";
  if (language == "ja") return "ja";
  return "zh-cn";
}

struct Face {
  FaceInfo info;
  hb_face_t* hb_face = nullptr;
  hb_font_t* hb_font = nullptr;
  unsigned upem = 1000;
  int32_t ascender = 0;  // font units
  int32_t descender = 0;
};

template <typename T, void (*F)(T*)>
struct Deleter {
  void operator()(T* p) const {
    if (p) F(p);
  }
};

class PangoFontSystem final : public FontSystem {
 public:
  PangoFontSystem(const std::string& language) : language_(language) {
    font_map_ = pango_ft2_font_map_new();
    pango_ft2_font_map_set_resolution(PANGO_FT2_FONT_MAP(font_map_), 72, 72);
    context_ = pango_font_map_create_context(font_map_);
    pango_context_set_language(context_, pango_language_from_string(PangoLanguageFor(language)));
    pango_context_set_round_glyph_positions(context_, FALSE);
    hb_language_ = hb_language_from_string(PangoLanguageFor(language), -1);
  }

  ~PangoFontSystem() override {
    for (Face& face : face_store_) {
      hb_font_destroy(face.hb_font);
      hb_face_destroy(face.hb_face);
    }
    hb_buffer_destroy(buffer_);
    for (auto& [key, fontset] : fontsets_) {
      if (fontset) g_object_unref(fontset);
    }
    for (auto& [font, index] : face_by_font_) g_object_unref(font);
    g_object_unref(context_);
    g_object_unref(font_map_);
  }

  bool CheckRoles(Diagnostics& diagnostics, const SourceLoc& where) {
    bool ok = true;
    for (Role role : {Role::kBody, Role::kHeadline, Role::kKai, Role::kSans, Role::kLatin}) {
      std::string family = FamilyFor(role);
      if (family.empty()) {
        std::string asked;
        for (const std::string& f : Families(role)) {
          asked += (asked.empty() ? "'" : ", '") + f + "'";
        }
        diagnostics.Error(where, std::string("no installed font for the ") + RoleName(role) +
                                           " role: fontconfig was asked for " + asked +
                                           " (Debian: apt-get install fonts-noto-cjk)");
        ok = false;
      }
    }
    return ok;
  }

  std::vector<ShapedRun> Shape(const Text& text, const std::vector<StyleSpan>& spans,
                               bool vertical) override;
  void FindBreaks(Text& text) override;
  HalfWidthBlank HalfWidth(int face, char32_t cp, bool vertical) override;
  const std::vector<FaceInfo>& faces() const override { return face_infos_; }
  FaceInfo Resolve(Role role, bool bold) override;
  std::string Request(Role role) const override {
    std::string out;
    for (const std::string& f : Families(role)) out += (out.empty() ? "" : ",") + f;
    return out;
  }

  bool HasFamily(const std::string& family) override {
    auto it = installed_.find(family);
    if (it != installed_.end()) return it->second;
    FcPattern* pattern = FcPatternCreate();
    FcPatternAddString(pattern, FC_FAMILY, reinterpret_cast<const FcChar8*>(family.c_str()));
    FcConfigSubstitute(nullptr, pattern, FcMatchPattern);
    FcDefaultSubstitute(pattern);
    FcResult result;
    FcPattern* match = FcFontMatch(nullptr, pattern, &result);
    FcChar8* got = nullptr;
    bool found = match && FcPatternGetString(match, FC_FAMILY, 0, &got) == FcResultMatch &&
                 family == reinterpret_cast<const char*>(got);
    if (match) FcPatternDestroy(match);
    FcPatternDestroy(pattern);
    installed_[family] = found;
    return found;
  }

  Role FamilyRole(Role base, const std::string& family) override {
    if (!HasFamily(family)) return base;
    size_t index = std::find(custom_families_.begin(), custom_families_.end(), family) -
                   custom_families_.begin();
    if (index == custom_families_.size()) custom_families_.push_back(family);
    return static_cast<Role>(static_cast<int>(BaseRole(base)) +
                             (static_cast<int>(index + 1) << kRoleBits));
  }

 private:
  // The families a role asks for, in order: the language's, or the one the source named.
  std::vector<std::string> Families(Role role) const {
    int custom = static_cast<int>(role) >> kRoleBits;
    if (custom > 0) return {custom_families_[static_cast<size_t>(custom - 1)]};
    return RoleFamilies(role, language_);
  }

  // The first family of the role that fontconfig has installed, or "".
  std::string FamilyFor(Role role) {
    auto it = family_cache_.find(role);
    if (it != family_cache_.end()) return it->second;
    std::string found;
    for (const std::string& family : Families(role)) {
      if (HasFamily(family)) {
        found = family;
        break;
      }
    }
    family_cache_[role] = found;
    return found;
  }

  PangoFontDescription* Description(Role role, bool bold) {
    PangoFontDescription* desc = pango_font_description_new();
    pango_font_description_set_family(desc, FamilyFor(role).c_str());
    pango_font_description_set_weight(desc, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(desc, 10 * PANGO_SCALE);
    return desc;
  }

  // Whether `face` has a glyph for `cp`; remembered, as texts repeat their characters.
  bool HasGlyph(int face, hb_font_t* font, char32_t cp) {
    uint64_t key = (static_cast<uint64_t>(face) << 32) | cp;
    auto it = has_glyph_.find(key);
    if (it != has_glyph_.end()) return it->second;
    hb_codepoint_t glyph = 0;
    bool has = hb_font_get_nominal_glyph(font, cp, &glyph);
    has_glyph_.emplace(key, has);
    return has;
  }

  // The face a role resolves to, loaded once.
  int PrimaryFace(Role role, bool bold) {
    auto key = std::make_pair(role, bold);
    auto it = primary_faces_.find(key);
    if (it != primary_faces_.end()) return it->second;
    PangoFontDescription* desc = Description(role, bold);
    PangoFont* font = pango_font_map_load_font(font_map_, context_, desc);
    pango_font_description_free(desc);
    assert(font != nullptr);  // CheckRoles made sure the family is installed
    int face = FaceIndexFor(font);
    g_object_unref(font);
    primary_faces_[key] = face;
    return face;
  }

  // The face fontconfig's fallback list for the role gives for `cp`, or `primary` when no
  // installed font has it (its glyph is then 0 and layout reports the character).
  int FallbackFace(Role role, bool bold, char32_t cp, int primary) {
    auto key = std::make_tuple(role, bold, cp);
    auto it = fallback_faces_.find(key);
    if (it != fallback_faces_.end()) return it->second;
    auto fontset_key = std::make_pair(role, bold);
    PangoFontset*& fontset = fontsets_[fontset_key];
    if (fontset == nullptr) {
      PangoFontDescription* desc = Description(role, bold);
      fontset = pango_font_map_load_fontset(font_map_, context_, desc,
                                            pango_context_get_language(context_));
      pango_font_description_free(desc);
    }
    int face = primary;
    if (fontset) {
      PangoFont* font = pango_fontset_get_font(fontset, static_cast<guint>(cp));
      if (font) {
        int candidate = FaceIndexFor(font);
        hb_codepoint_t glyph = 0;
        if (hb_font_get_nominal_glyph(face_store_[static_cast<size_t>(candidate)].hb_font, cp,
                                      &glyph)) {
          face = candidate;
        }
        g_object_unref(font);
      }
    }
    fallback_faces_[key] = face;
    return face;
  }

  int FaceIndexFor(PangoFont* font) {
    auto cached = face_by_font_.find(font);
    if (cached != face_by_font_.end()) return cached->second;
    FcPattern* pattern = pango_fc_font_get_pattern(PANGO_FC_FONT(font));
    FcChar8* file = nullptr;
    int index = 0;
    FcPatternGetString(pattern, FC_FILE, 0, &file);
    FcPatternGetInteger(pattern, FC_INDEX, 0, &index);
    std::string key = std::string(reinterpret_cast<const char*>(file)) + "#" + std::to_string(index);
    auto it = face_by_key_.find(key);
    int face_index;
    if (it != face_by_key_.end()) {
      face_index = it->second;
    } else {
      Face face;
      face.info.file = reinterpret_cast<const char*>(file);
      face.info.index = index;
      FcChar8* family = nullptr;
      FcChar8* style = nullptr;
      if (FcPatternGetString(pattern, FC_FAMILY, 0, &family) == FcResultMatch) {
        face.info.family = reinterpret_cast<const char*>(family);
      }
      if (FcPatternGetString(pattern, FC_STYLE, 0, &style) == FcResultMatch) {
        face.info.style = reinterpret_cast<const char*>(style);
      }
      hb_blob_t* blob = hb_blob_create_from_file(face.info.file.c_str());
      face.hb_face = hb_face_create(blob, static_cast<unsigned>(index));
      hb_blob_destroy(blob);
      face.upem = hb_face_get_upem(face.hb_face);
      face.hb_font = hb_font_create(face.hb_face);
      hb_font_set_scale(face.hb_font, static_cast<int>(face.upem), static_cast<int>(face.upem));
      hb_font_extents_t extents;
      hb_font_get_h_extents(face.hb_font, &extents);
      face.ascender = extents.ascender;
      face.descender = extents.descender;
      face_index = static_cast<int>(face_store_.size());
      face_store_.push_back(face);
      face_infos_.push_back(face.info);
      face_by_key_[key] = face_index;
    }
    g_object_ref(font);
    face_by_font_[font] = face_index;
    return face_index;
  }

  // Shapes characters [first, last) of `text` into one run. CJK characters that shape alone the
  // same as in context (ideographs, kana, full-width punctuation: no kerning, no contextual forms
  // in CJK fonts) come from a per-face cache, shaped once each; the rest goes through HarfBuzz with
  // its context. This keeps shaping cost per distinct character, not per character of the text.
  void ShapeRange(const Text& text, size_t first, size_t last, int face_index, double size_pt,
                  hb_script_t script, bool vertical, bool sideways, bool tcy,
                  std::vector<ShapedRun>& out) {
    const Face& face = face_store_[static_cast<size_t>(face_index)];
    double scale = size_pt / face.upem;
    ShapedRun run;
    run.face = face_index;
    run.size_pt = size_pt;
    run.vertical = vertical;
    run.sideways = sideways;
    run.tate_chu_yoko = tcy;
    run.start = text.chars[first].byte;
    run.end = text.ByteOf(last);
    run.ascent_pt = face.ascender * scale;
    run.descent_pt = -face.descender * scale;
    run.glyphs.reserve(last - first);
    hb_script_t hb_script = script == HB_SCRIPT_COMMON ? HB_SCRIPT_HAN : script;
    size_t pending = first;  // first character not yet shaped
    for (size_t k = first; k < last; ++k) {
      const TextChar& c = text.chars[k];
      const CachedGlyph* cached = tcy ? nullptr : CachedShape(face_index, c.cp, vertical);
      if (cached == nullptr) continue;
      if (pending < k) {
        HbShape(text.utf8, text.chars[pending].byte, c.byte, face, scale, hb_script, vertical,
                tcy, run);
      }
      run.glyphs.push_back({cached->id, c.byte, cached->x_advance * scale,
                            cached->y_advance * scale, cached->x_offset * scale,
                            cached->y_offset * scale});
      pending = k + 1;
    }
    if (pending < last) {
      HbShape(text.utf8, text.chars[pending].byte, run.end, face, scale, hb_script, vertical, tcy,
              run);
    }
    out.push_back(std::move(run));
  }

  struct CachedGlyph {
    uint32_t id = 0;
    int32_t x_advance = 0, y_advance = 0, x_offset = 0, y_offset = 0;  // font units
  };

  static bool IsCacheable(char32_t cp) {
    return (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
           (cp >= 0x3001 && cp <= 0x30FF) || (cp >= 0xFF01 && cp <= 0xFF60) ||
           (cp >= 0xF900 && cp <= 0xFAFF);
  }

  // The glyph of `cp` shaped alone, or null when `cp` is not cacheable or shapes to more or
  // fewer than one glyph.
  const CachedGlyph* CachedShape(int face_index, char32_t cp, bool vertical) {
    if (!IsCacheable(cp)) return nullptr;
    uint64_t key = (static_cast<uint64_t>(face_index) << 33) |
                   (static_cast<uint64_t>(vertical) << 32) | cp;
    auto it = glyph_cache_.find(key);
    if (it == glyph_cache_.end()) {
      std::optional<CachedGlyph> glyph;
      const Face& face = face_store_[static_cast<size_t>(face_index)];
      hb_buffer_clear_contents(buffer_);
      uint32_t one[1] = {static_cast<uint32_t>(cp)};
      hb_buffer_add_utf32(buffer_, one, 1, 0, 1);
      hb_buffer_set_direction(buffer_, vertical ? HB_DIRECTION_TTB : HB_DIRECTION_LTR);
      hb_buffer_set_script(buffer_, hb_unicode_script(hb_unicode_funcs_get_default(), cp));
      hb_buffer_set_language(buffer_, hb_language_);
      hb_shape(face.hb_font, buffer_, nullptr, 0);
      unsigned count = 0;
      const hb_glyph_info_t* infos = hb_buffer_get_glyph_infos(buffer_, &count);
      const hb_glyph_position_t* positions = hb_buffer_get_glyph_positions(buffer_, &count);
      if (count == 1 && infos[0].codepoint != 0) {
        glyph = CachedGlyph{infos[0].codepoint, positions[0].x_advance, positions[0].y_advance,
                            positions[0].x_offset, positions[0].y_offset};
      }
      it = glyph_cache_.emplace(key, glyph).first;
    }
    return it->second ? &*it->second : nullptr;
  }

  // Shapes [start, end) with HarfBuzz, the whole text as context, appending to `run`.
  void HbShape(std::string_view text, size_t start, size_t end, const Face& face, double scale,
               hb_script_t script, bool vertical, bool tcy, ShapedRun& run) {
    hb_buffer_clear_contents(buffer_);
    hb_buffer_add_utf8(buffer_, text.data(), static_cast<int>(text.size()),
                       static_cast<unsigned>(start), static_cast<int>(end - start));
    hb_buffer_set_direction(buffer_, vertical ? HB_DIRECTION_TTB : HB_DIRECTION_LTR);
    hb_buffer_set_script(buffer_, script);
    hb_buffer_set_language(buffer_, hb_language_);
    hb_buffer_set_cluster_level(buffer_, HB_BUFFER_CLUSTER_LEVEL_MONOTONE_CHARACTERS);
    // Tate-chu-yoko digits take their half-width forms, so two of them fill one em; three take
    // third-width forms.
    unsigned length = hb_buffer_get_length(buffer_);
    hb_feature_t width{length >= 3 ? HB_TAG('t', 'w', 'i', 'd') : HB_TAG('h', 'w', 'i', 'd'), 1,
                       HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END};
    hb_shape(face.hb_font, buffer_, tcy ? &width : nullptr, tcy ? 1 : 0);
    unsigned count = 0;
    const hb_glyph_info_t* infos = hb_buffer_get_glyph_infos(buffer_, &count);
    const hb_glyph_position_t* positions = hb_buffer_get_glyph_positions(buffer_, &count);
    for (unsigned i = 0; i < count; ++i) {
      run.glyphs.push_back({infos[i].codepoint, infos[i].cluster, positions[i].x_advance * scale,
                            positions[i].y_advance * scale, positions[i].x_offset * scale,
                            positions[i].y_offset * scale});
    }
  }

  // Shapes characters [first, last) of one item: horizontally, as a tate-chu-yoko group, or — in
  // vertical text — split where the vertical orientation changes, upright CJK top to bottom and
  // the rest left to right to be set sideways.
  void ShapePiece(const Text& text, size_t first, size_t last, int face_index, double size_pt,
                  hb_script_t script, bool vertical, bool tcy, std::vector<ShapedRun>& out) {
    if (!vertical || tcy) {
      ShapeRange(text, first, last, face_index, size_pt, script, false, false, tcy, out);
      return;
    }
    size_t run_first = first;
    for (size_t k = first + 1; k <= last; ++k) {
      bool upright = text.chars[k - 1].upright;
      if (k < last && text.chars[k].upright == upright) continue;
      ShapeRange(text, run_first, k, face_index, size_pt, script, upright, !upright, false, out);
      run_first = k;
    }
  }

  std::string language_;
  PangoFontMap* font_map_ = nullptr;
  PangoContext* context_ = nullptr;
  hb_language_t hb_language_ = nullptr;
  std::vector<Face> face_store_;
  std::vector<FaceInfo> face_infos_;
  std::map<std::string, int> face_by_key_;
  std::map<PangoFont*, int> face_by_font_;
  std::map<Role, std::string> family_cache_;
  std::map<std::string, bool> installed_;     // family name → whether fontconfig has it
  std::vector<std::string> custom_families_;  // the families the source named, in order
  std::map<std::tuple<int, char32_t, bool>, HalfWidthBlank> half_width_cache_;
  std::unordered_map<uint64_t, std::optional<CachedGlyph>> glyph_cache_;
  std::map<std::pair<Role, bool>, int> primary_faces_;
  std::unordered_map<uint64_t, bool> has_glyph_;
  std::map<std::pair<Role, bool>, PangoFontset*> fontsets_;
  std::map<std::tuple<Role, bool, char32_t>, int> fallback_faces_;
  hb_buffer_t* buffer_ = hb_buffer_create();  // reused for every shaping call
};

HalfWidthBlank PangoFontSystem::HalfWidth(int face_index, char32_t cp, bool vertical) {
  auto key = std::make_tuple(face_index, cp, vertical);
  auto cached = half_width_cache_.find(key);
  if (cached != half_width_cache_.end()) return cached->second;
  const Face& face = face_store_[static_cast<size_t>(face_index)];
  // Shape the character alone, with and without the half-width feature, in font units; the
  // difference of advance and offset says which side's blank the font removes.
  auto shape = [&](bool half, hb_glyph_position_t& position) {
    hb_buffer_t* buffer = hb_buffer_create();
    uint32_t text[1] = {static_cast<uint32_t>(cp)};
    hb_buffer_add_utf32(buffer, text, 1, 0, 1);
    hb_buffer_set_direction(buffer, vertical ? HB_DIRECTION_TTB : HB_DIRECTION_LTR);
    hb_buffer_set_script(buffer, HB_SCRIPT_HAN);
    hb_buffer_set_language(buffer, hb_language_);
    hb_feature_t feature{vertical ? HB_TAG('v', 'h', 'a', 'l') : HB_TAG('h', 'a', 'l', 't'), 1,
                         HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END};
    hb_shape(face.hb_font, buffer, half ? &feature : nullptr, half ? 1 : 0);
    unsigned count = 0;
    hb_glyph_position_t* positions = hb_buffer_get_glyph_positions(buffer, &count);
    bool ok = count == 1;
    if (ok) position = positions[0];
    hb_buffer_destroy(buffer);
    return ok;
  };
  HalfWidthBlank blank;
  hb_glyph_position_t full{}, half{};
  if (shape(false, full) && shape(true, half)) {
    double em = face.upem;
    // Along the line: x for horizontal text; down the column (-y) for vertical text.
    double advance_delta = vertical ? -(half.y_advance - full.y_advance) / em
                                    : (half.x_advance - full.x_advance) / em;
    double offset_delta = vertical ? -(half.y_offset - full.y_offset) / em
                                   : (half.x_offset - full.x_offset) / em;
    if (advance_delta < 0) {
      blank.before_em = std::max(0.0, -offset_delta);
      blank.after_em = std::max(0.0, -advance_delta - blank.before_em);
    }
  }
  half_width_cache_[key] = blank;
  return blank;
}

std::vector<ShapedRun> PangoFontSystem::Shape(const Text& text,
                                              const std::vector<StyleSpan>& spans, bool vertical) {
  std::vector<ShapedRun> out;
  if (text.chars.empty()) return out;
  // Our own itemizing: each character takes the role's face when that face has a glyph for it,
  // otherwise the face fontconfig's fallback list gives for it (cached per character); runs are
  // cut where the face, the script (common characters join their neighbours) or the span changes.
  for (const StyleSpan& span : spans) {
    int primary = PrimaryFace(span.role, span.bold);
    hb_font_t* primary_font = face_store_[static_cast<size_t>(primary)].hb_font;
    size_t first = text.IndexOf(span.start);
    size_t last = text.IndexOf(span.end);
    size_t run_first = first;
    int run_face = -1;
    hb_script_t run_script = HB_SCRIPT_COMMON;
    bool tcy = vertical && span.tate_chu_yoko;
    for (size_t k = first; k < last; ++k) {
      const TextChar& c = text.chars[k];
      int face = primary;
      if (c.cp > 0x20 && !HasGlyph(primary, primary_font, c.cp)) {
        face = FallbackFace(span.role, span.bold, c.cp, primary);
      }
      hb_script_t script = c.script == 0 ? HB_SCRIPT_COMMON : static_cast<hb_script_t>(c.script);
      bool common = c.script == 0;
      if (run_face < 0) {
        run_face = face;
      } else if (face != run_face ||
                 (!common && run_script != HB_SCRIPT_COMMON && script != run_script)) {
        ShapePiece(text, run_first, k, run_face, span.size_pt, run_script, vertical, tcy, out);
        run_first = k;
        run_face = face;
        run_script = HB_SCRIPT_COMMON;
      }
      if (!common && run_script == HB_SCRIPT_COMMON) run_script = script;
    }
    if (run_first < last) {
      ShapePiece(text, run_first, last, run_face, span.size_pt, run_script, vertical, tcy, out);
    }
  }
  return out;
}

// Pango's UAX #14 pass, the costliest step of composition, runs only over the stretches of text
// that are not CJK for breaking (Latin words, numbers), each with one character of context on
// either side; between two CJK characters a line may always break (IsCjkForBreaking).
void PangoFontSystem::FindBreaks(Text& text) {
  std::vector<TextChar>& chars = text.chars;
  size_t n = chars.size();
  for (size_t k = 0; k < n; ++k) {
    chars[k].break_before = k > 0 && chars[k - 1].cjk_break && chars[k].cjk_break;
  }
  std::vector<PangoLogAttr> attrs;
  for (size_t a = 0; a < n;) {
    if (chars[a].cjk_break) {
      ++a;
      continue;
    }
    size_t b = a;
    while (b < n && !chars[b].cjk_break) ++b;
    size_t from = a > 0 ? a - 1 : 0;
    size_t to = b < n ? b + 1 : n;
    size_t from_byte = chars[from].byte;
    attrs.assign(to - from + 1, PangoLogAttr{});
    pango_get_log_attrs(text.utf8.data() + from_byte, static_cast<int>(text.ByteOf(to) - from_byte),
                        -1, pango_context_get_language(context_), attrs.data(),
                        static_cast<int>(attrs.size()));
    // Boundaries before a..b (the one before `a` and the one before `b` included).
    for (size_t k = std::max<size_t>(a, 1); k <= b && k < n; ++k) {
      chars[k].break_before = attrs[k - from].is_line_break;
    }
    a = b;
  }
}

FaceInfo PangoFontSystem::Resolve(Role role, bool bold) {
  PangoFontDescription* desc = pango_font_description_new();
  pango_font_description_set_family(desc, FamilyFor(role).c_str());
  pango_font_description_set_weight(desc, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_absolute_size(desc, 10 * PANGO_SCALE);
  PangoFont* font = pango_font_map_load_font(font_map_, context_, desc);
  pango_font_description_free(desc);
  if (font == nullptr) return {};
  int index = FaceIndexFor(font);
  g_object_unref(font);
  return face_infos_[static_cast<size_t>(index)];
}

}  // namespace

std::unique_ptr<FontSystem> FontSystem::Create(const std::string& language,
                                               Diagnostics& diagnostics, const SourceLoc& where) {
  if (!FcInit()) {
    diagnostics.Error(where, "fontconfig could not load its configuration");
    return nullptr;
  }
  auto system = std::make_unique<PangoFontSystem>(language);
  if (!system->CheckRoles(diagnostics, where)) return nullptr;
  return system;
}

}  // namespace paiban::fonts
