// The libtorch shim: fills the CTorchAPI table. Every entry point runs under inference mode
// and catches all C++ exceptions, turning them into a status code plus a thread-local message.
#include "CTorch.h"
#include "BlockedAttention.h"
#include "Devices.h"
#include "OneDNN.h"

#include <torch/torch.h>
#include <torch/version.h>
#include <ATen/Parallel.h>

#include <climits>
#include <cstdlib>
#include <cstring>
#include <malloc.h>
#include <unistd.h>
#include <exception>
#include <string>
#include <vector>

struct ctorch_tensor_s {
    at::Tensor value;
};

struct ctorch_generator_s {
    at::Generator value;
};

namespace {
thread_local std::string lastError;

template <typename Body>
ctorch_status guarded(Body &&body) {
    try {
        lastError.clear();
        c10::InferenceMode inference;
        body();
        return CTORCH_OK;
    } catch (const c10::Error &e) {
        lastError = e.what_without_backtrace();
    } catch (const std::exception &e) {
        lastError = e.what();
    } catch (...) {
        lastError = "unknown libtorch error";
    }
    return CTORCH_ERROR;
}

ctorch_tensor wrap(at::Tensor value) { return new ctorch_tensor_s{std::move(value)}; }

const at::Tensor &unwrap(ctorch_tensor tensor) {
    if (!tensor) throw std::invalid_argument("missing tensor");
    return tensor->value;
}

at::ScalarType scalarType(ctorch_dtype dtype) {
    switch (dtype) {
    case CTORCH_FLOAT32: return at::kFloat;
    case CTORCH_FLOAT16: return at::kHalf;
    case CTORCH_BFLOAT16: return at::kBFloat16;
    case CTORCH_FLOAT64: return at::kDouble;
    case CTORCH_INT64: return at::kLong;
    case CTORCH_INT32: return at::kInt;
    case CTORCH_UINT8: return at::kByte;
    case CTORCH_BOOL: return at::kBool;
    case CTORCH_INT8: return at::kChar;
    case CTORCH_INT16: return at::kShort;
    }
    throw std::invalid_argument("unknown dtype " + std::to_string(int(dtype)));
}

ctorch_dtype dtypeOf(at::ScalarType type) {
    switch (type) {
    case at::kFloat: return CTORCH_FLOAT32;
    case at::kHalf: return CTORCH_FLOAT16;
    case at::kBFloat16: return CTORCH_BFLOAT16;
    case at::kDouble: return CTORCH_FLOAT64;
    case at::kLong: return CTORCH_INT64;
    case at::kInt: return CTORCH_INT32;
    case at::kByte: return CTORCH_UINT8;
    case at::kBool: return CTORCH_BOOL;
    case at::kChar: return CTORCH_INT8;
    case at::kShort: return CTORCH_INT16;
    default: throw std::invalid_argument("unsupported tensor type");
    }
}

std::vector<int64_t> dims(const int64_t *shape, int rank) {
    if (rank < 0 || (rank > 0 && !shape)) throw std::invalid_argument("bad shape");
    return std::vector<int64_t>(shape, shape + rank);
}

at::Tensor attentionFallback(const at::Tensor &q, const at::Tensor &k, const at::Tensor &v, const at::Tensor *mask) {
    // one head-batch slice at a time, and within it blocks of query rows, so that a score
    // matrix stays under 16 MB (4M floats): large images would otherwise need gigabytes
    const double scale = 1.0 / std::sqrt(double(q.size(-1)));
    auto q3 = q.reshape({-1, q.size(-2), q.size(-1)});
    auto k3 = k.reshape({-1, k.size(-2), k.size(-1)});
    auto v3 = v.reshape({-1, v.size(-2), v.size(-1)});
    at::Tensor m3;
    bool perSliceMask = false;
    if (mask) {
        m3 = mask->reshape({-1, mask->size(-2), mask->size(-1)});
        perSliceMask = m3.size(0) > 1;
    }
    const int64_t count = q3.size(0), rows = q3.size(1), keys = k3.size(1);
    const int64_t block = std::max<int64_t>(1, (int64_t(1) << 22) / std::max<int64_t>(keys, 1));
    std::vector<at::Tensor> parts;
    parts.reserve(count);
    for (int64_t i = 0; i < count; ++i) {
        auto kt = k3[i].transpose(-1, -2);
        std::vector<at::Tensor> blocks;
        for (int64_t start = 0; start < rows; start += block) {
            const int64_t end = std::min(rows, start + block);
            auto scores = at::matmul(q3[i].slice(0, start, end), kt);
            scores.mul_(scale);
            if (mask) scores.add_(m3[perSliceMask ? i : 0].slice(0, start, end));
            blocks.push_back(at::matmul(at::softmax(scores, -1), v3[i]));
        }
        parts.push_back(blocks.size() == 1 ? blocks[0] : at::cat(blocks, 0));
    }
    auto sizes = q.sizes().vec();
    sizes.back() = v.size(-1);
    return at::stack(parts, 0).reshape(sizes);
}

#if TORCH_VERSION_MAJOR >= 2
constexpr int fusedAttention = 1;
#else
constexpr int fusedAttention = 0;
#endif

const ctorch_api table = {
    CTORCH_API_VERSION,
    []() -> const char * { return TORCH_VERSION; },
    []() -> const char * { return lastError.c_str(); },
    []() -> int { return at::get_num_threads(); },
    [](int count) {
        return guarded([&] {
            if (count < 1) throw std::invalid_argument("thread count must be at least 1");
            at::set_num_threads(count);
        });
    },
    []() -> int { return fusedAttention ? 1 : blockedAttentionAvailable() ? 2 : 0; },
    [](const void *data, ctorch_dtype dtype, const int64_t *shape, int rank, int copy, ctorch_tensor *out) {
        return guarded([&] {
            auto options = at::TensorOptions().dtype(scalarType(dtype));
            auto tensor = at::from_blob(const_cast<void *>(data), dims(shape, rank), options);
            *out = wrap(onCurrentDevice(tensor, copy != 0));
        });
    },
    [](uint64_t seed, const int64_t *shape, int rank, ctorch_tensor *out) {
        return guarded([&] {
            const auto device = currentDevice();
            auto generator = seededGenerator(seed, device);
            *out = wrap(at::randn(dims(shape, rank), generator, at::TensorOptions().dtype(at::kFloat).device(device)));
        });
    },
    [](double value, const int64_t *shape, int rank, ctorch_dtype dtype, ctorch_tensor *out) {
        return guarded([&] {
            *out = wrap(at::full(dims(shape, rank), value, at::TensorOptions().dtype(scalarType(dtype)).device(currentDevice())));
        });
    },
    [](double start, double end, double step, ctorch_dtype dtype, ctorch_tensor *out) {
        return guarded([&] {
            *out = wrap(at::arange(start, end, step, at::TensorOptions().dtype(scalarType(dtype)).device(currentDevice())));
        });
    },
    [](ctorch_tensor tensor) { delete tensor; },
    [](ctorch_tensor tensor) -> int { return tensor ? int(tensor->value.dim()) : 0; },
    [](ctorch_tensor tensor, int dimension) -> int64_t {
        if (!tensor || dimension < 0 || dimension >= tensor->value.dim()) return -1;
        return tensor->value.size(dimension);
    },
    [](ctorch_tensor tensor) -> ctorch_dtype { return tensor ? dtypeOf(tensor->value.scalar_type()) : CTORCH_FLOAT32; },
    [](ctorch_tensor tensor, void *buffer, size_t bytes) {
        return guarded([&] {
            auto contiguous = unwrap(tensor).to(at::kCPU).contiguous();
            const size_t needed = size_t(contiguous.numel()) * contiguous.element_size();
            if (bytes != needed) throw std::invalid_argument("read buffer has " + std::to_string(bytes) + " bytes, the tensor " + std::to_string(needed));
            if (needed) std::memcpy(buffer, contiguous.data_ptr(), needed);
        });
    },
    [](ctorch_binary_op op, ctorch_tensor a, ctorch_tensor b, ctorch_tensor *out) {
        return guarded([&] {
            const auto &x = unwrap(a), &y = unwrap(b);
            switch (op) {
            case CTORCH_ADD: *out = wrap(x + y); break;
            case CTORCH_SUB: *out = wrap(x - y); break;
            case CTORCH_MUL: *out = wrap(x * y); break;
            case CTORCH_DIV: *out = wrap(x / y); break;
            default: throw std::invalid_argument("unknown binary operation");
            }
        });
    },
    [](ctorch_scalar_op op, ctorch_tensor a, double value, ctorch_tensor *out) {
        return guarded([&] {
            const auto &x = unwrap(a);
            switch (op) {
            case CTORCH_ADD_SCALAR: *out = wrap(x + value); break;
            case CTORCH_MUL_SCALAR: *out = wrap(x * value); break;
            case CTORCH_POW_SCALAR: *out = wrap(at::pow(x, value)); break;
            case CTORCH_CLAMP_MIN: *out = wrap(at::clamp_min(x, value)); break;
            case CTORCH_CLAMP_MAX: *out = wrap(at::clamp_max(x, value)); break;
            default: throw std::invalid_argument("unknown scalar operation");
            }
        });
    },
    [](ctorch_unary_op op, ctorch_tensor a, ctorch_tensor *out) {
        return guarded([&] {
            const auto &x = unwrap(a);
            switch (op) {
            case CTORCH_SILU: *out = wrap(at::silu(x)); break;
            case CTORCH_GELU: *out = wrap(at::gelu(x)); break;
            case CTORCH_GELU_TANH: *out = wrap(at::gelu(x, "tanh")); break;
            case CTORCH_QUICK_GELU: *out = wrap(x * at::sigmoid(x * 1.702)); break;
            case CTORCH_EXP: *out = wrap(at::exp(x)); break;
            case CTORCH_SIN: *out = wrap(at::sin(x)); break;
            case CTORCH_COS: *out = wrap(at::cos(x)); break;
            case CTORCH_NEG: *out = wrap(at::neg(x)); break;
            case CTORCH_SIGMOID: *out = wrap(at::sigmoid(x)); break;
            case CTORCH_TANH: *out = wrap(at::tanh(x)); break;
            default: throw std::invalid_argument("unknown unary operation");
            }
        });
    },
    [](ctorch_tensor a, ctorch_tensor b, ctorch_tensor *out) {
        return guarded([&] { *out = wrap(at::matmul(unwrap(a), unwrap(b))); });
    },
    [](ctorch_tensor x, ctorch_tensor weight, ctorch_tensor bias, ctorch_tensor *out) {
        return guarded([&] {
#if TORCH_VERSION_MAJOR < 2
            if (oneDNNLinearApplies(unwrap(x), unwrap(weight), bias ? &unwrap(bias) : nullptr)) {
                *out = wrap(oneDNNLinear(unwrap(x), unwrap(weight), bias ? &unwrap(bias) : nullptr));
                return;
            }
#endif
            *out = wrap(bias ? at::linear(unwrap(x), unwrap(weight), unwrap(bias)) : at::linear(unwrap(x), unwrap(weight)));
        });
    },
    [](ctorch_tensor x, ctorch_tensor weight, ctorch_tensor bias, int stride, int padding, ctorch_tensor *out) {
        return guarded([&] {
            c10::optional<at::Tensor> b;
            if (bias) b = unwrap(bias);
            *out = wrap(at::conv2d(unwrap(x), unwrap(weight), b, {stride, stride}, {padding, padding}));
        });
    },
    [](ctorch_tensor x, int groups, ctorch_tensor weight, ctorch_tensor bias, double eps, ctorch_tensor *out) {
        return guarded([&] {
            c10::optional<at::Tensor> w, b;
            if (weight) w = unwrap(weight);
            if (bias) b = unwrap(bias);
            *out = wrap(at::group_norm(unwrap(x), groups, w, b, eps));
        });
    },
    [](ctorch_tensor x, ctorch_tensor weight, ctorch_tensor bias, double eps, ctorch_tensor *out) {
        return guarded([&] {
            const auto &value = unwrap(x);
            c10::optional<at::Tensor> w, b;
            if (weight) w = unwrap(weight);
            if (bias) b = unwrap(bias);
            *out = wrap(at::layer_norm(value, {value.size(-1)}, w, b, eps));
        });
    },
    [](ctorch_tensor x, int dimension, ctorch_tensor *out) {
        return guarded([&] { *out = wrap(at::softmax(unwrap(x), dimension)); });
    },
    [](ctorch_tensor q, ctorch_tensor k, ctorch_tensor v, ctorch_tensor mask, ctorch_tensor *out) {
        return guarded([&] {
#if TORCH_VERSION_MAJOR >= 2
            c10::optional<at::Tensor> m;
            if (mask) m = unwrap(mask);
            *out = wrap(at::scaled_dot_product_attention(unwrap(q), unwrap(k), unwrap(v), m));
#else
            const auto &query = unwrap(q), &key = unwrap(k), &value = unwrap(v);
            if (blockedAttentionApplies(query, key, value, mask != nullptr))
                *out = wrap(blockedAttention(query, key, value));
            else
                *out = wrap(attentionFallback(query, key, value, mask ? &unwrap(mask) : nullptr));
#endif
        });
    },
    [](ctorch_tensor x, const int64_t *shape, int rank, ctorch_tensor *out) {
        return guarded([&] { *out = wrap(unwrap(x).reshape(dims(shape, rank))); });
    },
    [](ctorch_tensor x, const int64_t *order, int rank, ctorch_tensor *out) {
        return guarded([&] { *out = wrap(unwrap(x).permute(dims(order, rank))); });
    },
    [](const ctorch_tensor *tensors, int count, int dimension, ctorch_tensor *out) {
        return guarded([&] {
            if (count < 1 || !tensors) throw std::invalid_argument("cat needs at least one tensor");
            std::vector<at::Tensor> parts;
            for (int i = 0; i < count; ++i) parts.push_back(unwrap(tensors[i]));
            *out = wrap(at::cat(parts, dimension));
        });
    },
    [](ctorch_tensor x, int dimension, int64_t start, int64_t end, ctorch_tensor *out) {
        return guarded([&] { *out = wrap(unwrap(x).slice(dimension, start, end)); });
    },
    [](ctorch_tensor x, ctorch_tensor *out) {
        return guarded([&] {
            const auto &value = unwrap(x);
            *out = wrap(at::upsample_nearest2d(value, {value.size(-2) * 2, value.size(-1) * 2}));
        });
    },
    [](ctorch_tensor x, ctorch_dtype dtype, ctorch_tensor *out) {
        return guarded([&] { *out = wrap(unwrap(x).to(scalarType(dtype))); });
    },
    [](ctorch_tensor weight, ctorch_tensor ids, ctorch_tensor *out) {
        return guarded([&] { *out = wrap(at::embedding(unwrap(weight), unwrap(ids))); });
    },
    [](ctorch_tensor x, int dimension, ctorch_tensor *out) {
        return guarded([&] { *out = wrap(unwrap(x).mean({dimension}, true)); });
    },
    [](ctorch_tensor x, ctorch_tensor *out) {
        return guarded([&] {
            const auto &value = unwrap(x);
            std::vector<int64_t> dimensions;
            for (int64_t d = 1; d < value.dim(); ++d) dimensions.push_back(d);
            *out = wrap(value.std(dimensions, /*unbiased=*/true, /*keepdim=*/true));
        });
    },
    [](uint64_t seed, ctorch_generator *out) {
        return guarded([&] { *out = new ctorch_generator_s{seededGenerator(seed, currentDevice())}; });
    },
    [](ctorch_generator generator, const int64_t *shape, int rank, ctorch_dtype dtype, ctorch_tensor *out) {
        return guarded([&] {
            if (!generator) throw std::invalid_argument("missing generator");
            const auto options = at::TensorOptions().dtype(scalarType(dtype)).device(generator->value.device());
            *out = wrap(at::randn(dims(shape, rank), generator->value, options));
        });
    },
    [](ctorch_generator generator) { delete generator; },
    [](ctorch_tensor x, ctorch_tensor *out) {
        return guarded([&] { *out = wrap(unwrap(x).contiguous(at::MemoryFormat::ChannelsLast)); });
    },
    [](ctorch_binary_op op, ctorch_tensor a, ctorch_tensor b) {
        return guarded([&] {
            if (!a) throw std::invalid_argument("missing tensor");
            at::Tensor &x = a->value;
            const auto &y = unwrap(b);
            switch (op) {
            case CTORCH_ADD: x.add_(y); break;
            case CTORCH_SUB: x.sub_(y); break;
            case CTORCH_MUL: x.mul_(y); break;
            case CTORCH_DIV: x.div_(y); break;
            default: throw std::invalid_argument("unknown binary operation");
            }
        });
    },
    [](ctorch_unary_op op, ctorch_tensor a) {
        return guarded([&] {
            if (!a) throw std::invalid_argument("missing tensor");
            at::Tensor &x = a->value;
            switch (op) {
            case CTORCH_SILU: at::silu_(x); break;
            case CTORCH_GELU: at::gelu_(x); break;
            default: throw std::invalid_argument("this operation has no in-place form here");
            }
        });
    },
    []() -> int { return cudaDeviceCount(); },
    [](int cuda, int index) { return guarded([&] { useDevice(cuda != 0, index); }); },
};
} // namespace

/* Keeps freed memory in the process for the next tensor, unless the user tuned glibc's
   allocator (MALLOC_*_ variables or GLIBC_TUNABLES). Each denoising step allocates and frees
   the same large tensors; by default glibc hands big blocks back to the system and maps them
   again as fresh zero-filled pages, which costs about a tenth of a step. The price: the process
   keeps its peak memory until it exits. */
static void keep_freed_memory() {
    if (getenv("GLIBC_TUNABLES")) return;
    for (char **variable = environ; *variable; ++variable) {
        if (strncmp(*variable, "MALLOC_", 7) == 0) return;
    }
    mallopt(M_MMAP_MAX, 0);                /* every block from the heap */
    mallopt(M_TRIM_THRESHOLD, INT_MAX);    /* free heap top kept up to 2 GiB */
}

extern "C" const ctorch_api *ctorch_get_api(void) {
    static const bool tuned = (keep_freed_memory(), openCUDABackend(), true);
    (void)tuned;
    return &table;
}
