// BlockingQueue: order, Close draining, and Abort waking a blocked waiter
// (what keeps a cancelled render from deadlocking).
#include "engine/pipeline/frame_queue.h"

#include <chrono>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace beatframe::pipeline_internal {
namespace {

TEST(BlockingQueueTest, HandsItemsAcrossThreadsInOrder) {
  BlockingQueue<int> queue;
  std::thread producer([&] {
    for (int i = 0; i < 1000; ++i) ASSERT_TRUE(queue.Push(i));
    queue.Close();
  });
  std::vector<int> got;
  while (auto item = queue.Pop()) got.push_back(*item);
  producer.join();
  ASSERT_EQ(got.size(), 1000u);
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(got[i], i);
}

TEST(BlockingQueueTest, CloseDrainsThenEnds) {
  BlockingQueue<int> queue;
  queue.Push(1);
  queue.Push(2);
  queue.Close();
  EXPECT_FALSE(queue.Push(3));
  EXPECT_EQ(queue.Pop(), 1);
  EXPECT_EQ(queue.Pop(), 2);
  EXPECT_EQ(queue.Pop(), std::nullopt);
}

TEST(BlockingQueueTest, AbortWakesABlockedPopAndDropsItems) {
  BlockingQueue<int> queue;
  std::optional<int> result = 42;
  std::thread waiter([&] { result = queue.Pop(); });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  queue.Abort();
  waiter.join();
  EXPECT_EQ(result, std::nullopt);

  BlockingQueue<int> full;
  full.Push(1);
  full.Abort();
  EXPECT_EQ(full.Pop(), std::nullopt);
  EXPECT_FALSE(full.Push(2));
}

}  // namespace
}  // namespace beatframe::pipeline_internal
