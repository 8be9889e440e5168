// Figures end to end: an issue with grey and colour JPEGs and PNGs (one with transparency), built
// in both writing modes. The PDF embeds each JPEG as the very file (pdfimages -j gives it back),
// flattens transparency, passes qpdf; the EPUB stores the files, shows them with alt text and
// passes epubcheck; --pdfx takes grey images and refuses a colour one, writing nothing.
#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/png.h"
#include "tests/support/run.h"

namespace paiban {
namespace {

namespace fs = std::filesystem;
using testing::MakePng;
using testing::Quote;
using testing::RunCommand;

const std::string kPaiban = std::string(PAIBAN_BINARY_DIR) + "/compiler/paiban";
// Each test has its own folder (CTest runs them in parallel processes); kDir is set in SetUp.
fs::path kDir;

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void WriteAll(const fs::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}


// A JPEG made by cjpeg (Debian libjpeg-turbo-progs) from a generated PGM or PPM.
void MakeJpeg(const fs::path& path, int width, int height, bool colour) {
  std::string pnm = std::string(colour ? "P6 " : "P5 ") + std::to_string(width) + " " +
                    std::to_string(height) + " 255\n";
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      for (int c = 0; c < (colour ? 3 : 1); ++c) {
        pnm += static_cast<char>((x * 3 + y * 5 + c * 70) % 256);
      }
    }
  }
  fs::path source = path.string() + (colour ? ".ppm" : ".pgm");
  WriteAll(source, pnm);
  auto r = RunCommand(std::string("cjpeg -quality 80 ") + (colour ? "" : "-grayscale ") +
                      Quote(source.string()) + " > " + Quote(path.string()));
  ASSERT_EQ(r.status, 0) << "cjpeg (Debian package libjpeg-turbo-progs) is needed: " << r.output;
  fs::remove(source);
}

std::string Issue(const std::string& id, const std::string& bodies) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<issue id=\"" + id +
         "\" lang=\"zh-Hans\">\n"
         "  <publication><name>中国电子报</name></publication>\n"
         "  <date weekday=\"星期三\">2020-12-30</date>\n"
         "  <numbering issue=\"95\" cumulative=\"4410\" pages=\"8\"/>\n"
         "  <page number=\"1\" section=\"要闻\">\n" +
         bodies + "  </page>\n</issue>\n";
}

std::string Article(const std::string& id, const std::string& headline, const std::string& body) {
  return "    <article id=\"" + id + "\">\n      <headline>" + headline +
         "</headline>\n      <body>\n" + body + "      </body>\n    </article>\n";
}

const char kParagraph[] =
    "        <p>2020年，全国工业和信息化系统坚持稳中求进工作总基调，统筹推进疫情防控和经济"
    "社会发展，工业经济运行持续向好。</p>\n";

class FigureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    kDir = fs::path(PAIBAN_BINARY_DIR) / "figure-test" /
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(kDir);
    fs::create_directories(kDir / "photos");
    MakeJpeg(kDir / "photos" / "grey.jpg", 120, 80, false);
    MakeJpeg(kDir / "photos" / "colour.jpg", 90, 120, true);
    WriteAll(kDir / "photos" / "alpha.png", MakePng(60, 40, 4));
    WriteAll(kDir / "photos" / "grey.png", MakePng(50, 50, 1));
    std::string grey_figures =
        "        <figure src=\"photos/grey.jpg\" alt=\"灰度渐变的测试照片\">"
        "<caption>灰度照片的图片说明。</caption><credit>本报记者 摄</credit></figure>\n"
        "        <figure src=\"photos/grey.png\" alt=\"灰度渐变的测试图\">"
        "<caption>灰度PNG图。</caption></figure>\n";
    WriteAll(kDir / "grey.xml",
             Issue("grey", Article("a", "全国工业和信息化工作会议在京召开",
                                   kParagraph + grey_figures + kParagraph)));
    WriteAll(kDir / "figures.xml",
             Issue("figures",
                   Article("a", "全国工业和信息化工作会议在京召开",
                           kParagraph + grey_figures + kParagraph) +
                       Article("b", "开创制造强国和网络强国建设新局面",
                               kParagraph +
                                   std::string("        <figure src=\"photos/colour.jpg\" "
                                               "alt=\"彩色渐变的测试照片\"><caption>彩色照片。"
                                               "</caption><credit>新华社发</credit></figure>\n"
                                               "        <figure src=\"photos/alpha.png\" "
                                               "alt=\"半透明的测试图\"/>\n") +
                                   kParagraph)));
  }

  // Builds `source` into kDir/NAME with `args`; returns the output folder.
  static fs::path Build(const std::string& source, const std::string& name,
                        const std::string& args = "") {
    fs::path out = kDir / name;
    fs::remove_all(out);
    auto r = RunCommand(Quote(kPaiban) + " build " + Quote((kDir / source).string()) + " -o " +
                        Quote(out.string()) + " " + args);
    EXPECT_EQ(r.status, 0) << r.output;
    return out;
  }
};

TEST_F(FigureTest, JpegsAreEmbeddedAsTheyAreAndTransparencyIsFlattened) {
  for (const char* mode : {"horizontal", "vertical"}) {
    SCOPED_TRACE(mode);
    fs::path out = Build("figures.xml", std::string("pdf-") + mode,
                         std::string("--writing-mode ") + mode + " --png");
    fs::path pdf = out / "figures.pdf";
    auto check = RunCommand("qpdf --check " + Quote(pdf.string()));
    EXPECT_EQ(check.status, 0) << check.output;
    // Every image: the two JPEGs as JPEG streams, the two PNGs as decoded pixels.
    auto list = RunCommand("pdfimages -list " + Quote(pdf.string()));
    ASSERT_EQ(list.status, 0) << list.output;
    size_t jpegs = 0, images = 0;
    std::istringstream lines(list.output);
    std::string line;
    while (std::getline(lines, line)) {
      if (line.find(" image ") == std::string::npos) continue;
      ++images;
      if (line.find(" jpeg ") != std::string::npos) ++jpegs;
    }
    EXPECT_EQ(images, 4u) << list.output;
    EXPECT_EQ(jpegs, 2u) << list.output;
    // pdfimages -j writes DCT streams out as .jpg files: they are the source files, byte for byte.
    fs::path extracted = out / "extracted";
    fs::create_directories(extracted);
    auto dump = RunCommand("pdfimages -j " + Quote(pdf.string()) + " " +
                           Quote((extracted / "img").string()));
    ASSERT_EQ(dump.status, 0) << dump.output;
    std::vector<std::string> extracted_jpegs;
    for (const auto& entry : fs::directory_iterator(extracted)) {
      if (entry.path().extension() == ".jpg") extracted_jpegs.push_back(ReadAll(entry.path()));
    }
    for (const char* photo : {"grey.jpg", "colour.jpg"}) {
      std::string bytes = ReadAll(kDir / "photos" / photo);
      EXPECT_NE(std::find(extracted_jpegs.begin(), extracted_jpegs.end(), bytes),
                extracted_jpegs.end())
          << photo << " is not in the PDF as it is";
    }
    // No soft mask, no transparency group: the PNG's alpha was flattened onto white.
    auto qdf = RunCommand("qpdf --qdf --object-streams=disable " + Quote(pdf.string()) + " -");
    EXPECT_EQ(qdf.output.find("/SMask"), std::string::npos);
    EXPECT_EQ(qdf.output.find("/Group"), std::string::npos);
    // Captions and credits are in the text layer (vertical lines extract a character a line).
    auto text = RunCommand("pdftotext -raw " + Quote(pdf.string()) + " -");
    std::string ink;
    for (char c : text.output) {
      if (c != '\n' && c != ' ') ink += c;
    }
    for (const char* words : {"灰度照片的图片说明。本报记者摄", "彩色照片。新华社发"}) {
      EXPECT_NE(ink.find(words), std::string::npos) << words << "\n" << text.output;
    }
  }
}

TEST_F(FigureTest, ImagesStandInsideThePageAndClearOfText) {
  for (const char* mode : {"horizontal", "vertical"}) {
    SCOPED_TRACE(mode);
    auto dump = RunCommand(Quote(kPaiban) + " build " + Quote((kDir / "figures.xml").string()) +
                           " --dump layout --writing-mode " + mode);
    ASSERT_EQ(dump.status, 0) << dump.output;
    struct Rect {
      double x, y, w, h;
    };
    std::vector<Rect> images;
    double page_w = 0, page_h = 0;
    std::istringstream lines(dump.output);
    std::string line;
    std::vector<std::pair<double, double>> glyph_origins;
    while (std::getline(lines, line)) {
      std::istringstream words(line);
      std::string word;
      words >> word;
      if (word == "page") {
        std::string size;
        words >> word >> size;
        page_w = std::stod(size.substr(0, size.find('x')));
        page_h = std::stod(size.substr(size.find('x') + 1));
      } else if (word == "image") {
        // image X Y WxH SRC …
        Rect r{};
        std::string size;
        words >> r.x >> r.y >> size;
        r.w = std::stod(size.substr(0, size.find('x')));
        r.h = std::stod(size.substr(size.find('x') + 1));
        images.push_back(r);
      } else if (word == "run") {
        size_t at = line.find(" at ");
        std::istringstream pos(line.substr(at + 4));
        double x = 0, y = 0;
        pos >> x >> y;
        glyph_origins.emplace_back(x, y);
      }
    }
    ASSERT_EQ(images.size(), 4u) << dump.output;
    for (const Rect& r : images) {
      EXPECT_GT(r.w, 20);
      EXPECT_GT(r.h, 20);
      EXPECT_GE(r.x, 0);
      EXPECT_GE(r.y, 0);
      EXPECT_LE(r.x + r.w, page_w);
      EXPECT_LE(r.y + r.h, page_h);
      for (auto [x, y] : glyph_origins) {
        EXPECT_FALSE(x > r.x + 0.5 && x < r.x + r.w - 0.5 && y > r.y + 0.5 && y < r.y + r.h - 0.5)
            << "a text run starts inside an image at " << x << "," << y;
      }
    }
  }
}

TEST_F(FigureTest, TheEpubStoresTheFilesAndShowsThemWithTheirTextAlternative) {
  for (const char* mode : {"horizontal", "vertical"}) {
    SCOPED_TRACE(mode);
    fs::path out = Build("figures.xml", std::string("epub-") + mode,
                         std::string("--epub-only --writing-mode ") + mode);
    fs::path epub = out / "figures.epub";
    auto check = RunCommand("java -jar /usr/bin/epubcheck " + Quote(epub.string()));
    EXPECT_EQ(check.status, 0) << check.output;
    EXPECT_NE(check.output.find("0 fatals / 0 errors / 0 warnings"), std::string::npos)
        << check.output;
    auto unzip = [&](const std::string& entry) {
      return RunCommand("unzip -p " + Quote(epub.string()) + " " + Quote(entry)).output;
    };
    EXPECT_EQ(unzip("EPUB/images/image-001.jpg"), ReadAll(kDir / "photos" / "grey.jpg"));
    EXPECT_EQ(unzip("EPUB/images/image-002.png"), ReadAll(kDir / "photos" / "grey.png"));
    EXPECT_EQ(unzip("EPUB/images/image-003.jpg"), ReadAll(kDir / "photos" / "colour.jpg"));
    std::string article = unzip("EPUB/article-001.xhtml");
    EXPECT_NE(article.find("<img src=\"images/image-001.jpg\" alt=\"灰度渐变的测试照片\"/>"),
              std::string::npos)
        << article;
    EXPECT_NE(article.find("<figcaption>灰度照片的图片说明。\u3000<span class=\"credit\">本报记者摄</span>"
                           "</figcaption>"),
              std::string::npos)
        << article;
    std::string opf = unzip("EPUB/package.opf");
    EXPECT_NE(opf.find("<meta property=\"schema:accessibilityFeature\">alternativeText</meta>"),
              std::string::npos);
    EXPECT_NE(opf.find("<meta property=\"schema:accessMode\">visual</meta>"), std::string::npos);
    EXPECT_NE(opf.find("media-type=\"image/png\""), std::string::npos);
  }
}

TEST_F(FigureTest, PdfXTakesGreyImagesAndRefusesColourWritingNothing) {
  fs::path out = Build("grey.xml", "pdfx-grey", "--pdfx --pdf-only");
  auto list = RunCommand("pdfimages -list " + Quote((out / "grey.pdf").string()));
  ASSERT_EQ(list.status, 0) << list.output;
  EXPECT_NE(list.output.find(" gray "), std::string::npos) << list.output;
  EXPECT_EQ(list.output.find(" rgb "), std::string::npos) << list.output;

  fs::path refused = kDir / "pdfx-colour";
  fs::remove_all(refused);
  auto r = RunCommand(Quote(kPaiban) + " build " + Quote((kDir / "figures.xml").string()) +
                      " --pdfx -o " + Quote(refused.string()));
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("figures.xml:20:9: error: the image 'photos/colour.jpg' is in colour"),
            std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("the image 'photos/alpha.png' is in colour"), std::string::npos)
      << r.output;
  EXPECT_FALSE(fs::exists(refused));
}

}  // namespace
}  // namespace paiban
