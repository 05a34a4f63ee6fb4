// Plain rows of the service's database: what Storage reads and writes. Kept
// free of protobuf so storage tests need no RPC types; proto_convert.h maps
// them to API messages.
#pragma once

#include <cstdint>
#include <string>

namespace beatframe::service {

struct SessionRecord {
  std::string session_id;
  std::string label;
  int64_t created_unix_ms = 0;
};

// A validated upload, stored at `path` inside the data dir.
struct AssetRecord {
  std::string asset_id;
  std::string session_id;
  std::string file_name;   // base name as uploaded
  std::string format;      // "mp3", "wav", "m4a", ...
  std::string codec;
  double duration_s = 0.0;
  int sample_rate_hz = 0;
  int channels = 0;
  int64_t size_bytes = 0;
  std::string sha256;
  std::string title;
  std::string artist;
  std::string album;
  std::string path;        // absolute path of the stored file
  int64_t created_unix_ms = 0;
};

// A finished render, stored at `path`.
struct OutputRecord {
  std::string output_id;
  std::string session_id;
  std::string job_id;
  std::string path;
  int64_t size_bytes = 0;
  std::string sha256;
  double duration_s = 0.0;
  int width = 0;
  int height = 0;
  int fps_num = 0;
  int fps_den = 1;
  std::string style;
  std::string palette;
  double tempo_bpm = 0.0;
  int beat_count = 0;
  int64_t created_unix_ms = 0;
};

// Job states as stored; progress within 'running' lives only in memory.
inline constexpr char kJobQueued[] = "queued";
inline constexpr char kJobRunning[] = "running";
inline constexpr char kJobDone[] = "done";
inline constexpr char kJobFailed[] = "failed";

struct JobRecord {
  std::string job_id;
  std::string session_id;
  std::string asset_id;
  std::string prompt;
  std::string aspect;          // engine aspect string, "" for prompt/default
  std::string output_id;       // reserved at creation, valid once state == done
  std::string state = kJobQueued;
  int stage = 0;               // beatframe.v1.JobStage value at the last state change
  double fraction = 0.0;
  int error_code = 0;          // google.rpc.Code when state == failed
  std::string error_message;
  int64_t created_unix_ms = 0;
  int64_t updated_unix_ms = 0;
};

}  // namespace beatframe::service
