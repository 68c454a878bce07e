// A small HTTP/1.1 server (Boost.Beast on Boost.Asio) that runs on its own
// threads and hands each request to an HttpHandler.
//
// Usage:
//   auto server = HttpServer::Start("127.0.0.1:0", handler);
//   std::cout << (*server)->address();  // "127.0.0.1:41234"
//   (*server)->Shutdown();              // or let the destructor do it
//
// With TLS files it speaks HTTPS only (TLS 1.2 and later); ReloadTls()
// reads them again for new connections, open ones keep theirs.
// It keeps connections alive, answers HEAD with GET's headers and no body,
// answers a request it cannot parse with 400 and closes that connection,
// limits headers to 16 KiB and bodies to 64 KiB, and drops a connection
// idle for 30 s. A handler that throws gets a 500. Only this file's .cc
// includes Beast.
//
// Thread-safety: Start, address and Shutdown may be called from any thread;
// the handler runs on the server's threads, several at once.
#pragma once

#include <memory>
#include <optional>
#include <utility>
#include <string>

#include "absl/status/statusor.h"
#include "tuner/dashboard/http_message.h"

namespace tune::dashboard {

class HttpServer {
 public:
  // Binds `listen` (HOST:PORT, "[::1]:PORT" for IPv6; port 0: any free
  // one) and serves on `threads` threads. InvalidArgument for a malformed
  // address, Unavailable (with the OS's reason) when it cannot bind.
  // `tls`, when set, is {certificate chain file, private key file}, PEM;
  // InvalidArgument naming the file that does not load.
  static absl::StatusOr<std::unique_ptr<HttpServer>> Start(
      const std::string& listen, HttpHandler handler, int threads = 2,
      std::optional<std::pair<std::string, std::string>> tls = std::nullopt);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // HOST:PORT actually bound.
  const std::string& address() const;
  bool https() const;

  // Loads the TLS files again; on error the old ones stay in use.
  // FailedPrecondition when the server was started without TLS.
  absl::Status ReloadTls();

  // Stops accepting, drops open connections and joins the threads.
  // Idempotent.
  void Shutdown();

  struct Impl;

 private:
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tune::dashboard
