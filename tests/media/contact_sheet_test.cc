// The contact sheet: which frames it picks, its labels, and a whole render
// with a preview whose PNG is decoded again and checked cell by cell.
#include "engine/render/contact_sheet.h"

#include <cstdlib>
#include <filesystem>
#include <string>

#include "absl/strings/str_cat.h"
#include "engine/media/png_io.h"
#include "engine/pipeline/render_job.h"
#include "gtest/gtest.h"

namespace beatframe {
namespace {

namespace fs = std::filesystem;

TEST(PickSheetCellsTest, AlternatesBeatAndMidBeatFramesOverTheTrack) {
  std::vector<double> beats;
  for (double t = 0.5; t < 60.0; t += 0.5) beats.push_back(t);
  const std::vector<SheetCell> cells = PickSheetCells(beats, 1800, 30, 1, 12);
  ASSERT_EQ(cells.size(), 12u);
  for (size_t i = 0; i < cells.size(); ++i) {
    EXPECT_EQ(cells[i].on_beat, i % 2 == 0) << i;
    if (i > 0) EXPECT_GT(cells[i].frame_index, cells[i - 1].frame_index) << i;
  }
  EXPECT_EQ(cells[0].frame_index % 15, 0);      // beats every 0.5 s land on multiples of 15 frames
  EXPECT_EQ(cells[1].frame_index - cells[0].frame_index, 8);  // halfway: round(7.5)
  EXPECT_LT(cells.front().time_s, 10.0);        // spread over the whole minute
  EXPECT_GT(cells.back().time_s, 50.0);
}

TEST(PickSheetCellsTest, WithoutBeatsSpacesFramesEvenly) {
  const std::vector<SheetCell> cells = PickSheetCells({}, 300, 30, 1, 4);
  ASSERT_EQ(cells.size(), 4u);
  for (const SheetCell& cell : cells) EXPECT_FALSE(cell.on_beat);
  EXPECT_EQ(cells[0].frame_index, 38);  // 1.25 s
}

TEST(SheetLabelTest, ShowsMinutesSecondsAndCentiseconds) {
  EXPECT_EQ(SheetLabel({375, 12.5, true}), "0:12.50 \u266A beat");
  EXPECT_EQ(SheetLabel({2302, 76.75, false}), "1:16.75");
}

// Mean of a plane region of the decoded sheet (RGBA), as luma-ish brightness.
double MeanBrightness(const Picture& picture, int x0, int y0, int x1, int y1) {
  double sum = 0;
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) {
      const uint8_t* p = picture.at(x, y);
      sum += 0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2];
    }
  }
  return sum / ((x1 - x0) * (y1 - y0));
}

int BrightPixels(const Picture& picture, int x0, int y0, int x1, int y1) {
  int count = 0;
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) count += picture.at(x, y)[1] > 180 ? 1 : 0;
  }
  return count;
}

TEST(ContactSheetRenderTest, PulseRenderWritesTheGridWithBrighterBeats) {
  const fs::path dir = fs::temp_directory_path() / absl::StrCat("bf_sheet_", ::getpid());
  fs::create_directories(dir);
  const std::string track = (dir / "kick.mp3").string();
  // A kick every 0.5 s (120 BPM) for 8 s.
  ASSERT_EQ(std::system(("ffmpeg -hide_banner -loglevel error -y -f lavfi -i "
                         "\"aevalsrc='0.8*sin(2*PI*70*t)*exp(-18*mod(t,0.5))':s=44100:d=8\" -c:a libmp3lame " +
                         track)
                            .c_str()),
            0);
  RenderRequest request;
  request.input_path = track;
  request.output_path = (dir / "out.mp4").string();
  request.preview_path = (dir / "sheet.png").string();
  request.prompt = "pulse neon no title";
  absl::StatusOr<RenderResult> result = RunRenderJob(request, [](const RenderProgress&) {});
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_TRUE(result->wrote_preview);
  EXPECT_FALSE(fs::exists(request.preview_path + ".partial"));
  absl::StatusOr<Picture> sheet = ReadImageFile(request.preview_path);
  ASSERT_TRUE(sheet.ok()) << sheet.status();

  const ContactSheetOptions options;
  const std::vector<SheetCell> cells = PickSheetCells(result->analysis.beat_times_s, result->frames, 30, 1, 12);
  const ContactSheet geometry(cells, 1920, 1080, options);
  const int tw = geometry.thumbnail_width(), th = geometry.thumbnail_height(), lh = geometry.label_height();
  const int m = geometry.margin();
  ASSERT_EQ(sheet->width, options.columns * tw + (options.columns + 1) * m);
  ASSERT_EQ(sheet->height, options.rows * (th + lh) + (options.rows + 1) * m);
  ASSERT_EQ(cells.size(), 12u);

  double previous_mean = -1.0;
  int differing = 0;
  std::vector<double> centre(cells.size());
  for (size_t i = 0; i < cells.size(); ++i) {
    const int x = m + static_cast<int>(i % options.columns) * (tw + m);
    const int y = m + static_cast<int>(i / options.columns) * (th + lh + m);
    // A label in every strip, and the strip's background is dark.
    EXPECT_GT(BrightPixels(*sheet, x, y + th, x + tw, y + th + lh), 40) << "cell " << i;
    EXPECT_LT(MeanBrightness(*sheet, x + tw - 20, y + th + 2, x + tw - 4, y + th + lh - 2), 60.0) << "cell " << i;
    const double mean = MeanBrightness(*sheet, x, y, x + tw, y + th);
    if (std::abs(mean - previous_mean) > 0.05) ++differing;
    previous_mean = mean;
    // The pulse disc sits at 50% across and 45% down.
    const int cx = x + tw / 2, cy = y + static_cast<int>(0.45 * th), r = th / 6;
    centre[i] = MeanBrightness(*sheet, cx - r, cy - r, cx + r, cy + r);
  }
  EXPECT_EQ(differing, 12);  // no two neighbouring cells are the same picture
  int brighter = 0;
  for (size_t i = 0; i + 1 < cells.size(); i += 2) {
    ASSERT_TRUE(cells[i].on_beat && !cells[i + 1].on_beat);
    brighter += centre[i] > centre[i + 1] + 2.0 ? 1 : 0;
  }
  EXPECT_EQ(brighter, 6) << "on-beat cells are brighter at the centre than the mid-beat ones";
  std::error_code ec;
  fs::remove_all(dir, ec);
}

}  // namespace
}  // namespace beatframe
