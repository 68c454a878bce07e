// Text a trainer printed is untrusted bytes, but protobuf strings must be
// valid UTF-8: a message with one bad byte is refused by tunerd's parser,
// the stream breaks and would break again on every resend. So every string
// field of what workerd sends passes through here, at the one place where
// it leaves (TunerLink), with each invalid sequence replaced by U+FFFD.
// Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include <google/protobuf/message.h>

namespace tune::worker {

// `text` with every byte that does not begin a valid UTF-8 sequence
// (overlong forms, surrogates and code points past U+10FFFF included)
// replaced by U+FFFD.
std::string ValidUtf8(std::string_view text);

// Applies ValidUtf8 to every string field of `message`, nested messages and
// repeated fields included.
void MakeStringsValidUtf8(google::protobuf::Message& message);

}  // namespace tune::worker
