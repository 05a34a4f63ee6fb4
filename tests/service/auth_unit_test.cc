// The pieces behind tokens, credits and resumable jobs, without a server: the
// rate limiter's bucket, the credit rule, the job spec's JSON round trip and
// the schema migration of a database from before tokens existed.
#include <sqlite3.h>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "service/credits.h"
#include "service/error_reasons.h"
#include "service/job_spec_codec.h"
#include "service/rate_limiter.h"
#include "service/storage.h"
#include "tests/service/service_test_util.h"

namespace beatframe::service {
namespace {

using ::testing::HasSubstr;

TEST(RateLimiterTest, BurstThenOneCallPerIntervalPerKey) {
  RateLimiter limiter(3);  // 3 a minute: a burst of 3, then one every 20 s
  const absl::Time start = absl::FromUnixSeconds(1000);
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.Take("a", start).ok()) << i;
  const absl::Status limited = limiter.Take("a", start);
  EXPECT_EQ(limited.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(ErrorReason(limited), kReasonRateLimited);
  EXPECT_TRUE(limited.GetPayload(kRetryInfoTypeUrl).has_value());
  EXPECT_THAT(limited.message(), HasSubstr("retry in 20.0 s"));
  // Another key has its own bucket.
  EXPECT_TRUE(limiter.Take("b", start).ok());
  EXPECT_FALSE(limiter.Take("a", start + absl::Seconds(19)).ok());
  EXPECT_TRUE(limiter.Take("a", start + absl::Seconds(40)).ok());
}

TEST(RateLimiterTest, ZeroMeansNoLimit) {
  RateLimiter limiter(0);
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(limiter.Take("a", absl::FromUnixSeconds(1)).ok());
}

TEST(CreditsTest, OnePerStartedTenSeconds) {
  EXPECT_EQ(CreditsForDuration(0.0), 1);
  EXPECT_EQ(CreditsForDuration(0.5), 1);
  EXPECT_EQ(CreditsForDuration(10.0), 1);
  EXPECT_EQ(CreditsForDuration(10.1), 2);
  EXPECT_EQ(CreditsForDuration(20.0), 2);
  EXPECT_EQ(CreditsForDuration(180.0), 18);
}

TEST(JobSpecCodecTest, RoundTripsEveryField) {
  JobSpec spec;
  spec.job_id = "j";
  spec.session_id = "s";
  spec.asset_id = "a";
  spec.output_id = "o";
  spec.input_path = "/in.mp3";
  spec.output_path = "/out.mp4";
  spec.prompt = "neon \"quoted\" 夜";
  spec.aspect = "9:16";
  spec.resolution = "720p";
  spec.title = "Urban Dreams";
  spec.captions = {{"hello 🎵", 1.5, 3.0, CaptionPosition::kTop}, {"bye", 4.0, 5.0}};
  spec.lyrics_path = "/l.lrc";
  spec.contact_sheet_id = "c";
  spec.contact_sheet_path = "/c.png";
  spec.credits = 7;
  absl::StatusOr<JobSpec> back = DecodeJobSpec(EncodeJobSpec(spec));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->prompt, spec.prompt);
  EXPECT_EQ(back->resolution, "720p");
  EXPECT_EQ(back->title, spec.title);
  ASSERT_EQ(back->captions.size(), 2u);
  EXPECT_EQ(back->captions[0].text, "hello 🎵");
  EXPECT_EQ(back->captions[0].position, CaptionPosition::kTop);
  EXPECT_EQ(back->captions[1].end_s, 5.0);
  EXPECT_EQ(back->credits, 7);
  EXPECT_EQ(EncodeJobSpec(*back), EncodeJobSpec(spec));
}

TEST(JobSpecCodecTest, RefusesWhatCannotBeResumed) {
  EXPECT_EQ(DecodeJobSpec("not json").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DecodeJobSpec("[1]").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DecodeJobSpec(R"({"job_id": "j"})").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(StorageMigrationTest, AnOldDatabaseGainsTheNewColumnsAndKeepsItsRows) {
  testing::TempDir dir;
  {
    // The tables as the first release made them, with one session.
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir.path() + "/beatframe.db").c_str(), &db), SQLITE_OK);
    const char* old_schema =
        "CREATE TABLE sessions (session_id TEXT PRIMARY KEY, label TEXT NOT NULL, created_unix_ms INTEGER NOT NULL);"
        "CREATE TABLE jobs (job_id TEXT PRIMARY KEY, session_id TEXT NOT NULL, asset_id TEXT NOT NULL, "
        "prompt TEXT NOT NULL, aspect TEXT NOT NULL, output_id TEXT NOT NULL, state TEXT NOT NULL, "
        "stage INTEGER NOT NULL, fraction REAL NOT NULL, error_code INTEGER NOT NULL, error_message TEXT NOT NULL, "
        "created_unix_ms INTEGER NOT NULL, updated_unix_ms INTEGER NOT NULL);"
        "INSERT INTO sessions VALUES ('01d', 'old', 1);";
    ASSERT_EQ(sqlite3_exec(db, old_schema, nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  auto storage = Storage::Open(dir.path());
  ASSERT_TRUE(storage.ok()) << storage.status();
  // The old session has no owner, so no token can see it, and it is intact.
  EXPECT_TRUE((*storage)->CheckSession("01d", "").ok());
  EXPECT_EQ(ErrorReason((*storage)->CheckSession("01d", "someone")), kReasonSessionNotFound);
  ASSERT_TRUE((*storage)->InsertToken({"h", 1, 2, 5}).ok());
  ASSERT_TRUE((*storage)->CreateSession({"5e5", "", 1, "h"}).ok());
  JobRecord job{"j0b", "5e5", "a", "p", "", "o"};
  job.credits = 4;
  job.contact_sheet_id = "sheet";
  job.spec_json = "{}";
  ASSERT_TRUE((*storage)->InsertJob(job).ok());
  absl::StatusOr<JobRecord> stored = (*storage)->GetJob("5e5", "j0b");
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_EQ(stored->contact_sheet_id, "sheet");
  EXPECT_EQ(stored->credits, 4);
  // Frozen while queued; a second job that does not fit is refused.
  absl::StatusOr<CreditBalance> balance = (*storage)->GetCredits("h");
  ASSERT_TRUE(balance.ok());
  EXPECT_EQ(balance->frozen, 4);
  EXPECT_EQ(balance->available(), 1);
  JobRecord second{"j2", "5e5", "a", "p", "", "o2"};
  second.credits = 2;
  const absl::Status refused = (*storage)->InsertJob(second);
  EXPECT_EQ(refused.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(ErrorReason(refused), kReasonOutOfCredits);
  EXPECT_THAT(refused.message(), HasSubstr("needs 2 credits"));
  EXPECT_THAT(refused.message(), HasSubstr("only 1 are available"));
  // Success charges in the same step as the state change.
  job.state = kJobDone;
  ASSERT_TRUE((*storage)->UpdateJob(job, 3).ok());
  balance = (*storage)->GetCredits("h");
  EXPECT_EQ(balance->total, 2);
  EXPECT_EQ(balance->frozen, 0);
}

}  // namespace
}  // namespace beatframe::service
