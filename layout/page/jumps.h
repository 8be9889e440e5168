// Jumps: one ledger for the whole issue of which story continues where. A story whose jump leads
// to a later page of the source (or, without a stated jump, one that does not fit) breaks where
// its page is full; the ledger keeps its rest, with the page it came from, until the page it
// continues on is made, where the rest is set after that page's own articles. The numbers in the
// jump lines come from here.
#ifndef PAIBAN_LAYOUT_PAGE_JUMPS_H_
#define PAIBAN_LAYOUT_PAGE_JUMPS_H_

#include <functional>
#include <map>
#include <vector>

#include "layout/page/article_lines.h"
#include "model/diagnostics.h"
#include "model/issue.h"

namespace paiban::layout {

// What did not fit of a story: its lines, set at the measure of the page it came from.
struct Continuation {
  const Article* article = nullptr;
  int from_page = 0;
  int fragment = 1;  // the story's fragment the rest is: 1 on the first page it continues on, …
  Typography typography;  // in force for the story on its own page, wherever the rest goes
  std::vector<FlowLine> lines;
};

class JumpLedger {
 public:
  // `vertical(page)`: whether a page is set vertically (a story continues in its writing mode).
  JumpLedger(const Issue& issue, std::function<bool(const Page&)> vertical)
      : issue_(issue), vertical_(std::move(vertical)) {}

  // Whether `article`'s stated jump (<continues page="N"/>) leads to a later page of this
  // source than `page`: its rest is set there, and its jump line goes where the text breaks.
  bool TargetInSource(const Article& article, int page) const;
  // Whether `article` on `page` prints （下转第N版） at its end: its jump leads to a page this
  // source does not carry.
  bool JumpsOut(const Article& article, int page) const {
    return article.continues_on_page && !TargetInSource(article, page);
  }
  // The page a story of `page` may break onto: its stated jump when that is in the source; none
  // (0) when its jump leads outside the source; else the next page of the source in the same
  // writing mode, if it comes later in the issue.
  int BreakTarget(const Article& article, const Page& page) const;
  // The next page of the source after `page` in the same writing mode, if it comes later in the
  // issue; 0 if none. The rest of a story that does not fit again continues there.
  int NextPage(const Page& page) const;

  void Add(int to_page, Continuation rest) { pending_[to_page].push_back(std::move(rest)); }
  // The rests that continue on `page`, taken out of the ledger.
  std::vector<Continuation> Take(int page);
  // Rests whose page was never made (it comes earlier in the source): an error each.
  void ReportPending(Diagnostics& diagnostics) const;

 private:
  const Issue& issue_;
  std::function<bool(const Page&)> vertical_;
  std::map<int, std::vector<Continuation>> pending_;  // page number → rests that jump there
};

}  // namespace paiban::layout

#endif  // PAIBAN_LAYOUT_PAGE_JUMPS_H_
