// Test support: an issue whose story jumps. The sample's lead story three times as long (its
// paragraphs repeated), with a page 4 in the source, so its rest jumps from page 1 to page 4.
#ifndef PAIBAN_TESTS_SUPPORT_JUMP_ISSUE_H_
#define PAIBAN_TESTS_SUPPORT_JUMP_ISSUE_H_

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace paiban::testing {

// Writes the issue to `path` (its folder must exist).
inline void WriteJumpIssue(const std::filesystem::path& path) {
  std::ifstream in(std::filesystem::path(PAIBAN_SOURCE_DIR) / "issue-sources" /
                   "cena-2020-12-30" / "issue.xml");
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  size_t body = text.find("<body>") + 6, end = text.find("</body>", body);
  std::string paragraphs;
  for (size_t p = text.find("<p>", body); p < end; p = text.find("<p>", p + 1)) {
    paragraphs += text.substr(p, text.find("</p>", p) + 4 - p) + "\n";
  }
  text.insert(end, paragraphs + paragraphs);
  text.replace(text.find("</issue>"), 8,
               "  <page number=\"4\" section=\"综合\">\n    <article id=\"p4\">\n"
               "      <headline>第四版</headline>\n      <body><p>第四版的稿件。</p></body>\n"
               "    </article>\n  </page>\n</issue>\n");
  std::ofstream(path) << text;
  // The sample names its paper's template, which the copy must find beside it.
  std::filesystem::path templates = path.parent_path() / "templates";
  std::filesystem::remove_all(templates);
  std::filesystem::copy(
      std::filesystem::path(PAIBAN_SOURCE_DIR) / "issue-sources" / "templates", templates);
}

}  // namespace paiban::testing

#endif  // PAIBAN_TESTS_SUPPORT_JUMP_ISSUE_H_
