// Plain HTTP calls for tests, kept out of the tests' headers so that httplib.h compiles once.
#pragma once

#include <chrono>
#include <string>

namespace event_engine::testing {

struct HttpReply {
  int status = 0;  // 0: no answer (connection refused...)
  std::string body;
  std::string content_type;
};

HttpReply http_get(int port, const std::string& path);
HttpReply http_post(int port, const std::string& path, const std::string& body,
                    const std::string& content_type = "text/plain");
HttpReply http_delete(int port, const std::string& path);

// Polls GET `path` until it answers `status`; false on timeout.
bool wait_for_status(int port, const std::string& path, int status,
                     std::chrono::milliseconds timeout = std::chrono::seconds(20));

}  // namespace event_engine::testing
