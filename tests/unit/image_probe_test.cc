// The figure image checks of the reader: header probing (JPEG frame header, PNG IHDR) and the
// rules for where an image file may be.
#include "compiler/image_probe.h"
#include "compiler/reader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace paiban {
namespace {

namespace fs = std::filesystem;

// A JPEG's first segments: SOI, an APP0 segment, then a baseline frame header (SOF0).
std::string JpegHeader(int width, int height, int components, unsigned char sof = 0xC0) {
  std::string b("\xFF\xD8", 2);
  b += std::string("\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00", 18);
  b += '\xFF';
  b += static_cast<char>(sof);
  int length = 8 + 3 * components;
  b += static_cast<char>(length >> 8);
  b += static_cast<char>(length & 0xFF);
  b += '\x08';
  b += static_cast<char>(height >> 8);
  b += static_cast<char>(height & 0xFF);
  b += static_cast<char>(width >> 8);
  b += static_cast<char>(width & 0xFF);
  b += static_cast<char>(components);
  for (int c = 0; c < components; ++c) b += std::string{static_cast<char>(c + 1), '\x11', '\0'};
  b += std::string("\xFF\xDA\x00\x08\x01\x01\x00\x00\x3F\x00", 10);  // SOS
  return b;
}

// A PNG's signature and IHDR chunk (the CRC is not checked by the probe).
std::string PngHeader(uint32_t width, uint32_t height, int colour_type) {
  std::string b("\x89PNG\r\n\x1A\n\0\0\0\x0DIHDR", 16);
  for (uint32_t v : {width, height}) {
    for (int shift = 24; shift >= 0; shift -= 8) b += static_cast<char>((v >> shift) & 0xFF);
  }
  b += '\x08';
  b += static_cast<char>(colour_type);
  b += std::string("\0\0\0\0\0\0\0", 7);  // compression, filter, interlace, CRC
  return b;
}

TEST(ImageProbeTest, JpegSizeAndComponents) {
  Image image;
  EXPECT_EQ(ProbeImage(JpegHeader(640, 480, 3), Image::Format::kJpeg, image), "");
  EXPECT_EQ(image.width_px, 640);
  EXPECT_EQ(image.height_px, 480);
  EXPECT_EQ(image.components, 3);
  EXPECT_EQ(ProbeImage(JpegHeader(20, 30, 1, 0xC2), Image::Format::kJpeg, image), "");
  EXPECT_EQ(image.components, 1);  // progressive grey
}

TEST(ImageProbeTest, JpegsPaibanCannotUseAreRefusedWithTheReason) {
  Image image;
  EXPECT_NE(ProbeImage(JpegHeader(10, 10, 4), Image::Format::kJpeg, image).find("CMYK"),
            std::string::npos);
  EXPECT_NE(ProbeImage(JpegHeader(10, 10, 3, 0xC3), Image::Format::kJpeg, image).find("lossless"),
            std::string::npos);
  EXPECT_NE(ProbeImage(JpegHeader(10, 10, 3, 0xC9), Image::Format::kJpeg, image).find("arithmetic"),
            std::string::npos);
  EXPECT_NE(ProbeImage(JpegHeader(0, 10, 3), Image::Format::kJpeg, image).find("no pixels"),
            std::string::npos);
  EXPECT_NE(ProbeImage(JpegHeader(30000, 10, 3), Image::Format::kJpeg, image).find("at most"),
            std::string::npos);
  // Truncated inside the APP0 segment, and a scan without a frame header.
  EXPECT_NE(ProbeImage(JpegHeader(10, 10, 3).substr(0, 12), Image::Format::kJpeg, image)
                .find("truncated"),
            std::string::npos);
  EXPECT_NE(ProbeImage(std::string("\xFF\xD8\xFF\xDA\x00\x02", 6), Image::Format::kJpeg, image)
                .find("no frame header"),
            std::string::npos);
}

TEST(ImageProbeTest, PngSizeComponentsAndAlpha) {
  Image image;
  EXPECT_EQ(ProbeImage(PngHeader(100, 50, 0), Image::Format::kPng, image), "");
  EXPECT_EQ(image.width_px, 100);
  EXPECT_EQ(image.height_px, 50);
  EXPECT_EQ(image.components, 1);
  EXPECT_FALSE(image.has_alpha);
  EXPECT_EQ(ProbeImage(PngHeader(1, 1, 6), Image::Format::kPng, image), "");
  EXPECT_EQ(image.components, 3);
  EXPECT_TRUE(image.has_alpha);
  // A tRNS chunk makes a colour image transparent too.
  std::string png = PngHeader(2, 2, 2) + std::string("\0\0\0\x06tRNS\0\0\0\0\0\0\0\0\0\0", 18);
  EXPECT_EQ(ProbeImage(png, Image::Format::kPng, image), "");
  EXPECT_TRUE(image.has_alpha);
  EXPECT_NE(ProbeImage(PngHeader(1, 1, 5), Image::Format::kPng, image).find("colour type 5"),
            std::string::npos);
  EXPECT_NE(ProbeImage(PngHeader(1, 1, 0).substr(0, 20), Image::Format::kPng, image)
                .find("truncated"),
            std::string::npos);
}

TEST(ImageProbeTest, AFileOfAnotherTypeIsNamedForWhatItIs) {
  Image image;
  EXPECT_EQ(ProbeImage(PngHeader(1, 1, 0), Image::Format::kJpeg, image),
            "is not a JPEG image: it is a PNG image");
  EXPECT_EQ(ProbeImage(JpegHeader(1, 1, 1), Image::Format::kPng, image),
            "is not a PNG image: it is a JPEG image");
  EXPECT_EQ(ProbeImage("GIF89a....", Image::Format::kJpeg, image),
            "is not a JPEG image: it is a GIF image");
  EXPECT_EQ(ProbeImage("", Image::Format::kPng, image), "is not a PNG image: the file is empty");
  EXPECT_EQ(ProbeImage("<html>", Image::Format::kPng, image),
            "is not a PNG image: its content is not an image paiban knows");
}

class LocateImageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // One folder per test: CTest runs the tests of this fixture in parallel processes.
    root_ = fs::path(PAIBAN_BINARY_DIR) / "image-probe-test" /
            ::testing::UnitTest::GetInstance()->current_test_info()->name();
    fs::remove_all(root_);
    fs::create_directories(root_ / "issue" / "photos" / "folder.jpg");
    Write(root_ / "issue" / "photos" / "a.jpg", JpegHeader(40, 30, 1));
    Write(root_ / "issue" / "b.PNG", PngHeader(8, 8, 0));
    Write(root_ / "issue" / "png-named.jpg", PngHeader(8, 8, 0));
    Write(root_ / "outside.jpg", JpegHeader(40, 30, 1));
    fs::create_symlink("../outside.jpg", root_ / "issue" / "escape.jpg");
    fs::create_symlink("photos/a.jpg", root_ / "issue" / "inside-link.jpg");
  }
  void TearDown() override { fs::remove_all(root_); }

  static void Write(const fs::path& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
  }
  std::string Locate(const std::string& src, Image& image) {
    return LocateImage((root_ / "issue").string(), src, image);
  }

  fs::path root_;
};

TEST_F(LocateImageTest, FilesInsideTheFolderAreFoundAndProbed) {
  Image image;
  EXPECT_EQ(Locate("photos/a.jpg", image), "");
  EXPECT_EQ(image.src, "photos/a.jpg");
  EXPECT_EQ(image.path, (root_ / "issue" / "photos" / "a.jpg").string());
  EXPECT_EQ(image.format, Image::Format::kJpeg);
  EXPECT_EQ(image.width_px, 40);
  EXPECT_EQ(Locate("./photos/../b.PNG", image), "");  // stays inside; extension in any case
  EXPECT_EQ(image.format, Image::Format::kPng);
  EXPECT_EQ(Locate("inside-link.jpg", image), "");  // a link that stays inside is followed
}

TEST_F(LocateImageTest, PathsThatLeaveTheFolderAreRefused) {
  Image image;
  EXPECT_EQ(Locate("../outside.jpg", image),
            "'../outside.jpg' leaves the issue's folder; images must be inside it");
  EXPECT_EQ(Locate("photos/../../outside.jpg", image),
            "'photos/../../outside.jpg' leaves the issue's folder; images must be inside it");
  EXPECT_EQ(Locate("/etc/hostname.jpg", image),
            "image paths are relative to the issue's folder; '/etc/hostname.jpg' is absolute");
  EXPECT_EQ(Locate("escape.jpg", image),
            "'escape.jpg' is a symbolic link that leads out of the issue's folder; images must "
            "be inside it");
  EXPECT_EQ(Locate("https://cdn.invalid/a.jpg", image),
            "images are files in the issue's folder, not URLs: 'https://cdn.invalid/a.jpg'");
}

TEST_F(LocateImageTest, MissingWrongAndOddFilesAreRefused) {
  Image image;
  EXPECT_EQ(Locate("", image), "the image path is empty");
  EXPECT_NE(Locate("photos/none.jpg", image).find("no such image file: 'photos/none.jpg'"),
            std::string::npos);
  EXPECT_EQ(Locate("photos/folder.jpg", image),
            "'photos/folder.jpg' is a folder, not an image file");
  EXPECT_EQ(Locate("a.gif", image), "unsupported image type '.gif'; use JPEG (.jpg) or PNG (.png)");
  EXPECT_EQ(Locate("png-named.jpg", image),
            "the image 'png-named.jpg' is not a JPEG image: it is a PNG image");
}

TEST_F(LocateImageTest, TheReaderBuildsAFigureFromItsElement) {
  fs::path source = root_ / "issue" / "issue.xml";
  Write(source,
        "<issue id=\"t-1\">\n"
        "  <publication><name>报</name></publication>\n"
        "  <date>2020-12-30</date>\n"
        "  <numbering issue=\"1\" cumulative=\"2\" pages=\"4\"/>\n"
        "  <page number=\"1\"><article id=\"a\"><headline>标题</headline><body>\n"
        "    <p>正文。</p>\n"
        "    <figure src=\"photos/a.jpg\" alt=\"  会场 全景 \">\n"
        "      <caption>会议<em>现场</em>。</caption>\n"
        "      <credit>本报记者 摄</credit>\n"
        "    </figure>\n"
        "  </body></article></page>\n"
        "</issue>\n");
  Diagnostics diagnostics;
  std::optional<Issue> issue = ReadIssueFile(source.string(), diagnostics);
  ASSERT_TRUE(issue) << diagnostics.Format();
  const Block& figure = issue->pages[0].articles[0].blocks[1];
  EXPECT_EQ(figure.kind, Block::Kind::kFigure);
  EXPECT_EQ(figure.loc.line, 7);
  EXPECT_EQ(figure.loc.col, 5);
  ASSERT_TRUE(figure.image);
  EXPECT_EQ(figure.image->path, (root_ / "issue" / "photos" / "a.jpg").string());
  EXPECT_EQ(figure.alt, "会场全景");  // the whitespace rule, as for text
  EXPECT_EQ(PlainText(figure.inlines), "会议现场。");
  EXPECT_EQ(PlainText(figure.credit), "本报记者摄");
  std::string dump = DumpModel(*issue);
  EXPECT_NE(dump.find("figure @7\n"
                      "        image photos/a.jpg image/jpeg 40x30 components=1\n"
                      "        alt 会场全景\n"),
            std::string::npos)
      << dump;
}

}  // namespace
}  // namespace paiban
