// The processes of one data-parallel trial, joined through c10d: NCCL for
// CUDA tensors when this libtorch has it, Gloo otherwise (CPU, and CI's
// tests). Each process computes the gradient of its share of every batch;
// AllReduceSum leaves every process with the whole batch's. One thread at a
// time per process.
//
//   absl::StatusOr<std::unique_ptr<DataParallelGroup>> group =
//       DataParallelGroup::Join("/tmp/x/store", rank, 2, device);
//   (*group)->Broadcast(params);        // same start everywhere
//   (*group)->AllReduceSum(grads);      // after each backward
#pragma once

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace c10d {
class Backend;
class ProcessGroup;
}  // namespace c10d

namespace tune::trainer {

class DataParallelGroup {
 public:
  // Meets the other `world_size - 1` processes at the rendezvous file
  // `store_path` (c10d's FileStore). Unavailable when they do not come or
  // the backend fails to start.
  static absl::StatusOr<std::unique_ptr<DataParallelGroup>> Join(
      const std::string& store_path, int rank, int world_size,
      c10::Device device);
  ~DataParallelGroup();

  int rank() const { return rank_; }
  int world_size() const { return world_size_; }
  // "nccl" or "gloo".
  const std::string& backend() const { return backend_; }

  // Sums the tensors across the processes in place. Tensors of one dtype go
  // in one flat buffer, so a call is one collective per dtype.
  void AllReduceSum(const std::vector<at::Tensor>& tensors);
  // Copies rank 0's values into every process's tensors.
  void Broadcast(const std::vector<at::Tensor>& tensors);

  // The backend's calls; defined in the .cc.
  class Collectives;

 private:
  DataParallelGroup(int rank, int world_size, std::string backend,
                    std::unique_ptr<Collectives> collectives);

  int rank_;
  int world_size_;
  std::string backend_;
  std::unique_ptr<Collectives> collectives_;
};

}  // namespace tune::trainer
