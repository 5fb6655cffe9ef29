// The two Lua scripts of stream mode. Each runs atomically in Redis, so no other consumer can take
// or acknowledge an entry half-way through.
#pragma once

#include <string_view>

namespace redis_broker {

// At start, with a checkpoint: finds the consumer that this engine succeeds (the one that still
// holds the checkpoint's entry pending, or that last committed the checkpoint's position), moves
// every entry pending for it to this consumer, deletes it from the group, and records this consumer
// as the owner of the position.
// KEYS: stream, committed-positions hash, heartbeats hash. ARGV: group, this consumer, checkpoint
// position. Returns {predecessor or nil, entries moved}.
inline constexpr std::string_view take_over_predecessor_script = R"lua(
local stream, committed, heartbeats = KEYS[1], KEYS[2], KEYS[3]
local group, me, position = ARGV[1], ARGV[2], ARGV[3]
local predecessor = false
local holder = redis.call('XPENDING', stream, group, position, position, 1)
if #holder > 0 then predecessor = holder[1][2] end
if not predecessor then
  local owners = redis.call('HGETALL', committed)
  for i = 1, #owners, 2 do
    if owners[i + 1] == position then predecessor = owners[i] end
  end
end
local moved = 0
if predecessor and predecessor ~= me then
  while true do
    local pending = redis.call('XPENDING', stream, group, '-', '+', 1000, predecessor)
    if #pending == 0 then break end
    local claim = {'XCLAIM', stream, group, me, 0}
    for _, entry in ipairs(pending) do claim[#claim + 1] = entry[1] end
    claim[#claim + 1] = 'JUSTID'
    local claimed = redis.call(unpack(claim))
    moved = moved + #claimed
    if #claimed == 0 then break end
  end
  redis.call('XGROUP', 'DELCONSUMER', stream, group, predecessor)
  redis.call('HDEL', committed, predecessor)
  redis.call('HDEL', heartbeats, predecessor)
end
redis.call('HSET', committed, me, position)
return {predecessor, moved}
)lua";

// Periodically: records this consumer's heartbeat (Redis's clock, in ms), then looks at every other
// consumer of the group. One whose heartbeat is older than `idle` ms is dead (a consumer with no
// heartbeat, not an engine's, is judged by Redis's idle time, which in Redis 7.0 counts from its last
// delivery). A dead consumer's pending entries are appended again to the stream (new IDs, same
// fields) and acknowledged under the old ones, so that the live consumers read them as new entries,
// in ID order like any other; entries trimmed away meanwhile are counted. A dead consumer left with
// nothing pending is removed.
// Entries that the dead consumer's own checkpoint covers are acknowledged, not requeued: it may
// have died after saving its checkpoint and before its commit acknowledged them, and they are in
// its share of the group already. The checkpoints hash names, per consumer, the Redis hash its
// checkpoint is saved in (the redis store's); whose position field says how far it covers.
// KEYS: stream, committed-positions hash, heartbeats hash, checkpoints hash. ARGV: group, this
// consumer, idle ms, most entries per consumer and run, MAXLEN (0: none), this consumer's checkpoint
// hash (empty: none). Returns {entries
// requeued, entries found trimmed, 1 if a dead consumer still has entries pending (the caller runs
// it again at once), else 0}.
inline constexpr std::string_view requeue_dead_consumers_script = R"lua(
local stream, committed, heartbeats, checkpoints = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local group, me = ARGV[1], ARGV[2]
local idle, most, maxlen = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
-- A stream entry ID "<ms>-<seq>" as two numbers, to compare.
local function parts(id)
  local ms, seq = string.match(id, '^(%d+)-(%d+)$')
  return tonumber(ms), tonumber(seq)
end
local function at_or_before(id, limit)
  local ms, seq = parts(id)
  return ms < limit[1] or (ms == limit[1] and seq <= limit[2])
end
-- How far the consumer's saved checkpoint covers, or nil.
local function covered_by_checkpoint(consumer)
  local hash = redis.call('HGET', checkpoints, consumer)
  if not hash or redis.call('TYPE', hash).ok ~= 'hash' then return nil end
  local position = redis.call('HGET', hash, 'position')
  if not position then return nil end
  local ms, seq = string.match(position, '^(%d+)-(%d+)$')
  if not ms then return nil end
  return {tonumber(ms), tonumber(seq)}
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('HSET', heartbeats, me, now)
if ARGV[6] ~= '' then redis.call('HSET', checkpoints, me, ARGV[6]) end
local requeued, trimmed, more = 0, 0, 0
for _, fields in ipairs(redis.call('XINFO', 'CONSUMERS', stream, group)) do
  local consumer = {}
  for i = 1, #fields, 2 do consumer[fields[i]] = fields[i + 1] end
  local heartbeat = redis.call('HGET', heartbeats, consumer.name)
  local silent = heartbeat and now - tonumber(heartbeat) or consumer.idle
  if consumer.name ~= me and silent >= idle then
    local pending = redis.call('XPENDING', stream, group, '-', '+', most, consumer.name)
    local covered = covered_by_checkpoint(consumer.name)
    local to_claim = {}
    for _, entry in ipairs(pending) do
      if covered and at_or_before(entry[1], covered) then
        redis.call('XACK', stream, group, entry[1])
      else
        to_claim[#to_claim + 1] = entry[1]
      end
    end
    if #to_claim > 0 then
      local claim = {'XCLAIM', stream, group, me, 0}
      for _, id in ipairs(to_claim) do claim[#claim + 1] = id end
      local claimed = redis.call(unpack(claim))
      for _, entry in ipairs(claimed) do
        if entry[2] then
          if maxlen > 0 then
            redis.call('XADD', stream, 'MAXLEN', '~', maxlen, '*', unpack(entry[2]))
          else
            redis.call('XADD', stream, '*', unpack(entry[2]))
          end
          requeued = requeued + 1
        else
          trimmed = trimmed + 1
        end
        redis.call('XACK', stream, group, entry[1])
      end
      trimmed = trimmed + #to_claim - #claimed
    end
    if #pending == most then more = 1 end
    if #pending < most then
      redis.call('XGROUP', 'DELCONSUMER', stream, group, consumer.name)
      redis.call('HDEL', committed, consumer.name)
      redis.call('HDEL', heartbeats, consumer.name)
      redis.call('HDEL', checkpoints, consumer.name)
    end
  end
end
return {requeued, trimmed, more}
)lua";

}  // namespace redis_broker
