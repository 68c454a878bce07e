#include "trainer/train/data_parallel.h"

#include <ATen/ATen.h>
#include <torch/csrc/distributed/c10d/FileStore.hpp>
// PyTorch's wheels have Gloo inside libtorch but leave its headers out, so
// there several processes need NCCL; Debian's libtorch has them.
#if __has_include(<gloo/algorithm.h>)
#define TUNE_TRAINER_GLOO
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#endif
#ifdef TUNE_TRAINER_NCCL  // CMake found nccl.h for a CUDA libtorch
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

#include <exception>
#include <map>
#include <type_traits>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace tune::trainer {

// Hides which c10d class does the work: the Gloo and NCCL process groups
// share the collective calls used here but not a base class across the
// libtorch versions this builds against.
class DataParallelGroup::Collectives {
 public:
  virtual ~Collectives() = default;
  virtual void AllReduceSum(at::Tensor& flat) = 0;
  virtual void Broadcast(at::Tensor& flat) = 0;
};

namespace {

template <typename Group>
class GroupCollectives : public DataParallelGroup::Collectives {
 public:
  explicit GroupCollectives(c10::intrusive_ptr<Group> group)
      : group_(std::move(group)) {}
#ifdef TUNE_TRAINER_NCCL
  ~GroupCollectives() override {
    // PyTorch 2.x's NCCL group warns of leaked resources when destroyed
    // without an explicit shutdown.
    if constexpr (std::is_same_v<Group, c10d::ProcessGroupNCCL>) {
      try {
        group_->shutdown();
      } catch (const std::exception&) {
      }
    }
  }
#endif

  void AllReduceSum(at::Tensor& flat) override {
    std::vector<at::Tensor> tensors = {flat};
    group_->allreduce(tensors)->wait();
  }
  void Broadcast(at::Tensor& flat) override {
    std::vector<at::Tensor> tensors = {flat};
    group_->broadcast(tensors)->wait();
  }

 private:
  c10::intrusive_ptr<Group> group_;
};

// Applies `collective` to the tensors, one flat buffer per dtype, and copies
// the results back.
template <typename Collective>
void Flattened(const std::vector<at::Tensor>& tensors, Collective collective) {
  std::map<at::ScalarType, std::vector<at::Tensor>> by_dtype;
  for (const at::Tensor& tensor : tensors) {
    by_dtype[tensor.scalar_type()].push_back(tensor);
  }
  for (auto& [dtype, group] : by_dtype) {
    std::vector<at::Tensor> flat_parts;
    for (const at::Tensor& tensor : group) flat_parts.push_back(tensor.reshape(-1));
    at::Tensor flat = at::cat(flat_parts);
    collective(flat);
    int64_t offset = 0;
    for (const at::Tensor& tensor : group) {
      const int64_t count = tensor.numel();
      // detach(): parameters are leaves that autograd must not see written.
      tensor.detach().copy_(flat.narrow(0, offset, count).view_as(tensor));
      offset += count;
    }
  }
}

}  // namespace

DataParallelGroup::DataParallelGroup(int rank, int world_size,
                                     std::string backend,
                                     std::unique_ptr<Collectives> collectives)
    : rank_(rank),
      world_size_(world_size),
      backend_(std::move(backend)),
      collectives_(std::move(collectives)) {}

DataParallelGroup::~DataParallelGroup() = default;

absl::StatusOr<std::unique_ptr<DataParallelGroup>> DataParallelGroup::Join(
    const std::string& store_path, int rank, int world_size,
    c10::Device device) {
  try {
    auto store = c10::make_intrusive<c10d::FileStore>(store_path, world_size);
#ifdef TUNE_TRAINER_NCCL
    if (device.is_cuda()) {
      auto nccl = c10::make_intrusive<c10d::ProcessGroupNCCL>(store, rank,
                                                              world_size);
      return std::unique_ptr<DataParallelGroup>(new DataParallelGroup(
          rank, world_size, "nccl",
          std::make_unique<GroupCollectives<c10d::ProcessGroupNCCL>>(
              std::move(nccl))));
    }
#endif
#ifdef TUNE_TRAINER_GLOO
    // Gloo takes CPU and CUDA tensors: a CUDA build without NCCL uses it.
    auto options = c10d::ProcessGroupGloo::Options::create();
    // The processes of a trial run on one machine.
    options->devices.push_back(
        c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1"));
    auto gloo = c10::make_intrusive<c10d::ProcessGroupGloo>(
        store, rank, world_size, options);
    return std::unique_ptr<DataParallelGroup>(new DataParallelGroup(
        rank, world_size, "gloo",
        std::make_unique<GroupCollectives<c10d::ProcessGroupGloo>>(
            std::move(gloo))));
#else
    return absl::UnimplementedError(absl::StrCat(
        "--gpus ", world_size, " on ", device.str(),
        ": this trainer was built without Gloo (its libtorch ships no Gloo "
        "headers)",
        device.is_cuda() ? " or NCCL (no nccl.h was found)" : "",
        "; use one process"));
#endif
  } catch (const std::exception& error) {
    return absl::UnavailableError(absl::StrCat(
        "data-parallel rank ", rank, " of ", world_size,
        " could not join at ", store_path, ": ", error.what()));
  }
}

void DataParallelGroup::AllReduceSum(const std::vector<at::Tensor>& tensors) {
  Flattened(tensors, [&](at::Tensor& flat) { collectives_->AllReduceSum(flat); });
}

void DataParallelGroup::Broadcast(const std::vector<at::Tensor>& tensors) {
  Flattened(tensors, [&](at::Tensor& flat) { collectives_->Broadcast(flat); });
}

}  // namespace tune::trainer
