// The http rows' peer with the engine's server design: a bare Boost.Beast server laid out as the
// engine's front is (engine/src/http): one I/O thread accepts, reads each request whole within a
// deadline and writes the answers; a complete request is handed to a pool of worker threads
// through a locked queue, and the worker posts its answer back to the I/O thread. Nothing is
// behind the handlers: GET answers 201 "Model updated", POST 202 with the body read whole and not
// parsed. So the engine's distance to this peer is what it does per request beyond its design
// (routing, publishing, bookkeeping). Prints the port once listening; stops on SIGTERM or SIGINT.
#include <CLI/CLI.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// The engine's http.idle_timeout_ms and http.request_timeout_ms defaults.
constexpr auto idle_timeout = std::chrono::seconds(60);
constexpr auto request_timeout = std::chrono::seconds(30);

// As the engine's PublishingThreadPool: tasks in a deque under a mutex, a condition variable.
class WorkerPool {
 public:
  explicit WorkerPool(std::size_t count) {
    for (std::size_t i = 0; i < count; ++i) threads_.emplace_back([this] { work(); });
  }
  ~WorkerPool() { stop(); }
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void enqueue(std::function<void()> task) {
    {
      std::lock_guard lock(mutex_);
      tasks_.push_back(std::move(task));
    }
    ready_.notify_one();
  }

  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    ready_.notify_all();
    for (std::thread& thread : threads_) thread.join();
    threads_.clear();
  }

 private:
  void work() {
    for (;;) {
      std::function<void()> task;
      {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
        if (tasks_.empty()) return;
        task = std::move(tasks_.front());
        tasks_.pop_front();
      }
      task();
    }
  }

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

struct Answer {
  http::status status;
  const char* content_type;
  std::string body;
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, asio::io_context& io, WorkerPool& workers, std::size_t max_body_bytes)
      : stream_(std::move(socket)), io_(io), workers_(workers), max_body_bytes_(max_body_bytes) {}

  void read() {
    parser_.emplace();
    parser_->body_limit(max_body_bytes_);
    stream_.expires_after(buffer_.size() > 0 ? request_timeout : idle_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code error, std::size_t) {
                       if (error) return self->close();
                       self->hand_to_worker();
                     });
  }

 private:
  void hand_to_worker() {
    stream_.expires_never();
    workers_.enqueue([self = shared_from_this()]() mutable {
      Answer answer = self->parser_->get().method() == http::verb::post
                          ? Answer{http::status::accepted, "application/json",
                                   R"({"accepted":10000,"topic":"update_model"})"}
                          : Answer{http::status::created, "text/plain; charset=utf-8", "Model updated"};
      asio::io_context& io = self->io_;
      asio::post(io, [self = std::move(self), answer = std::move(answer)]() mutable {
        self->write(std::move(answer));
      });
    });
  }

  void write(Answer answer) {
    const bool keep_alive = parser_->get().keep_alive();
    response_ = {};
    response_.version(parser_->get().version() == 10 ? 10 : 11);
    response_.result(answer.status);
    response_.set(http::field::content_type, answer.content_type);
    response_.body() = std::move(answer.body);
    response_.keep_alive(keep_alive);
    response_.prepare_payload();
    stream_.expires_after(request_timeout);
    http::async_write(stream_, response_,
                      [self = shared_from_this(), keep_alive](beast::error_code error, std::size_t) {
                        if (error || !keep_alive) return self->close();
                        self->read();
                      });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
  }

  beast::tcp_stream stream_;
  asio::io_context& io_;
  WorkerPool& workers_;
  std::size_t max_body_bytes_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> response_;
};

void accept(tcp::acceptor& acceptor, asio::io_context& io, WorkerPool& workers, std::size_t max_body_bytes) {
  acceptor.async_accept(
      [&acceptor, &io, &workers, max_body_bytes](beast::error_code error, tcp::socket socket) {
        if (error == asio::error::operation_aborted) return;
        if (!error) {
          beast::error_code ignored;
          socket.set_option(tcp::no_delay(true), ignored);
          std::make_shared<Connection>(std::move(socket), io, workers, max_body_bytes)->read();
        }
        accept(acceptor, io, workers, max_body_bytes);
      });
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"a bare Boost.Beast server with the engine's front's thread layout"};
  std::string host = "127.0.0.1";
  std::size_t threads = 8;
  std::size_t max_body_bytes = 67'108'864;
  app.add_option("--host", host, "address to bind");
  app.add_option("--threads", threads, "worker threads (the engine's http.threads)");
  app.add_option("--max-body-bytes", max_body_bytes, "body limit (the engine's http.max_body_bytes)");
  CLI11_PARSE(app, argc, argv);

  asio::io_context io;
  tcp::acceptor acceptor(io);
  const tcp::endpoint endpoint(asio::ip::make_address(host), 0);
  acceptor.open(endpoint.protocol());
  acceptor.set_option(tcp::acceptor::reuse_address(true));
  acceptor.bind(endpoint);
  acceptor.listen(asio::socket_base::max_listen_connections);
  WorkerPool workers(threads);
  accept(acceptor, io, workers, max_body_bytes);
  asio::signal_set stop_signals(io, SIGTERM, SIGINT);
  stop_signals.async_wait([&io](beast::error_code, int) { io.stop(); });

  std::printf("%d\n", acceptor.local_endpoint().port());
  std::fflush(stdout);
  std::thread io_thread([&io] { io.run(); });
  io_thread.join();
  workers.stop();
  return 0;
}
