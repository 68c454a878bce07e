#include "tuner/auth/rpc_roles.h"

namespace tune::auth {
namespace {

constexpr RpcRole kRpcRoles[] = {
    {rpc::kDescribeTuningJob, Role::kViewer},
    {rpc::kListTuningJobs, Role::kViewer},
    {rpc::kListTrials, Role::kViewer},
    {rpc::kDescribeTrial, Role::kViewer},
    {rpc::kWatchTuningJob, Role::kViewer},
    {rpc::kWhoAmI, Role::kViewer},
    {rpc::kCreateTuningJob, Role::kSubmitter},
    {rpc::kStopTuningJob, Role::kSubmitter},
    {rpc::kUpdateTuningJob, Role::kSubmitter},
    {rpc::kSuggestTrials, Role::kSubmitter},
    {rpc::kReportTrialMetrics, Role::kSubmitter},
    {rpc::kCompleteTrial, Role::kSubmitter},
    {rpc::kCreateToken, Role::kAdmin},
    {rpc::kListTokens, Role::kAdmin},
    {rpc::kRevokeToken, Role::kAdmin},
};

}  // namespace

std::span<const RpcRole> RpcRoles() { return kRpcRoles; }

std::optional<Role> RequiredRole(std::string_view method) {
  for (const RpcRole& entry : kRpcRoles) {
    if (entry.method == method) return entry.required;
  }
  return std::nullopt;
}

}  // namespace tune::auth
