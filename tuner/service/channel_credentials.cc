#include "tuner/service/channel_credentials.h"

#include <fstream>
#include <sstream>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include "absl/strings/str_cat.h"

namespace tune::service {
namespace {

absl::StatusOr<std::string> ReadPem(const std::string& path, const char* what) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return absl::InvalidArgumentError(absl::StrCat(what, ": cannot read ", path));
  }
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>>
MakeChannelCredentials(const ClientTls& tls) {
  if (tls.ca.empty()) {
    if (!tls.token.empty() || !tls.cert.empty()) {
      return absl::InvalidArgumentError(
          "a token or client certificate needs TLS: give the CA of tunerd's "
          "certificate (--ca, or ca: in the context)");
    }
    return grpc::InsecureChannelCredentials();
  }
  if (tls.cert.empty() != tls.key.empty()) {
    return absl::InvalidArgumentError(
        "a client certificate needs its key, and a key its certificate");
  }
  grpc::SslCredentialsOptions options;
  auto ca = ReadPem(tls.ca, "--ca");
  if (!ca.ok()) return ca.status();
  options.pem_root_certs = *ca;
  if (!tls.cert.empty()) {
    auto cert = ReadPem(tls.cert, "--tls-cert");
    if (!cert.ok()) return cert.status();
    auto key = ReadPem(tls.key, "--tls-key");
    if (!key.ok()) return key.status();
    options.pem_cert_chain = *cert;
    options.pem_private_key = *key;
  }
  auto credentials = grpc::SslCredentials(options);
  if (tls.token.empty()) return credentials;
  return grpc::CompositeChannelCredentials(
      credentials, grpc::AccessTokenCredentials(tls.token));
}

absl::StatusOr<std::string> CertificateCommonName(const std::string& path) {
  auto pem = ReadPem(path, "--tls-cert");
  if (!pem.ok()) return pem.status();
  BIO* bio = BIO_new_mem_buf(pem->data(), static_cast<int>(pem->size()));
  X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  if (cert == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("--tls-cert: ", path, " holds no PEM certificate"));
  }
  char name[256] = {};
  const int length = X509_NAME_get_text_by_NID(X509_get_subject_name(cert),
                                               NID_commonName, name, sizeof(name));
  X509_free(cert);
  if (length <= 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("--tls-cert: ", path, " has no subject common name"));
  }
  return std::string(name, length);
}

}  // namespace tune::service
