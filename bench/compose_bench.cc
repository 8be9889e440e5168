// Composition throughput: paiban's composer against PangoLayout setting the same paragraphs to
// the same measure, in one process and one run, so the ratio is fair on a noisy machine.
//
//   build/bench/compose_bench [ISSUE.xml] [repetitions]
//
// PangoLayout is included here as the reference only; the product reaches Pango through fonts/.
#include <pango/pangoft2.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "compiler/reader.h"
#include "layout/text/composer.h"
#include "model/text.h"

namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::string> Paragraphs(const paiban::Issue& issue) {
  std::vector<std::string> out;
  for (const paiban::Page& page : issue.pages) {
    for (const paiban::Article& article : page.articles) {
      for (const paiban::Block& block : article.blocks) {
        if (block.kind == paiban::Block::Kind::kParagraph) {
          out.push_back(paiban::PlainText(block.inlines));
        }
      }
    }
  }
  return out;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  std::string source = argc > 1 ? argv[1] : "issue-sources/cena-2020-12-30/issue.xml";
  int repetitions = argc > 2 ? std::atoi(argv[2]) : 7;
  paiban::Diagnostics diagnostics;
  std::optional<paiban::Issue> issue = paiban::ReadIssueFile(source, diagnostics);
  if (!issue) {
    fprintf(stderr, "%s", diagnostics.Format().c_str());
    return 1;
  }
  std::vector<std::string> paragraphs = Paragraphs(*issue);
  size_t chars = 0;
  for (const std::string& p : paragraphs) chars += paiban::DecodeUtf8(p).size();
  auto fonts = paiban::fonts::FontSystem::Create(issue->language, diagnostics);
  if (!fonts) {
    fprintf(stderr, "%s", diagnostics.Format().c_str());
    return 1;
  }
  const double kSizePt = 9, kMeasureEm = 11;
  const int kPasses = 20;  // each timed sample sets the whole text this many times

  PangoFontMap* font_map = pango_ft2_font_map_new();
  pango_ft2_font_map_set_resolution(PANGO_FT2_FONT_MAP(font_map), 72, 72);
  PangoContext* context = pango_font_map_create_context(font_map);
  pango_context_set_language(context, pango_language_from_string("zh-cn"));
  PangoFontDescription* desc = pango_font_description_from_string("Noto Serif CJK SC");
  pango_font_description_set_absolute_size(desc, kSizePt * PANGO_SCALE);

  size_t ours_lines = 0, pango_lines = 0;
  std::vector<double> ours, pango;
  for (int r = 0; r < repetitions + 1; ++r) {  // the first round warms caches and is dropped
    auto t0 = Clock::now();
    for (int pass = 0; pass < kPasses; ++pass) {
      for (bool vertical : {false}) {
        for (const std::string& text : paragraphs) {
          paiban::layout::ParagraphSpec spec;
          spec.text = text;
          spec.spans.push_back({0, text.size(), paiban::fonts::Role::kBody, false, kSizePt});
          spec.measure_pt = kMeasureEm * kSizePt;
          spec.first_indent_pt = 2 * kSizePt;
          spec.vertical = vertical;
          ours_lines += paiban::layout::ComposeParagraph(spec, *fonts).size();
        }
      }
    }
    auto t1 = Clock::now();
    for (int pass = 0; pass < kPasses; ++pass) {
      for (const std::string& text : paragraphs) {
        PangoLayout* layout = pango_layout_new(context);
        pango_layout_set_font_description(layout, desc);
        pango_layout_set_width(layout, static_cast<int>(kMeasureEm * kSizePt * PANGO_SCALE));
        pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
        pango_layout_set_justify(layout, TRUE);
        pango_layout_set_indent(layout, static_cast<int>(2 * kSizePt * PANGO_SCALE));
        pango_layout_set_text(layout, text.data(), static_cast<int>(text.size()));
        pango_lines += static_cast<size_t>(pango_layout_get_line_count(layout));
        g_object_unref(layout);
      }
    }
    auto t2 = Clock::now();
    if (r == 0) continue;
    ours.push_back(std::chrono::duration<double>(t1 - t0).count());
    pango.push_back(std::chrono::duration<double>(t2 - t1).count());
  }
  double total_chars = static_cast<double>(chars) * kPasses;
  double ours_rate = total_chars / Median(ours), pango_rate = total_chars / Median(pango);
  printf("text: %zu paragraphs, %zu characters, measure %.0f em at %.0f pt, %d passes per sample\n",
         paragraphs.size(), chars, kMeasureEm, kSizePt, kPasses);
  printf("paiban composer: %8.3f M chars/s (median of %d)\n", ours_rate / 1e6, repetitions);
  printf("PangoLayout:     %8.3f M chars/s (median of %d)\n", pango_rate / 1e6, repetitions);
  printf("ratio paiban/PangoLayout: %.2f\n", ours_rate / pango_rate);
  printf("lines: paiban %zu, PangoLayout %zu (all rounds)\n", ours_lines, pango_lines);
  pango_font_description_free(desc);
  g_object_unref(context);
  g_object_unref(font_map);
  return 0;
}
