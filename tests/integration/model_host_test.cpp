// ModelHost with real model plugins loaded by the real loader: readers work on the state published
// after each batch, so a reader held inside the model does not hold up apply() (issue 11, finding
// 5), and every published state carries the version of the batch that made it.
#include "pipeline/model_host.hpp"
#include "test_paths.hpp"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <string>
#include <thread>

#include "event_engine/config_reader.hpp"
#include "observability/metrics_registry.hpp"
#include "plugins/plugin_loader.hpp"

namespace event_engine {
namespace {

using namespace std::chrono_literals;

// How long a step that needs no other thread may take before the test calls it stuck: on the old
// code apply() waited for the held query for ever, so only a bound turns that into a failure.
constexpr auto patience = 30s;

class EventFd {
 public:
  EventFd() : descriptor_(eventfd(0, EFD_CLOEXEC)) {}
  ~EventFd() { ::close(descriptor_); }
  EventFd(const EventFd&) = delete;
  EventFd& operator=(const EventFd&) = delete;
  std::string number() const { return std::to_string(descriptor_); }
  void signal() const { ASSERT_EQ(eventfd_write(descriptor_, 1), 0); }
  void wait() const {
    eventfd_t value = 0;
    ASSERT_EQ(eventfd_read(descriptor_, &value), 0);
  }
  bool valid() const { return descriptor_ >= 0; }

 private:
  int descriptor_;
};

class ModelHostTest : public ::testing::Test {
 protected:
  std::shared_ptr<Model> load_model(const std::filesystem::path& directory, std::string_view name,
                                    const nlohmann::json& config = nlohmann::json::object()) {
    const PluginLoader loader({directory});
    return loader.create_model(name, ConfigReader(config, "/process/model/config"),
                               PluginContext{spdlog::default_logger(), &metrics_, "/tmp", ""});
  }

  static EventBatch events(std::initializer_list<std::string_view> payloads) {
    EventBatch batch;
    for (std::string_view payload : payloads) batch.add(payload);
    return batch;
  }

  MetricsRegistry metrics_;
  RejectedEvents rejected_;
};

TEST_F(ModelHostTest, AQueryHeldInsideTheModelDoesNotDelayApplyOrOtherReaders) {
  ModelHost host(load_model(std::filesystem::path(test_paths::test_plugins_dir) / "latched", "latched"));
  const EventFd entered;
  const EventFd release;
  ASSERT_TRUE(entered.valid() && release.valid());

  std::future<nlohmann::json> held = std::async(std::launch::async, [&] {
    return host.query("hold", {{"entered_fd", entered.number()}, {"release_fd", release.number()}});
  });
  entered.wait();  // the query now runs inside the model, and stays there until released

  std::future<nlohmann::json> applied = std::async(std::launch::async, [&] {
    const EventBatch batch = events({"a", "b", "c"});
    host.apply(batch, rejected_);
    return host.summary(false);
  });
  const bool apply_finished = applied.wait_for(patience) == std::future_status::ready;
  release.signal();  // whatever happened, let the query go so that every thread ends
  ASSERT_TRUE(apply_finished) << "apply() waited for a reader";
  EXPECT_EQ(applied.get(), (nlohmann::json{{"count", 3}}));
  EXPECT_EQ(host.version(), 1u);
  // The held query answers from the state it started on, untouched by the batch applied meanwhile.
  EXPECT_EQ(held.get(), (nlohmann::json{{"count_seen", 0}}));
}

TEST_F(ModelHostTest, ReadersSeeEachBatchsStateUnderItsVersion) {
  ModelHost host(load_model(test_paths::plugin_dir, "binomial_grid", {{"grid_points", 11}}));
  EXPECT_EQ(host.version(), 0u);
  EXPECT_EQ(host.summary(true)["n"], 0);
  const std::shared_ptr<const PublishedModel> before = host.published();

  const EventBatch batch = events({"w", "l", "w"});
  for (std::uint64_t applied = 1; applied <= 4; ++applied) {
    host.apply(batch, rejected_);
    const std::shared_ptr<const PublishedModel> state = host.published();
    EXPECT_EQ(state->version, applied);
    EXPECT_EQ(host.version(), applied);
    EXPECT_EQ(state->model->summary(true)["n"], 3 * applied);
    EXPECT_EQ(host.summary(true)["w"], 2 * applied);
    EXPECT_EQ(host.snapshot()["w"], 2 * applied);
    EXPECT_EQ(host.view().tag, "n_" + std::to_string(3 * applied) + "_w_" + std::to_string(2 * applied));
  }
  // A state a reader still holds is a copy: later batches do not change it.
  EXPECT_EQ(before->version, 0u);
  EXPECT_EQ(before->model->summary(true)["n"], 0);
}

TEST_F(ModelHostTest, ABatchWithNothingAcceptedPublishesNothing) {
  ModelHost host(load_model(test_paths::plugin_dir, "binomial_grid"));
  const EventBatch good = events({"w"});
  host.apply(good, rejected_);
  const std::shared_ptr<const PublishedModel> state = host.published();

  const EventBatch bad = events({"x", "y"});
  EXPECT_EQ(host.apply(bad, rejected_).rejected, 2u);
  EXPECT_EQ(host.version(), 1u);
  EXPECT_EQ(host.published(), state) << "an unchanged state was cloned again";
}

TEST_F(ModelHostTest, RestoreIsPublishedUnderANewVersion) {
  ModelHost host(load_model(test_paths::plugin_dir, "binomial_grid"));
  ModelHost source(load_model(test_paths::plugin_dir, "binomial_grid"));
  const EventBatch batch = events({"w", "w", "l"});
  source.apply(batch, rejected_);

  host.restore(source.snapshot());
  EXPECT_EQ(host.version(), 1u);
  EXPECT_EQ(host.summary(true)["n"], 3);
}

}  // namespace
}  // namespace event_engine
