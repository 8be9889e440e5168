// The print finisher on hand-made PDFs: neutral RGB becomes grey, colour stays colour (and is
// refused under --pdfx), and the boxes and /ID are written.
#include "output/pdf/print_finisher.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "tests/support/run.h"

namespace paiban {
namespace {

namespace fs = std::filesystem;

// A well-formed one-page PDF with the given content stream, as Cairo would write one: a page
// transparency group and a proper cross-reference table.
std::string OnePagePdf(const std::string& content) {
  std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 300] /Contents 4 0 R "
      "/Group << /S /Transparency /CS /DeviceRGB >> >>",
      "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content +
          "\nendstream"};
  std::string pdf = "%PDF-1.5\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t offset : offsets) {
    char line[32];
    snprintf(line, sizeof line, "%010zu 00000 n \n", offset);
    pdf += line;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

std::string Uncompressed(const fs::path& pdf) {
  fs::path qdf = pdf.string() + ".qdf";
  auto r = testing::RunCommand("qpdf --qdf --object-streams=disable " +
                               testing::Quote(pdf.string()) + " " + testing::Quote(qdf.string()));
  EXPECT_EQ(r.status, 0) << r.output;
  std::ifstream in(qdf, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

fs::path TempFile(const std::string& name) {
  fs::path dir = fs::path(PAIBAN_BINARY_DIR) / "finisher-test";
  fs::create_directories(dir);
  return dir / name;
}

// FinishPdf into the file `out`.
bool Finish(const std::string& cairo_pdf, const fs::path& out, const FinishOptions& options,
            Diagnostics& diagnostics) {
  std::string bytes;
  if (!FinishPdf(cairo_pdf, out.string(), options, bytes, diagnostics)) return false;
  std::ofstream(out, std::ios::binary) << bytes;
  return true;
}

TEST(PrintFinisherTest, NeutralRgbBecomesGreyColourStays) {
  fs::path out = TempFile("grey.pdf");
  Diagnostics diagnostics;
  ASSERT_TRUE(Finish(OnePagePdf("0 0 0 rg 0.5 0.5 0.5 RG 1 0 0 rg 0 0 10 10 re f"), out, {},
                     diagnostics))
      << diagnostics.Format();
  std::string text = Uncompressed(out);
  EXPECT_NE(text.find("0 g"), std::string::npos);
  EXPECT_NE(text.find("0.5 G"), std::string::npos);
  EXPECT_EQ(text.find("0 0 0 rg"), std::string::npos);
  EXPECT_NE(text.find("1 0 0 rg"), std::string::npos);  // colour is colour
  EXPECT_EQ(text.find("/Group"), std::string::npos);    // nothing transparent on the page
  EXPECT_NE(text.find("/TrimBox"), std::string::npos);
  EXPECT_NE(text.find("/ID"), std::string::npos);
}

TEST(PrintFinisherTest, PdfXRefusesColourAndMarksGreyPages) {
  Diagnostics diagnostics;
  EXPECT_FALSE(Finish(OnePagePdf("1 0 0 rg 0 0 10 10 re f"), TempFile("colour.pdf"),
                      {0, false, true, {}, ""}, diagnostics));
  EXPECT_NE(diagnostics.Format().find("page 1 holds colour content, which PDF/X-1a"),
            std::string::npos)
      << diagnostics.Format();

  fs::path out = TempFile("pdfx.pdf");
  Diagnostics ok;
  ASSERT_TRUE(Finish(OnePagePdf("0 0 0 rg 0 0 10 10 re f"), out, {0, false, true, {}, ""}, ok))
      << ok.Format();
  std::string text = Uncompressed(out);
  EXPECT_EQ(text.rfind("%PDF-1.3", 0), 0u);
  EXPECT_NE(text.find("/GTS_PDFXVersion (PDF/X-1a:2001)"), std::string::npos);
  EXPECT_NE(text.find("/OutputConditionIdentifier (IFRA26)"), std::string::npos);
  EXPECT_NE(text.find("/Trapped /False"), std::string::npos);
}

}  // namespace
}  // namespace paiban
