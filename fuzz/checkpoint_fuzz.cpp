// Target 5: the checkpoint formats of the two stores. A checkpoint that parses re-serialises to
// the same checkpoint:
// - the whole input as a checkpoint file (plugins/file_store/checkpoint_file_format.*);
// - the input's lines, "<field>\t<value>", as the fields of a Redis checkpoint hash
//   (plugins/redis_broker/checkpoint_hash.*), whose readable copies of the snapshot's top-level
//   values must be what the snapshot holds.
#include <chrono>
#include <map>
#include <string>

#include "checkpoint_file_format.hpp"
#include "checkpoint_hash.hpp"
#include "fuzz_check.hpp"

namespace {

// Saved-at times are informational and never read back; a fixed one keeps runs reproducible.
const std::chrono::system_clock::time_point saved_at{std::chrono::milliseconds(1'700'000'000'123)};

bool same_checkpoint(const event_engine::Checkpoint& a, const event_engine::Checkpoint& b) {
  return a.model == b.model && a.position == b.position && a.accepted == b.accepted &&
         a.rejected == b.rejected;
}

void check_file_format(std::string_view content) {
  event_engine::Checkpoint checkpoint;
  try {
    checkpoint = file_store::checkpoint_from_file_content(content);
  } catch (const std::exception&) {
    return;
  }
  const std::string written = file_store::checkpoint_document(checkpoint, saved_at).dump(2);
  FUZZ_CHECK(same_checkpoint(file_store::checkpoint_from_file_content(written), checkpoint));
}

using HashMap = std::map<std::string, std::string, std::less<>>;

HashMap fields_of(std::string_view lines) {
  HashMap fields;
  while (!lines.empty()) {
    const std::size_t end = std::min(lines.find('\n'), lines.size());
    const std::string_view line = lines.substr(0, end);
    const std::size_t tab = std::min(line.find('\t'), line.size());
    fields.emplace(std::string(line.substr(0, tab)),
                   std::string(line.substr(std::min(tab + 1, line.size()))));
    lines.remove_prefix(std::min(end + 1, lines.size()));
  }
  return fields;
}

void check_hash(std::string_view lines) {
  event_engine::Checkpoint checkpoint;
  try {
    checkpoint = redis_broker::checkpoint_from_hash(fields_of(lines));
  } catch (const std::runtime_error&) {
    return;
  }
  const redis_broker::HashFields written = redis_broker::checkpoint_hash_fields(checkpoint, saved_at);
  const HashMap fields(written.begin(), written.end());
  FUZZ_CHECK(fields.size() == written.size());  // no field written twice
  FUZZ_CHECK(same_checkpoint(redis_broker::checkpoint_from_hash(fields), checkpoint));
  if (!checkpoint.model.is_object()) return;
  for (const auto& [name, value] : checkpoint.model.items()) {
    const auto copy = fields.find(name);
    if (copy == fields.end() || name == "snapshot" || name == "position" || name == "n" ||
        name == "rejected" || name == "format_version" || name == "saved_at") {
      continue;
    }
    FUZZ_CHECK(copy->second == (value.is_string() ? value.get<std::string>() : value.dump()));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  check_file_format(bytes);
  check_hash(bytes);
  return 0;
}
