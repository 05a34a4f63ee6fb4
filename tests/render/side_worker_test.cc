#include "engine/render/side_worker.h"

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace beatframe {
namespace {

TEST(SideWorkerTest, RunsTheTaskOnAnotherThreadAndWaitSeesItsWrites) {
  SideWorker worker;
  std::thread::id ran_on;
  int value = 0;   // plain int: Wait must publish the write
  worker.Start([&] {
    ran_on = std::this_thread::get_id();
    value = 42;
  });
  worker.Wait();
  EXPECT_NE(ran_on, std::this_thread::get_id());
  EXPECT_EQ(value, 42);
}

TEST(SideWorkerTest, WaitBlocksUntilASlowTaskReturns) {
  SideWorker worker;
  std::atomic<bool> finished{false};
  worker.Start([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    finished = true;
  });
  worker.Wait();
  EXPECT_TRUE(finished.load());
}

TEST(SideWorkerTest, ManyFramesSplitBetweenTwoThreadsAddUp) {
  // The frame pattern: half the work beside, half on the caller, then join.
  SideWorker worker;
  std::vector<int> side(1000, 0), caller(1000, 0);
  for (int frame = 0; frame < 1000; ++frame) {
    worker.Start([&] { side[frame] = frame * 2; });
    caller[frame] = frame * 3;
    worker.Wait();
    ASSERT_EQ(side[frame] + caller[frame], frame * 5) << "frame " << frame;
  }
}

TEST(SideWorkerTest, DestroyingWithATaskRunningWaitsForIt) {
  std::atomic<bool> finished{false};
  {
    SideWorker worker;
    worker.Start([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(30));
      finished = true;
    });
  }   // no Wait: the destructor must not cut the task short
  EXPECT_TRUE(finished.load());
}

TEST(SideWorkerTest, AnIdleWorkerIsDestroyedCleanly) {
  SideWorker worker;   // never started: the destructor must not hang
  SUCCEED();
}

}  // namespace
}  // namespace beatframe
