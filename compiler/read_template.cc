// The reader's page templates: the file an <issue> or <page> names (templates/NAME.xml, beside
// the issue or one folder up, kept inside its folder) and what it says — page size, margins, grid
// and print marks.
#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "compiler/read_context.h"
#include "compiler/read_elements.h"
#include "compiler/source_bytes.h"
#include "compiler/validation.h"

namespace paiban::reader {
namespace {

// A template file (root <template>), named `name` by the issue.
std::optional<PageTemplate> ReadTemplate(ReadContext& ctx, const std::string& name) {
  XmlDocument doc;
  XmlElement root = ctx.Parse(doc, "template");
  if (root == nullptr) return std::nullopt;
  PageTemplate t;
  t.name = name;
  t.loc = ctx.Loc(root);
  CheckAttributes(ctx, root, {"name"});
  if (const char* given = root.Attribute("name"); given && given != name) {
    ctx.Error(ctx.AttrLoc(root, "name"), "the template in " + name + ".xml calls itself '" +
                                             Shown(given) + "'; the name is the file's");
  }
  CheckStructure(ctx, root, {"page-size", "margins", "grid", "print"},
                 "a template says everything in attributes");
  constexpr double kMm = 72 / 25.4;
  for (XmlElement child = root.FirstChildElement(); child; child = child.NextSiblingElement()) {
    std::string element = child.Value();
    if (child != root.FirstChildElement(element.c_str())) continue;  // a second: reported
    CheckStructure(ctx, child, {}, "a template says everything in attributes");
    if (element == "page-size") {
      CheckAttributes(ctx, child, {"width", "height"});
      if (!child.Attribute("width") || !child.Attribute("height")) {
        ctx.Error(ctx.Loc(child), "<page-size> needs the attributes 'width' and 'height'");
      }
      if (auto w = LengthAttribute(ctx, child, "width", 50 * kMm, 1500 * kMm, false)) {
        t.width_pt = *w;
      }
      if (auto h = LengthAttribute(ctx, child, "height", 50 * kMm, 1500 * kMm, false)) {
        t.height_pt = *h;
      }
    } else if (element == "margins") {
      CheckAttributes(ctx, child, {"top", "bottom", "inner", "outer"});
      for (auto [attribute, field] :
           {std::pair{"top", &t.margin_top_pt}, std::pair{"bottom", &t.margin_bottom_pt},
            std::pair{"inner", &t.margin_inner_pt}, std::pair{"outer", &t.margin_outer_pt}}) {
        if (auto m = LengthAttribute(ctx, child, attribute, 0, 100 * kMm, false)) *field = *m;
      }
    } else if (element == "grid") {
      CheckAttributes(ctx, child, {"columns", "bands", "body-size", "line-pitch"});
      if (auto c = IntAttribute(ctx, child, "columns", false, 1)) {
        if (*c > 20) {
          ctx.Error(ctx.AttrLoc(child, "columns"), "at most 20 columns, not " + std::to_string(*c));
        } else {
          t.columns = *c;
        }
      }
      if (auto b = IntAttribute(ctx, child, "bands", false, 1)) {
        if (*b > 12) {
          ctx.Error(ctx.AttrLoc(child, "bands"), "at most 12 bands, not " + std::to_string(*b));
        } else {
          t.bands = *b;
        }
      }
      if (auto size = LengthAttribute(ctx, child, "body-size", 5, 24, true)) t.body_size_pt = *size;
      if (const char* pitch = child.Attribute("line-pitch")) {
        double x = 0;
        std::string_view v(pitch);
        auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
        if (ec != std::errc() || ptr != v.data() + v.size() || !(x >= 1 && x <= 3)) {
          ctx.Error(
              ctx.AttrLoc(child, "line-pitch"),
              "attribute 'line-pitch' must be a number of ems from 1 to 3, not '" + Shown(v) + "'");
        } else {
          t.line_pitch = x;
        }
      }
    } else if (element == "print") {
      CheckAttributes(ctx, child, {"bleed", "marks"});
      if (auto bleed = LengthAttribute(ctx, child, "bleed", 0, 20 * kMm, false)) {
        t.bleed_mm = *bleed / kMm;
      }
      if (const char* marks = child.Attribute("marks")) {
        std::string_view m(marks);
        if (m == "on" || m == "off") {
          t.marks = m == "on";
        } else {
          ctx.Error(ctx.AttrLoc(child, "marks"),
                    "attribute 'marks' must be on or off, not '" + Shown(m) + "'");
        }
      }
    } else {
      UnknownElement(ctx, child, root, {"page-size", "margins", "grid", "print"});
    }
  }
  // The live area must hold at least a few characters on every column and band.
  double live_width = t.width_pt - t.margin_inner_pt - t.margin_outer_pt;
  double live_height = t.height_pt - t.margin_top_pt - t.margin_bottom_pt;
  if (live_width < t.columns * 4 * t.body_size_pt || live_height < 20 * t.body_size_pt) {
    ctx.Error(t.loc, "the margins leave too little room: " + std::to_string(t.columns) +
                         " columns need at least 4 characters each, and a page at least 20 lines");
  }
  if (ctx.errors() > 0) return std::nullopt;
  return t;
}

}  // namespace

std::optional<PageTemplate> TemplateAttribute(ReadContext& ctx, XmlElement element,
                                              TemplateShelf& templates) {
  const char* value = element.Attribute("template");
  if (value == nullptr) return std::nullopt;
  std::string name = value;
  if (!IsTemplateName(name)) {
    ctx.Error(ctx.AttrLoc(element, "template"),
              "template name '" + Shown(name) +
                  "' must be lower-case ASCII letters, digits, '-' or '_' (it names the file "
                  "templates/NAME.xml)");
    return std::nullopt;
  }
  auto cached = templates.find(name);
  if (cached != templates.end()) return cached->second;
  // templates/ beside the issue, then one folder up: a paper's issues share them.
  std::filesystem::path base = std::filesystem::path(ctx.file()).parent_path();
  std::vector<std::filesystem::path> candidates = {base / "templates" / (name + ".xml"),
                                                   base / ".." / "templates" / (name + ".xml")};
  std::optional<PageTemplate> result;
  bool found = false;
  for (const std::filesystem::path& path : candidates) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) continue;
    found = true;
    std::string shown = path.lexically_normal().string();
    // Like figures, a symbolic link is followed only where it stays inside: a template beside
    // the issue inside the folder, a shared one inside the real templates folder one up
    // (a templates folder that is itself a link out is refused too).
    std::filesystem::path real = std::filesystem::canonical(path, ec);
    std::filesystem::path inside = &path == &candidates[0]
                                       ? std::filesystem::canonical(base.empty() ? "." : base, ec)
                                       : std::filesystem::canonical(base / "..", ec) / "templates";
    if (ec || std::mismatch(inside.begin(), inside.end(), real.begin(), real.end()).first !=
                  inside.end()) {
      ctx.Error(
          ctx.AttrLoc(element, "template"),
          "the template " + shown +
              " is a symbolic link (or in a folder that is one) that leads out of " +
              (&path == &candidates[0] ? "the issue's folder" : "the shared templates folder") +
              "; templates must be inside it");
      break;
    }
    if (std::filesystem::file_size(real, ec) > (1u << 20) || ec) {
      ctx.Error(
          ctx.AttrLoc(element, "template"),
          "the template " + shown + " is over 1 MB or unreadable; a template is a small file");
      break;
    }
    std::ifstream in(real, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in && !in.eof()) {
      ctx.Error(ctx.AttrLoc(element, "template"), "cannot read the template " + shown);
      break;
    }
    std::string bytes = text.str();
    std::string_view body(bytes);
    body.remove_prefix(ByteOrderMarkLength(body));
    // What a file that is not a template says is not shown: its names and lines are its content,
    // and nothing of a file the source did not mean to give may be printed.
    Diagnostics template_diagnostics;
    ReadContext template_ctx(body, shown, template_diagnostics);
    result = ReadTemplate(template_ctx, name);
    if (template_ctx.scanned_root() == "template") {
      ctx.Adopt(template_diagnostics, template_ctx.errors());
    } else if (template_ctx.errors() > 0) {
      ctx.Error(ctx.AttrLoc(element, "template"),
                "the template " + shown +
                    " is not a page template (an XML file whose root element is <template>); "
                    "nothing of it is shown");
    }
    break;
  }
  if (!found) {
    ctx.Error(ctx.AttrLoc(element, "template"), "unknown template '" + name + "': there is no " +
                                                    candidates[0].lexically_normal().string() +
                                                    " nor " +
                                                    candidates[1].lexically_normal().string());
  }
  templates[name] = result;
  return result;
}

}  // namespace paiban::reader
