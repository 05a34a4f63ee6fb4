// Ctrl-C handling for the CLI. A SIGINT handler may only set a flag, so a
// small watcher thread turns that flag into CallCanceller::Cancel(), which
// cancels the RPC in flight. A render job itself runs on at the server: the
// API has no call to stop it, and its output can still be fetched later.
#pragma once

#include <atomic>
#include <thread>

#include "client/client.h"

namespace beatframe::client {

// Installs the SIGINT handler on construction and restores the previous one
// on destruction. One instance at a time per process. A second Ctrl-C gets
// the default action (the process dies), so a stuck cancel never traps the user.
class InterruptWatcher {
 public:
  explicit InterruptWatcher(CallCanceller& canceller);
  ~InterruptWatcher();

  InterruptWatcher(const InterruptWatcher&) = delete;
  InterruptWatcher& operator=(const InterruptWatcher&) = delete;

  // True once SIGINT has arrived.
  bool interrupted() const;

 private:
  void Watch();

  CallCanceller& canceller_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace beatframe::client
