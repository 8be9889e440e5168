#include "model/furniture.h"

#include "model/text.h"

namespace paiban {
namespace {

constexpr const char* kIdeographicSpace = "\u3000";

// `parts` that are not empty, joined by `separator`.
std::string Join(const std::vector<std::string>& parts, const std::string& separator) {
  std::string out;
  for (const std::string& part : parts) {
    if (part.empty()) continue;
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

}  // namespace

std::string Furniture::Date() const {
  if (!IsValidDate(issue_.date)) return "";
  const paiban::Date& d = issue_.date;
  return std::to_string(d.year) + "年" + std::to_string(d.month) + "月" + std::to_string(d.day) +
         "日";
}

std::string Furniture::Weekday() const {
  return IsValidDate(issue_.date) ? ChineseWeekday(issue_.date) : "";
}

std::string Furniture::DateAndWeekday() const {
  return Join({Date(), Weekday()}, kIdeographicSpace);
}

std::string Furniture::IssueNumbers() const {
  std::string issue = issue_.issue_number > 0 ? "第" + std::to_string(issue_.issue_number) + "期"
                                               : "";
  std::string cumulative = issue_.cumulative_number > 0
                               ? "总第" + std::to_string(issue_.cumulative_number) + "期"
                               : "";
  if (!issue.empty() && !cumulative.empty()) return issue + "（" + cumulative + "）";
  return issue + cumulative;
}

std::string Furniture::PageCount() const {
  return issue_.page_count > 0 ? "今日" + std::to_string(issue_.page_count) + "版" : "";
}

std::string Furniture::DateLine() const {
  return Join({Date(), Weekday(), PageCount(), IssueNumbers()}, kIdeographicSpace);
}

std::string Furniture::PageLabel(int page) const { return "第" + std::to_string(page) + "版"; }

std::string Furniture::FolioStart(const Page& page) const {
  return Join({PageLabel(page.number), page.section}, kIdeographicSpace);
}

std::string Furniture::FolioEnd() const {
  return Join({issue_.publication.name, DateAndWeekday()}, kIdeographicSpace);
}

std::string Furniture::ContinuesOn(int page) const {
  return "（下转" + PageLabel(page) + "）";
}

std::string Furniture::ContinuedFrom(int page) const {
  return "（上接" + PageLabel(page) + "）";
}

std::vector<MastheadLine> Furniture::MastheadData() const {
  const Publication& pub = issue_.publication;
  std::vector<MastheadLine> lines;
  auto add = [&](const char* kind, const std::string& value, const std::string& text) {
    if (!value.empty()) lines.push_back({kind, text, ""});
  };
  add("supervisor", pub.supervisor, "主管：" + pub.supervisor);
  add("sponsors", Join(pub.sponsors, kIdeographicSpace),
      "主办：" + Join(pub.sponsors, kIdeographicSpace));
  add("publisher", pub.publisher, pub.publisher + "出版");
  add("cn-number", pub.cn_number, "国内统一连续出版物号：" + pub.cn_number);
  add("issn", pub.issn, "ISSN " + pub.issn);
  add("postal-code", pub.postal_code, "邮发代号：" + pub.postal_code);
  add("url", pub.url, pub.url);
  if (!lines.empty() && lines.back().kind == "url" &&
      (pub.url.rfind("http://", 0) == 0 || pub.url.rfind("https://", 0) == 0)) {
    lines.back().link = pub.url;
  }
  return lines;
}

std::string Furniture::Title() const {
  std::string title = Join({issue_.publication.name, Date(), IssueNumbers()}, " ");
  if (!title.empty()) return title;
  return issue_.id.empty() ? std::string("paiban") : issue_.id;
}

}  // namespace paiban
