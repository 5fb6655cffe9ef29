#include "reply_tree.hpp"

#include <cstdint>

namespace redis_broker {
namespace {

// hiredis keeps each object as a void*; a node is handed out as its index plus one, as null would
// tell hiredis that it ran out of memory.
void* object_of(std::uint32_t node) { return reinterpret_cast<void*>(static_cast<std::uintptr_t>(node) + 1); }
std::uint32_t node_of(void* object) {
  return static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(object) - 1);
}

ReplyType type_of_text(int hiredis_type) {
  switch (hiredis_type) {
    case REDIS_REPLY_STATUS:
      return ReplyType::status;
    case REDIS_REPLY_ERROR:
      return ReplyType::error;
    default:
      return ReplyType::string;
  }
}

}  // namespace

redisReplyObjectFunctions* ReplyTree::reader_functions() noexcept {
  static redisReplyObjectFunctions functions{&ReplyTree::create_string, &ReplyTree::create_array,
                                             &ReplyTree::create_integer, &ReplyTree::create_nil,
                                             &ReplyTree::free_object};
  return &functions;
}

Reply ReplyTree::reply_of(void* reader_object) const noexcept { return Reply(*this, node_of(reader_object)); }

void* ReplyTree::add(const redisReadTask* task, Node node) {
  const auto index = static_cast<std::uint32_t>(nodes_.size());
  nodes_.push_back(node);
  if (task->parent != nullptr) {
    Node& parent = nodes_[node_of(task->parent->obj)];
    if (parent.first_child == none) {
      parent.first_child = index;
    } else {
      nodes_[parent.last_child].next_sibling = index;
    }
    parent.last_child = index;
  }
  return object_of(index);
}

void* ReplyTree::create_string(const redisReadTask* task, char* text, std::size_t length) {
  auto* tree = static_cast<ReplyTree*>(task->privdata);
  Node node{type_of_text(task->type)};
  node.text_begin = static_cast<std::uint32_t>(tree->text_.size());
  node.text_length = static_cast<std::uint32_t>(length);
  tree->text_.append(text, length);
  return tree->add(task, node);
}

void* ReplyTree::create_array(const redisReadTask* task, int elements) {
  auto* tree = static_cast<ReplyTree*>(task->privdata);
  Node node{ReplyType::array};
  node.elements = static_cast<std::uint32_t>(elements);
  return tree->add(task, node);
}

void* ReplyTree::create_integer(const redisReadTask* task, long long value) {
  auto* tree = static_cast<ReplyTree*>(task->privdata);
  Node node{ReplyType::integer};
  node.integer = value;
  return tree->add(task, node);
}

void* ReplyTree::create_nil(const redisReadTask* task) {
  auto* tree = static_cast<ReplyTree*>(task->privdata);
  return tree->add(task, Node{ReplyType::nil});
}

ReplyType Reply::type() const noexcept { return tree_->nodes_[node_].type; }

std::string_view Reply::text() const noexcept {
  const ReplyTree::Node& node = tree_->nodes_[node_];
  return std::string_view(tree_->text_).substr(node.text_begin, node.text_length);
}

long long Reply::integer() const noexcept { return tree_->nodes_[node_].integer; }

std::size_t Reply::size() const noexcept { return tree_->nodes_[node_].elements; }

Reply::Iterator& Reply::Iterator::operator++() noexcept {
  node_ = tree_->nodes_[node_].next_sibling;
  return *this;
}

Reply::Iterator Reply::begin() const noexcept { return Iterator(*tree_, tree_->nodes_[node_].first_child); }

Reply::Iterator Reply::end() const noexcept { return Iterator(*tree_, ReplyTree::none); }

Reply Reply::operator[](std::size_t index) const noexcept {
  Iterator element = begin();
  while (index-- > 0) ++element;
  return *element;
}

std::string Reply::describe() const {
  switch (type()) {
    case ReplyType::error:
    case ReplyType::status:
      return std::string(text());
    case ReplyType::string:
      return "\"" + std::string(text().substr(0, 60)) + "\"";
    case ReplyType::integer:
      return std::to_string(integer());
    case ReplyType::nil:
      return "nil";
    case ReplyType::array:
      return "an array of " + std::to_string(size());
  }
  return "?";
}

}  // namespace redis_broker
