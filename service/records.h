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
  // The SHA-256 (hex) of the token that created it; only that token sees it.
  std::string owner;
};

// An anonymous bearer token; only its hash is stored.
struct TokenRecord {
  std::string token_hash;  // lowercase hex SHA-256 of the token
  int64_t created_unix_ms = 0;
  int64_t expires_unix_ms = 0;
  int64_t credits = 0;     // what it holds: initial credits minus what finished jobs cost
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
  // "audio", "lyrics", "image" or "video" (kAssetKind*); "" in rows stored
  // before images and clips existed, which are audio or lyrics by format.
  std::string kind;
  int width = 0;           // pixels, images and clips only
  int height = 0;
};

inline constexpr char kAssetKindImage[] = "image";
inline constexpr char kAssetKindVideo[] = "video";

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
inline constexpr char kJobCancelled[] = "cancelled";

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
  std::string contact_sheet_id;  // "" when none was asked for
  int64_t credits = 0;           // held while queued/running; what success costs at most
  std::string spec_json;         // the whole JobSpec (job_spec_codec.h), to resume it after a restart
};

}  // namespace beatframe::service
