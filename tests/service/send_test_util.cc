#include "tests/service/send_test_util.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <fstream>

#include "engine/media/clip_reader.h"

namespace beatframe::service::testing {

grpc::Status SendAll(v1::Beatframe::Stub& stub, const std::string& session_id, const std::string& message,
                     std::vector<v1::SendEvent>* events, const std::string& asset_id) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(4));
  v1::SendRequest request;
  request.set_session_id(session_id);
  request.set_message(message);
  request.set_asset_id(asset_id);
  auto reader = stub.Send(&context, request);
  v1::SendEvent event;
  while (reader->Read(&event)) events->push_back(event);
  return reader->Finish();
}

const v1::Reply* ReplyOf(const std::vector<v1::SendEvent>& events) {
  for (const v1::SendEvent& event : events) {
    if (event.has_reply()) return &event.reply();
  }
  return nullptr;
}

const v1::RenderResult* ResultOf(const std::vector<v1::SendEvent>& events) {
  for (const v1::SendEvent& event : events) {
    if (event.has_job_event() && event.job_event().has_result()) return &event.job_event().result();
  }
  return nullptr;
}

const v1::Draft* DraftOf(const std::vector<v1::SendEvent>& events) {
  for (const v1::SendEvent& event : events) {
    if (event.has_draft()) return &event.draft();
  }
  return nullptr;
}

grpc::Status EditDraft(v1::Beatframe::Stub& stub, const std::string& session_id, const std::string& asset_id,
                       const std::vector<v1::DraftOperation>& operations, v1::EditResponse* response) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  v1::EditRequest request;
  request.set_session_id(session_id);
  request.set_asset_id(asset_id);
  for (const v1::DraftOperation& op : operations) *request.add_operations() = op;
  return stub.Edit(&context, request, response);
}

grpc::Status RenderDraftAll(v1::Beatframe::Stub& stub, const std::string& session_id, const std::string& asset_id,
                            std::vector<v1::JobEvent>* events) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(4));
  v1::RenderDraftRequest request;
  request.set_session_id(session_id);
  request.set_asset_id(asset_id);
  auto reader = stub.RenderDraft(&context, request);
  v1::JobEvent event;
  while (reader->Read(&event)) events->push_back(event);
  return reader->Finish();
}

v1::DraftOperation AspectOp(const std::string& aspect) {
  v1::DraftOperation op;
  op.set_set_aspect(aspect);
  return op;
}

v1::DraftOperation ResolutionOp(int resolution) {
  v1::DraftOperation op;
  op.set_set_resolution(resolution);
  return op;
}

v1::DraftOperation StyleOp(const std::string& style) {
  v1::DraftOperation op;
  op.set_set_style(style);
  return op;
}

v1::DraftOperation TrimOp(int64_t start_ms, int64_t end_ms) {
  v1::DraftOperation op;
  op.mutable_trim()->set_start_ms(start_ms);
  op.mutable_trim()->set_end_ms(end_ms);
  return op;
}

v1::DraftOperation UndoOp() {
  v1::DraftOperation op;
  op.set_undo(true);
  return op;
}

std::string DownloadTo(v1::Beatframe::Stub& stub, const std::string& session_id, const std::string& output_id,
                       const std::string& dir, const std::string& name) {
  v1::DownloadHeader header;
  std::string bytes;
  if (!DownloadAll(stub, session_id, output_id, &header, &bytes).ok()) return "";
  const std::string path = dir + "/" + name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

std::vector<uint8_t> LumaAt(const std::string& path, int width, int height, double time_s) {
  ClipReaderOptions options;
  options.width = width;
  options.height = height;
  absl::StatusOr<std::unique_ptr<ClipReader>> reader = ClipReader::Open(path, options);
  if (!reader.ok()) return {};
  const int64_t index = static_cast<int64_t>(std::llround(time_s * 30.0));
  absl::StatusOr<Yuv420Image> image = (*reader)->FrameAt(index);
  if (!image.ok() || image->width != width || image->height != height) return {};
  std::vector<uint8_t> luma(static_cast<size_t>(width) * height);
  for (int y = 0; y < height; ++y) {
    std::copy_n(image->planes[0] + static_cast<size_t>(y) * image->strides[0], width, luma.begin() + y * width);
  }
  return luma;
}

double MaxBlockDifference(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b, int width, int height) {
  double worst = 0.0;
  for (int by = 0; by + 16 <= height; by += 16) {
    for (int bx = 0; bx + 16 <= width; bx += 16) {
      int sum = 0;
      for (int y = by; y < by + 16; ++y) {
        for (int x = bx; x < bx + 16; ++x) sum += std::abs(a[y * width + x] - b[y * width + x]);
      }
      worst = std::max(worst, sum / 256.0);
    }
  }
  return worst;
}

}  // namespace beatframe::service::testing
