#include "bench/peer_aubio.h"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

extern char** environ;

namespace beatframe::bench {
namespace {

// Owns a file descriptor; closes it once.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { Close(); }
  int get() const { return fd_; }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

absl::Status Errno(absl::string_view what) {
  return absl::InternalError(absl::StrCat(what, ": ", std::strerror(errno)));
}

// Reads both pipes until the child closes them. Reading them together keeps a
// chatty stderr from filling its pipe and stalling the child.
void DrainPipes(Fd& out, Fd& err, std::string& out_text, std::string& err_text) {
  char buffer[4096];
  while (out.get() >= 0 || err.get() >= 0) {
    pollfd fds[2] = {{out.get(), POLLIN, 0}, {err.get(), POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    for (int i = 0; i < 2; ++i) {
      Fd& fd = i == 0 ? out : err;
      std::string& text = i == 0 ? out_text : err_text;
      if (fd.get() < 0 || fds[i].revents == 0) continue;
      const ssize_t n = ::read(fd.get(), buffer, sizeof(buffer));
      if (n > 0) {
        text.append(buffer, static_cast<size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        fd.Close();
      }
    }
  }
}

}  // namespace

absl::StatusOr<std::string> FindExecutableOnPath(absl::string_view name) {
  const char* path_env = std::getenv("PATH");
  if (path_env != nullptr) {
    for (absl::string_view dir : absl::StrSplit(path_env, ':', absl::SkipEmpty())) {
      std::string candidate = absl::StrCat(dir, "/", name);
      if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
  }
  return absl::NotFoundError(absl::StrCat("'", name, "' is not on PATH"));
}

absl::StatusOr<CommandResult> RunCommand(const std::vector<std::string>& argv) {
  if (argv.empty()) return absl::InvalidArgumentError("empty command line");
  int out_pipe[2];
  int err_pipe[2];
  if (::pipe2(out_pipe, O_CLOEXEC) != 0) return Errno("pipe");
  Fd out_read(out_pipe[0]), out_write(out_pipe[1]);
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) return Errno("pipe");
  Fd err_read(err_pipe[0]), err_write(err_pipe[1]);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_write.get(), STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_write.get(), STDERR_FILENO);

  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);

  const auto start = std::chrono::steady_clock::now();
  pid_t pid = 0;
  const int spawn_error = ::posix_spawn(&pid, argv[0].c_str(), &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawn_error != 0) {
    return absl::InternalError(
        absl::StrCat("start '", argv[0], "': ", std::strerror(spawn_error)));
  }
  // Our copies of the write ends must go, or the reads never see EOF.
  out_write.Close();
  err_write.Close();

  CommandResult result;
  DrainPipes(out_read, err_read, result.stdout_text, result.stderr_text);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return Errno("waitpid");
  }
  result.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

absl::StatusOr<std::vector<double>> ParseAubioBeats(absl::string_view output) {
  std::vector<double> beats;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(output, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty()) continue;
    double t = 0.0;
    if (!absl::SimpleAtod(line, &t)) {
      return absl::InvalidArgumentError(
          absl::StrCat("aubio beat output line ", line_number, " is not a time: '", line, "'"));
    }
    beats.push_back(t);
  }
  return beats;
}

absl::StatusOr<double> ParseAubioTempo(absl::string_view output) {
  for (absl::string_view line : absl::StrSplit(output, '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (!absl::ConsumeSuffix(&line, "bpm")) continue;
    double bpm = 0.0;
    if (absl::SimpleAtod(absl::StripAsciiWhitespace(line), &bpm)) return bpm;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("no '<number> bpm' line in aubio tempo output: '", output, "'"));
}

absl::StatusOr<AubioPeer> AubioPeer::Create() {
  absl::StatusOr<std::string> path = FindExecutableOnPath("aubio");
  if (!path.ok()) return path.status();
  std::string version = "aubio";
  // `aubio -V` prints "aubio version X"; it is informative only, so a failure
  // here does not disqualify the tool.
  if (absl::StatusOr<CommandResult> v = RunCommand({*path, "-V"}); v.ok() && v->exit_code == 0) {
    version = std::string(absl::StripAsciiWhitespace(v->stdout_text + v->stderr_text));
  }
  return AubioPeer(*std::move(path), std::move(version));
}

absl::StatusOr<AubioPeer::BeatRun> AubioPeer::Beats(const std::string& audio_path) const {
  absl::StatusOr<CommandResult> run = RunCommand({path_, "beat", audio_path});
  if (!run.ok()) return run.status();
  if (run->exit_code != 0) {
    return absl::UnavailableError(absl::StrCat("aubio beat '", audio_path, "' exited with ",
                                               run->exit_code, ": ", run->stderr_text));
  }
  absl::StatusOr<std::vector<double>> beats = ParseAubioBeats(run->stdout_text);
  if (!beats.ok()) return beats.status();
  return BeatRun{*std::move(beats), run->wall_s};
}

absl::StatusOr<AubioPeer::TempoRun> AubioPeer::Tempo(const std::string& audio_path) const {
  absl::StatusOr<CommandResult> run = RunCommand({path_, "tempo", audio_path});
  if (!run.ok()) return run.status();
  if (run->exit_code != 0) {
    return absl::UnavailableError(absl::StrCat("aubio tempo '", audio_path, "' exited with ",
                                               run->exit_code, ": ", run->stderr_text));
  }
  absl::StatusOr<double> bpm = ParseAubioTempo(run->stdout_text);
  if (!bpm.ok()) return bpm.status();
  return TempoRun{*bpm, run->wall_s};
}

absl::StatusOr<double> AubioPeer::StartupSeconds() const {
  absl::StatusOr<CommandResult> run = RunCommand({path_, "-V"});
  if (!run.ok()) return run.status();
  return run->wall_s;
}

}  // namespace beatframe::bench
