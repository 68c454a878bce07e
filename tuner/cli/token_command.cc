// tunectl token create|list|revoke and tunectl whoami (AccessService).
#include <iostream>

#include "absl/strings/str_cat.h"
#include "tuner/cli/commands.h"
#include "tuner/cli/format.h"
#include "tuner/cli/job_data.h"
#include "tuner/cli/table.h"

namespace tune::cli {
namespace {

int Fail(const grpc::Status& status) {
  std::cerr << "tunectl: " << status.error_message() << std::endl;
  return 1;
}

std::string FormatTime(double seconds) {
  return seconds > 0 ? FormatTimestamp(seconds) : "-";
}

}  // namespace

CLI::App* AddTokenCommand(CLI::App& app, TokenArgs& args) {
  auto* token = app.add_subcommand("token", "manage API tokens (admin)");
  token->require_subcommand(1);
  auto* create = token->add_subcommand(
      "create", "create a token; it is printed once, on stdout");
  create->add_option("name", args.name, "who or what it is for")->required();
  create->add_option("--role", args.role, "viewer, submitter or admin")
      ->check(CLI::IsMember({"viewer", "submitter", "admin"}))
      ->capture_default_str();
  create->callback([&args] { args.action = "create"; });
  token->add_subcommand("list", "list tokens (never their secrets)")
      ->callback([&args] { args.action = "list"; });
  auto* revoke = token->add_subcommand("revoke", "revoke a token at once");
  revoke->add_option("name", args.name)->required();
  revoke->callback([&args] { args.action = "revoke"; });
  return token;
}

int RunToken(tune::v1::AccessService::Stub& stub, const TokenArgs& args,
             const std::string& output) {
  if (args.action == "create") {
    tune::v1::CreateTokenRequest request;
    request.set_name(args.name);
    request.set_role(args.role);
    tune::v1::CreateTokenResponse response;
    grpc::Status status = stub.CreateToken(RpcContext().get(), request, &response);
    if (!status.ok()) return Fail(status);
    std::cerr << "Token '" << response.token().name() << "' ("
              << response.token().role()
              << ") created. It is shown once; keep it safe." << std::endl;
    std::cout << response.secret() << std::endl;
    return 0;
  }
  if (args.action == "list") {
    tune::v1::ListTokensResponse response;
    grpc::Status status = stub.ListTokens(RpcContext().get(), {}, &response);
    if (!status.ok()) return Fail(status);
    if (output == "json") {
      PrintJson(response, std::cout);
      return 0;
    }
    Table table({"NAME", "ROLE", "CREATED BY", "CREATED", "REVOKED"});
    for (const auto& token : response.tokens()) {
      table.AddRow({token.name(), token.role(), token.created_by(),
                    FormatTime(token.created_at()), FormatTime(token.revoked_at())});
    }
    table.Print(std::cout);
    return 0;
  }
  tune::v1::RevokeTokenRequest request;
  request.set_name(args.name);
  tune::v1::RevokeTokenResponse response;
  grpc::Status status = stub.RevokeToken(RpcContext().get(), request, &response);
  if (!status.ok()) return Fail(status);
  std::cout << "Token '" << args.name << "' revoked\n";
  return 0;
}

int RunWhoAmI(tune::v1::AccessService::Stub& stub, const std::string& output) {
  tune::v1::WhoAmIResponse response;
  grpc::Status status = stub.WhoAmI(RpcContext().get(), {}, &response);
  if (!status.ok()) return Fail(status);
  if (output == "json") {
    PrintJson(response, std::cout);
  } else {
    PrintIdentity(response, std::cout);
  }
  return 0;
}

}  // namespace tune::cli
