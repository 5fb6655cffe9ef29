#include "zap_authoriser.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <iterator>
#include <zmq_addon.hpp>

namespace zmq_broker {
namespace {

// How often the thread looks at stopping_ while no handshake comes.
constexpr std::chrono::milliseconds stop_check{100};

// A request's frames (RFC 27): version, request id, domain, address, identity, mechanism, then
// the mechanism's credentials (CURVE: the client's 32-byte public key).
constexpr std::size_t request_id_frame = 1;
constexpr std::size_t mechanism_frame = 5;
constexpr std::size_t curve_key_frame = 6;

}  // namespace

ZapAuthoriser::ZapAuthoriser(zmq::context_t& context, std::vector<std::string> authorised_keys,
                             std::shared_ptr<spdlog::logger> logger)
    : authorised_keys_(std::move(authorised_keys)),
      logger_(std::move(logger)),
      socket_(context, zmq::socket_type::rep) {
  socket_.set(zmq::sockopt::linger, 0);
  socket_.bind("inproc://zeromq.zap.01");
  thread_ = std::thread([this] { serve(); });
}

ZapAuthoriser::~ZapAuthoriser() {
  stopping_.store(true);
  thread_.join();
}

void ZapAuthoriser::serve() {
  std::vector<zmq::message_t> request;
  zmq::pollitem_t item{socket_.handle(), 0, ZMQ_POLLIN, 0};
  while (!stopping_.load()) {
    try {
      if (zmq::poll(&item, 1, stop_check) == 0) continue;
      request.clear();
      if (!zmq::recv_multipart(socket_, std::back_inserter(request), zmq::recv_flags::dontwait)) continue;
      answer(request);
    } catch (const zmq::error_t& error) {
      if (error.num() == ETERM) return;
      logger_->warn("zmq broker: the CURVE authoriser failed: {}", error.what());
    }
  }
}

void ZapAuthoriser::answer(const std::vector<zmq::message_t>& request) {
  const bool well_formed =
      request.size() > curve_key_frame && request[mechanism_frame].to_string_view() == "CURVE";
  const bool authorised =
      well_formed && std::find(authorised_keys_.begin(), authorised_keys_.end(),
                               request[curve_key_frame].to_string_view()) != authorised_keys_.end();
  const std::string_view request_id =
      request.size() > request_id_frame ? request[request_id_frame].to_string_view() : std::string_view();
  // The refusal is counted from the socket's own report (a failed handshake), so nothing here
  // depends on how often clients try.
  std::array<zmq::const_buffer, 6> reply{
      zmq::str_buffer("1.0"),
      zmq::buffer(request_id),
      authorised ? zmq::str_buffer("200") : zmq::str_buffer("400"),
      authorised ? zmq::str_buffer("OK") : zmq::str_buffer("not authorised"),
      zmq::str_buffer(""),
      zmq::str_buffer("")};
  zmq::send_multipart(socket_, reply);
}

}  // namespace zmq_broker
