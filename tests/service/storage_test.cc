// Storage on a real SQLite file: rows round-trip, unknown ids are NOT_FOUND
// with a readable message, files move into the session on commit, and a
// reopened store still has everything.
#include "service/storage.h"

#include <filesystem>
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/service/service_test_util.h"

namespace beatframe::service {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

TEST(StorageTest, RecordsRoundTripAndSurviveReopening) {
  testing::TempDir dir;
  AssetRecord asset;
  {
    auto storage = Storage::Open(dir.path());
    ASSERT_TRUE(storage.ok()) << storage.status();
    ASSERT_TRUE((*storage)->CreateSession({"5e55", "label", 1}).ok());
    const std::string temp = (*storage)->NewTempPath("upload");
    std::ofstream(temp) << "bytes";
    AssetRecord record{"a55e7", "5e55", "it's \"quoted\".mp3", "mp3", "mp3", 4.5, 44100, 2, 5, "ab"};
    auto committed = (*storage)->CommitAsset(temp, record);
    ASSERT_TRUE(committed.ok()) << committed.status();
    asset = *committed;
    EXPECT_FALSE(fs::exists(temp));
    EXPECT_EQ(asset.path, dir.path() + "/sessions/5e55/assets/a55e7.mp3");
    EXPECT_TRUE(fs::exists(asset.path));
    OutputRecord output{"0u7", "5e55", "j0b", "/x.mp4", 10, "cd", 4.5, 1920, 1080, 30, 1, "pulse", "neon", 120, 9};
    ASSERT_TRUE((*storage)->InsertOutput(output).ok());
    JobRecord job{"j0b", "5e55", "a55e7", "prompt", "9:16", "0u7"};
    ASSERT_TRUE((*storage)->InsertJob(job).ok());
    job.state = kJobDone;
    job.stage = v1::JOB_STAGE_DONE;
    job.fraction = 1.0;
    ASSERT_TRUE((*storage)->UpdateJob(job).ok());
  }
  auto storage = Storage::Open(dir.path());
  ASSERT_TRUE(storage.ok());
  EXPECT_TRUE((*storage)->CheckSession("5e55", "").ok());
  auto asset_again = (*storage)->GetAsset("5e55", "a55e7");
  ASSERT_TRUE(asset_again.ok());
  EXPECT_EQ(asset_again->file_name, "it's \"quoted\".mp3");
  EXPECT_EQ(asset_again->path, asset.path);
  EXPECT_EQ(asset_again->sample_rate_hz, 44100);
  auto output = (*storage)->GetOutput("5e55", "0u7");
  ASSERT_TRUE(output.ok());
  EXPECT_EQ(output->height, 1080);
  EXPECT_EQ(output->palette, "neon");
  auto job = (*storage)->GetJob("5e55", "j0b");
  ASSERT_TRUE(job.ok());
  EXPECT_EQ(job->state, kJobDone);  // finished jobs are not touched by recovery
  EXPECT_EQ(job->aspect, "9:16");
}

TEST(StorageTest, UnknownIdsAreNotFound) {
  testing::TempDir dir;
  auto storage = Storage::Open(dir.path());
  ASSERT_TRUE(storage.ok());
  ASSERT_TRUE((*storage)->CreateSession({"5e55", "", 1}).ok());
  EXPECT_EQ((*storage)->CheckSession("nope", "").code(), absl::StatusCode::kNotFound);
  const auto asset = (*storage)->GetAsset("5e55", "nope");
  EXPECT_EQ(asset.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(asset.status().message(), HasSubstr("asset 'nope' not found in session '5e55'"));
  // An asset is only found through its own session.
  EXPECT_EQ((*storage)->GetOutput("other", "x").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ((*storage)->GetJob("5e55", "x").status().code(), absl::StatusCode::kNotFound);
}

TEST(StorageTest, UsesWriteAheadLogging) {
  testing::TempDir dir;
  auto storage = Storage::Open(dir.path());
  ASSERT_TRUE(storage.ok());
  ASSERT_TRUE((*storage)->CreateSession({"5e55", "", 1}).ok());
  EXPECT_TRUE(fs::exists(dir.path() + "/beatframe.db"));
  EXPECT_TRUE(fs::exists(dir.path() + "/beatframe.db-wal"));
}

}  // namespace
}  // namespace beatframe::service
