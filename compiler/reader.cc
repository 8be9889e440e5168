// The reader works in three stages, each in files of its own:
//
// 1. The bytes (source_bytes.cc): the encoding (UTF-8, with or without a byte order mark; UTF-16,
//    other declared encodings and binary files are refused by name), invalid UTF-8 and control
//    characters.
// 2. The markup (markup_scanner.cc): a small scanner of our own checks what tinyxml2 accepts
//    silently or reports without a column, and records where every start tag and every attribute
//    begins, so that each diagnostic carries an exact line and column (line_index.cc counts them).
// 3. The DOM (xml_dom.cc, the one user of tinyxml2): each element kind has a function that checks
//    its attributes against the names it knows (validation.cc: names, suggestions for misspelt
//    ones, values), reads its children, and reports what is unknown or missing at the element's
//    own location, then carries on so that one run reports every error (up to kMaxErrors). This
//    file reads the issue, its publication, date and pages and checks the issue as a whole;
//    read_article.cc reads articles, read_inlines.cc their text, read_template.cc page templates,
//    and read_context.cc holds what they share: the source being read, where each element is,
//    the errors so far and the checks every element uses.
//
// Errors of stages 1 and 2 stop the reader before tinyxml2 sees the text: a source that is not
// well-formed gives one precise message instead of a cascade.
#include "compiler/reader.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>

#include "compiler/read_context.h"
#include "compiler/read_elements.h"
#include "compiler/source_bytes.h"
#include "compiler/validation.h"
#include "compiler/xml_dom.h"
#include "model/text.h"

namespace paiban {
namespace reader {
namespace {

// Sources larger than this are refused before they are read into memory.
constexpr std::uintmax_t kMaxSourceBytes = 64u << 20;

void ReadPublication(ReadContext& ctx, XmlElement element, Publication& pub) {
  CheckAttributes(ctx, element, {});
  CheckStructure(ctx, element,
                 {"name", "supervisor", "publisher", "cn", "issn", "postal-code", "url", "brand"},
                 "each field of the publication has its element, e.g. <name>");
  for (XmlElement child = element.FirstChildElement(); child; child = child.NextSiblingElement()) {
    std::string name = child.Value();
    if (name != "sponsor" && child != element.FirstChildElement(name.c_str())) continue;
    CheckAttributes(ctx, child, {});
    std::string value = PlainElementText(ctx, child);
    if (name == "name") {
      pub.name = value;
    } else if (name == "supervisor") {
      pub.supervisor = value;
    } else if (name == "sponsor") {
      pub.sponsors.push_back(value);
    } else if (name == "publisher") {
      pub.publisher = value;
    } else if (name == "cn") {
      pub.cn_number = value;
    } else if (name == "issn") {
      pub.issn = value;
    } else if (name == "postal-code") {
      pub.postal_code = value;
    } else if (name == "url") {
      // Printed in the masthead and made a link in the PDF and the EPUB, which must be valid.
      if (!IsLinkAddress(value) || value.rfind("mailto:", 0) == 0) {
        ctx.Error(ctx.Loc(child),
                  "<url> must be an absolute http or https address (ASCII, no spaces), "
                  "not '" +
                      Shown(value) + "'");
      } else {
        pub.url = value;
      }
    } else if (name == "brand") {
      pub.brand = value;
    } else {
      UnknownElement(ctx, child, element,
                     {"name", "supervisor", "sponsor", "publisher", "cn", "issn", "postal-code",
                      "url", "brand"});
    }
  }
  if (pub.name.empty()) ctx.Error(ctx.Loc(element), "<publication> needs a <name>");
}

void ReadDate(ReadContext& ctx, XmlElement element, Issue& issue) {
  CheckAttributes(ctx, element, {"weekday"});
  std::string value = PlainElementText(ctx, element);
  Date date;
  // Exactly YYYY-MM-DD: sscanf alone would also take signs and spaces ("+202-+1-+1").
  bool iso = value.size() == 10 && value[4] == '-' && value[7] == '-' &&
             std::all_of(value.begin(), value.end(),
                         [](char c) { return c == '-' || (c >= '0' && c <= '9'); });
  if (!iso || sscanf(value.c_str(), "%4d-%2d-%2d", &date.year, &date.month, &date.day) != 3) {
    ctx.Error(ctx.Loc(element),
              "<date> must be an ISO date like 2020-12-30, not '" + Shown(value) + "'");
    return;
  }
  if (!IsValidDate(date)) {
    ctx.Error(ctx.Loc(element), "the date " + value + " does not exist");
    return;
  }
  issue.date = date;
  if (const char* weekday = element.Attribute("weekday")) {
    if (ChineseWeekday(date) != weekday) {
      ctx.Error(ctx.AttrLoc(element, "weekday"), "weekday '" + Shown(weekday) +
                                                     "' does not match " + value + ", which is a " +
                                                     ChineseWeekday(date));
    }
  }
}

void ReadPage(ReadContext& ctx, XmlElement element, std::set<std::string>& article_ids,
              TemplateShelf& templates, Issue& issue) {
  CheckAttributes(
      ctx, element,
      {"number", "section", "template", "writing-mode", "kinsoku", "punctuation", "cjk-latin-space",
       "tate-chu-yoko", "indent", "grid", "font-body", "font-headline", "font-kai", "font-sans"});
  Page page;
  page.loc = ctx.Loc(element);
  page.writing_mode = WritingModeAttribute(ctx, element);
  page.page_template = TemplateAttribute(ctx, element, templates);
  ReadTypography(ctx, element, page.typography);
  if (auto number = IntAttribute(ctx, element, "number", /*required=*/true, 1)) {
    page.number = *number;
  }
  if (const char* section = element.Attribute("section")) page.section = section;
  CheckStructure(ctx, element, {}, "a page's text goes in its <article> elements");
  for (XmlElement child = element.FirstChildElement(); child; child = child.NextSiblingElement()) {
    if (std::string(child.Value()) == "article") {
      Article article;
      ReadArticle(ctx, child, article_ids, article);
      page.articles.push_back(std::move(article));
    } else {
      UnknownElement(ctx, child, element, {"article"});
    }
  }
  if (page.articles.empty()) ctx.Error(page.loc, "<page> needs at least one <article>");
  issue.pages.push_back(std::move(page));
}

// Cross-checks that need the whole issue: page numbers, the ear, jumps between pages and
// writing modes, columns against the template.
void CheckIssue(ReadContext& ctx, const Issue& issue) {
  std::set<int> page_numbers;
  for (const Page& page : issue.pages) {
    if (page.number <= 0) continue;
    if (!page_numbers.insert(page.number).second) {
      ctx.Error(page.loc, "duplicate page number " + std::to_string(page.number));
    }
    if (issue.page_count > 0 && page.number > issue.page_count) {
      ctx.Error(page.loc, "page " + std::to_string(page.number) + " is beyond the issue's " +
                              std::to_string(issue.page_count) + " pages");
    }
    const PageTemplate& page_template = page.page_template    ? *page.page_template
                                        : issue.page_template ? *issue.page_template
                                                              : PageTemplate{};
    const Article* ear = nullptr;
    for (const Article& article : page.articles) {
      if (article.ear) {
        if (page.number != 1) {
          ctx.Error(article.loc, "article '" + Shown(article.id) +
                                     "' is placed in the ear, but only " +
                                     "page 1 has the nameplate and its ear; page " +
                                     std::to_string(page.number) + " has none");
        } else if (ear != nullptr) {
          ctx.Error(article.loc, "article '" + Shown(article.id) +
                                     "' is placed in the ear, which already holds article '" +
                                     Shown(ear->id) + "'");
        } else {
          ear = &article;
        }
        if (article.columns || article.rows) {
          ctx.Error(article.columns ? article.columns->loc : article.loc,
                    "article '" + Shown(article.id) +
                        "' stands in the ear: it has no grid columns or rows");
        }
        if (article.continues_on_page) {
          ctx.Error(article.loc, "article '" + Shown(article.id) +
                                     "' stands in the ear: it cannot continue on another page");
        }
        if (article.writing_mode) {
          ctx.Error(article.writing_mode_loc,
                    "article '" + Shown(article.id) +
                        "' stands in the ear, which is set in horizontal lines in either writing "
                        "mode: it takes no writing-mode");
        }
      }
      const WritingMode page_mode = page.writing_mode.value_or(issue.writing_mode);
      if (article.writing_mode && *article.writing_mode != page_mode && article.continues_on_page) {
        ctx.Error(article.writing_mode_loc,
                  "article '" + Shown(article.id) + "' is set " +
                      (page_mode == WritingMode::kVertical ? "horizontally on vertical"
                                                           : "vertically on horizontal") +
                      " page " + std::to_string(page.number) +
                      ": a block in the other writing mode is kept whole and cannot continue on "
                      "another page");
      }
      if (article.columns && article.columns->last > page_template.columns) {
        ctx.Error(article.columns->loc,
                  "article '" + Shown(article.id) + "' spans columns " +
                      std::to_string(article.columns->first) + "-" +
                      std::to_string(article.columns->last) + ", but the page's template " +
                      (page_template.name.empty() ? std::string("(the built-in default)")
                                                  : "'" + page_template.name + "'") +
                      " has " + std::to_string(page_template.columns) + " columns");
      }
      if (article.continues_on_page && issue.page_count > 0 &&
          *article.continues_on_page > issue.page_count) {
        ctx.Error(article.loc, "article '" + Shown(article.id) + "' continues on page " +
                                   std::to_string(*article.continues_on_page) +
                                   ", beyond the issue's " + std::to_string(issue.page_count) +
                                   " pages");
      }
      if (article.continues_on_page) {
        // A story's rest is composed where it breaks: it continues in the same writing mode.
        for (const Page& target : issue.pages) {
          if (target.number != *article.continues_on_page) continue;
          WritingMode from = page.writing_mode.value_or(issue.writing_mode);
          WritingMode to = target.writing_mode.value_or(issue.writing_mode);
          if (from != to) {
            ctx.Error(article.loc,
                      "article '" + Shown(article.id) + "' on page " + std::to_string(page.number) +
                          " (" + (from == WritingMode::kVertical ? "vertical" : "horizontal") +
                          ") cannot continue on page " + std::to_string(target.number) + " (" +
                          (to == WritingMode::kVertical ? "vertical" : "horizontal") +
                          "): a story continues in its writing mode");
          }
        }
      }
      if (article.continues_on_page && *article.continues_on_page <= page.number) {
        ctx.Error(article.loc, "article '" + Shown(article.id) + "' on page " +
                                   std::to_string(page.number) + " cannot continue on page " +
                                   std::to_string(*article.continues_on_page));
      }
    }
  }
}

std::optional<Issue> ReadIssue(ReadContext& ctx) {
  XmlDocument doc;
  XmlElement root = ctx.Parse(doc, "issue");
  if (root == nullptr) return std::nullopt;
  std::set<std::string> article_ids;
  TemplateShelf templates;
  Issue issue;
  issue.loc = ctx.Loc(root);
  CheckAttributes(
      ctx, root,
      {"id", "lang", "writing-mode", "template", "kinsoku", "punctuation", "cjk-latin-space",
       "tate-chu-yoko", "indent", "grid", "font-body", "font-headline", "font-kai", "font-sans"});
  issue.page_template = TemplateAttribute(ctx, root, templates);
  ReadTypography(ctx, root, issue.typography);
  if (const char* id = RequiredAttribute(ctx, root, "id")) {
    issue.id = id;
    if (!IsIssueId(issue.id)) {
      ctx.Error(ctx.AttrLoc(root, "id"),
                "issue id '" + Shown(issue.id) +
                    "' must be ASCII letters, digits, '-', '_' or '.' (it names "
                    "the output files)");
    } else if (issue.id.size() > kMaxIdLength) {
      ctx.Error(ctx.AttrLoc(root, "id"),
                "issue id '" + Shown(issue.id) + "' has " + std::to_string(issue.id.size()) +
                    " characters; an id has at most " + std::to_string(kMaxIdLength) +
                    " (it names the output files, whose names the file system "
                    "limits)");
    }
  }
  if (const char* lang = root.Attribute("lang")) {
    std::string value = lang;
    if (value != "zh-Hans" && value != "zh-Hant" && value != "ja") {
      ctx.Error(ctx.AttrLoc(root, "lang"),
                "unknown language '" + Shown(value) + "'; known: zh-Hans zh-Hant ja");
    } else {
      issue.language = value;
    }
  }
  if (auto mode = WritingModeAttribute(ctx, root)) issue.writing_mode = *mode;
  CheckStructure(ctx, root, {"publication", "date", "numbering"},
                 "an issue's text goes in its <page> elements");
  bool has_publication = false, has_date = false, has_numbering = false;
  for (XmlElement child = root.FirstChildElement(); child; child = child.NextSiblingElement()) {
    std::string name = child.Value();
    if (name != "page" && child != root.FirstChildElement(name.c_str())) continue;  // a second
    if (name == "publication") {
      has_publication = true;
      ReadPublication(ctx, child, issue.publication);
    } else if (name == "date") {
      has_date = true;
      ReadDate(ctx, child, issue);
    } else if (name == "numbering") {
      has_numbering = true;
      CheckAttributes(ctx, child, {"issue", "cumulative", "pages"});
      CheckStructure(ctx, child, {}, "<numbering/> is empty: its attributes say it all");
      issue.issue_number = IntAttribute(ctx, child, "issue", true, 1).value_or(0);
      issue.cumulative_number = IntAttribute(ctx, child, "cumulative", true, 1).value_or(0);
      issue.page_count = IntAttribute(ctx, child, "pages", true, 1).value_or(0);
    } else if (name == "page") {
      ReadPage(ctx, child, article_ids, templates, issue);
    } else {
      UnknownElement(ctx, child, root, {"publication", "date", "numbering", "page"});
    }
  }
  if (!has_publication) ctx.Error(issue.loc, "<issue> needs a <publication>");
  if (!has_date) ctx.Error(issue.loc, "<issue> needs a <date>");
  if (!has_numbering) ctx.Error(issue.loc, "<issue> needs a <numbering>");
  if (issue.pages.empty()) ctx.Error(issue.loc, "<issue> needs at least one <page>");

  CheckIssue(ctx, issue);
  if (ctx.errors() > 0) return std::nullopt;
  return issue;
}
}  // namespace
}  // namespace reader

bool IsWideForSpacing(char32_t cp) {
  return (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFF) || cp == 0x2014 ||
         cp == 0x2026 || (cp >= 0x2018 && cp <= 0x201D) || cp == 0x00B7;
}

std::optional<Issue> ReadIssueFromString(const std::string& text, const std::string& file_name,
                                         Diagnostics& diagnostics) {
  // A UTF-8 byte order mark is accepted and skipped (XML allows it, and Windows editors write
  // one); columns on the first line count from the character after it, as editors show them.
  std::string_view body(text);
  body.remove_prefix(reader::ByteOrderMarkLength(body));
  reader::ReadContext ctx(body, file_name, diagnostics);
  return reader::ReadIssue(ctx);
}

std::optional<Issue> ReadIssueFile(const std::string& path, Diagnostics& diagnostics) {
  auto fail = [&](std::string message) {
    diagnostics.Error(SourceLoc{path, 0, 0}, std::move(message));
    return std::nullopt;
  };
  struct stat st;
  if (stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) {
      return fail("cannot open the issue source: no such file");
    }
    return fail(std::string("cannot open the issue source: ") + strerror(errno));
  }
  if (S_ISDIR(st.st_mode)) {
    return fail("is a directory; give the issue source file (e.g. DIR/issue.xml)");
  }
  // A device or a pipe could be endless (/dev/zero) or block forever.
  if (!S_ISREG(st.st_mode)) return fail("is not a regular file; give the issue source file");
  if (static_cast<std::uintmax_t>(st.st_size) > reader::kMaxSourceBytes) {
    return fail("the file is " + std::to_string(st.st_size >> 20) +
                " MB; an issue source may have at most " +
                std::to_string(reader::kMaxSourceBytes >> 20) + " MB");
  }
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fail(std::string("cannot open the issue source for reading") +
                (errno != 0 ? std::string(": ") + strerror(errno) : std::string()));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return fail("cannot read the issue source");
  return ReadIssueFromString(buffer.str(), path, diagnostics);
}

}  // namespace paiban
