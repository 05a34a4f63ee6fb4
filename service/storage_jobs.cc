// Storage: the outputs and jobs tables (sessions and assets are in storage.cc,
// tokens in storage_tokens.cc).
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "engine/common/status_macros.h"
#include "service/error_reasons.h"
#include "service/storage.h"

namespace beatframe::service {

absl::Status Storage::InsertOutput(const OutputRecord& o) {
  std::lock_guard<std::mutex> lock(mu_);
  return db_->Run(
                "INSERT INTO outputs (output_id, session_id, job_id, path, size_bytes, sha256, duration_s, width, "
                "height, fps_num, fps_den, style, palette, tempo_bpm, beat_count, created_unix_ms) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                {o.output_id, o.session_id, o.job_id, o.path, o.size_bytes, o.sha256, o.duration_s,
                 int64_t{o.width}, int64_t{o.height}, int64_t{o.fps_num}, int64_t{o.fps_den}, o.style, o.palette,
                 o.tempo_bpm, int64_t{o.beat_count}, o.created_unix_ms})
      .status();
}

absl::StatusOr<OutputRecord> Storage::GetOutput(const std::string& session_id, const std::string& output_id) {
  OutputRecord o;
  bool found = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    BF_RETURN_IF_ERROR(db_->Run("SELECT output_id, session_id, job_id, path, size_bytes, sha256, duration_s, width, "
                                "height, fps_num, fps_den, style, palette, tempo_bpm, beat_count, created_unix_ms "
                                "FROM outputs WHERE session_id = ? AND output_id = ?",
                                {session_id, output_id},
                                [&](const SqlRow& row) {
                                  found = true;
                                  o = OutputRecord{row.Text(0), row.Text(1), row.Text(2), row.Text(3),
                                                   row.Int(4), row.Text(5), row.Double(6),
                                                   static_cast<int>(row.Int(7)), static_cast<int>(row.Int(8)),
                                                   static_cast<int>(row.Int(9)), static_cast<int>(row.Int(10)),
                                                   row.Text(11), row.Text(12), row.Double(13),
                                                   static_cast<int>(row.Int(14)), row.Int(15)};
                                })
                           .status());
  }
  if (!found) {
    return absl::NotFoundError(absl::StrCat("output '", output_id, "' not found in session '", session_id, "'"));
  }
  return o;
}

namespace {

constexpr char kJobColumns[] =
    "job_id, session_id, asset_id, prompt, aspect, output_id, state, stage, fraction, error_code, error_message, "
    "created_unix_ms, updated_unix_ms, contact_sheet_id, credits, spec";

JobRecord JobFromRow(const SqlRow& row) {
  JobRecord j{row.Text(0), row.Text(1), row.Text(2), row.Text(3), row.Text(4), row.Text(5), row.Text(6),
              static_cast<int>(row.Int(7)), row.Double(8), static_cast<int>(row.Int(9)), row.Text(10),
              row.Int(11), row.Int(12)};
  j.contact_sheet_id = row.Text(13);
  j.credits = row.Int(14);
  j.spec_json = row.Text(15);
  return j;
}

}  // namespace

absl::Status Storage::InsertJob(const JobRecord& j) {
  std::lock_guard<std::mutex> lock(mu_);
  if (j.credits > 0) {
    // Under mu_ with the insert below: two Generates of one token cannot both
    // spend the same credits.
    std::string owner;
    BF_RETURN_IF_ERROR(db_->Run("SELECT owner FROM sessions WHERE session_id = ?", {j.session_id},
                                [&](const SqlRow& row) { owner = row.Text(0); })
                           .status());
    BF_ASSIGN_OR_RETURN(const CreditBalance balance, CreditsLocked(owner));
    if (balance.available() < j.credits) {
      return WithReason(absl::ResourceExhaustedError(absl::StrCat(
                            "this render needs ", j.credits, " credits (1 per started 10 s of video) but only ",
                            std::max<int64_t>(balance.available(), 0), " are available (", balance.frozen,
                            " held by running jobs); get a new token or wait for running jobs to end")),
                        kReasonOutOfCredits,
                        {{"needed", absl::StrCat(j.credits)},
                         {"available", absl::StrCat(std::max<int64_t>(balance.available(), 0))}});
    }
  }
  return db_->Run(absl::StrCat("INSERT INTO jobs (", kJobColumns,
                               ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                  {j.job_id, j.session_id, j.asset_id, j.prompt, j.aspect, j.output_id, j.state, int64_t{j.stage},
                   j.fraction, int64_t{j.error_code}, j.error_message, j.created_unix_ms, j.updated_unix_ms,
                   j.contact_sheet_id, j.credits, j.spec_json})
      .status();
}

absl::Status Storage::UpdateJob(const JobRecord& j, int64_t charge_credits) {
  std::lock_guard<std::mutex> lock(mu_);
  // One transaction: a crash can neither charge a job that is not done nor
  // leave a done job uncharged.
  BF_RETURN_IF_ERROR(db_->ExecScript("BEGIN IMMEDIATE;"));
  absl::StatusOr<int64_t> changed =
      db_->Run("UPDATE jobs SET state = ?, stage = ?, fraction = ?, error_code = ?, "
               "error_message = ?, updated_unix_ms = ? WHERE job_id = ?",
               {j.state, int64_t{j.stage}, j.fraction, int64_t{j.error_code}, j.error_message, j.updated_unix_ms,
                j.job_id});
  absl::Status status = changed.status();
  if (status.ok() && *changed != 1) {
    status = absl::InternalError(absl::StrCat("job '", j.job_id, "' is not in the database"));
  }
  if (status.ok() && charge_credits > 0) {
    status = db_->Run("UPDATE tokens SET credits = credits - ? WHERE token_hash = "
                      "(SELECT s.owner FROM jobs j JOIN sessions s ON s.session_id = j.session_id WHERE j.job_id = ?)",
                      {charge_credits, j.job_id})
                 .status();
  }
  if (!status.ok()) {
    db_->ExecScript("ROLLBACK;").IgnoreError();
    return status;
  }
  return db_->ExecScript("COMMIT;");
}

absl::StatusOr<JobRecord> Storage::GetJob(const std::string& session_id, const std::string& job_id) {
  JobRecord j;
  bool found = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    BF_RETURN_IF_ERROR(db_->Run(absl::StrCat("SELECT ", kJobColumns, " FROM jobs WHERE session_id = ? AND job_id = ?"),
                                {session_id, job_id},
                                [&](const SqlRow& row) {
                                  found = true;
                                  j = JobFromRow(row);
                                })
                           .status());
  }
  if (!found) return absl::NotFoundError(absl::StrCat("job '", job_id, "' not found in session '", session_id, "'"));
  return j;
}

absl::StatusOr<std::vector<JobRecord>> Storage::ListJobs(const std::string& session_id, int limit) {
  std::vector<JobRecord> jobs;
  std::lock_guard<std::mutex> lock(mu_);
  BF_RETURN_IF_ERROR(db_->Run(absl::StrCat("SELECT ", kJobColumns,
                                           " FROM jobs WHERE session_id = ? "
                                           "ORDER BY created_unix_ms DESC, rowid DESC LIMIT ?"),
                              {session_id, int64_t{limit}},
                              [&](const SqlRow& row) { jobs.push_back(JobFromRow(row)); })
                         .status());
  return jobs;
}

absl::StatusOr<std::vector<JobRecord>> Storage::ListUnfinishedJobs() {
  std::vector<JobRecord> jobs;
  std::lock_guard<std::mutex> lock(mu_);
  BF_RETURN_IF_ERROR(db_->Run(absl::StrCat("SELECT ", kJobColumns,
                                           " FROM jobs WHERE state IN (?, ?) ORDER BY created_unix_ms, rowid"),
                              {std::string(kJobQueued), std::string(kJobRunning)},
                              [&](const SqlRow& row) { jobs.push_back(JobFromRow(row)); })
                         .status());
  return jobs;
}

}  // namespace beatframe::service
