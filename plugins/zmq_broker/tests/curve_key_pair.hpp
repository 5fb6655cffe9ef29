// A fresh CURVE key pair in Z85 text, from libzmq, for tests.
#pragma once

#include <zmq.h>
#include <stdexcept>
#include <string>

struct CurveKeyPair {
  std::string public_key;
  std::string secret_key;
};

inline CurveKeyPair new_curve_key_pair() {
  char public_key[41] = {};
  char secret_key[41] = {};
  if (zmq_curve_keypair(public_key, secret_key) != 0) throw std::runtime_error("zmq_curve_keypair failed");
  return {public_key, secret_key};
}
