#include "client/interrupt.h"

#include <signal.h>

#include <chrono>
#include <csignal>

namespace beatframe::client {
namespace {

volatile std::sig_atomic_t g_interrupted = 0;
struct sigaction g_previous_action;

extern "C" void OnSigint(int) { g_interrupted = 1; }

// How long a Ctrl-C waits before the RPC is cancelled; short enough to feel instant.
constexpr auto kPollInterval = std::chrono::milliseconds(50);

}  // namespace

InterruptWatcher::InterruptWatcher(CallCanceller& canceller) : canceller_(canceller) {
  g_interrupted = 0;
  struct sigaction action = {};
  action.sa_handler = OnSigint;
  sigemptyset(&action.sa_mask);
  // SA_RESETHAND: the second Ctrl-C takes the default action and ends the process.
  action.sa_flags = SA_RESETHAND;
  sigaction(SIGINT, &action, &g_previous_action);
  thread_ = std::thread([this] { Watch(); });
}

InterruptWatcher::~InterruptWatcher() {
  stop_ = true;
  thread_.join();
  sigaction(SIGINT, &g_previous_action, nullptr);
}

bool InterruptWatcher::interrupted() const { return g_interrupted != 0; }

void InterruptWatcher::Watch() {
  while (!stop_) {
    if (g_interrupted) {
      canceller_.Cancel();
      return;
    }
    std::this_thread::sleep_for(kPollInterval);
  }
}

}  // namespace beatframe::client
