// A shared library that is not an event-engine plugin: it exports a function but no manifest.
extern "C" __attribute__((visibility("default"))) int not_a_plugin() { return 42; }
