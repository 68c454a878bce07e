// Whether a listen address's host is loopback: the one place that decides
// where tunerd may serve without TLS and tokens (the machine's own users
// are trusted there, as with any loopback-only daemon). Pure; thread-safe.
#pragma once

#include <string>

namespace tune::auth {

// True for 127.0.0.0/8, ::1 ("[::1]" too) and "localhost".
bool IsLoopbackHost(const std::string& host);

}  // namespace tune::auth
