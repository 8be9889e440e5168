// The furniture of an issue: every word the outputs print that the source does not write — the
// date and weekday, the issue numbering, the page count, page labels and folios, the masthead's
// labels, the jump lines. One object per issue, used by page makeup (folio, masthead, jump
// lines), the PDF writer (title, page labels, outline) and the EPUB writer (title, masthead,
// page list, jump lines), so that every output spells them the same way. The words follow the
// issue's language; the forms here are those of mainland Chinese papers.
#ifndef PAIBAN_MODEL_FURNITURE_H_
#define PAIBAN_MODEL_FURNITURE_H_

#include <string>
#include <vector>

#include "model/issue.h"

namespace paiban {

// A line of the masthead data block (报头资料): what it is (supervisor, sponsors, publisher,
// cn-number, issn, postal-code, url; the EPUB's class names) and its printed text.
struct MastheadLine {
  std::string kind;
  std::string text;
  std::string link;  // the address the line links to (the paper's http(s) site); "" for none
};

class Furniture {
 public:
  explicit Furniture(const Issue& issue) : issue_(issue) {}

  std::string Date() const;            // 2020年12月30日
  std::string Weekday() const;         // 星期三
  std::string DateAndWeekday() const;  // 2020年12月30日　星期三
  // 第95期（总第4410期）; 第95期 or 总第4410期 when the other number is not given; "" for none.
  std::string IssueNumbers() const;
  std::string PageCount() const;  // 今日8版; "" when the issue does not say
  // The masthead's date line: date, weekday, page count and numbers, those the issue has.
  std::string DateLine() const;
  std::string PageLabel(int page) const;  // 第1版
  // The folio line over a page: 第1版　要闻 at its start, 中国电子报　2020年12月30日　星期三 at its end.
  std::string FolioStart(const Page& page) const;
  std::string FolioEnd() const;
  std::string ContinuesOn(int page) const;    // （下转第4版）
  std::string ContinuedFrom(int page) const;  // （上接第1版）
  // The masthead data block, in its printed order; the paper's address last.
  std::vector<MastheadLine> MastheadData() const;
  // The document's title (PDF /Title, EPUB dc:title): the paper, the date, the numbering; the
  // issue's id when it has none of them.
  std::string Title() const;

 private:
  const Issue& issue_;
};

}  // namespace paiban

#endif  // PAIBAN_MODEL_FURNITURE_H_
