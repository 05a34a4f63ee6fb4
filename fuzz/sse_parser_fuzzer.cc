// libFuzzer target for the SSE parser: arbitrary bytes, fed whole, split at
// fuzzer-chosen offsets and byte by byte, must give the same events, the
// same comments, retry and last event id, and the same error (if any); every
// string handed out must be valid UTF-8. Any difference aborts.
#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "engine/common/utf8.h"
#include "service/remote/sse_parser.h"

namespace {

using beatframe::remote::SseEvent;
using beatframe::remote::SseParser;

struct Outcome {
  std::vector<SseEvent> events;
  std::vector<std::string> comments;
  std::string last_event_id;
  int64_t retry_ms = -1;
  int error_code = 0;
  bool operator==(const Outcome&) const = default;
};

Outcome Run(const std::string& stream, const std::vector<size_t>& cuts, size_t max_line) {
  Outcome out;
  SseParser parser([&](const SseEvent& e) { out.events.push_back(e); },
                   [&](absl::string_view c) { out.comments.emplace_back(c); }, max_line);
  size_t start = 0;
  for (size_t cut : cuts) {
    const absl::Status s = parser.Feed(absl::string_view(stream).substr(start, cut - start));
    if (!s.ok()) out.error_code = static_cast<int>(s.code());
    start = cut;
  }
  const absl::Status s = parser.Feed(absl::string_view(stream).substr(start));
  if (!s.ok()) out.error_code = static_cast<int>(s.code());
  parser.Finish();
  out.last_event_id = parser.last_event_id();
  out.retry_ms = parser.retry_ms().value_or(-1);
  return out;
}

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider provider(data, size);
  const size_t max_line = provider.ConsumeIntegralInRange<size_t>(8, 1 << 16);
  const int cut_count = provider.ConsumeIntegralInRange<int>(0, 16);
  std::vector<size_t> cuts;
  for (int i = 0; i < cut_count; ++i) cuts.push_back(provider.ConsumeIntegral<uint16_t>());
  const std::string stream = provider.ConsumeRemainingBytesAsString();
  for (size_t& cut : cuts) cut %= stream.size() + 1;
  std::sort(cuts.begin(), cuts.end());

  const Outcome whole = Run(stream, {}, max_line);
  for (const SseEvent& e : whole.events) {
    Check(beatframe::IsValidUtf8(e.type) && beatframe::IsValidUtf8(e.data) &&
          beatframe::IsValidUtf8(e.last_event_id) && !e.type.empty());
  }
  for (const std::string& c : whole.comments) Check(beatframe::IsValidUtf8(c));
  Check(Run(stream, cuts, max_line) == whole);
  if (stream.size() <= 2048) {
    std::vector<size_t> every(stream.size());
    for (size_t i = 0; i < every.size(); ++i) every[i] = i;
    Check(Run(stream, every, max_line) == whole);
  }
  return 0;
}
