// The live page (GET /): one self-contained HTML file, embedded in the program at build time
// from http/live_page/index.html, and what the HTTP server needs to serve it.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "config/pipeline_config.hpp"

namespace event_engine::live_page {

// The page's bytes and their SHA-256 (hex); defined by the source generated at build time.
std::string_view html() noexcept;
std::string_view html_sha256() noexcept;

// The page's strong ETag: it changes whenever the embedded page does.
std::string etag();

// Whether an If-None-Match header value names the page's current ETag (or is "*").
bool etag_matches(std::string_view if_none_match);

// Lets the page reach its own origin only, so it can neither load nor send anything elsewhere.
constexpr std::string_view content_security_policy =
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self' data: blob:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

// The answer of GET /ingest, from which the page draws its buttons:
// {"routes": [{"path": "/update_model/{value}", "topic": "...", "accept": ["w", "l"]}]}.
// An empty accept list means any value; no routes means this process does not ingest.
nlohmann::json ingest_description(const std::vector<IngestRoute>& routes);

}  // namespace event_engine::live_page
