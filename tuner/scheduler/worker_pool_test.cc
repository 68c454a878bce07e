#include "tuner/scheduler/worker_pool.h"

#include <catch2/catch.hpp>

namespace tune::scheduler {
namespace {

class NullChannel : public WorkerChannel {
 public:
  void Send(const tune::v1::TunerMessage&) override {}
};

TEST_CASE("GPU trials take GPU slots only, CPU trials take any slot") {
  WorkerPool pool;
  const auto later = std::chrono::steady_clock::now() + std::chrono::hours(1);
  pool.Connect("gpu", {"0", "1", "2"}, 0, std::make_shared<NullChannel>(), later);
  pool.Connect("cpu", {}, 1, std::make_shared<NullChannel>(), later);

  auto two = pool.Reserve("t1", 2);
  REQUIRE(two);
  CHECK(two->worker_id == "gpu");
  CHECK(two->gpu_ids == std::vector<std::string>{"0", "1"});
  CHECK_FALSE(pool.Reserve("t2", 2));  // only one GPU left
  auto one = pool.Reserve("t3", 1);
  REQUIRE(one);
  CHECK(one->gpu_ids == std::vector<std::string>{"2"});
  auto cpu = pool.Reserve("t4", 0);
  REQUIRE(cpu);
  CHECK(cpu->worker_id == "cpu");
  CHECK_FALSE(pool.Reserve("t5", 0));
  pool.Release("t1");
  CHECK(pool.Reserve("t6", 2));
}

TEST_CASE("a retried trial goes to another worker when one has room") {
  WorkerPool pool;
  const auto later = std::chrono::steady_clock::now() + std::chrono::hours(1);
  pool.Connect("a", {}, 3, std::make_shared<NullChannel>(), later);
  pool.Connect("b", {}, 1, std::make_shared<NullChannel>(), later);
  auto first = pool.Reserve("t1", 0, "a");
  REQUIRE(first);
  CHECK(first->worker_id == "b");  // fewer free slots, but not avoided
  auto second = pool.Reserve("t2", 0, "a");
  REQUIRE(second);
  CHECK(second->worker_id == "a");  // the only one left with room
}

TEST_CASE("disconnected workers get nothing, expired ones are removed") {
  WorkerPool pool;
  auto channel = std::make_shared<NullChannel>();
  pool.Connect("w", {}, 2, channel, std::chrono::steady_clock::now() + std::chrono::hours(1));
  pool.Disconnect("w", channel.get());
  CHECK_FALSE(pool.Reserve("t", 0));
  pool.AddAwaited("gone", std::chrono::steady_clock::now() - std::chrono::seconds(1));
  auto expired = pool.TakeExpired(std::chrono::steady_clock::now());
  CHECK(expired == std::vector<std::string>{"gone"});
  CHECK(pool.Occupy("w", "t", {}));
}

}  // namespace
}  // namespace tune::scheduler
