// The Lua script behind Idempotency-Key publishing in stream mode. One call stores one chunk of a
// request's events and remembers that it did, atomically: whatever happens to the engine that sent
// it, Redis has either run all of it or none, so a retry finds out exactly what is stored already.
#pragma once

#include <string_view>

namespace redis_broker {

// KEYS: the request's claim (holds the fingerprint of the body that first used the key), this
// chunk's marker, the stream. ARGV: fingerprint, window in ms, maxlen (0: no trimming), field, then
// the chunk's events. Returns 1 when the chunk was stored now, 0 when a call with the same key and
// fingerprint stored it before, -1 when the key belongs to another body (nothing is stored).
inline constexpr std::string_view idempotent_publish_script = R"lua(
local claim, marker, stream = KEYS[1], KEYS[2], KEYS[3]
local fingerprint, window, maxlen, field = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local owner = redis.call('GET', claim)
if owner and owner ~= fingerprint then return -1 end
if redis.call('EXISTS', marker) == 1 then return 0 end
for i = 5, #ARGV do
  if maxlen ~= '0' then
    redis.call('XADD', stream, 'MAXLEN', '~', maxlen, '*', field, ARGV[i])
  else
    redis.call('XADD', stream, '*', field, ARGV[i])
  end
end
if not owner then redis.call('SET', claim, fingerprint, 'PX', window) end
redis.call('SET', marker, '1', 'PX', window)
return 1
)lua";

}  // namespace redis_broker
