// CUDA is a second library in libtorch distributions that have it (libtorch_cuda.so beside
// libtorch_cpu.so); loading it registers CUDA's kernels and hooks. The shim links only
// libtorch_cpu, so that a CPU-only libtorch (Debian's) and a CUDA one build the same shim.
#include "Devices.h"

#include <ATen/CPUGeneratorImpl.h>
#include <torch/cuda.h>

#include <cstdio>
#include <dlfcn.h>
#include <unistd.h>
#include <mutex>
#include <stdexcept>
#include <string>

namespace {
std::mutex deviceLock;
at::Device device = at::kCPU;

} // namespace

void openCUDABackend() {
    // once, before any other libtorch call: libtorch looks up its CUDA hooks once and keeps
    // the answer, so CUDA must be registered before anything asks
    static const bool opened = [] {
        Dl_info info;
        if (!dladdr(reinterpret_cast<void *>(&torch::cuda::device_count), &info) || !info.dli_fname) return false;
        std::string folder = info.dli_fname;
        const auto slash = folder.rfind('/');
        folder = slash == std::string::npos ? std::string() : folder.substr(0, slash + 1);
        const std::string path = folder + "libtorch_cuda.so";
        if (access(path.c_str(), F_OK) != 0) return false; // a CPU-only libtorch
        if (dlopen(path.c_str(), RTLD_NOW | RTLD_GLOBAL)) return true;
        const char *why = dlerror();
        std::fprintf(stderr, "dgenerate: %s could not be loaded (%s); no CUDA device can be used\n", path.c_str(),
                     why ? why : "unknown error");
        return false;
    }();
    (void)opened;
}

int cudaDeviceCount() {
    static const int count = [] {
        openCUDABackend();
        try {
            return int(torch::cuda::device_count());
        } catch (...) {
            return 0; // a CUDA libtorch on a machine without a driver
        }
    }();
    return count;
}

at::Device currentDevice() {
    std::lock_guard<std::mutex> guard(deviceLock);
    return device;
}

void useDevice(bool cuda, int index) {
    if (cuda && (index < 0 || index >= cudaDeviceCount()))
        throw std::invalid_argument("CUDA device ordinal " + std::to_string(index) + " is invalid, no such device exists.");
    std::lock_guard<std::mutex> guard(deviceLock);
    device = cuda ? at::Device(at::kCUDA, static_cast<c10::DeviceIndex>(index)) : at::Device(at::kCPU);
}

at::Generator seededGenerator(uint64_t seed, at::Device target) {
    if (target.is_cpu()) return at::make_generator<at::CPUGeneratorImpl>(seed);
    auto generator = at::globalContext().defaultGenerator(target).clone();
    generator.set_current_seed(seed);
    return generator;
}

at::Tensor onCurrentDevice(const at::Tensor &tensor, bool copy) {
    const auto target = currentDevice();
    if (target.is_cpu()) return copy ? tensor.clone() : tensor;
    return tensor.to(target);
}
