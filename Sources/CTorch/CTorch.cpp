// The libtorch shim. Every entry point catches all C++ exceptions and turns them into a status
// code plus a thread-local message.
#include "CTorch.h"

#include <torch/version.h>
#include <ATen/Parallel.h>

#include <exception>
#include <string>

namespace {
thread_local std::string lastError;

template <typename Body>
ctorch_status guarded(Body &&body) {
    try {
        lastError.clear();
        body();
        return CTORCH_OK;
    } catch (const std::exception &e) {
        lastError = e.what();
    } catch (...) {
        lastError = "unknown libtorch error";
    }
    return CTORCH_ERROR;
}
} // namespace

extern "C" const char *ctorch_version(void) { return TORCH_VERSION; }

extern "C" int ctorch_get_num_threads(void) { return at::get_num_threads(); }

extern "C" ctorch_status ctorch_set_num_threads(int count) {
    return guarded([&] {
        if (count < 1) throw std::invalid_argument("thread count must be at least 1");
        at::set_num_threads(count);
    });
}

extern "C" const char *ctorch_last_error(void) { return lastError.c_str(); }
