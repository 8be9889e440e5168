// Test support: run a shell command and collect what it printed and its exit status.
#ifndef PAIBAN_TESTS_SUPPORT_RUN_H_
#define PAIBAN_TESTS_SUPPORT_RUN_H_

#include <cstdio>
#include <map>
#include <string>
#include <sys/wait.h>

#include "model/text.h"

namespace paiban::testing {

struct CommandResult {
  int status = -1;
  std::string output;  // stdout and stderr, interleaved
};

inline CommandResult RunCommand(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[65536];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) result.output.append(buffer, n);
  int status = pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

inline std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

// The ink characters of `text` (all but white space) with their counts.
inline std::map<char32_t, int> CharCounts(const std::string& text) {
  std::map<char32_t, int> counts;
  for (char32_t cp : DecodeUtf8(text)) {
    if (IsInkCharacter(cp)) ++counts[cp];
  }
  return counts;
}

// What `needed` holds more often than `have`, as "字 ×n" lines; empty when `have` covers it.
inline std::string Missing(const std::map<char32_t, int>& needed,
                           const std::map<char32_t, int>& have) {
  std::string out;
  for (const auto& [cp, count] : needed) {
    auto it = have.find(cp);
    int got = it == have.end() ? 0 : it->second;
    if (got < count) {
      char code[16];
      snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(cp));
      out += EncodeUtf8(cp) + " (" + code + ") needed " + std::to_string(count) + ", found " +
             std::to_string(got) + "\n";
    }
  }
  return out;
}

}  // namespace paiban::testing

#endif  // PAIBAN_TESTS_SUPPORT_RUN_H_
