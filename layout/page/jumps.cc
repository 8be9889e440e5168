#include "layout/page/jumps.h"

#include <string>

namespace paiban::layout {

bool JumpLedger::TargetInSource(const Article& article, int page) const {
  if (!article.continues_on_page) return false;
  for (const Page& p : issue_.pages) {
    if (p.number == *article.continues_on_page && p.number > page) return true;
  }
  return false;
}

int JumpLedger::BreakTarget(const Article& article, const Page& page) const {
  if (TargetInSource(article, page.number)) return *article.continues_on_page;
  if (article.continues_on_page) return 0;
  return NextPage(page);
}

int JumpLedger::NextPage(const Page& page) const {
  for (size_t i = 0; i + 1 < issue_.pages.size(); ++i) {
    const Page& next = issue_.pages[i + 1];
    if (&issue_.pages[i] == &page && next.number > page.number &&
        vertical_(next) == vertical_(page)) {
      return next.number;
    }
  }
  return 0;
}

std::vector<Continuation> JumpLedger::Take(int page) {
  std::vector<Continuation> rests;
  auto it = pending_.find(page);
  if (it == pending_.end()) return rests;
  rests = std::move(it->second);
  pending_.erase(it);
  return rests;
}

void JumpLedger::ReportPending(Diagnostics& diagnostics) const {
  for (const auto& [page, rests] : pending_) {
    for (const Continuation& rest : rests) {
      diagnostics.Error(rest.article->loc,
                        "article '" + rest.article->id + "' continues on page " +
                            std::to_string(page) + ", which comes before page " +
                            std::to_string(rest.from_page) +
                            " in the source; pages must be in order for a jump");
    }
  }
}

}  // namespace paiban::layout
