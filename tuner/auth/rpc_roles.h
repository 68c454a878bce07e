// The one table of which role each client RPC needs, by its full gRPC
// method name ("/tune.v1.TunerService/CreateTuningJob"). Every method of
// TunerService and AccessService is in it (rpc_roles_test checks that
// against the protos' descriptors); WorkerService is not: workers prove who
// they are with their TLS certificate, not a token.
// Pure; thread-safe.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "tuner/auth/role.h"

namespace tune::auth {

struct RpcRole {
  std::string_view method;
  Role required;
};

// Every client RPC with its role.
std::span<const RpcRole> RpcRoles();
// The role `method` needs; nullopt for a method not in the table (which
// the server then refuses).
std::optional<Role> RequiredRole(std::string_view method);

namespace rpc {
inline constexpr std::string_view kCreateTuningJob =
    "/tune.v1.TunerService/CreateTuningJob";
inline constexpr std::string_view kDescribeTuningJob =
    "/tune.v1.TunerService/DescribeTuningJob";
inline constexpr std::string_view kListTuningJobs =
    "/tune.v1.TunerService/ListTuningJobs";
inline constexpr std::string_view kStopTuningJob =
    "/tune.v1.TunerService/StopTuningJob";
inline constexpr std::string_view kUpdateTuningJob =
    "/tune.v1.TunerService/UpdateTuningJob";
inline constexpr std::string_view kListTrials = "/tune.v1.TunerService/ListTrials";
inline constexpr std::string_view kDescribeTrial =
    "/tune.v1.TunerService/DescribeTrial";
inline constexpr std::string_view kWatchTuningJob =
    "/tune.v1.TunerService/WatchTuningJob";
inline constexpr std::string_view kSuggestTrials =
    "/tune.v1.TunerService/SuggestTrials";
inline constexpr std::string_view kReportTrialMetrics =
    "/tune.v1.TunerService/ReportTrialMetrics";
inline constexpr std::string_view kCompleteTrial =
    "/tune.v1.TunerService/CompleteTrial";
inline constexpr std::string_view kWhoAmI = "/tune.v1.AccessService/WhoAmI";
inline constexpr std::string_view kCreateToken =
    "/tune.v1.AccessService/CreateToken";
inline constexpr std::string_view kListTokens = "/tune.v1.AccessService/ListTokens";
inline constexpr std::string_view kRevokeToken =
    "/tune.v1.AccessService/RevokeToken";
}  // namespace rpc

}  // namespace tune::auth
