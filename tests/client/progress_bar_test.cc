// The progress line's exact text, ETA formatting, and when ProgressBar writes.
#include "client/progress_bar.h"

#include <cmath>
#include <cstdio>
#include <string>

#include "gtest/gtest.h"

namespace beatframe::client {
namespace {

ProgressState Rendering(double fraction, int64_t done, int64_t total, double eta_s) {
  ProgressState state;
  state.stage = "rendering";
  state.fraction = fraction;
  state.done = done;
  state.total = total;
  state.eta_s = eta_s;
  return state;
}

TEST(FormatEtaTest, MinutesSecondsAndHours) {
  EXPECT_EQ(FormatEta(0), "0:00");
  EXPECT_EQ(FormatEta(12), "0:12");
  EXPECT_EQ(FormatEta(12.4), "0:12");
  EXPECT_EQ(FormatEta(59.6), "1:00");
  EXPECT_EQ(FormatEta(754), "12:34");
  EXPECT_EQ(FormatEta(3909), "1:05:09");
}

TEST(FormatEtaTest, UnknownValues) {
  EXPECT_EQ(FormatEta(-1), "--:--");
  EXPECT_EQ(FormatEta(NAN), "--:--");
  EXPECT_EQ(FormatEta(INFINITY), "--:--");
  EXPECT_EQ(FormatEta(1e9), "--:--");
}

TEST(FormatBytesTest, DecimalUnits) {
  EXPECT_EQ(FormatBytes(0), "0 B");
  EXPECT_EQ(FormatBytes(999), "999 B");
  EXPECT_EQ(FormatBytes(1500), "1.5 KB");
  EXPECT_EQ(FormatBytes(820000), "820 KB");
  EXPECT_EQ(FormatBytes(4200000), "4.2 MB");
  EXPECT_EQ(FormatBytes(12000000), "12 MB");
  EXPECT_EQ(FormatBytes(999999999), "1.0 GB");
}

TEST(FormatProgressLineTest, RenderingExample) {
  EXPECT_EQ(FormatProgressLine(Rendering(0.63, 1980, 3150, 12)),
            "[rendering ████████░░░░  63%  1980/3150 frames  ETA 0:12]");
}

TEST(FormatProgressLineTest, OmitsUnknownCounterAndEta) {
  ProgressState state;
  state.stage = "queued";
  EXPECT_EQ(FormatProgressLine(state), "[queued ░░░░░░░░░░░░   0%]");
}

TEST(FormatProgressLineTest, NeverShowsDoneBeforeTheEnd) {
  EXPECT_EQ(FormatProgressLine(Rendering(0.999, 3149, 3150, 0)),
            "[rendering ███████████░  99%  3149/3150 frames  ETA 0:00]");
  EXPECT_EQ(FormatProgressLine(Rendering(1.0, 3150, 3150, 0)),
            "[rendering ████████████ 100%  3150/3150 frames  ETA 0:00]");
}

TEST(FormatProgressLineTest, ClampsOutOfRangeFractions) {
  EXPECT_EQ(FormatProgressLine(Rendering(-0.5, 0, 0, -1)), "[rendering ░░░░░░░░░░░░   0%]");
  EXPECT_EQ(FormatProgressLine(Rendering(NAN, 0, 0, -1)), "[rendering ░░░░░░░░░░░░   0%]");
  EXPECT_EQ(FormatProgressLine(Rendering(7.0, 0, 0, -1)), "[rendering ████████████ 100%]");
}

TEST(FormatProgressLineTest, Bytes) {
  ProgressState state;
  state.stage = "uploading";
  state.fraction = 0.42;
  state.done = 4200000;
  state.total = 10000000;
  state.unit = ProgressUnit::kBytes;
  EXPECT_EQ(FormatProgressLine(state, 10), "[uploading ████░░░░░░  42%  4.2 MB/10 MB]");
}

// Captures what a ProgressBar writes, with a clock the test moves by hand.
class ProgressBarTest : public ::testing::Test {
 protected:
  void SetUp() override { file_ = std::tmpfile(); }
  void TearDown() override { std::fclose(file_); }

  std::string Written() {
    std::fflush(file_);
    std::rewind(file_);
    std::string text;
    char buffer[4096];
    size_t n;
    while ((n = std::fread(buffer, 1, sizeof(buffer), file_)) > 0) text.append(buffer, n);
    return text;
  }
  ProgressBar::Clock clock() {
    return [this] { return now_; };
  }

  FILE* file_ = nullptr;
  absl::Time now_ = absl::FromUnixSeconds(1000);
};

TEST_F(ProgressBarTest, PlainModePrintsStageChangesAndPeriodicLines) {
  {
    ProgressBar bar(file_, /*is_tty=*/false, absl::Seconds(5), clock());
    bar.Update(Rendering(0.10, 100, 1000, 30));  // first: printed
    now_ += absl::Seconds(1);
    bar.Update(Rendering(0.20, 200, 1000, 25));  // too soon: held back
    now_ += absl::Seconds(5);
    bar.Update(Rendering(0.30, 300, 1000, 20));  // interval passed: printed
    now_ += absl::Seconds(1);
    ProgressState encoding = Rendering(0.90, 1000, 1000, 2);
    encoding.stage = "encoding";
    bar.Update(encoding);  // stage change: printed at once
    now_ += absl::Seconds(1);
    bar.Update(Rendering(1.0, 1000, 1000, 0));  // held back, then shown by Finish
  }
  EXPECT_EQ(Written(),
            "[rendering █░░░░░░░░░░░  10%  100/1000 frames  ETA 0:30]\n"
            "[rendering ████░░░░░░░░  30%  300/1000 frames  ETA 0:20]\n"
            "[encoding ███████████░  90%  1000/1000 frames  ETA 0:02]\n"
            "[rendering ████████████ 100%  1000/1000 frames  ETA 0:00]\n");
}

TEST_F(ProgressBarTest, TtyModeRedrawsOneLineAndEndsIt) {
  {
    ProgressBar bar(file_, /*is_tty=*/true, absl::Seconds(5), clock());
    bar.Update(Rendering(0.5, 0, 0, -1));
    now_ += absl::Milliseconds(10);
    bar.Update(Rendering(0.6, 0, 0, -1));  // within 100 ms: drawn by Finish
    bar.Finish();
    bar.Finish();  // idempotent
  }
  EXPECT_EQ(Written(),
            "\r[rendering ██████░░░░░░  50%]\x1b[K"
            "\r[rendering ███████░░░░░  60%]\x1b[K\n");
}

}  // namespace
}  // namespace beatframe::client
