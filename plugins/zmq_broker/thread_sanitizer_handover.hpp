// libzmq hands a message's bytes from the sending thread to the receiving one through lock-free
// pipes whose atomics ThreadSanitizer cannot see (Debian's libzmq is not built with it). Over
// inproc no libzmq thread touches the bytes, so sanitizers/tsan.supp's libzmq suppression does not
// apply, and TSan would report the receiver's read of what the sender wrote as a race. Under TSan
// the sender releases a frame's bytes as it sends them and the receiver acquires them as it takes
// them, which is the ordering libzmq provides; in every other build these are empty.
#pragma once

#if defined(__SANITIZE_THREAD__)
#define ZMQ_BROKER_THREAD_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define ZMQ_BROKER_THREAD_SANITIZER 1
#endif
#endif

#include <zmq.hpp>

#if defined(ZMQ_BROKER_THREAD_SANITIZER)
extern "C" void __tsan_acquire(void* address);
extern "C" void __tsan_release(void* address);
#endif

namespace zmq_broker {

inline void release_to_receiver([[maybe_unused]] zmq::message_t& frame) {
#if defined(ZMQ_BROKER_THREAD_SANITIZER)
  if (frame.size() > 0) __tsan_release(frame.data());
#endif
}

inline void acquire_from_sender([[maybe_unused]] zmq::message_t& frame) {
#if defined(ZMQ_BROKER_THREAD_SANITIZER)
  if (frame.size() > 0) __tsan_acquire(frame.data());
#endif
}

}  // namespace zmq_broker
