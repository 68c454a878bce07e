#include "tuner/auth/loopback.h"

namespace tune::auth {

bool IsLoopbackHost(const std::string& host) {
  return host == "localhost" || host.rfind("127.", 0) == 0 || host == "[::1]" ||
         host == "::1";
}

}  // namespace tune::auth
