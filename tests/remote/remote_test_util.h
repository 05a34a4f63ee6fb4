// Shared helpers of the remote backend tests: a fake service per test and a
// client configured with short waits, whose log lines are captured.
#pragma once

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "service/remote/remote_client.h"
#include "tests/remote/fake_remote_server.h"

namespace beatframe::remote {

class RemoteTestBase : public ::testing::Test {
 protected:
  void SetUp() override {
    unsetenv("NEMO_TOKEN");
    ASSERT_TRUE(fake_.Start().ok());
    dir_ = std::filesystem::temp_directory_path() /
           ("bf_remote_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    fake_.Stop();
    std::filesystem::remove_all(dir_);
  }

  RemoteClientOptions Options() {
    RemoteClientOptions options;
    options.base_url = fake_.base_url();
    options.read_env_token = false;
    options.rate_limit_wait = absl::Milliseconds(50);
    options.export_poll_interval = absl::Milliseconds(20);
    options.call_timeout = absl::Seconds(10);
    options.stream_timeout = absl::Seconds(20);
    options.log = [this](absl::string_view line) {
      std::lock_guard<std::mutex> lock(log_mu_);
      log_.emplace_back(line);
    };
    return options;
  }

  std::unique_ptr<RemoteClient> NewClient() { return NewClient(Options()); }
  std::unique_ptr<RemoteClient> NewClient(RemoteClientOptions options) {
    auto client = RemoteClient::Create(std::move(options));
    EXPECT_TRUE(client.ok()) << client.status();
    return client.ok() ? std::move(*client) : nullptr;
  }

  std::vector<std::string> LogLines() {
    std::lock_guard<std::mutex> lock(log_mu_);
    return log_;
  }

  std::string WriteFile(const std::string& name, size_t bytes) {
    const std::string path = (dir_ / name).string();
    std::FILE* f = std::fopen(path.c_str(), "wb");
    for (size_t i = 0; i < bytes; ++i) std::fputc(static_cast<int>((i * 131 + 7) & 0xFF), f);
    std::fclose(f);
    return path;
  }

  static Json SampleDraft() {
    return Json::parse(R"({"t":[
      {"tt":0,"sg":[{"d":10000,"m":{"name":"city timelapse"}}]},
      {"tt":1,"sg":[{"d":10000,"m":{"name":"Lo-fi","volume":0.35}}]},
      {"tt":7,"sg":[{"d":3000,"m":{"text":"Urban Dreams"}}]}]})");
  }

  testing_remote::FakeRemoteServer fake_;
  std::filesystem::path dir_;
  std::mutex log_mu_;
  std::vector<std::string> log_;
};

}  // namespace beatframe::remote
