// The reader's articles: an <article>'s attributes, headline block and body — paragraphs,
// subheads, quotations, lists, sidebars, signatures and figures.
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/image_probe.h"
#include "compiler/read_context.h"
#include "compiler/read_elements.h"
#include "compiler/source_bytes.h"
#include "compiler/validation.h"
#include "model/text.h"

namespace paiban::reader {
namespace {

Block ReadInlineBlock(ReadContext& ctx, XmlElement element, Block::Kind kind) {
  CheckAttributes(ctx, element, {});
  Block block;
  block.kind = kind;
  block.loc = ctx.Loc(element);
  block.inlines = ReadInlines(ctx, element, /*allow_markup=*/true);
  if (block.inlines.empty()) {
    ctx.Error(block.loc, std::string("<") + element.Value() + "> is empty");
  }
  return block;
}

// <figure src="photo.jpg" alt="…"><caption>…</caption><credit>…</credit></figure>: the image is
// checked here (inside the folder, the type its extension says, its size read), so that
// `paiban check` finds every bad image without laying anything out.
Block ReadFigure(ReadContext& ctx, XmlElement element) {
  CheckAttributes(ctx, element, {"src", "alt"});
  Block figure;
  figure.kind = Block::Kind::kFigure;
  figure.loc = ctx.Loc(element);
  const char* src = element.Attribute("src");
  const char* alt = element.Attribute("alt");
  if (src == nullptr) {
    ctx.Error(figure.loc,
              "<figure> needs the attribute 'src' (the image file, relative to the "
              "issue's folder)");
  } else {
    Image image;
    std::string base = std::filesystem::path(ctx.file()).parent_path().string();
    std::string problem = LocateImage(base, src, image);
    if (problem.empty()) {
      figure.image = std::move(image);
    } else {
      ctx.Error(ctx.AttrLoc(element, "src"), problem);
    }
  }
  if (alt == nullptr) {
    ctx.Error(figure.loc,
              "<figure> needs the attribute 'alt': what the image shows, for readers "
              "who cannot see it (alt=\"\" only for a purely decorative image)");
  } else {
    Inlines alt_text{{Inline::Kind::kText, alt, figure.loc, {}, {}}};
    NormalizeSpace(alt_text);
    figure.alt = PlainText(alt_text);
  }
  CheckStructure(ctx, element, {}, "a figure's text goes in <caption> or <credit>");
  int captions = 0, credits = 0;
  for (XmlElement child = element.FirstChildElement(); child; child = child.NextSiblingElement()) {
    std::string name = child.Value();
    if (name == "caption") {
      CheckAttributes(ctx, child, {});
      if (captions++ > 0) {
        ctx.Error(ctx.Loc(child), "<figure> has more than one <caption>");
        continue;
      }
      figure.inlines = ReadInlines(ctx, child, /*allow_markup=*/true);
      if (figure.inlines.empty()) ctx.Error(ctx.Loc(child), "<caption> is empty");
    } else if (name == "credit") {
      CheckAttributes(ctx, child, {});
      if (credits++ > 0) {
        ctx.Error(ctx.Loc(child), "<figure> has more than one <credit>");
        continue;
      }
      figure.credit = ReadInlines(ctx, child, /*allow_markup=*/false);
      if (figure.credit.empty()) ctx.Error(ctx.Loc(child), "<credit> is empty");
    } else {
      UnknownElement(ctx, child, element, {"caption", "credit"});
    }
  }
  return figure;
}

void ReadBody(ReadContext& ctx, XmlElement element, std::vector<Block>& blocks, bool in_sidebar) {
  CheckStructure(ctx, element, {}, "put it in a <p>");
  for (XmlElement child = element.FirstChildElement(); child; child = child.NextSiblingElement()) {
    std::string name = child.Value();
    if (name == "p") {
      blocks.push_back(ReadInlineBlock(ctx, child, Block::Kind::kParagraph));
    } else if (name == "subhead") {
      blocks.push_back(ReadInlineBlock(ctx, child, Block::Kind::kSubhead));
    } else if (name == "quote") {
      blocks.push_back(ReadInlineBlock(ctx, child, Block::Kind::kQuote));
    } else if (name == "list") {
      CheckAttributes(ctx, child, {});
      CheckStructure(ctx, child, {}, "put it in an <item>");
      Block list;
      list.kind = Block::Kind::kList;
      list.loc = ctx.Loc(child);
      for (XmlElement item = child.FirstChildElement(); item; item = item.NextSiblingElement()) {
        if (std::string(item.Value()) == "item") {
          list.children.push_back(ReadInlineBlock(ctx, item, Block::Kind::kListItem));
        } else {
          UnknownElement(ctx, item, child, {"item"});
        }
      }
      if (list.children.empty()) ctx.Error(list.loc, "<list> needs at least one <item>");
      blocks.push_back(std::move(list));
    } else if (name == "sidebar" && !in_sidebar) {
      CheckAttributes(ctx, child, {});
      Block sidebar;
      sidebar.kind = Block::Kind::kSidebar;
      sidebar.loc = ctx.Loc(child);
      XmlElement title = child.FirstChildElement("title");
      if (title) {
        CheckAttributes(ctx, title, {});
        sidebar.inlines = ReadInlines(ctx, title, /*allow_markup=*/true);
      }
      // The sidebar's other children are body blocks; ReadBody skips the title.
      for (XmlElement c = child.FirstChildElement(); c; c = c.NextSiblingElement()) {
        if (c == title) continue;
        if (std::string(c.Value()) == "title") {
          ctx.Error(ctx.Loc(c), "<sidebar> has more than one <title>");
        }
      }
      ReadBody(ctx, child, sidebar.children, /*in_sidebar=*/true);
      if (sidebar.children.empty()) ctx.Error(sidebar.loc, "<sidebar> is empty");
      blocks.push_back(std::move(sidebar));
    } else if (name == "title" && in_sidebar) {
      continue;  // read by the sidebar itself
    } else if (name == "signature") {
      CheckAttributes(ctx, child, {});
      CheckStructure(ctx, child, {}, "put it in a <line>");
      Block signature;
      signature.kind = Block::Kind::kSignature;
      signature.loc = ctx.Loc(child);
      for (XmlElement line = child.FirstChildElement(); line; line = line.NextSiblingElement()) {
        if (std::string(line.Value()) == "line") {
          signature.children.push_back(ReadInlineBlock(ctx, line, Block::Kind::kSignatureLine));
        } else {
          UnknownElement(ctx, line, child, {"line"});
        }
      }
      if (signature.children.empty()) ctx.Error(signature.loc, "<signature> needs a <line>");
      blocks.push_back(std::move(signature));
    } else if (name == "figure" && !in_sidebar) {
      blocks.push_back(ReadFigure(ctx, child));
    } else if (in_sidebar) {
      UnknownElement(ctx, child, element, {"title", "p", "subhead", "quote", "list", "signature"});
    } else {
      UnknownElement(ctx, child, element,
                     {"p", "subhead", "quote", "list", "sidebar", "signature", "figure"});
    }
  }
}

}  // namespace

void ReadArticle(ReadContext& ctx, XmlElement element, std::set<std::string>& article_ids,
                 Article& article) {
  CheckAttributes(ctx, element,
                  {"id", "kind", "columns", "rows", "place", "writing-mode", "kinsoku",
                   "punctuation", "cjk-latin-space", "tate-chu-yoko", "indent", "grid", "font-body",
                   "font-headline", "font-kai", "font-sans"});
  article.loc = ctx.Loc(element);
  article.writing_mode = WritingModeAttribute(ctx, element);
  if (article.writing_mode) article.writing_mode_loc = ctx.AttrLoc(element, "writing-mode");
  article.rows = IntAttribute(ctx, element, "rows", /*required=*/false, 3);
  if (const char* place = element.Attribute("place")) {
    if (std::string_view(place) == "ear") {
      article.ear = true;
    } else {
      ctx.Error(ctx.AttrLoc(element, "place"),
                "unknown place '" + Shown(place) + "'; known: ear (the box beside the nameplate)");
    }
  }
  if (const char* columns = element.Attribute("columns")) {
    if (std::optional<std::pair<int, int>> range = ParseColumnRange(columns); !range) {
      ctx.Error(ctx.AttrLoc(element, "columns"),
                "attribute 'columns' must be a column number or a range of columns such as '2-5' "
                "(from 1, first not after last), not '" +
                    Shown(columns) + "'");
    } else {
      article.columns =
          Article::Columns{range->first, range->second, ctx.AttrLoc(element, "columns")};
    }
  }
  ReadTypography(ctx, element, article.typography);
  if (const char* id = RequiredAttribute(ctx, element, "id")) {
    article.id = id;
    if (!IsArticleId(article.id)) {
      ctx.Error(ctx.AttrLoc(element, "id"),
                "article id '" + Shown(article.id) +
                    "' must be ASCII letters, digits, '-' or '_', starting "
                    "with a letter");
    } else if (article.id.size() > kMaxIdLength) {
      ctx.Error(ctx.AttrLoc(element, "id"),
                "article id '" + Shown(article.id) + "' has " + std::to_string(article.id.size()) +
                    " characters; an id has at most " + std::to_string(kMaxIdLength));
    } else if (!article_ids.insert(article.id).second) {
      ctx.Error(ctx.AttrLoc(element, "id"), "duplicate article id '" + Shown(article.id) + "'");
    }
  }
  if (const char* kind = element.Attribute("kind")) {
    if (auto parsed = ParseArticleKind(kind)) {
      article.kind = *parsed;
    } else {
      ctx.Error(ctx.AttrLoc(element, "kind"),
                "unknown article kind '" + Shown(kind) +
                    "'; known: news editorial commentary notice brief photo-story");
    }
  }
  CheckStructure(ctx, element, {"kicker", "headline", "subheadline", "body", "continues"},
                 "an article's text goes in <headline>, <body> and the like");
  bool has_body = false;
  for (XmlElement child = element.FirstChildElement(); child; child = child.NextSiblingElement()) {
    std::string name = child.Value();
    if (child != element.FirstChildElement(name.c_str())) continue;  // reported as a second one
    if (name == "kicker" || name == "headline" || name == "subheadline") {
      CheckAttributes(ctx, child, {});
      Inlines inlines = ReadInlines(ctx, child, /*allow_markup=*/true);
      MarkColumnTags(inlines);
      (name == "kicker"     ? article.kicker
       : name == "headline" ? article.headline
                            : article.subheadline) = inlines;
    } else if (name == "body") {
      CheckAttributes(ctx, child, {});
      has_body = true;
      ReadBody(ctx, child, article.blocks, /*in_sidebar=*/false);
    } else if (name == "continues") {
      CheckAttributes(ctx, child, {"page"});
      CheckStructure(ctx, child, {}, "<continues/> is empty: the compiler prints the jump line");
      article.continues_on_page = IntAttribute(ctx, child, "page", /*required=*/true, 1);
    } else {
      UnknownElement(ctx, child, element,
                     {"kicker", "headline", "subheadline", "body", "continues"});
    }
  }
  if (article.headline.empty()) ctx.Error(article.loc, "<article> needs a <headline>");
  if (!has_body || article.blocks.empty()) {
    ctx.Error(article.loc, "<article> needs a <body> with text");
  }
}

}  // namespace paiban::reader
