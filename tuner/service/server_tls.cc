#include "tuner/service/server_tls.h"

#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <tuple>

#include <grpcpp/security/tls_certificate_provider.h>
#include <grpcpp/security/tls_credentials_options.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "absl/strings/str_cat.h"

namespace tune::service {
namespace {

// How often gRPC looks at the installed files; a reload waits at most this.
constexpr unsigned kRefreshSeconds = 1;

absl::StatusOr<std::string> ReadFile(const std::string& path,
                                     const char* what) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, ": cannot read ", path));
  }
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
struct KeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};

std::unique_ptr<BIO, BioFree> Bio(const std::string& pem) {
  return std::unique_ptr<BIO, BioFree>(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

absl::StatusOr<std::unique_ptr<X509, X509Free>> ParseCert(
    const std::string& pem, const std::string& path, const char* what) {
  std::unique_ptr<X509, X509Free> cert(
      PEM_read_bio_X509(Bio(pem).get(), nullptr, nullptr, nullptr));
  if (!cert) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, ": ", path, " holds no PEM certificate"));
  }
  return cert;
}

struct TlsTexts {
  std::string cert, key, ca;
};

absl::StatusOr<TlsTexts> ReadTlsFiles(const TlsFiles& files) {
  TlsTexts texts;
  for (const auto& [path, what, out] :
       {std::tuple{&files.cert, "--tls-cert", &texts.cert},
        {&files.key, "--tls-key", &texts.key},
        {&files.client_ca, "--client-ca", &texts.ca}}) {
    if (path->empty()) continue;
    auto text = ReadFile(*path, what);
    if (!text.ok()) return text.status();
    *out = *std::move(text);
  }
  return texts;
}

absl::Status CheckTlsTexts(const TlsTexts& texts, const TlsFiles& files) {
  auto cert = ParseCert(texts.cert, files.cert, "--tls-cert");
  if (!cert.ok()) return cert.status();
  std::unique_ptr<EVP_PKEY, KeyFree> key(
      PEM_read_bio_PrivateKey(Bio(texts.key).get(), nullptr, nullptr, nullptr));
  if (!key) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--tls-key: ", files.key, " holds no unencrypted PEM private key"));
  }
  if (X509_check_private_key(cert->get(), key.get()) != 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--tls-key: ", files.key, " is not the key of the certificate in ",
        files.cert));
  }
  if (!files.client_ca.empty()) {
    auto ca = ParseCert(texts.ca, files.client_ca, "--client-ca");
    if (!ca.ok()) return ca.status();
  }
  return absl::OkStatus();
}

// Writes `text` to `path` by a rename, so a reader sees the old or the new
// file, never half of one.
absl::Status Install(const std::string& text, const std::string& path) {
  const std::string temp = path + ".new";
  {
    std::ofstream file(temp, std::ios::binary | std::ios::trunc);
    file << text;
    if (!file.flush()) {
      return absl::InternalError(absl::StrCat("cannot write ", temp));
    }
  }
  ::chmod(temp.c_str(), 0600);
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    return absl::InternalError(absl::StrCat("cannot rename ", temp));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckTlsFiles(const TlsFiles& files) {
  auto texts = ReadTlsFiles(files);
  if (!texts.ok()) return texts.status();
  return CheckTlsTexts(*texts, files);
}

ServerTls::ServerTls(TlsFiles files, std::string active_dir)
    : files_(std::move(files)),
      cert_path_(active_dir + "/cert.pem"),
      key_path_(active_dir + "/key.pem"),
      ca_path_(active_dir + "/client-ca.pem") {}

absl::StatusOr<std::unique_ptr<ServerTls>> ServerTls::Create(
    const TlsFiles& files, const std::string& active_dir) {
  if (files.cert.empty() || files.key.empty() || files.client_ca.empty()) {
    return absl::InvalidArgumentError(
        "TLS needs --tls-cert, --tls-key and --client-ca together");
  }
  std::error_code error;
  std::filesystem::create_directories(active_dir, error);
  if (error) {
    return absl::InternalError(
        absl::StrCat("cannot create ", active_dir, ": ", error.message()));
  }
  ::chmod(active_dir.c_str(), 0700);
  std::unique_ptr<ServerTls> tls(new ServerTls(files, active_dir));
  if (absl::Status s = tls->Reload(); !s.ok()) return s;
  return tls;
}

absl::Status ServerTls::Reload() {
  std::lock_guard lock(reload_mu_);
  auto texts = ReadTlsFiles(files_);
  if (!texts.ok()) return texts.status();
  if (absl::Status s = CheckTlsTexts(*texts, files_); !s.ok()) return s;
  // The key first: gRPC reads the pair again within a second anyway.
  for (const auto& [text, path] : {std::pair{&texts->key, &key_path_},
                                   {&texts->cert, &cert_path_},
                                   {&texts->ca, &ca_path_}}) {
    if (absl::Status s = Install(*text, *path); !s.ok()) return s;
  }
  return absl::OkStatus();
}

std::shared_ptr<grpc::ServerCredentials> ServerTls::GrpcCredentials() const {
  auto provider =
      std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
          key_path_, cert_path_, ca_path_, kRefreshSeconds);
  grpc::experimental::TlsServerCredentialsOptions options(provider);
  options.watch_root_certs();
  options.watch_identity_key_cert_pairs();
  // Clients (tunectl) come with tokens and no certificate; workers come
  // with one, and WorkerService refuses a stream without it.
  options.set_cert_request_type(GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY);
  return grpc::experimental::TlsServerCredentials(options);
}

}  // namespace tune::service
