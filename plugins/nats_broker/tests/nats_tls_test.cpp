// The nats plugin's TLS keys against a real nats-server that requires TLS, with a certificate
// authority made for the test run: the store and the JetStream broker work when they trust the CA
// (tls_ca_file) and, under mutual TLS, present the client certificate (tls_cert_file, tls_key_file);
// without them the connection is refused, the engine-side objects say not reachable, and the
// reason is the TLS handshake's.
#include <gtest/gtest.h>

#include <functional>

#include "error_of.hpp"
#include "loaded_nats_plugins.hpp"
#include "nats_server.hpp"
#include "test_certificates.hpp"

namespace {

using event_engine::Checkpoint;
using event_engine::EventBatch;
using event_engine::testing::error_of;
using event_engine::testing::nats_tls_arguments;
using event_engine::testing::NatsServer;
using event_engine::testing::NatsServerOptions;
using event_engine::testing::TestCertificates;
using nats_plugin_test::load_nats_broker;
using nats_plugin_test::load_nats_store;
using nlohmann::json;

Checkpoint checkpoint(std::uint64_t w, const std::string& position) {
  return Checkpoint{{{"model", "binomial_grid"}, {"w", w}, {"l", 0}}, position, w, 0};
}

NatsServerOptions tls_server(const TestCertificates& certificates, bool verify_clients) {
  return NatsServerOptions{.server_name = verify_clients ? "mutual-tls" : "tls",
                           .cluster_port = 0,
                           .routes = {},
                           .extra_arguments = nats_tls_arguments(certificates, verify_clients)};
}

// The server presents a certificate the test CA signed; clients need not present one.
class NatsServerTlsTest : public testing::Test {
 protected:
  json trusting_config(json more = json::object()) const {
    json config = {{"servers", server_.tls_url()}, {"tls_ca_file", certificates_.ca_file().string()}};
    config.update(more);
    return config;
  }

  TestCertificates certificates_;
  NatsServer server_{tls_server(certificates_, false)};
};

TEST_F(NatsServerTlsTest, TheStoreTrustingTheTestCaSavesAndLoads) {
  auto store = load_nats_store(trusting_config());
  store->save("model", checkpoint(4, "7"));
  const auto loaded = load_nats_store(trusting_config())->load("model");
  ASSERT_TRUE(loaded.has_value());
  EXPECT_EQ(loaded->model["w"], 4);
  EXPECT_EQ(loaded->position, "7");
  EXPECT_TRUE(store->reachable());
}

TEST_F(NatsServerTlsTest, TheJetStreamBrokerTrustingTheTestCaPublishesAndConsumes) {
  auto broker = load_nats_broker(trusting_config({{"mode", "jetstream"}, {"events_per_message", 2}}));
  broker->subscribe({"update_model"}, std::nullopt);
  EventBatch sent;
  for (const char* event : {"a", "b", "c", "d", "e"}) sent.add(event);
  broker->open_publisher()->publish_batch("update_model", sent);  // three messages: 2, 2, 1
  EventBatch received;
  nats_plugin_test::poll_until(*broker, received, 5, 10);
  ASSERT_EQ(received.size(), 5u);
  for (std::size_t i = 0; i < received.size(); ++i) EXPECT_EQ(received[i], sent[i]);
  EXPECT_EQ(received.last_position(), "3");
  EXPECT_TRUE(broker->ready());
}

// The system trust store does not know the test CA: the handshake fails, and says so.
TEST_F(NatsServerTlsTest, WithoutTheCaTheServerIsNotTrustedAndTheErrorSaysWhy) {
  auto store = load_nats_store({{"servers", server_.tls_url()}});
  EXPECT_FALSE(store->reachable());
  const std::string refused = error_of([&] { store->load("model"); });
  EXPECT_NE(refused.find("SSL handshake error"), std::string::npos) << refused;
  EXPECT_NE(refused.find("unable to get local issuer certificate"), std::string::npos) << refused;

  auto broker = load_nats_broker({{"mode", "jetstream"}, {"servers", server_.tls_url()}});
  EXPECT_FALSE(broker->ready());
}

// Only clients presenting a certificate the test CA signed are let in.
class NatsMutualTlsTest : public testing::Test {
 protected:
  TestCertificates certificates_;
  NatsServer server_{tls_server(certificates_, true)};
};

TEST_F(NatsMutualTlsTest, TheClientCertificateLetsTheStoreIn) {
  auto store = load_nats_store({{"servers", server_.tls_url()},
                                {"tls_ca_file", certificates_.ca_file().string()},
                                {"tls_cert_file", certificates_.client_cert_file().string()},
                                {"tls_key_file", certificates_.client_key_file().string()}});
  store->save("model", checkpoint(2, "3"));
  EXPECT_EQ(store->load("model")->position, "3");
  EXPECT_TRUE(store->reachable());
}

// The client's side of this handshake only sees the connection drop; the server says why.
TEST_F(NatsMutualTlsTest, WithoutAClientCertificateTheServerRefusesTheStore) {
  auto store =
      load_nats_store({{"servers", server_.tls_url()}, {"tls_ca_file", certificates_.ca_file().string()}});
  EXPECT_FALSE(store->reachable());
  EXPECT_NE(error_of([&] { store->save("model", checkpoint(1, "1")); }), "no exception");
  EXPECT_TRUE(nats_plugin_test::eventually([&] {
    return server_.log().find("client didn't provide a certificate") != std::string::npos;
  })) << server_.log();
}

}  // namespace
