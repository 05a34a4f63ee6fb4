// Helpers for the draft and chat tests (Send, Edit, GetDraft, ListDrafts,
// RenderDraft) on top of service_test_util.h, and a frame reader to look at
// what a render shows.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "beatframe/v1/beatframe.grpc.pb.h"
#include "tests/service/service_test_util.h"

namespace beatframe::service::testing {

// Runs Send to the end, collecting every event.
grpc::Status SendAll(v1::Beatframe::Stub& stub, const std::string& session_id, const std::string& message,
                     std::vector<v1::SendEvent>* events, const std::string& asset_id = "");

// The reply of a Send's events ("" when there is none), its final job result
// (or nullptr) and its drafts.
const v1::Reply* ReplyOf(const std::vector<v1::SendEvent>& events);
const v1::RenderResult* ResultOf(const std::vector<v1::SendEvent>& events);
const v1::Draft* DraftOf(const std::vector<v1::SendEvent>& events);

// Edit with `operations`.
grpc::Status EditDraft(v1::Beatframe::Stub& stub, const std::string& session_id, const std::string& asset_id,
                       const std::vector<v1::DraftOperation>& operations, v1::EditResponse* response);

// RenderDraft to the end, collecting every event.
grpc::Status RenderDraftAll(v1::Beatframe::Stub& stub, const std::string& session_id, const std::string& asset_id,
                            std::vector<v1::JobEvent>* events);

// Operations, for brevity.
v1::DraftOperation AspectOp(const std::string& aspect);
v1::DraftOperation ResolutionOp(int resolution);
v1::DraftOperation StyleOp(const std::string& style);
v1::DraftOperation TrimOp(int64_t start_ms, int64_t end_ms);
v1::DraftOperation UndoOp();

// Downloads an output into `dir` and returns the path.
std::string DownloadTo(v1::Beatframe::Stub& stub, const std::string& session_id, const std::string& output_id,
                       const std::string& dir, const std::string& name);

// The luma plane (width*height bytes) of the frame of `path` showing at
// `time_s` (30 fps), decoded at the video's own size; empty on failure.
std::vector<uint8_t> LumaAt(const std::string& path, int width, int height, double time_s);

// The largest mean absolute luma difference of any 16x16 block between two
// same-sized frames: large where text appears in one and not the other.
double MaxBlockDifference(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b, int width, int height);

}  // namespace beatframe::service::testing
