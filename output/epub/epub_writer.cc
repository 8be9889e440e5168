// The documents of the EPUB: package, navigation, NCX, CSS, masthead and articles.
//
// Approach: first plan the book (which document each article goes to, on which print page it
// starts, where each page-list entry points), then write each document as a string from that
// plan. Every string from the model goes through AppendEscaped, so markup in the source comes out
// as text. Print pages are marked as EPUB 3.3 §D.4.1 (and DPUB-ARIA) describe, with an empty
// epub:type="pagebreak" span where each print page begins in reading order: the masthead for
// page 1, otherwise the start of the first article document that begins on the page. There is one
// marker per page, and the page-list and the NCX pageList point at every one of them (DAISY Ace
// wants every page break in the page-list; a second marker for the same page would have to be a
// second entry there too). Which page an article starts on comes from the PageMap (fragment 0), or
// from the model when there is no PageMap; pages that hold only a continuation get their marker at
// the end of the continued article, the part of it that surely stands there.
//
// The cover, when the caller gives one, is page 1 as a PNG image (the manifest's cover-image)
// and a cover document first in the spine that shows it with a text alternative.
#include "output/epub/epub_writer.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>
#include <map>
#include <utility>

#include "model/furniture.h"
#include "model/text.h"

namespace paiban {

namespace {

constexpr char kContentDir[] = "EPUB/";
constexpr char kImageDir[] = "images/";
constexpr char kNavFile[] = "nav.xhtml";
constexpr char kNcxFile[] = "toc.ncx";
constexpr char kCssFile[] = "style.css";
constexpr char kMastheadFile[] = "masthead.xhtml";
constexpr char kCoverFile[] = "cover.xhtml";
constexpr char kCoverImageFile[] = "cover.png";

// ---------------------------------------------------------------------------------------------
// Text

bool IsXmlChar(char32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

// Appends `text` as XML character data, usable in attributes too. Invalid UTF-8 becomes U+FFFD
// (DecodeUtf8); characters XML cannot carry at all (C0 controls) are dropped.
void AppendEscaped(std::string& out, std::string_view text) {
  bool plain = true;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x80 || c == '&' || c == '<' || c == '>' || c == '"' || c == '\'') {
      plain = false;
      break;
    }
  }
  if (plain) {
    out.append(text);
    return;
  }
  for (char32_t cp : DecodeUtf8(std::string(text))) {
    switch (cp) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        if (IsXmlChar(cp)) out += EncodeUtf8(cp);
    }
  }
}

std::string Escaped(std::string_view text) {
  std::string out;
  AppendEscaped(out, text);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The plan

struct ArticleDoc {
  const Article* article = nullptr;
  const Page* page = nullptr;  // the model page the article belongs to
  std::string file;            // relative to kContentDir
  std::string manifest_id;
  int first_page = 0;                   // the print page of its start (fragment 0)
  std::vector<int> continuation_pages;  // pages of its later fragments, in fragment order
};

struct Book {
  const Issue* issue = nullptr;
  WritingMode mode = WritingMode::kHorizontal;
  std::string language;
  std::string identifier;  // urn:uuid:…
  std::string title;
  bool masthead_marks_page_1 = false;
  bool has_cover = false;
  int cover_width = 0, cover_height = 0;  // pixels, from the PNG's header; 0 when unknown
  std::vector<ArticleDoc> articles;
  // Every image file the figures show → its name in the book (relative to kContentDir), in the
  // order the figures first show them; and its manifest id and media type.
  struct BookImage {
    std::string href, id, media_type;
    const Block* first_figure = nullptr;
  };
  std::map<std::string, BookImage> images;
  std::vector<std::string> image_order;  // paths in first-use order
  // Print page → the href (relative to kContentDir) of its one marker.
  std::map<int, std::string> page_targets;
  // Every link target in the book → its place in reading order: the document's place (masthead
  // 0, articles from 1), then its place in the document (0 the page marker at the start, 1 the
  // article, 2 the markers of continuation pages at the end).
  std::map<std::string, std::pair<size_t, int>> places;
};

std::string ArticleLabel(const Article& article) {
  for (const Inlines* text : {&article.headline, &article.kicker, &article.subheadline}) {
    std::string label = PlainText(*text);
    if (!label.empty()) return label;
  }
  return article.id.empty() ? std::string("文章") : article.id;
}

std::string PageMarkerId(int page) { return "page-" + std::to_string(page); }

// Whether `file` holds the marker of print page `page`: the one the page-list points at.
bool HoldsPageMarker(const Book& book, const std::string& file, int page) {
  auto it = book.page_targets.find(page);
  return it != book.page_targets.end() && it->second == file + "#" + PageMarkerId(page);
}

// The article element, after the page marker, so that the table of contents stays in document
// order when a page's entry points at that marker (epubcheck NAV-011).
std::string ArticleHref(const ArticleDoc& doc) { return doc.file + "#" + doc.manifest_id; }

// The pixel size in a PNG's IHDR chunk (PNG §11.2.2), which must come first.
void ReadPngSize(std::string_view png, int& width, int& height) {
  static constexpr std::string_view kSignature("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR", 16);
  if (png.size() < 24 || png.substr(0, 16) != kSignature) return;
  auto big_endian = [&](size_t at) {
    uint32_t value = 0;
    for (size_t i = 0; i < 4; ++i) value = (value << 8) | static_cast<unsigned char>(png[at + i]);
    return value;
  };
  const uint32_t w = big_endian(16), h = big_endian(20);
  if (w == 0 || h == 0 || w > 0x7fffffff || h > 0x7fffffff) return;
  width = static_cast<int>(w);
  height = static_cast<int>(h);
}

// The furniture's words (model/furniture.h), the same as the PDF prints.
Furniture Words(const Book& book) { return Furniture(*book.issue); }

Book PlanBook(const EpubInput& input, const EpubOptions& options) {
  const Issue& issue = input.issue;
  Book book;
  book.issue = &issue;
  book.mode = options.writing_mode.value_or(issue.writing_mode);
  book.language = issue.language.empty() ? std::string("zh") : issue.language;
  book.identifier = "urn:uuid:" + NameBasedUuid(kUuidNamespaceUrl,
                                                issue.publication.name + "/" + IsoDate(issue.date));
  book.title = Furniture(issue).Title();
  book.has_cover = !input.cover_png.empty();
  ReadPngSize(input.cover_png, book.cover_width, book.cover_height);

  std::map<std::string, std::vector<const PageMapEntry*>> fragments;
  for (const PageMapEntry& entry : input.page_map) fragments[entry.article_id].push_back(&entry);
  for (auto& [id, entries] : fragments) {
    std::stable_sort(
        entries.begin(), entries.end(),
        [](const PageMapEntry* a, const PageMapEntry* b) { return a->fragment < b->fragment; });
  }

  for (const Page& page : issue.pages) {
    for (const Article& article : page.articles) {
      ArticleDoc doc;
      doc.article = &article;
      doc.page = &page;
      char name[32];
      std::snprintf(name, sizeof name, "article-%03zu", book.articles.size() + 1);
      doc.manifest_id = name;
      doc.file = doc.manifest_id + ".xhtml";
      doc.first_page = page.number;
      auto it = fragments.find(article.id);
      if (it != fragments.end()) {
        for (const PageMapEntry* entry : it->second) {
          if (entry->fragment == 0) {
            doc.first_page = entry->page;
            break;
          }
        }
        for (const PageMapEntry* entry : it->second) {
          if (entry->fragment <= 0 || entry->page == doc.first_page) continue;
          if (std::find(doc.continuation_pages.begin(), doc.continuation_pages.end(),
                        entry->page) != doc.continuation_pages.end()) {
            continue;
          }
          doc.continuation_pages.push_back(entry->page);
        }
      }
      book.articles.push_back(std::move(doc));
    }
  }

  // Images, numbered in reading order; a file shown twice is stored once.
  std::function<void(const Block&)> collect = [&](const Block& block) {
    if (block.kind == Block::Kind::kFigure && block.image &&
        !book.images.count(block.image->path)) {
      char id[32];
      std::snprintf(id, sizeof id, "image-%03zu", book.images.size() + 1);
      const char* extension = block.image->format == Image::Format::kPng ? ".png" : ".jpg";
      book.images[block.image->path] = {std::string(kImageDir) + id + extension, id,
                                        ImageMediaType(block.image->format), &block};
      book.image_order.push_back(block.image->path);
    }
    for (const Block& child : block.children) collect(child);
  };
  for (const ArticleDoc& doc : book.articles) {
    for (const Block& block : doc.article->blocks) collect(block);
  }

  // The masthead stands at the top of the front page.
  for (const Page& page : issue.pages) book.masthead_marks_page_1 |= page.number == 1;
  for (const PageMapEntry& entry : input.page_map) book.masthead_marks_page_1 |= entry.page == 1;
  if (book.masthead_marks_page_1) {
    book.page_targets[1] = std::string(kMastheadFile) + "#" + PageMarkerId(1);
  }
  // A page's entry points at the start of the first article that begins there; only a page
  // without such an article points at the continuation that stands on it.
  for (const ArticleDoc& doc : book.articles) {
    book.page_targets.try_emplace(doc.first_page, doc.file + "#" + PageMarkerId(doc.first_page));
  }
  for (const ArticleDoc& doc : book.articles) {
    for (int page : doc.continuation_pages) {
      book.page_targets.try_emplace(page, doc.file + "#" + PageMarkerId(page));
    }
  }

  book.places[std::string(kMastheadFile) + "#" + PageMarkerId(1)] = {0, 0};
  book.places[kMastheadFile] = {0, 0};
  for (size_t i = 0; i < book.articles.size(); ++i) {
    const ArticleDoc& doc = book.articles[i];
    book.places[doc.file + "#" + PageMarkerId(doc.first_page)] = {i + 1, 0};
    book.places[ArticleHref(doc)] = {i + 1, 1};
    for (int page : doc.continuation_pages) {
      book.places[doc.file + "#" + PageMarkerId(page)] = {i + 1, 2};
    }
  }
  return book;
}

// ---------------------------------------------------------------------------------------------
// XHTML

void AppendXhtmlStart(const Book& book, std::string_view title, std::string& out,
                      std::string_view style = {}) {
  out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n";
  out += "<html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\"";
  out += " lang=\"" + Escaped(book.language) + "\" xml:lang=\"" + Escaped(book.language) + "\">\n";
  out += "<head>\n<meta charset=\"UTF-8\"/>\n<title>";
  AppendEscaped(out, title);
  out += "</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"";
  out += kCssFile;
  out += "\"/>\n";
  if (!style.empty()) {
    out += "<style>";
    out += style;
    out += "</style>\n";
  }
  out += "</head>\n";
}

void AppendPageBreak(const Book& book, int page, std::string& out) {
  // An explicit end tag rather than <span/>: reading systems that parse as HTML keep it empty.
  out += "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"" + PageMarkerId(page) +
         "\" aria-label=\"";
  AppendEscaped(out, Words(book).PageLabel(page));
  out += "\"></span>\n";
}

// Where print page `page` begins: its marker, then its folio line (第2版　综合) when the page
// has a section name, the one place the reading text names the section; elsewhere only the
// table of contents does, which readers do not show as text.
void AppendPageStart(const Book& book, int page, std::string& out) {
  AppendPageBreak(book, page, out);
  for (const Page& model_page : book.issue->pages) {
    if (model_page.number != page || model_page.section.empty()) continue;
    out += "<p class=\"page-section\">";
    AppendEscaped(out, Words(book).FolioStart(model_page));
    out += "</p>\n";
    break;
  }
}

// `text` escaped, with the digit groups that vertical text sets across the column (the same rule
// as the PDF's, TateChuYokoDigitGroups) in tate-chu-yoko spans. tcy_digits 0: none.
void AppendTextWithTcy(std::string& out, const std::string& text, int tcy_digits) {
  size_t pos = 0;
  for (const auto& [start, end] : TateChuYokoDigitGroups(text, tcy_digits)) {
    AppendEscaped(out, std::string_view(text).substr(pos, start - pos));
    out += "<span class=\"tcy\">";
    AppendEscaped(out, std::string_view(text).substr(start, end - start));
    out += "</span>";
    pos = end;
  }
  AppendEscaped(out, std::string_view(text).substr(pos));
}

void AppendInlines(const Inlines& inlines, std::string& out, int tcy_digits = 0) {
  for (const Inline& in : inlines) {
    switch (in.kind) {
      case Inline::Kind::kText:
        AppendTextWithTcy(out, in.text, tcy_digits);
        break;
      case Inline::Kind::kDateline:
        out += "<strong class=\"dateline\">";
        AppendEscaped(out, in.text);
        out += "</strong>";
        break;
      case Inline::Kind::kByline:
        out += "<span class=\"byline\">";
        AppendEscaped(out, in.text);
        out += "</span>";
        break;
      case Inline::Kind::kEmphasis:
        out += "<em>";
        AppendTextWithTcy(out, in.text, tcy_digits);
        out += "</em>";
        break;
      case Inline::Kind::kDots:
        out += "<em class=\"dots\">";
        AppendTextWithTcy(out, in.text, tcy_digits);
        out += "</em>";
        break;
      case Inline::Kind::kNoBreak:
        out += "<span class=\"nobr\">";
        AppendTextWithTcy(out, in.text, tcy_digits);
        out += "</span>";
        break;
      case Inline::Kind::kLink:
        out += "<a href=\"";
        AppendEscaped(out, in.href);
        out += "\">";
        AppendTextWithTcy(out, in.text, tcy_digits);
        out += "</a>";
        break;
      case Inline::Kind::kRuby:
        // The parentheses show the annotation inline where ruby is not supported.
        out += "<ruby>";
        AppendEscaped(out, in.text);
        out += "<rp>（</rp><rt>";
        AppendEscaped(out, in.ruby);
        out += "</rt><rp>）</rp></ruby>";
        break;
      case Inline::Kind::kTcy:
        out += "<span class=\"tcy\">";
        AppendEscaped(out, in.text);
        out += "</span>";
        break;
      case Inline::Kind::kTag:
        out += "<span class=\"tag\">";
        AppendTextWithTcy(out, in.text, tcy_digits);
        out += "</span>";
        break;
      case Inline::Kind::kLineBreak:
        out += "<br/>";
        break;
      case Inline::Kind::kWordBreak:
        out += "<wbr/>";
        break;
    }
  }
}

void AppendElement(std::string_view tag, std::string_view css_class, const Inlines& inlines,
                   std::string& out, int tcy_digits = 0) {
  out += '<';
  out += tag;
  if (!css_class.empty()) {
    out += " class=\"";
    out += css_class;
    out += '"';
  }
  out += '>';
  AppendInlines(inlines, out, tcy_digits);
  out += "</";
  out += tag;
  out += ">\n";
}

std::string HeadingTag(int level) { return "h" + std::to_string(std::clamp(level, 1, 6)); }

// heading_level: the level of a subhead at this depth (2 in the article body, 3 in a sidebar).
void AppendBlock(const Book& book, const Block& block, int heading_level, std::string& out,
                 int tcy = 0) {
  switch (block.kind) {
    case Block::Kind::kFigure: {
      out += "<figure class=\"figure\">\n";
      if (block.image) {
        auto it = book.images.find(block.image->path);
        if (it != book.images.end()) {
          out += "<img src=\"" + it->second.href + "\" alt=\"" + Escaped(block.alt) + "\"/>\n";
        }
      }
      if (!block.inlines.empty() || !block.credit.empty()) {
        out += "<figcaption>";
        AppendInlines(block.inlines, out, tcy);
        if (!block.credit.empty()) {
          if (!block.inlines.empty()) out += "\u3000";
          out += "<span class=\"credit\">";
          AppendInlines(block.credit, out, tcy);
          out += "</span>";
        }
        out += "</figcaption>\n";
      }
      out += "</figure>\n";
      break;
    }
    case Block::Kind::kParagraph:
    case Block::Kind::kSignatureLine:
      AppendElement("p", "", block.inlines, out, tcy);
      break;
    case Block::Kind::kListItem:  // outside a list: keep the text as a paragraph
      AppendElement("p", "item", block.inlines, out, tcy);
      break;
    case Block::Kind::kSubhead:
      AppendElement(HeadingTag(heading_level), "subhead", block.inlines, out, tcy);
      break;
    case Block::Kind::kQuote:
      out += "<blockquote>\n";
      AppendElement("p", "", block.inlines, out, tcy);
      out += "</blockquote>\n";
      break;
    case Block::Kind::kList:
      if (block.children.empty() && block.inlines.empty()) break;
      out += "<ul>\n";
      if (!block.inlines.empty()) AppendElement("li", "", block.inlines, out, tcy);
      for (const Block& item : block.children) {
        if (item.kind == Block::Kind::kListItem && item.children.empty()) {
          AppendElement("li", "", item.inlines, out, tcy);
        } else if (item.kind == Block::Kind::kListItem) {  // an item with a nested list
          out += "<li>";
          AppendInlines(item.inlines, out, tcy);
          out += '\n';
          for (const Block& child : item.children) AppendBlock(book, child, heading_level, out, tcy);
          out += "</li>\n";
        } else {
          out += "<li>\n";
          AppendBlock(book, item, heading_level, out, tcy);
          out += "</li>\n";
        }
      }
      out += "</ul>\n";
      break;
    case Block::Kind::kSidebar:
      out += "<aside class=\"sidebar\">\n";
      if (!block.inlines.empty()) {
        AppendElement(HeadingTag(heading_level), "sidebar-title", block.inlines, out, tcy);
      }
      for (const Block& child : block.children) AppendBlock(book, child, heading_level + 1, out, tcy);
      out += "</aside>\n";
      break;
    case Block::Kind::kSignature:
      out += "<div class=\"signature\">\n";
      if (!block.inlines.empty()) AppendElement("p", "", block.inlines, out, tcy);
      for (const Block& child : block.children) AppendBlock(book, child, heading_level, out, tcy);
      out += "</div>\n";
      break;
  }
}

std::string ArticleXhtml(const Book& book, const ArticleDoc& doc) {
  const Article& article = *doc.article;
  std::string out;
  const Typography typography = ResolvedTypography(book.issue->language, book.issue->typography,
                                                    doc.page->typography, article.typography);
  // The paragraph indent the source sets for this article, where it differs from style.css's.
  double indent_em = *typography.indent_em;
  // Vertical books set short digit groups across the column, as the PDF does.
  const int tcy = book.mode == WritingMode::kVertical ? *typography.tate_chu_yoko : 0;
  std::string style;
  if (indent_em != 2) {
    char buffer[64];
    snprintf(buffer, sizeof buffer, "article > p, aside > p { text-indent: %gem; }", indent_em);
    style = buffer;
  }
  AppendXhtmlStart(book, ArticleLabel(article), out, style);
  out += "<body epub:type=\"bodymatter\">\n";
  if (HoldsPageMarker(book, doc.file, doc.first_page)) AppendPageStart(book, doc.first_page, out);
  out += "<article id=\"" + doc.manifest_id + "\" class=\"";
  out += ArticleKindName(article.kind);
  out += "\">\n";
  if (!article.kicker.empty() || !article.headline.empty() || !article.subheadline.empty()) {
    out += "<header>\n";
    if (!article.kicker.empty()) AppendElement("p", "kicker", article.kicker, out, tcy);
    if (!article.headline.empty()) AppendElement("h1", "", article.headline, out, tcy);
    if (!article.subheadline.empty()) {
      AppendElement("p", "subheadline", article.subheadline, out, tcy);
    }
    out += "</header>\n";
  }
  for (const Block& block : article.blocks) AppendBlock(book, block, 2, out, tcy);
  // A jump to a page of this book is re-joined here (its rest follows in this document); only a
  // jump to a page the source does not carry is printed, as in the PDF.
  bool jump_inside = false;
  if (article.continues_on_page) {
    for (const Page& page : book.issue->pages) jump_inside |= page.number == *article.continues_on_page;
  }
  if (article.continues_on_page && !jump_inside) {
    out += "<p class=\"jump\">";
    AppendTextWithTcy(out, Words(book).ContinuesOn(*article.continues_on_page), tcy);
    out += "</p>\n";
  }
  for (int page : doc.continuation_pages) {
    if (HoldsPageMarker(book, doc.file, page)) AppendPageStart(book, page, out);
  }
  out += "</article>\n</body>\n</html>\n";
  return out;
}

void AppendLine(std::string_view css_class, std::string_view label, std::string_view text,
                std::string& out, int tcy_digits = 0) {
  if (text.empty()) return;
  out += "<p class=\"";
  out += css_class;
  out += "\">";
  AppendEscaped(out, label);
  AppendTextWithTcy(out, std::string(text), tcy_digits);
  out += "</p>\n";
}

// The print page the cover shows: the issue's first.
std::string CoverPageLabel(const Book& book) {
  return Words(book).PageLabel(book.issue->pages.empty() ? 1 : book.issue->pages.front().number);
}

// The cover image's text alternative: which paper, which day, which page.
std::string CoverAlt(const Book& book) {
  return book.title + " " + CoverPageLabel(book) + "版面";
}

std::string CoverXhtml(const Book& book) {
  std::string out;
  AppendXhtmlStart(book, "封面", out);
  out += "<body class=\"cover\">\n<div class=\"cover\">";
  out += "<img epub:type=\"cover\" role=\"doc-cover\" src=\"";
  out += kCoverImageFile;
  out += "\" alt=\"";
  AppendEscaped(out, CoverAlt(book));
  out += '"';
  if (book.cover_width > 0) {
    out += " width=\"" + std::to_string(book.cover_width) + "\" height=\"" +
           std::to_string(book.cover_height) + '"';
  }
  out += "/></div>\n</body>\n</html>\n";
  return out;
}

std::string MastheadXhtml(const Book& book) {
  const Issue& issue = *book.issue;
  const Publication& pub = issue.publication;
  std::string out;
  AppendXhtmlStart(book, book.title, out);
  // The whole document is the title page: said on the body, since readers that take a titlepage
  // section for a generated title page drop it (pandoc does), and with it the imprint.
  out += "<body epub:type=\"frontmatter titlepage\">\n";
  if (book.masthead_marks_page_1) AppendPageStart(book, 1, out);
  out += "<section class=\"masthead\">\n<h1 class=\"publication\">";
  AppendEscaped(out, pub.name.empty() ? book.title : pub.name);
  out += "</h1>\n";
  // Vertical books set the date's and the numbers' short digit groups across the column.
  const int tcy = book.mode == WritingMode::kVertical
                      ? *ResolvedTypography(issue.language, issue.typography, {}, {}).tate_chu_yoko
                      : 0;
  const Furniture words = Words(book);
  AppendLine("issue-date", "", words.DateAndWeekday(), out, tcy);
  AppendLine("issue-numbers", "", words.IssueNumbers(), out, tcy);
  AppendLine("page-count", "", words.PageCount(), out, tcy);
  out += "<div class=\"imprint\">\n";
  for (const MastheadLine& line : words.MastheadData()) {
    if (!line.link.empty()) {
      // The paper's site, as a link.
      out += "<p class=\"" + line.kind + "\"><a href=\"";
      AppendEscaped(out, line.link);
      out += "\">";
      AppendEscaped(out, line.text);
      out += "</a></p>\n";
    } else {
      AppendLine(line.kind, "", line.text, out);
    }
  }
  AppendLine("brand", "", pub.brand, out);
  out += "</div>\n</section>\n</body>\n</html>\n";
  return out;
}

// ---------------------------------------------------------------------------------------------
// Navigation: the table of contents by page, shared by nav.xhtml and toc.ncx

struct TocEntry {
  std::string label;
  std::string href;
  std::vector<TocEntry> children;
};

std::vector<TocEntry> TableOfContents(const Book& book) {
  std::vector<TocEntry> toc;
  size_t next_article = 0;
  // Entries must follow reading order (epubcheck NAV-011); a page map that disagrees with the
  // model's order of pages could put a page's marker elsewhere.
  std::pair<size_t, int> last_place = {0, 0};
  for (const Page& page : book.issue->pages) {
    TocEntry entry;
    entry.label = Words(book).PageLabel(page.number);
    if (!page.section.empty()) entry.label += " " + page.section;
    for (; next_article < book.articles.size() && book.articles[next_article].page == &page;
         ++next_article) {
      const ArticleDoc& doc = book.articles[next_article];
      entry.children.push_back({ArticleLabel(*doc.article), ArticleHref(doc), {}});
    }
    auto target = book.page_targets.find(page.number);
    if (target != book.page_targets.end() && book.places.at(target->second) >= last_place &&
        (entry.children.empty() ||
         book.places.at(target->second) <= book.places.at(entry.children.front().href))) {
      entry.href = target->second;
    } else if (!entry.children.empty()) {
      entry.href = entry.children.front().href;
    } else {
      continue;  // nothing of this page is in the book, or only in the page-list
    }
    last_place = book.places.at(entry.children.empty() ? entry.href : entry.children.back().href);
    toc.push_back(std::move(entry));
  }
  if (toc.empty()) toc.push_back({book.title, kMastheadFile, {}});
  return toc;
}

void AppendNavList(const std::vector<TocEntry>& entries, std::string& out) {
  out += "<ol>\n";
  for (const TocEntry& entry : entries) {
    out += "<li><a href=\"" + Escaped(entry.href) + "\">";
    AppendEscaped(out, entry.label);
    out += "</a>";
    if (!entry.children.empty()) {
      out += '\n';
      AppendNavList(entry.children, out);
    }
    out += "</li>\n";
  }
  out += "</ol>\n";
}

std::string FirstBodyHref(const Book& book) {
  return book.articles.empty() ? std::string(kMastheadFile) : ArticleHref(book.articles.front());
}

std::string NavXhtml(const Book& book, const std::vector<TocEntry>& toc) {
  std::string out;
  AppendXhtmlStart(book, "目录", out);
  out += "<body>\n<nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\">\n<h1>目录</h1>\n";
  AppendNavList(toc, out);
  out += "</nav>\n";
  out += "<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\">\n<h2>导览</h2>\n<ol>\n";
  if (book.has_cover) {
    out += "<li><a epub:type=\"cover\" href=\"" + std::string(kCoverFile) + "\">封面</a></li>\n";
  }
  out += "<li><a epub:type=\"toc\" href=\"" + std::string(kNavFile) + "#toc\">目录</a></li>\n";
  out +=
      "<li><a epub:type=\"titlepage\" href=\"" + std::string(kMastheadFile) + "\">报头</a></li>\n";
  out += "<li><a epub:type=\"bodymatter\" href=\"" + Escaped(FirstBodyHref(book)) +
         "\">正文</a></li>\n";
  out += "</ol>\n</nav>\n";
  if (!book.page_targets.empty()) {
    out +=
        "<nav epub:type=\"page-list\" id=\"page-list\" hidden=\"hidden\">\n<h2>版面</h2>\n<ol>\n";
    for (const auto& [page, href] : book.page_targets) {
      out += "<li><a href=\"" + Escaped(href) + "\">";
      AppendEscaped(out, Words(book).PageLabel(page));
      out += "</a></li>\n";
    }
    out += "</ol>\n</nav>\n";
  }
  out += "</body>\n</html>\n";
  return out;
}

// NCX playOrder: one number per distinct target the NCX uses, 1, 2, 3… without gaps, in reading
// order; epubcheck rejects gaps and different numbers for the same target.
class PlayOrder {
 public:
  PlayOrder(const Book& book, const std::vector<TocEntry>& toc) {
    std::vector<std::pair<std::pair<size_t, int>, std::string>> targets;
    auto add = [&](const std::string& href) { targets.push_back({book.places.at(href), href}); };
    for (const TocEntry& entry : toc) {
      add(entry.href);
      for (const TocEntry& child : entry.children) add(child.href);
    }
    for (const auto& [page, href] : book.page_targets) add(href);
    std::stable_sort(targets.begin(), targets.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& target : targets) order_.try_emplace(target.second, order_.size() + 1);
  }

  size_t Of(const std::string& href) const { return order_.at(href); }

 private:
  std::map<std::string, size_t> order_;
};

void AppendNcxPoints(const std::vector<TocEntry>& entries, const PlayOrder& play_order,
                     int& next_id, std::string& out) {
  for (const TocEntry& entry : entries) {
    out += "<navPoint id=\"np-" + std::to_string(next_id++) + "\" playOrder=\"" +
           std::to_string(play_order.Of(entry.href)) + "\">\n<navLabel><text>";
    AppendEscaped(out, entry.label);
    out += "</text></navLabel>\n<content src=\"" + Escaped(entry.href) + "\"/>\n";
    AppendNcxPoints(entry.children, play_order, next_id, out);
    out += "</navPoint>\n";
  }
}

std::string Ncx(const Book& book, const std::vector<TocEntry>& toc) {
  const PlayOrder play_order(book, toc);
  int depth = 1;
  for (const TocEntry& entry : toc) depth = entry.children.empty() ? depth : 2;
  int max_page = book.page_targets.empty() ? 0 : book.page_targets.rbegin()->first;
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\" xml:lang=\"" +
         Escaped(book.language) + "\">\n<head>\n";
  out += "<meta name=\"dtb:uid\" content=\"" + Escaped(book.identifier) + "\"/>\n";
  out += "<meta name=\"dtb:depth\" content=\"" + std::to_string(depth) + "\"/>\n";
  out += "<meta name=\"dtb:totalPageCount\" content=\"" + std::to_string(book.page_targets.size()) +
         "\"/>\n";
  out += "<meta name=\"dtb:maxPageNumber\" content=\"" + std::to_string(max_page) + "\"/>\n";
  out += "</head>\n<docTitle><text>";
  AppendEscaped(out, book.title);
  out += "</text></docTitle>\n<navMap>\n";
  int next_id = 1;
  AppendNcxPoints(toc, play_order, next_id, out);
  out += "</navMap>\n";
  if (!book.page_targets.empty()) {
    out += "<pageList>\n<navLabel><text>版面</text></navLabel>\n";
    for (const auto& [page, href] : book.page_targets) {
      out += "<pageTarget id=\"pt-" + std::to_string(page) + "\" type=\"normal\" value=\"" +
             std::to_string(page) + "\" playOrder=\"" + std::to_string(play_order.Of(href)) +
             "\">\n<navLabel><text>";
      AppendEscaped(out, Words(book).PageLabel(page));
      out += "</text></navLabel>\n<content src=\"" + Escaped(href) + "\"/>\n</pageTarget>\n";
    }
    out += "</pageList>\n";
  }
  out += "</ncx>\n";
  return out;
}

// ---------------------------------------------------------------------------------------------
// Package document, container, style sheet

std::string W3cDateTime(int64_t epoch_seconds) {
  UtcTime t = UtcTimeFromEpoch(epoch_seconds);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02dZ", t.year, t.month, t.day,
                t.hour, t.minute, t.second);
  return buffer;
}

void AppendMeta(std::string_view attributes, std::string_view value, std::string& out) {
  out += "<meta ";
  out += attributes;
  out += '>';
  AppendEscaped(out, value);
  out += "</meta>\n";
}

std::string PackageDocument(const Book& book, const EpubOptions& options) {
  const Issue& issue = *book.issue;
  const Publication& pub = issue.publication;
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out +=
      "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" "
      "unique-identifier=\"uid\" xml:lang=\"" +
      Escaped(book.language) + "\">\n";
  out += "<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n";
  out += "<dc:identifier id=\"uid\">" + Escaped(book.identifier) + "</dc:identifier>\n";
  out += "<dc:title id=\"title\">" + Escaped(book.title) + "</dc:title>\n";
  out += "<dc:language>" + Escaped(book.language) + "</dc:language>\n";
  if (IsValidDate(issue.date)) out += "<dc:date>" + IsoDate(issue.date) + "</dc:date>\n";
  if (!pub.publisher.empty())
    out += "<dc:publisher>" + Escaped(pub.publisher) + "</dc:publisher>\n";
  // The print edition the page markers come from (EPUB 3.3 §D.4.1, "pagination" source).
  std::string source = !pub.cn_number.empty() ? pub.cn_number
                       : !pub.issn.empty()    ? pub.issn
                                              : book.title;
  out += "<dc:source id=\"src\">" + Escaped(source) + "</dc:source>\n";
  AppendMeta("refines=\"#src\" property=\"source-of\"", "pagination", out);
  AppendMeta("property=\"dcterms:modified\"", W3cDateTime(options.modified_epoch), out);
  if (!pub.name.empty()) {
    AppendMeta("property=\"belongs-to-collection\" id=\"collection\"", pub.name, out);
    AppendMeta("refines=\"#collection\" property=\"collection-type\"", "series", out);
    if (issue.cumulative_number > 0) {
      AppendMeta("refines=\"#collection\" property=\"group-position\"",
                 std::to_string(issue.cumulative_number), out);
    }
  }
  // The cover's text alternative names the page, and every word printed on the page is in the
  // text; every photo has its text alternative (the reader requires alt); so the text alone
  // suffices.
  const bool visual = book.has_cover || !book.images.empty();
  AppendMeta("property=\"schema:accessMode\"", "textual", out);
  if (visual) AppendMeta("property=\"schema:accessMode\"", "visual", out);
  AppendMeta("property=\"schema:accessModeSufficient\"", "textual", out);
  std::vector<const char*> features = {"structuralNavigation", "tableOfContents", "readingOrder",
                                       "printPageNumbers"};
  if (visual) features.push_back("alternativeText");
  for (const char* feature : features) {
    AppendMeta("property=\"schema:accessibilityFeature\"", feature, out);
  }
  AppendMeta("property=\"schema:accessibilityHazard\"", "none", out);
  AppendMeta("property=\"schema:accessibilitySummary\"",
             (book.has_cover ? "本书是报纸的文字版。封面是印刷版" + CoverPageLabel(book) +
                                   "的版面图，有替代文字，版面上的文字都在正文里。"
                             : std::string("本书是报纸的文字版。")) +
                 (book.images.empty() ? std::string(book.has_cover ? "除此之外没有图像。"
                                                                    : "书中没有图像。")
                                      : std::string("新闻图片都有替代文字和图片说明。")) +
                 "报头之后每篇文章一个文档，按阅读顺序排列，标题和小标题有结构标记；"
                 "目录按版面列出文章，页码列表指向印刷版各版的起点。",
             out);
  // The conformance claim (EPUB Accessibility 1.1 §2): every book paiban makes passes DAISY Ace
  // with no violation and epubcheck with no error or warning; the tests check it on every issue
  // in both writing modes (tests/e2e/ace_test.cc), and a change that broke it would not land.
  AppendMeta("property=\"dcterms:conformsTo\"", "EPUB Accessibility 1.1 - WCAG 2.1 Level AA",
             out);
  AppendMeta("property=\"a11y:certifiedBy\"", "paiban (DAISY Ace and epubcheck in its tests)",
             out);
  // For EPUB 2 reading systems, which do not know the cover-image property.
  if (book.has_cover) out += "<meta name=\"cover\" content=\"cover-image\"/>\n";
  out += "</metadata>\n<manifest>\n";
  out += "<item id=\"nav\" href=\"" + std::string(kNavFile) +
         "\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>\n";
  out += "<item id=\"ncx\" href=\"" + std::string(kNcxFile) +
         "\" media-type=\"application/x-dtbncx+xml\"/>\n";
  out += "<item id=\"css\" href=\"" + std::string(kCssFile) + "\" media-type=\"text/css\"/>\n";
  if (book.has_cover) {
    out += "<item id=\"cover-image\" href=\"" + std::string(kCoverImageFile) +
           "\" media-type=\"image/png\" properties=\"cover-image\"/>\n";
    out += "<item id=\"cover\" href=\"" + std::string(kCoverFile) +
           "\" media-type=\"application/xhtml+xml\"/>\n";
  }
  out += "<item id=\"masthead\" href=\"" + std::string(kMastheadFile) +
         "\" media-type=\"application/xhtml+xml\"/>\n";
  for (const ArticleDoc& doc : book.articles) {
    out += "<item id=\"" + doc.manifest_id + "\" href=\"" + doc.file +
           "\" media-type=\"application/xhtml+xml\"/>\n";
  }
  for (const std::string& path : book.image_order) {
    const Book::BookImage& image = book.images.at(path);
    out += "<item id=\"" + image.id + "\" href=\"" + image.href + "\" media-type=\"" +
           image.media_type + "\"/>\n";
  }
  out += "</manifest>\n<spine toc=\"ncx\" page-progression-direction=\"";
  out += book.mode == WritingMode::kVertical ? "rtl" : "ltr";
  // The navigation document is in the spine only so that its landmarks may link to it
  // (epubcheck RSC-011); reading systems show it through their own menus.
  out += "\">\n";
  if (book.has_cover) out += "<itemref idref=\"cover\"/>\n";
  out += "<itemref idref=\"masthead\"/>\n<itemref idref=\"nav\" linear=\"no\"/>\n";
  for (const ArticleDoc& doc : book.articles) {
    out += "<itemref idref=\"" + doc.manifest_id + "\"/>\n";
  }
  out += "</spine>\n</package>\n";
  return out;
}

std::string ContainerXml() {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
         "<rootfiles>\n"
         "<rootfile full-path=\"" +
         std::string(kContentDir) +
         "package.opf\" media-type=\"application/oebps-package+xml\"/>\n"
         "</rootfiles>\n"
         "</container>\n";
}

// Physical property names for the logical sides the style sheet speaks of, since older reading
// systems know neither margin-block-start nor its kin.
struct Sides {
  const char* block_start;   // where a block begins: top, or right in vertical-rl
  const char* block_end;     // bottom, or left
  const char* inline_start;  // where a line begins: left, or top
};

std::string StyleSheet(WritingMode mode) {
  const bool vertical = mode == WritingMode::kVertical;
  const Sides s = vertical ? Sides{"right", "left", "top"} : Sides{"top", "bottom", "left"};
  const std::string flow = vertical ? "vertical-rl" : "horizontal-tb";
  auto side = [](const char* property, const char* which) {
    return std::string(property) + "-" + which;
  };
  std::string css = "@charset \"UTF-8\";\n";
  css += "html, body {\n  writing-mode: " + flow + ";\n  -epub-writing-mode: " + flow +
         ";\n  -webkit-writing-mode: " + flow + ";\n}\n";
  if (vertical) css += "html {\n  -epub-text-orientation: mixed;\n  text-orientation: mixed;\n}\n";
  css += "body {\n  margin: 0;\n  padding: 0;\n  line-height: 1.75;\n  text-align: justify;\n}\n";
  css +=
      "h1, h2, h3, h4 {\n  font-family: sans-serif;\n  font-weight: bold;\n  line-height: 1.4;"
      "\n  text-align: start;\n}\n";
  css += "h1 {\n  font-size: 1.6em;\n  margin: 0;\n  " + side("margin", s.block_start) +
         ": 0.3em;\n  " + side("margin", s.block_end) + ": 0.3em;\n}\n";
  css += "h2, h3, h4 {\n  font-size: 1.1em;\n  margin: 0;\n  " + side("margin", s.block_start) +
         ": 1em;\n  " + side("margin", s.block_end) + ": 0.5em;\n}\n";
  css += "p {\n  margin: 0;\n  text-indent: 2em;\n}\n";
  css += "header {\n  " + side("margin", s.block_end) + ": 1em;\n}\n";
  css += "header p, .masthead p, .signature p, p.jump, li p, p.page-section {\n"
         "  text-indent: 0;\n}\n";
  css += "p.page-section {\n  font-family: sans-serif;\n  font-size: 0.85em;\n}\n";
  css += ".kicker, .subheadline {\n  font-size: 1.05em;\n}\n";
  // Headlines break by phrase where the reading system can (word-break: auto-phrase), at the
  // source's <wbr/>, and with balanced lines, as the PDF sets them.
  css += "header h1, header p {\n  word-break: auto-phrase;\n  text-wrap: balance;\n}\n";
  css += "strong, em {\n  font-weight: bold;\n  font-style: normal;\n}\n";
  // Emphasis dots (着重号): under the characters in horizontal text, to their right in vertical.
  css += "em.dots {\n  font-weight: normal;\n  -webkit-text-emphasis: filled dot;\n"
         "  text-emphasis: filled dot;\n  -webkit-text-emphasis-position: under right;\n"
         "  text-emphasis-position: under right;\n}\n";
  // Newspapers set the run-in dateline apart from the reporter's credit by one em.
  css += ".dateline {\n  margin-inline-end: 1em;\n}\n";
  // A group no line break divides, and a headline's column tag (栏目名), which is one too.
  css += ".nobr, .tag {\n  white-space: nowrap;\n}\n";
  // Tate-chu-yoko: across the column in vertical text; no effect in horizontal text.
  css += ".tcy {\n  text-combine-upright: all;\n  -webkit-text-combine: horizontal;\n"
         "  -epub-text-combine: horizontal;\n}\n";
  css += "ul {\n  margin: 0;\n  " + side("margin", s.block_start) + ": 0.5em;\n  " +
         side("margin", s.block_end) + ": 0.5em;\n  padding: 0;\n  " +
         side("padding", s.inline_start) + ": 2em;\n}\n";
  css += "aside.sidebar {\n  border: 1px solid #000;\n  padding: 0.5em 1em;\n  margin: 0;\n  " +
         side("margin", s.block_start) + ": 1em;\n  " + side("margin", s.block_end) + ": 1em;\n}\n";
  css += ".signature, p.jump {\n  text-align: right;\n  text-align: end;\n  margin: 0;\n  " +
         side("margin", s.block_start) + ": 0.5em;\n}\n";
  css += ".masthead {\n  text-align: center;\n}\n";
  css += "blockquote {\n  margin: 0.5em 1em;\n  font-family: serif;\n}\n";
  // Figures: the photo within the page whatever the writing mode, its caption in smaller type.
  css += "figure {\n  margin: 0;\n  " + side("margin", s.block_start) + ": 1em;\n  " +
         side("margin", s.block_end) + ": 1em;\n}\n";
  css += "figure img {\n  display: block;\n  max-width: 100%;\n  max-height: 100%;\n}\n";
  css += "figcaption {\n  font-size: 0.9em;\n  text-indent: 0;\n}\n";
  css += ".masthead h1.publication {\n  font-size: 2.4em;\n  letter-spacing: 0.2em;\n}\n";
  css += ".imprint {\n  font-size: 0.85em;\n  " + side("margin", s.block_start) + ": 1.5em;\n}\n";
  css += "nav ol {\n  list-style: none;\n}\n";
  // The cover page: the image as large as the screen allows, upright in either writing mode.
  css += "body.cover {\n  writing-mode: horizontal-tb;\n  -epub-writing-mode: horizontal-tb;\n"
         "  -webkit-writing-mode: horizontal-tb;\n  text-align: center;\n}\n";
  css += "div.cover img {\n  max-width: 100%;\n  max-height: 100vh;\n  width: auto;\n"
         "  height: auto;\n}\n";
  return css;
}

}  // namespace

// Howard Hinnant's civil_from_days, for the proleptic Gregorian calendar.
UtcTime UtcTimeFromEpoch(int64_t epoch_seconds) {
  int64_t days = epoch_seconds / 86400;
  int64_t seconds = epoch_seconds % 86400;
  if (seconds < 0) {
    seconds += 86400;
    --days;
  }
  const int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  UtcTime t;
  t.year = static_cast<int>(year);
  t.month = static_cast<int>(month);
  t.day = static_cast<int>(day);
  t.hour = static_cast<int>(seconds / 3600);
  t.minute = static_cast<int>(seconds / 60 % 60);
  t.second = static_cast<int>(seconds % 60);
  return t;
}

std::vector<EpubFile> BuildEpubFiles(const EpubInput& input, const EpubOptions& options,
                                     Diagnostics* diagnostics) {
  const Book book = PlanBook(input, options);
  const std::vector<TocEntry> toc = TableOfContents(book);
  const std::string dir = kContentDir;
  std::vector<EpubFile> files;
  files.push_back({"mimetype", "application/epub+zip"});
  files.push_back({"META-INF/container.xml", ContainerXml()});
  files.push_back({dir + "package.opf", PackageDocument(book, options)});
  files.push_back({dir + kNavFile, NavXhtml(book, toc)});
  files.push_back({dir + kNcxFile, Ncx(book, toc)});
  files.push_back({dir + kCssFile, StyleSheet(book.mode)});
  if (book.has_cover) {
    files.push_back({dir + kCoverImageFile, std::string(input.cover_png)});
    files.push_back({dir + kCoverFile, CoverXhtml(book)});
  }
  files.push_back({dir + kMastheadFile, MastheadXhtml(book)});
  for (const ArticleDoc& doc : book.articles) {
    files.push_back({dir + doc.file, ArticleXhtml(book, doc)});
  }
  // The image files as they are: JPEG and PNG are what EPUB reading systems must show.
  for (const std::string& path : book.image_order) {
    const Book::BookImage& image = book.images.at(path);
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if ((!in || bytes.str().empty()) && diagnostics != nullptr) {
      diagnostics->Error(image.first_figure->loc,
                         "cannot read the image '" + image.first_figure->image->src +
                             "' for the EPUB");
    }
    files.push_back({dir + image.href, bytes.str()});
  }
  return files;
}

bool WriteEpub(const EpubInput& input, const EpubOptions& options, std::string& epub,
               Diagnostics& diagnostics) {
  std::vector<EpubFile> files = BuildEpubFiles(input, options, &diagnostics);
  if (diagnostics.HasErrors()) return false;
  return WriteOcfContainer(files, options, epub, diagnostics);
}

}  // namespace paiban
