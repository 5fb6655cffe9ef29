#include <cstdio>
int main() { std::puts("event-engine"); }
