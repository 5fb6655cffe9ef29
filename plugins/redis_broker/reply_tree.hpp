// Redis replies as hiredis's reader parses them, kept in storage that is reused from one reply to the
// next: hiredis's own reply objects cost several allocations per reply, which the pub/sub and stream
// read paths cannot afford at a million messages a second. A Reply is a handle into the tree, valid
// until the tree is cleared for the next reply.
#pragma once

#include <hiredis/read.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace redis_broker {

enum class ReplyType : std::uint8_t { string, array, integer, nil, status, error };

class ReplyTree;

class Reply {
 public:
  Reply(const ReplyTree& tree, std::uint32_t node) : tree_(&tree), node_(node) {}

  ReplyType type() const noexcept;
  bool is_error() const noexcept { return type() == ReplyType::error; }
  bool is_nil() const noexcept { return type() == ReplyType::nil; }
  // The bytes of a string, status or error reply; empty for the other types.
  std::string_view text() const noexcept;
  long long integer() const noexcept;
  // Elements of an array; 0 for the other types.
  std::size_t size() const noexcept;

  class Iterator {
   public:
    Iterator(const ReplyTree& tree, std::uint32_t node) : tree_(&tree), node_(node) {}
    Reply operator*() const { return Reply(*tree_, node_); }
    Iterator& operator++() noexcept;
    bool operator==(const Iterator& other) const noexcept { return node_ == other.node_; }

   private:
    const ReplyTree* tree_;
    std::uint32_t node_;
  };
  Iterator begin() const noexcept;
  Iterator end() const noexcept;
  // Element `index` of an array (walks the elements: meant for short arrays).
  Reply operator[](std::size_t index) const noexcept;

  // A short rendering for error messages: the error text, or the type and value.
  std::string describe() const;

 private:
  const ReplyTree* tree_;
  std::uint32_t node_;
};

class ReplyTree {
 public:
  // The functions to give hiredis's reader (redisReaderCreateWithFunctions); the reader's privdata
  // must point to the ReplyTree that receives the replies.
  static redisReplyObjectFunctions* reader_functions() noexcept;

  // hiredis returns each reply as the opaque pointer made by the functions above.
  Reply reply_of(void* reader_object) const noexcept;
  void clear() noexcept {
    nodes_.clear();
    text_.clear();
  }

 private:
  friend class Reply;
  static constexpr std::uint32_t none = UINT32_MAX;

  struct Node {
    ReplyType type;
    std::uint32_t elements = 0;
    std::uint32_t first_child = none;
    std::uint32_t last_child = none;
    std::uint32_t next_sibling = none;
    std::uint32_t text_begin = 0;
    std::uint32_t text_length = 0;
    long long integer = 0;
  };

  void* add(const redisReadTask* task, Node node);

  static void* create_string(const redisReadTask* task, char* text, std::size_t length);
  static void* create_array(const redisReadTask* task, int elements);
  static void* create_integer(const redisReadTask* task, long long value);
  static void* create_nil(const redisReadTask* task);
  static void free_object(void*) {}

  std::vector<Node> nodes_;
  std::string text_;
};

}  // namespace redis_broker
