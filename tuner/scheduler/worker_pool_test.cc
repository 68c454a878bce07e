#include "tuner/scheduler/worker_pool.h"
#include "tuner/scheduler/lease_book.h"

#include <catch2/catch.hpp>

namespace tune::scheduler {
namespace {

class NullChannel : public WorkerChannel {
 public:
  void Send(const tune::v1::TunerMessage&) override {}
};

TEST_CASE("GPU trials take GPU slots only, CPU trials take any slot") {
  WorkerPool pool;
  pool.Connect("gpu", {"0", "1", "2"}, 0, std::make_shared<NullChannel>());
  pool.Connect("cpu", {}, 1, std::make_shared<NullChannel>());

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

TEST_CASE("trials share a worker's GPUs, spread, each GPU once per trial") {
  WorkerPool pool;
  pool.Connect("gpu", {"0", "1"}, 0, std::make_shared<NullChannel>(),
               /*slots_per_gpu=*/2);
  // Single-GPU trials spread over the GPUs before they double up.
  auto a = pool.Reserve("a", 1);
  auto b = pool.Reserve("b", 1);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->gpu_ids != b->gpu_ids);
  // Two trials on each GPU now would leave a 2-GPU trial one free slot on
  // each GPU: it gets both GPUs, never one GPU twice.
  auto pair = pool.Reserve("pair", 2);
  REQUIRE(pair);
  REQUIRE(pair->gpu_ids.size() == 2);
  CHECK(pair->gpu_ids[0] != pair->gpu_ids[1]);
  // Every slot is taken: two trials per GPU at most.
  CHECK_FALSE(pool.Reserve("c", 1));
  pool.Release("a");
  auto c = pool.Reserve("c", 1);
  REQUIRE(c);
  CHECK(c->gpu_ids == a->gpu_ids);
  CHECK_FALSE(pool.Reserve("d", 2));  // one free slot left, on one GPU

  // A worker that comes back with its trials on shared GPUs gets them back.
  pool.Connect("gpu", {"0", "1"}, 0, std::make_shared<NullChannel>(), 2);
  CHECK(pool.Occupy("gpu", "p", {"0", "1"}));
  CHECK(pool.Occupy("gpu", "q", {"0"}));
  CHECK_FALSE(pool.Occupy("gpu", "r", {"0"}));  // both of GPU 0's are held
  CHECK_FALSE(pool.Occupy("gpu", "s", {"1", "1"}));  // one GPU twice
  pool.Connect("fresh", {"0", "1"}, 0, std::make_shared<NullChannel>(), 2);
  CHECK_FALSE(pool.Occupy("fresh", "t", {"1", "1"}));  // even with room

  // Of two workers with the same free GPUs, the less shared one.
  WorkerPool two;
  two.Connect("busy", {"0", "1"}, 0, std::make_shared<NullChannel>(), 2);
  REQUIRE(two.Occupy("busy", "x", {"0", "1"}));
  two.Connect("idle", {"0", "1"}, 0, std::make_shared<NullChannel>(), 2);
  auto next = two.Reserve("y", 1);
  REQUIRE(next);
  CHECK(next->worker_id == "idle");
}

TEST_CASE("a retried trial goes to another worker when one has room") {
  WorkerPool pool;
  pool.Connect("a", {}, 3, std::make_shared<NullChannel>());
  pool.Connect("b", {}, 1, std::make_shared<NullChannel>());
  auto first = pool.Reserve("t1", 0, "a");
  REQUIRE(first);
  CHECK(first->worker_id == "b");  // fewer free slots, but not avoided
  auto second = pool.Reserve("t2", 0, "a");
  REQUIRE(second);
  CHECK(second->worker_id == "a");  // the only one left with room
}

TEST_CASE("disconnected workers get nothing, removed ones lose their slots") {
  WorkerPool pool;
  auto channel = std::make_shared<NullChannel>();
  pool.Connect("w", {}, 2, channel);
  pool.Disconnect("w", channel.get());
  CHECK_FALSE(pool.Reserve("t", 0));
  CHECK(pool.Occupy("w", "t", {}));
  pool.AddAwaited("gone");
  CHECK_FALSE(pool.IsConnected("gone"));
  pool.Remove("w");
  CHECK_FALSE(pool.Occupy("w", "t2", {}));
  pool.Release("t");  // its worker is gone: nothing to free, no harm
}

TEST_CASE("a released trial frees its slots on its own worker only") {
  WorkerPool pool;
  pool.Connect("a", {}, 1, std::make_shared<NullChannel>());
  pool.Connect("b", {}, 1, std::make_shared<NullChannel>());
  REQUIRE(pool.Reserve("t1", 0)->worker_id == "a");
  REQUIRE(pool.Reserve("t2", 0)->worker_id == "b");
  pool.Release("t1");
  auto next = pool.Reserve("t3", 0);
  REQUIRE(next);
  CHECK(next->worker_id == "a");
  CHECK_FALSE(pool.Reserve("t4", 0));
}

TEST_CASE("leases: renewed while held, gone once the term passes") {
  FakeClock clock;
  LeaseBook leases(&clock, std::chrono::seconds(3));
  leases.Grant("w");
  CHECK_FALSE(leases.Renew("stranger"));
  clock.Advance(std::chrono::seconds(2));
  CHECK(leases.Renew("w"));
  clock.Advance(std::chrono::seconds(3));
  CHECK(leases.TakeExpired().empty());  // exactly at the deadline: still held
  clock.Advance(std::chrono::milliseconds(1));
  CHECK(leases.TakeExpired() == std::vector<std::string>{"w"});
  CHECK_FALSE(leases.Holds("w"));
  CHECK_FALSE(leases.Renew("w"));
}

}  // namespace
}  // namespace tune::scheduler
