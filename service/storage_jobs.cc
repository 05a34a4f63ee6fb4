// Storage: the outputs and jobs tables (sessions and assets are in storage.cc).
#include "absl/strings/str_cat.h"
#include "engine/common/status_macros.h"
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

absl::Status Storage::InsertJob(const JobRecord& j) {
  std::lock_guard<std::mutex> lock(mu_);
  return db_->Run(
                "INSERT INTO jobs (job_id, session_id, asset_id, prompt, aspect, output_id, state, stage, fraction, "
                "error_code, error_message, created_unix_ms, updated_unix_ms) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                {j.job_id, j.session_id, j.asset_id, j.prompt, j.aspect, j.output_id, j.state, int64_t{j.stage},
                 j.fraction, int64_t{j.error_code}, j.error_message, j.created_unix_ms, j.updated_unix_ms})
      .status();
}

absl::Status Storage::UpdateJob(const JobRecord& j) {
  std::lock_guard<std::mutex> lock(mu_);
  BF_ASSIGN_OR_RETURN(const int64_t changed,
                      db_->Run("UPDATE jobs SET state = ?, stage = ?, fraction = ?, error_code = ?, "
                               "error_message = ?, updated_unix_ms = ? WHERE job_id = ?",
                               {j.state, int64_t{j.stage}, j.fraction, int64_t{j.error_code}, j.error_message,
                                j.updated_unix_ms, j.job_id}));
  if (changed != 1) return absl::InternalError(absl::StrCat("job '", j.job_id, "' is not in the database"));
  return absl::OkStatus();
}

absl::StatusOr<JobRecord> Storage::GetJob(const std::string& session_id, const std::string& job_id) {
  JobRecord j;
  bool found = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    BF_RETURN_IF_ERROR(db_->Run("SELECT job_id, session_id, asset_id, prompt, aspect, output_id, state, stage, "
                                "fraction, error_code, error_message, created_unix_ms, updated_unix_ms "
                                "FROM jobs WHERE session_id = ? AND job_id = ?",
                                {session_id, job_id},
                                [&](const SqlRow& row) {
                                  found = true;
                                  j = JobRecord{row.Text(0), row.Text(1), row.Text(2), row.Text(3),
                                                row.Text(4), row.Text(5), row.Text(6),
                                                static_cast<int>(row.Int(7)), row.Double(8),
                                                static_cast<int>(row.Int(9)), row.Text(10), row.Int(11),
                                                row.Int(12)};
                                })
                           .status());
  }
  if (!found) return absl::NotFoundError(absl::StrCat("job '", job_id, "' not found in session '", session_id, "'"));
  return j;
}

}  // namespace beatframe::service
