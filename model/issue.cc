#include "model/issue.h"

#include <cstdio>
#include <sstream>

namespace paiban {

const char* WritingModeName(WritingMode mode) {
  return mode == WritingMode::kVertical ? "vertical" : "horizontal";
}

std::string PlainText(const Inlines& inlines) {
  std::string text;
  for (const Inline& in : inlines) text += in.text;
  return text;
}

void MarkColumnTags(Inlines& headline) {
  if (headline.empty()) return;
  for (const Inline& in : headline) {
    if (in.kind == Inline::Kind::kTag) return;
  }
  const std::string_view kOpenLead = "【", kCloseLead = "】", kOpenTail = "（", kCloseTail = "）";
  // Splits headline[i] at bytes [from, to) into up to three inlines, the middle one the tag.
  auto split = [&](size_t i, size_t from, size_t to) {
    const Inline whole = headline[i];
    Inlines parts;
    if (from > 0) parts.push_back({whole.kind, whole.text.substr(0, from), whole.loc, {}, {}});
    parts.push_back({Inline::Kind::kTag, whole.text.substr(from, to - from), whole.loc, {}, {}});
    if (to < whole.text.size()) {
      parts.push_back({whole.kind, whole.text.substr(to), whole.loc, {}, {}});
    }
    headline.erase(headline.begin() + static_cast<ptrdiff_t>(i));
    headline.insert(headline.begin() + static_cast<ptrdiff_t>(i), parts.begin(), parts.end());
  };
  const bool one_inline = headline.size() == 1;
  if (headline.front().kind == Inline::Kind::kText) {
    const std::string& t = headline.front().text;
    size_t close = t.find(kCloseLead);
    if (t.starts_with(kOpenLead) && close != std::string::npos &&
        !(one_inline && close + kCloseLead.size() == t.size())) {
      split(0, 0, close + kCloseLead.size());
    }
  }
  if (headline.back().kind == Inline::Kind::kText) {
    const std::string& t = headline.back().text;
    size_t open = t.rfind(kOpenTail);
    if (t.ends_with(kCloseTail) && open != std::string::npos &&
        t.find(kCloseTail, open) + kCloseTail.size() == t.size() &&
        !(headline.size() == 1 && open == 0)) {
      split(headline.size() - 1, open, t.size());
    }
  }
}

const char* ImageMediaType(Image::Format format) {
  return format == Image::Format::kPng ? "image/png" : "image/jpeg";
}

const char* BlockKindName(Block::Kind kind) {
  switch (kind) {
    case Block::Kind::kParagraph:
      return "p";
    case Block::Kind::kSubhead:
      return "subhead";
    case Block::Kind::kList:
      return "list";
    case Block::Kind::kListItem:
      return "item";
    case Block::Kind::kSidebar:
      return "sidebar";
    case Block::Kind::kSignature:
      return "signature";
    case Block::Kind::kSignatureLine:
      return "line";
    case Block::Kind::kFigure:
      return "figure";
    case Block::Kind::kQuote:
      return "quote";
  }
  return "?";
}

const char* ArticleKindName(ArticleKind kind) {
  switch (kind) {
    case ArticleKind::kNews:
      return "news";
    case ArticleKind::kEditorial:
      return "editorial";
    case ArticleKind::kCommentary:
      return "commentary";
    case ArticleKind::kNotice:
      return "notice";
    case ArticleKind::kBrief:
      return "brief";
    case ArticleKind::kPhotoStory:
      return "photo-story";
  }
  return "?";
}

Typography Typography::With(const Typography& over) const {
  Typography out = *this;
  if (over.kinsoku) out.kinsoku = over.kinsoku;
  if (over.punctuation) out.punctuation = over.punctuation;
  if (over.cjk_latin_space) out.cjk_latin_space = over.cjk_latin_space;
  if (over.tate_chu_yoko) out.tate_chu_yoko = over.tate_chu_yoko;
  if (over.indent_em) out.indent_em = over.indent_em;
  if (over.grid) out.grid = over.grid;
  if (over.font_body) out.font_body = over.font_body;
  if (over.font_headline) out.font_headline = over.font_headline;
  if (over.font_kai) out.font_kai = over.font_kai;
  if (over.font_sans) out.font_sans = over.font_sans;
  return out;
}

Typography DefaultTypography(const std::string& language) {
  Typography t;
  t.kinsoku = language == "ja" ? "very-loose" : "basic";
  t.punctuation = language == "ja" ? "japanese" : language == "zh-Hant" ? "taiwan" : "mainland";
  t.cjk_latin_space = true;
  t.tate_chu_yoko = 2;
  t.indent_em = language == "ja" ? 1 : 2;
  t.grid = false;
  return t;
}

Typography ResolvedTypography(const std::string& language, const Typography& issue,
                              const Typography& page, const Typography& article) {
  return DefaultTypography(language).With(issue).With(page).With(article);
}

bool IsValidDate(const Date& d) {
  if (d.year < 1 || d.month < 1 || d.month > 12 || d.day < 1) return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
  int days = kDays[d.month - 1] + (d.month == 2 && leap ? 1 : 0);
  return d.day <= days;
}

int DayOfWeek(const Date& d) {
  // Sakamoto's method.
  static const int kOffsets[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
  int y = d.year - (d.month < 3 ? 1 : 0);
  return (y + y / 4 - y / 100 + y / 400 + kOffsets[d.month - 1] + d.day) % 7;
}

namespace {

const char* InlineKindName(Inline::Kind kind) {
  switch (kind) {
    case Inline::Kind::kText:
      return "text";
    case Inline::Kind::kDateline:
      return "dateline";
    case Inline::Kind::kByline:
      return "byline";
    case Inline::Kind::kEmphasis:
      return "em";
    case Inline::Kind::kTcy:
      return "tcy";
    case Inline::Kind::kDots:
      return "dots";
    case Inline::Kind::kNoBreak:
      return "nobr";
    case Inline::Kind::kLink:
      return "a";
    case Inline::Kind::kRuby:
      return "ruby";
    case Inline::Kind::kTag:
      return "tag";
    case Inline::Kind::kLineBreak:
      return "br";
    case Inline::Kind::kWordBreak:
      return "wbr";
  }
  return "?";
}

void DumpInlines(std::ostringstream& out, const std::string& indent, const char* label,
                 const Inlines& inlines) {
  if (inlines.empty()) return;
  out << indent << label << ':';
  for (const Inline& in : inlines) {
    if (in.kind == Inline::Kind::kText) {
      out << " \"" << in.text << '"';
    } else if (in.kind == Inline::Kind::kLineBreak) {
      out << " <br>";
    } else if (in.kind == Inline::Kind::kWordBreak) {
      out << " <wbr>";
    } else {
      out << " <" << InlineKindName(in.kind)
          << (in.href.empty() ? std::string() : " href=" + in.href)
          << (in.ruby.empty() ? std::string() : " rt=" + in.ruby) << ">\"" << in.text << '"';
    }
  }
  out << '\n';
}

void DumpBlock(std::ostringstream& out, const std::string& indent, const Block& block) {
  out << indent << BlockKindName(block.kind) << " @" << block.loc.line << '\n';
  if (block.image) {
    const Image& image = *block.image;
    out << indent << "  image " << image.src << ' ' << ImageMediaType(image.format) << ' '
        << image.width_px << 'x' << image.height_px << " components=" << image.components
        << (image.has_alpha ? " alpha" : "") << '\n';
    out << indent << "  alt " << block.alt << '\n';
  }
  DumpInlines(out, indent + "  ", "text", block.inlines);
  if (!block.credit.empty()) DumpInlines(out, indent + "  ", "credit", block.credit);
  for (const Block& child : block.children) DumpBlock(out, indent + "  ", child);
}

std::string DumpTypography(const Typography& t) {
  std::string out;
  if (t.kinsoku) out += " kinsoku=" + *t.kinsoku;
  if (t.punctuation) out += " punctuation=" + *t.punctuation;
  if (t.cjk_latin_space) out += std::string(" cjk-latin-space=") + (*t.cjk_latin_space ? "on" : "off");
  if (t.tate_chu_yoko) out += " tate-chu-yoko=" + std::to_string(*t.tate_chu_yoko);
  if (t.grid) out += std::string(" grid=") + (*t.grid ? "on" : "off");
  if (t.indent_em) {
    char buffer[32];
    snprintf(buffer, sizeof buffer, " indent=%g", *t.indent_em);
    out += buffer;
  }
  for (auto [name, family] : {std::pair{"font-body", &t.font_body},
                              std::pair{"font-headline", &t.font_headline},
                              std::pair{"font-kai", &t.font_kai},
                              std::pair{"font-sans", &t.font_sans}}) {
    if (*family) out += std::string(" ") + name + "=\"" + (*family)->name + "\"";
  }
  return out;
}

}  // namespace

// One line for a page template, lengths in points to 0.01.
std::string DumpTemplate(const PageTemplate& t) {
  char buffer[320];
  snprintf(buffer, sizeof buffer,
           "template %s %.2fx%.2fpt margins %.2f %.2f %.2f %.2f columns=%d bands=%d body=%.2fpt "
           "pitch=%.2f bleed=%.2fmm marks=%s",
           t.name.c_str(), t.width_pt, t.height_pt, t.margin_top_pt, t.margin_bottom_pt,
           t.margin_inner_pt, t.margin_outer_pt, t.columns, t.bands, t.body_size_pt, t.line_pitch,
           t.bleed_mm, t.marks ? "on" : "off");
  return buffer;
}

std::string DumpModel(const Issue& issue) {
  std::ostringstream out;
  const Publication& pub = issue.publication;
  out << "issue " << issue.id << " lang=" << issue.language
      << " writing-mode=" << WritingModeName(issue.writing_mode)
      << DumpTypography(issue.typography) << '\n';
  if (issue.page_template) out << "  " << DumpTemplate(*issue.page_template) << '\n';
  out << "  publication \"" << pub.name << "\"\n";
  out << "    supervisor \"" << pub.supervisor << "\"\n";
  for (const std::string& s : pub.sponsors) out << "    sponsor \"" << s << "\"\n";
  out << "    publisher \"" << pub.publisher << "\"\n";
  if (!pub.cn_number.empty()) out << "    cn \"" << pub.cn_number << "\"\n";
  if (!pub.issn.empty()) out << "    issn \"" << pub.issn << "\"\n";
  if (!pub.postal_code.empty()) out << "    postal-code \"" << pub.postal_code << "\"\n";
  if (!pub.url.empty()) out << "    url \"" << pub.url << "\"\n";
  if (!pub.brand.empty()) out << "    brand \"" << pub.brand << "\"\n";
  out << "  date " << issue.date.year << '-' << issue.date.month << '-' << issue.date.day
      << " number=" << issue.issue_number << " cumulative=" << issue.cumulative_number
      << " pages=" << issue.page_count << '\n';
  for (const Page& page : issue.pages) {
    out << "  page " << page.number << " section=\"" << page.section << "\""
        << DumpTypography(page.typography);
    if (page.writing_mode) {
      out << " writing-mode="
          << (*page.writing_mode == WritingMode::kVertical ? "vertical" : "horizontal");
    }
    out << '\n';
    if (page.page_template) out << "    " << DumpTemplate(*page.page_template) << '\n';
    for (const Article& article : page.articles) {
      out << "    article " << article.id << " kind=" << ArticleKindName(article.kind)
          << DumpTypography(article.typography);
      if (article.columns) {
        out << " columns=" << article.columns->first << '-' << article.columns->last;
      }
      if (article.rows) out << " rows=" << *article.rows;
      if (article.ear) out << " place=ear";
      if (article.writing_mode) {
        out << " writing-mode=" << WritingModeName(*article.writing_mode);
      }
      out << " @" << article.loc.line << '\n';
      DumpInlines(out, "      ", "kicker", article.kicker);
      DumpInlines(out, "      ", "headline", article.headline);
      DumpInlines(out, "      ", "subheadline", article.subheadline);
      for (const Block& block : article.blocks) DumpBlock(out, "      ", block);
      if (article.continues_on_page) {
        out << "      continues-on page " << *article.continues_on_page << '\n';
      }
    }
  }
  return out.str();
}

}  // namespace paiban
