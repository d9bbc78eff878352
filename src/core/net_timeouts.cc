#include "core/net_timeouts.h"

namespace ferry {
namespace {

NetTimeouts& Current() {
  static NetTimeouts timeouts;
  return timeouts;
}

}  // namespace

const NetTimeouts& GetNetTimeouts() { return Current(); }

void SetNetTimeouts(const NetTimeouts& timeouts) { Current() = timeouts; }

}  // namespace ferry
