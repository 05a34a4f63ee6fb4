#include "service/metrics_process.h"

#include <sys/resource.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"

namespace beatframe::service {
namespace {

void AppendSample(std::string* out, absl::string_view name, absl::string_view type, absl::string_view help,
                  absl::string_view value) {
  absl::StrAppend(out, "# HELP ", name, " ", help, "\n# TYPE ", name, " ", type, "\n", name, " ", value, "\n");
}

std::string ReadSmallFile(const char* path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The process start time in seconds since the epoch: field 22 of
// /proc/self/stat (clock ticks since boot) plus the boot time from /proc/stat.
bool StartTimeSeconds(double* seconds) {
  const std::string stat = ReadSmallFile("/proc/self/stat");
  // The command name (field 2) may hold spaces; count fields after its ')'.
  const size_t paren = stat.rfind(')');
  if (paren == std::string::npos) return false;
  const std::vector<std::string> fields = absl::StrSplit(stat.substr(paren + 2), ' ', absl::SkipEmpty());
  // fields[0] is field 3 (state), so field 22 is fields[19].
  int64_t start_ticks = 0;
  if (fields.size() < 20 || !absl::SimpleAtoi(fields[19], &start_ticks)) return false;
  int64_t boot_time = 0;
  for (absl::string_view line : absl::StrSplit(ReadSmallFile("/proc/stat"), '\n')) {
    if (absl::ConsumePrefix(&line, "btime ") && absl::SimpleAtoi(line, &boot_time)) break;
  }
  const long ticks_per_second = sysconf(_SC_CLK_TCK);
  if (boot_time == 0 || ticks_per_second <= 0) return false;
  *seconds = static_cast<double>(boot_time) + static_cast<double>(start_ticks) / ticks_per_second;
  return true;
}

}  // namespace

void AppendProcessMetrics(std::string* out) {
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) == 0) {
    const double cpu_s = usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
                         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    AppendSample(out, "process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.",
                 absl::StrFormat("%.3f", cpu_s));
  }
  // /proc/self/statm: size and resident, in pages.
  const std::vector<std::string> statm = absl::StrSplit(ReadSmallFile("/proc/self/statm"), ' ', absl::SkipEmpty());
  int64_t virtual_pages = 0;
  int64_t resident_pages = 0;
  const long page_bytes = sysconf(_SC_PAGESIZE);
  if (statm.size() >= 2 && absl::SimpleAtoi(statm[0], &virtual_pages) &&
      absl::SimpleAtoi(statm[1], &resident_pages) && page_bytes > 0) {
    AppendSample(out, "process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.",
                 absl::StrCat(virtual_pages * page_bytes));
    AppendSample(out, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.",
                 absl::StrCat(resident_pages * page_bytes));
  }
  std::error_code ec;
  int64_t open_fds = 0;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    ++open_fds;
  }
  if (!ec) {
    AppendSample(out, "process_open_fds", "gauge", "Number of open file descriptors.", absl::StrCat(open_fds));
  }
  rlimit fd_limit{};
  if (getrlimit(RLIMIT_NOFILE, &fd_limit) == 0 && fd_limit.rlim_cur != RLIM_INFINITY) {
    AppendSample(out, "process_max_fds", "gauge", "Maximum number of open file descriptors.",
                 absl::StrCat(static_cast<int64_t>(fd_limit.rlim_cur)));
  }
  double start_s = 0.0;
  if (StartTimeSeconds(&start_s)) {
    AppendSample(out, "process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.",
                 absl::StrFormat("%.2f", start_s));
  }
}

}  // namespace beatframe::service
