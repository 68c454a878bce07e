// The role table covers every client RPC the protos define, and nothing
// else; its roles nest as documented.
#include "tuner/auth/rpc_roles.h"

#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "tune/v1/access.pb.h"
#include "tune/v1/tuner.pb.h"
#include "tune/v1/worker.pb.h"

namespace tune::auth {
namespace {

std::set<std::string> MethodsOf(const google::protobuf::ServiceDescriptor* service) {
  std::set<std::string> methods;
  for (int i = 0; i < service->method_count(); ++i) {
    methods.insert("/" + service->full_name() + "/" + service->method(i)->name());
  }
  return methods;
}

TEST_CASE("every client RPC has exactly one role, and workers' has none") {
  const auto* tuner = tune::v1::DescribeTuningJobRequest::descriptor()->file()
                          ->FindServiceByName("TunerService");
  const auto* access = tune::v1::WhoAmIRequest::descriptor()->file()
                           ->FindServiceByName("AccessService");
  const auto* worker = tune::v1::WorkerMessage::descriptor()->file()
                           ->FindServiceByName("WorkerService");
  REQUIRE(tuner != nullptr);
  REQUIRE(access != nullptr);
  REQUIRE(worker != nullptr);
  std::set<std::string> expected = MethodsOf(tuner);
  expected.merge(MethodsOf(access));

  std::set<std::string> in_table;
  for (const RpcRole& entry : RpcRoles()) {
    CHECK(in_table.insert(std::string(entry.method)).second);  // no repeats
  }
  CHECK(in_table == expected);
  for (const std::string& method : MethodsOf(worker)) {
    CHECK_FALSE(RequiredRole(method).has_value());
  }
  CHECK_FALSE(RequiredRole("/tune.v1.TunerService/NoSuchMethod").has_value());
}

TEST_CASE("reads need viewer, changes submitter, tokens admin") {
  CHECK(RequiredRole(rpc::kListTuningJobs) == Role::kViewer);
  CHECK(RequiredRole(rpc::kCreateTuningJob) == Role::kSubmitter);
  CHECK(RequiredRole(rpc::kCompleteTrial) == Role::kSubmitter);
  CHECK(RequiredRole(rpc::kRevokeToken) == Role::kAdmin);
  CHECK(Allows(Role::kAdmin, Role::kSubmitter));
  CHECK(Allows(Role::kSubmitter, Role::kViewer));
  CHECK_FALSE(Allows(Role::kViewer, Role::kSubmitter));
  CHECK_FALSE(Allows(Role::kSubmitter, Role::kAdmin));
  for (Role role : {Role::kViewer, Role::kSubmitter, Role::kAdmin}) {
    CHECK(ParseRole(RoleName(role)) == role);
  }
  CHECK_FALSE(ParseRole("root").has_value());
}

}  // namespace
}  // namespace tune::auth
