// The Issue model: what an issue source says, independent of XML and of page geometry.
//
// Every stage reads this vocabulary: the compiler builds it, layout composes it into pages and the
// EPUB writer turns it into XHTML. Every node keeps the source location it came from, so any
// character on a page can be traced back to its line and column.
#ifndef PAIBAN_MODEL_ISSUE_H_
#define PAIBAN_MODEL_ISSUE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/diagnostics.h"

namespace paiban {

enum class WritingMode { kHorizontal, kVertical };

const char* WritingModeName(WritingMode mode);

// A run of text with one set of inline properties. Generated text (labels like "主管：") is not
// in the model; the model holds only what the source says.
struct Inline {
  enum class Kind {
    kText,       // ordinary text
    kDateline,   // run-in dateline such as 本报讯, set bold
    kByline,     // run-in reporter credit such as 记者胡春民报道
    kEmphasis,   // <em>: bold
    kTcy,        // <tcy>: set across a vertical column in one cell (tate-chu-yoko), e.g. "AI"
    kDots,       // <dots>: emphasis dots (着重号, clreq §3.1.8) under or beside each character
    kNoBreak,    // <nobr>: a group no line break divides, e.g. a name or a figure with its unit
    kLink,       // <a href="…">: a link to an address outside the issue
    kRuby,       // <ruby>base<rt>annotation</rt></ruby>: text is the base, ruby the annotation
    kTag,        // <tag>: a headline's column tag (栏目名) such as 【数字中国】, set as one unit
    kLineBreak,  // <br/>: a forced line break (headlines)
    kWordBreak,  // <wbr/>: where a headline prefers to break, if it breaks
  };
  Kind kind = Kind::kText;
  std::string text;  // UTF-8; empty for kLineBreak and kWordBreak
  SourceLoc loc;
  std::string href;  // kLink: an absolute http, https or mailto address
  std::string ruby;  // kRuby: the annotation (pinyin, zhuyin, furigana)
};

using Inlines = std::vector<Inline>;

// The plain text of a list of inlines; a line break counts as nothing.
std::string PlainText(const Inlines& inlines);

// A headline's column tag (栏目名, 系列名) written plainly: a leading 【…】 or a trailing （…）
// of its text becomes a kTag inline, as if the source had written <tag>. Headlines that mark a
// tag already, and a headline that is one bracketed group, are left as they are.
void MarkColumnTags(Inlines& headline);

// An image file a figure shows, as the reader found it: inside the issue's folder, of the type
// its extension names, with its size read from the file's header.
struct Image {
  enum class Format { kJpeg, kPng };
  std::string src;   // as the source wrote it, relative to the issue's folder
  std::string path;  // the file to read: the issue's folder joined with src
  Format format = Format::kJpeg;
  int width_px = 0;
  int height_px = 0;
  // Colour components: 1 grey, 3 colour (RGB or YCbCr), 4 CMYK. PNG: 1 grey, 3 colour.
  int components = 0;
  bool has_alpha = false;  // PNG with an alpha channel or transparency (flattened onto white)
};

const char* ImageMediaType(Image::Format format);  // image/jpeg, image/png

struct Block {
  enum class Kind {
    kParagraph,  // body paragraph: inlines
    kSubhead,    // subhead inside the body: inlines
    kList,       // children are kListItem blocks
    kListItem,   // inlines
    kSidebar,    // boxed sidebar: title (inlines) and children blocks
    kSignature,  // flush-right signature: children are kSignatureLine blocks
    kSignatureLine,
    kFigure,  // an image with its caption (inlines), credit and alt text
    kQuote,   // a quotation set off from the body: inlines
  };
  Kind kind = Kind::kParagraph;
  // The text of a paragraph, subhead, item or line; the title of a sidebar; a figure's caption.
  Inlines inlines;
  std::vector<Block> children;
  // Figures only: the image, its text alternative for readers who cannot see it, and the credit
  // (photographer or source) printed after the caption.
  std::optional<Image> image;
  std::string alt;
  Inlines credit;
  SourceLoc loc;
};

const char* BlockKindName(Block::Kind kind);

enum class ArticleKind { kNews, kEditorial, kCommentary, kNotice, kBrief, kPhotoStory };

const char* ArticleKindName(ArticleKind kind);

// Composition settings (docs/typography.md), each optional: an article's setting overrides its
// page's, which overrides the issue's, which overrides the defaults of the issue's language. Values are
// the names the source uses, validated by the reader (kinsoku: none basic gb strict very-loose
// loose ja-strict very-strict; punctuation: mainland taiwan hongkong japanese).
struct Typography {
  std::optional<std::string> kinsoku;
  std::optional<std::string> punctuation;
  std::optional<bool> cjk_latin_space;
  std::optional<int> tate_chu_yoko;  // digits set across in vertical text; 0 = off
  std::optional<double> indent_em;   // first-line indent of body paragraphs
  std::optional<bool> grid;          // Han characters on the character grid
  // Font families per role (font-body, font-headline, font-kai, font-sans), each with the
  // attribute that named it; installed families only (checked against fontconfig before layout).
  struct Family {
    std::string name;
    SourceLoc loc;
  };
  std::optional<Family> font_body, font_headline, font_kai, font_sans;

  // This set with `over`'s values taking precedence where it has them.
  Typography With(const Typography& over) const;
};

// The settings of a language (zh-Hans, zh-Hant, ja) when the source names none; every field set.
Typography DefaultTypography(const std::string& language);

// The settings in force for `article` on `page` of `issue`: defaults, issue, page, article.
Typography ResolvedTypography(const std::string& language, const Typography& issue,
                              const Typography& page, const Typography& article);

// A page template (docs/issue-format.md, "Templates"): the geometry of a page, written once in a
// template file that every issue of the paper names. The defaults are a Chinese 4开 tabloid
// front page (265 × 380 mm) set in 小五 (9 pt) on 7 columns.
struct PageTemplate {
  std::string name;  // "" for the built-in default
  double width_pt = 265 / 25.4 * 72;
  double height_pt = 380 / 25.4 * 72;
  double margin_top_pt = 10 / 25.4 * 72;
  double margin_bottom_pt = 10 / 25.4 * 72;
  double margin_inner_pt = 10 / 25.4 * 72;
  double margin_outer_pt = 10 / 25.4 * 72;
  int columns = 7;          // horizontal pages: columns side by side
  int bands = 5;            // vertical pages: bands (段) stacked top to bottom
  double body_size_pt = 9;  // 小五
  double line_pitch = 1.3;  // baseline-to-baseline distance in ems of the body size
  double bleed_mm = 0;      // the print shop's bleed; newspapers send trim size
  bool marks = false;       // crop marks outside the bleed
  SourceLoc loc;            // the <template> element
};

struct Article {
  std::string id;
  ArticleKind kind = ArticleKind::kNews;
  Inlines kicker;       // 引题, or a column label such as 社论
  Inlines headline;     // 主题; may hold line breaks
  Inlines subheadline;  // 副题
  std::vector<Block> blocks;
  // "（下转第N版）": the page the story continues on, when the rest is not in this source.
  std::optional<int> continues_on_page;
  // The grid columns the article's module spans (1-based, counted in reading order, inclusive),
  // when the source places it; otherwise page makeup chooses. Horizontal pages only.
  struct Columns {
    int first = 1;
    int last = 1;
    SourceLoc loc;  // the attribute
  };
  std::optional<Columns> columns;
  // The module's depth in grid rows (body lines, headline block included), when the source
  // fixes it, as a make-up dummy gives a story "3 columns × 40 lines"; otherwise the text decides.
  std::optional<int> rows;
  // place="ear": the article stands in the ear (报眼), the box beside the nameplate on page 1,
  // instead of on the page's grid.
  bool ear = false;
  // The article's writing mode when it is not its page's (a poem set vertically on a horizontal
  // page, a horizontal table on a vertical one): it is set as one block in that mode and kept
  // whole, and the EPUB keeps the issue's mode. Unset: the page's mode.
  std::optional<WritingMode> writing_mode;
  SourceLoc writing_mode_loc;
  Typography typography;
  SourceLoc loc;
};

struct Page {
  int number = 0;
  std::string section;  // 版名, e.g. 要闻
  std::vector<Article> articles;
  Typography typography;
  std::optional<PageTemplate> page_template;  // this page's own template, if it names one
  // This page's writing mode when it differs from the issue's (a horizontal 国际 page in a
  // vertical paper); the PDF page follows it, the EPUB keeps the issue's.
  std::optional<WritingMode> writing_mode;
  SourceLoc loc;
};

struct Date {
  int year = 0;
  int month = 0;
  int day = 0;
};

// 0 = Sunday … 6 = Saturday, proleptic Gregorian.
int DayOfWeek(const Date& date);
bool IsValidDate(const Date& date);

struct Publication {
  std::string name;                   // 中国电子报
  std::string supervisor;             // 主管
  std::vector<std::string> sponsors;  // 主办
  std::string publisher;              // 出版
  std::string cn_number;              // 国内统一连续出版物号, e.g. CN 11-0005
  std::string issn;
  std::string postal_code;  // 邮发代号
  std::string url;
  std::string brand;  // brand line, e.g. 赛迪出版物
};

struct Issue {
  std::string id;  // file-name-safe identifier, e.g. cena-2020-12-30
  std::string language = "zh-Hans";
  WritingMode writing_mode = WritingMode::kHorizontal;
  Publication publication;
  Date date;
  int issue_number = 0;       // 第95期
  int cumulative_number = 0;  // 总第4410期
  int page_count = 0;         // 今日8版
  Typography typography;
  std::optional<PageTemplate> page_template;  // the issue's template, if it names one
  std::vector<Page> pages;
  SourceLoc loc;
};

// A line-oriented text dump of the model, for golden tests and `paiban build --dump model`.
std::string DumpModel(const Issue& issue);

}  // namespace paiban

#endif  // PAIBAN_MODEL_ISSUE_H_
