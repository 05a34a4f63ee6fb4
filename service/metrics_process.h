// The standard process_* metrics of Prometheus client libraries (CPU time,
// memory, file descriptors, start time), read from /proc/self and getrusage
// when /metrics is scraped. Linux only; a value that cannot be read is left out.
#pragma once

#include <string>

namespace beatframe::service {

// Appends the process_* families (# HELP, # TYPE and a sample each) to `out`.
void AppendProcessMetrics(std::string* out);

}  // namespace beatframe::service
