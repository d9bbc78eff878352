// RAII for C library handles: one deleter template for every C API.
//
//   using PgConnHandle = CHandle<PGconn, &PQfinish>;
//
// The handle calls `Free` once when it goes out of scope (never on nullptr).
#ifndef FERRY_CORE_C_HANDLE_H_
#define FERRY_CORE_C_HANDLE_H_

#include <memory>

namespace ferry {

template <auto Free>
struct CDeleter {
  template <typename T>
  void operator()(T* p) const {
    if (p != nullptr) Free(p);
  }
};

template <typename T, auto Free>
using CHandle = std::unique_ptr<T, CDeleter<Free>>;

}  // namespace ferry

#endif  // FERRY_CORE_C_HANDLE_H_
