// Golden dumps of composed paragraphs, horizontal and vertical: a handful of real paragraphs
// that meet every rule (pause and stop marks at line ends, quotes, numbers with units, ——, Latin
// words, tate-chu-yoko). With PAIBAN_UPDATE_GOLDENS=1 the test rewrites the files instead
// (tests/update-goldens.sh does that); read the diff before committing.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "layout/text/composer.h"

namespace paiban::layout {
namespace {

const char* kParagraphs[] = {
    "本报讯 记者胡春民报道：12月28日—29日，全国工业和信息化工作会议在京召开。",
    "经过5年持续奋斗，“十三五”规划主要目标任务如期完成，我国工业和信息化发展取得新的历史性成"
    "就。2016—2019年，我国制造业增加值年均增长8.7%，由20.95万亿元增至26.92万亿元，占全球比"
    "重达到28.1%；数字经济规模年均增长16.6%。",
    "建成全球规模最大的光纤和4G网络，5G产业整体实力跻身全球高端。嫦娥揽月、天问启程、万米深潜"
    "等重大创新成果亮点纷呈。",
    "落实“六稳”“六保”任务要求，增强重点产业和关键环节自主可控能力——确保“十四五”开好局。",
    "Pango与HarfBuzz（开源排版库）在《中国电子报》的版面上……",
};

void CheckGolden(bool vertical, const std::string& name) {
  Diagnostics diagnostics;
  std::unique_ptr<fonts::FontSystem> fonts = fonts::FontSystem::Create("zh-Hans", diagnostics);
  ASSERT_NE(fonts, nullptr) << diagnostics.Format();
  std::string dump;
  for (const char* text : kParagraphs) {
    for (double measure_em : {11.0, 17.0}) {
      ParagraphSpec spec;
      spec.text = text;
      spec.spans.push_back({0, spec.text.size(), fonts::Role::kBody, false, 10});
      spec.measure_pt = measure_em * 10;
      spec.first_indent_pt = 20;
      spec.vertical = vertical;
      dump += "paragraph measure " + std::to_string(static_cast<int>(measure_em)) + " em: " +
              text + "\n" + DumpLines(ComposeParagraph(spec, *fonts));
    }
  }
  std::string path = std::string(PAIBAN_SOURCE_DIR) + "/tests/golden/" + name;
  if (std::getenv("PAIBAN_UPDATE_GOLDENS")) {
    std::ofstream(path) << dump;
    return;
  }
  std::ifstream in(path);
  ASSERT_TRUE(in) << path << " is missing: run tests/update-goldens.sh";
  std::stringstream want;
  want << in.rdbuf();
  EXPECT_EQ(want.str(), dump) << "run tests/update-goldens.sh and read the diff";
}

TEST(ComposerGoldenTest, Horizontal) { CheckGolden(false, "composer-horizontal.txt"); }
TEST(ComposerGoldenTest, Vertical) { CheckGolden(true, "composer-vertical.txt"); }

}  // namespace
}  // namespace paiban::layout
