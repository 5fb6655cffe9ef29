#include "http_client.hpp"

#include <httplib.h>
#include <thread>

namespace event_engine::testing {
namespace {

HttpReply reply_from(const httplib::Result& result) {
  if (!result) return {};
  return HttpReply{result->status, result->body, result->get_header_value("Content-Type")};
}

httplib::Client client_for(int port) {
  httplib::Client client("127.0.0.1", port);
  client.set_connection_timeout(std::chrono::seconds(5));
  client.set_read_timeout(std::chrono::seconds(30));
  return client;
}

}  // namespace

HttpReply http_get(int port, const std::string& path) {
  return reply_from(client_for(port).Get(path.c_str()));
}

HttpReply http_post(int port, const std::string& path, const std::string& body,
                    const std::string& content_type) {
  return reply_from(client_for(port).Post(path.c_str(), body, content_type.c_str()));
}

HttpReply http_delete(int port, const std::string& path) {
  return reply_from(client_for(port).Delete(path.c_str()));
}

bool wait_for_status(int port, const std::string& path, int status, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (http_get(port, path).status == status) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

}  // namespace event_engine::testing
