// The content-stream rewrite of the print finisher: neutral RGB becomes grey, and nothing that
// only looks like a colour operator (inside a string, a comment, an inline image, after four
// numbers or an array) is touched.
#include "output/pdf/grey_content.h"

#include <gtest/gtest.h>

namespace paiban {
namespace {

std::string Grey(std::string_view content) { return GreyContent(content).content; }

TEST(GreyContentTest, NeutralFillAndStrokeBecomeGrey) {
  EXPECT_EQ(Grey("0 0 0 rg 0.5 0.5 0.5 RG"), "0 g 0.5 G");
  EXPECT_EQ(Grey("q\n1 1 1 rg\n0 0 10 10 re f\nQ"), "q\n1 g\n0 0 10 10 re f\nQ");
  // Equal values written differently are equal.
  EXPECT_EQ(Grey("0.50 .5 0.5000 rg"), "0.50 g");
}

TEST(GreyContentTest, ColourStaysColourAndIsCounted) {
  GreyResult result = GreyContent("1 0 0 rg 0 0 1 RG 0 0 0 rg");
  EXPECT_EQ(result.content, "1 0 0 rg 0 0 1 RG 0 g");
  EXPECT_EQ(result.colour_operators, 2);
}

TEST(GreyContentTest, OnlyThreeNumbersRightBeforeTheOperatorAreOperands) {
  // Four numbers are not an rg's operands (a malformed stream stays as it was).
  EXPECT_EQ(Grey("1 1 1 1 rg"), "1 1 1 1 rg");
  // Numbers inside an array or after a name belong to something else.
  EXPECT_EQ(Grey("[0 0 0] rg"), "[0 0 0] rg");
  EXPECT_EQ(Grey("/P 0 0 0 rg"), "/P 0 0 0 rg");
  EXPECT_EQ(Grey("true 0 0 0 rg"), "true 0 0 0 rg");
  // The operator before the numbers ends the previous operation.
  EXPECT_EQ(Grey("[<0102>]TJ 0 0 0 rg"), "[<0102>]TJ 0 g");
  EXPECT_EQ(Grey("0 0 0 rgx"), "0 0 0 rgx");
}

TEST(GreyContentTest, StringsCommentsAndInlineImagesAreNotOperators) {
  EXPECT_EQ(Grey("(1 1 1 rg) Tj"), "(1 1 1 rg) Tj");
  EXPECT_EQ(Grey("(a (nested) \\) 1 1 1 rg) Tj 1 1 1 rg"), "(a (nested) \\) 1 1 1 rg) Tj 1 g");
  EXPECT_EQ(Grey("% 0 0 0 rg\n0 0 0 RG"), "% 0 0 0 rg\n0 G");
  EXPECT_EQ(Grey("<30 20 30 20 30 20 72 67> Tj"), "<30 20 30 20 30 20 72 67> Tj");
  EXPECT_EQ(Grey("<< /A 0 0 0 rg >> BDC"), "<< /A 0 0 0 rg >> BDC");
  const std::string image = "BI /W 8 /H 1 /BPC 8 /CS /G ID \n 0 0 0 rg\x01\x02 EI 0 0 0 rg";
  EXPECT_EQ(Grey(image), "BI /W 8 /H 1 /BPC 8 /CS /G ID \n 0 0 0 rg\x01\x02 EI 0 g");
}

TEST(GreyContentTest, EveryOtherByteIsCopied) {
  const std::string stream = "BT\n/f-0-0 1 Tf\n[<0001>-120<0002>]TJ\nET\n 0.2 0.3 0.4 rg  \n";
  EXPECT_EQ(Grey(stream), stream);
  EXPECT_EQ(Grey(""), "");
  EXPECT_EQ(Grey("(unterminated 0 0 0 rg"), "(unterminated 0 0 0 rg");
  EXPECT_EQ(Grey("<"), "<");
}

}  // namespace
}  // namespace paiban
