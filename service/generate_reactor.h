// Generate: validates the request, starts a render job and streams the job's
// events to the client through a JobStreamReactor (job_stream_reactor.h). The
// job outlives the stream.
#pragma once

#include <memory>
#include <mutex>

#include "absl/status/statusor.h"
#include "beatframe/v1/beatframe.grpc.pb.h"
#include "service/job_manager.h"
#include "service/storage.h"

namespace beatframe::service {

// Checks the session (it must belong to `owner`, a token hash) and assets and
// builds the job's spec (paths, ids, aspect, the credits it holds). NOT_FOUND
// for an unknown session or asset, INVALID_ARGUMENT for no assets or a bad
// aspect.
absl::StatusOr<JobSpec> BuildJobSpec(Storage& storage, const v1::GenerateRequest& request, const std::string& owner);

// Generate: builds the spec for `owner` (a token hash), starts the job and
// streams its events (JobStreamReactor), or fails the call. Returns the
// reactor for gRPC.
grpc::ServerWriteReactor<v1::JobEvent>* StartGenerate(Storage& storage, JobManager& jobs,
                                                     const v1::GenerateRequest& request, const std::string& owner);

}  // namespace beatframe::service
