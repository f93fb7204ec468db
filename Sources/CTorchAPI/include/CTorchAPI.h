/// CTorchAPI: the table of libtorch operations the engine calls, as plain C. The shim library
/// (libDgenerateTorch.so, target CTorch) fills the table; the engine opens that library on
/// first use and calls through the table, so nothing links libtorch until a model is needed.
///
/// Every fallible call returns a status and leaves a message for `last_error`; no C++ exception
/// ever crosses this boundary. Every call runs under inference mode. Tensors are opaque owned
/// handles: each one a call returns must be released with `release`.
#ifndef CTORCH_API_H
#define CTORCH_API_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Status codes returned by fallible calls.
typedef enum {
    CTORCH_OK = 0,
    CTORCH_ERROR = 1,
} ctorch_status;

/// Element types.
typedef enum {
    CTORCH_FLOAT32 = 0,
    CTORCH_FLOAT16 = 1,
    CTORCH_BFLOAT16 = 2,
    CTORCH_FLOAT64 = 3,
    CTORCH_INT64 = 4,
    CTORCH_INT32 = 5,
    CTORCH_UINT8 = 6,
    CTORCH_BOOL = 7,
    CTORCH_INT8 = 8,
    CTORCH_INT16 = 9,
} ctorch_dtype;

/// Element-wise operations of two tensors (broadcasting).
typedef enum {
    CTORCH_ADD = 0,
    CTORCH_SUB = 1,
    CTORCH_MUL = 2,
    CTORCH_DIV = 3,
} ctorch_binary_op;

/// Element-wise operations with a number.
typedef enum {
    CTORCH_ADD_SCALAR = 0,
    CTORCH_MUL_SCALAR = 1,
    CTORCH_POW_SCALAR = 2,
    CTORCH_CLAMP_MIN = 3,
    CTORCH_CLAMP_MAX = 4,
} ctorch_scalar_op;

/// Element-wise functions.
typedef enum {
    CTORCH_SILU = 0,
    CTORCH_GELU = 1,
    CTORCH_GELU_TANH = 2,
    CTORCH_QUICK_GELU = 3,
    CTORCH_EXP = 4,
    CTORCH_SIN = 5,
    CTORCH_COS = 6,
    CTORCH_NEG = 7,
    CTORCH_SIGMOID = 8,
    CTORCH_TANH = 9,
} ctorch_unary_op;

typedef struct ctorch_tensor_s *ctorch_tensor;
typedef struct ctorch_generator_s *ctorch_generator;

typedef struct {
    /// The table's layout version (CTORCH_API_VERSION).
    int version;
    /// The libtorch version the shim was built against, e.g. "1.13.1".
    const char *(*torch_version)(void);
    /// The message of the last failed call on this thread.
    const char *(*last_error)(void);
    int (*get_num_threads)(void);
    ctorch_status (*set_num_threads)(int count);
    /// How `attention` computes: 1 by the fused scaled_dot_product_attention (libtorch 2.x),
    /// 2 in blocks through oneDNN's sgemm (libtorch 1.x with oneDNN), 0 a slice at a time.
    int (*attention_kind)(void);

    /// A tensor over `data` (`copy` 0: the memory is borrowed and must outlive the tensor).
    ctorch_status (*from_data)(const void *data, ctorch_dtype dtype, const int64_t *shape, int rank, int copy, ctorch_tensor *out);
    /// Standard normal values from a generator of the current device seeded with `seed`, as
    /// torch.randn(shape, generator=torch.Generator(device).manual_seed(seed)) draws them.
    ctorch_status (*randn)(uint64_t seed, const int64_t *shape, int rank, ctorch_tensor *out);
    ctorch_status (*full)(double value, const int64_t *shape, int rank, ctorch_dtype dtype, ctorch_tensor *out);
    ctorch_status (*arange)(double start, double end, double step, ctorch_dtype dtype, ctorch_tensor *out);
    void (*release)(ctorch_tensor tensor);

    int (*rank)(ctorch_tensor tensor);
    int64_t (*size)(ctorch_tensor tensor, int dimension);
    ctorch_dtype (*dtype)(ctorch_tensor tensor);
    /// Copies the elements, in row-major order and the tensor's own type, into `buffer`.
    ctorch_status (*read)(ctorch_tensor tensor, void *buffer, size_t bytes);

    ctorch_status (*binary)(ctorch_binary_op op, ctorch_tensor a, ctorch_tensor b, ctorch_tensor *out);
    ctorch_status (*scalar)(ctorch_scalar_op op, ctorch_tensor a, double value, ctorch_tensor *out);
    ctorch_status (*unary)(ctorch_unary_op op, ctorch_tensor a, ctorch_tensor *out);
    ctorch_status (*matmul)(ctorch_tensor a, ctorch_tensor b, ctorch_tensor *out);
    /// x @ weight.T + bias (bias may be NULL).
    ctorch_status (*linear)(ctorch_tensor x, ctorch_tensor weight, ctorch_tensor bias, ctorch_tensor *out);
    ctorch_status (*conv2d)(ctorch_tensor x, ctorch_tensor weight, ctorch_tensor bias, int stride, int padding, ctorch_tensor *out);
    ctorch_status (*group_norm)(ctorch_tensor x, int groups, ctorch_tensor weight, ctorch_tensor bias, double eps, ctorch_tensor *out);
    /// Normalises over the last dimension.
    ctorch_status (*layer_norm)(ctorch_tensor x, ctorch_tensor weight, ctorch_tensor bias, double eps, ctorch_tensor *out);
    ctorch_status (*softmax)(ctorch_tensor x, int dimension, ctorch_tensor *out);
    /// softmax(q k^T / sqrt(d) + mask) v over the last two dimensions (mask may be NULL): the
    /// fused kernel where libtorch has it, else a computation one head-batch slice at a time.
    ctorch_status (*attention)(ctorch_tensor q, ctorch_tensor k, ctorch_tensor v, ctorch_tensor mask, ctorch_tensor *out);
    ctorch_status (*reshape)(ctorch_tensor x, const int64_t *shape, int rank, ctorch_tensor *out);
    ctorch_status (*permute)(ctorch_tensor x, const int64_t *order, int rank, ctorch_tensor *out);
    ctorch_status (*cat)(const ctorch_tensor *tensors, int count, int dimension, ctorch_tensor *out);
    /// Elements start..<end along a dimension.
    ctorch_status (*slice)(ctorch_tensor x, int dimension, int64_t start, int64_t end, ctorch_tensor *out);
    /// Nearest-neighbour upsampling of the last two dimensions by 2.
    ctorch_status (*upsample_nearest2x)(ctorch_tensor x, ctorch_tensor *out);
    ctorch_status (*to_dtype)(ctorch_tensor x, ctorch_dtype dtype, ctorch_tensor *out);
    /// Rows of `weight` chosen by the integer tensor `ids`.
    ctorch_status (*embedding)(ctorch_tensor weight, ctorch_tensor ids, ctorch_tensor *out);
    /// The mean over one dimension, kept as size 1.
    ctorch_status (*mean)(ctorch_tensor x, int dimension, ctorch_tensor *out);
    /// The standard deviation over all dimensions but the first (Bessel-corrected), kept.
    ctorch_status (*std_rows)(ctorch_tensor x, ctorch_tensor *out);

    /// A random generator of the current device seeded like torch.Generator(device).manual_seed(seed); each draw
    /// continues its stream.
    ctorch_status (*generator_new)(uint64_t seed, ctorch_generator *out);
    /// Draws in `dtype` as torch.randn(..., dtype=) draws: half-precision streams are not
    /// the float32 stream rounded.
    ctorch_status (*generator_randn)(ctorch_generator generator, const int64_t *shape, int rank, ctorch_dtype dtype, ctorch_tensor *out);
    void (*generator_release)(ctorch_generator generator);
    /// The same values laid out channels-last (NHWC in memory), which convolutions run
    /// faster on; shapes and indexing are unchanged.
    ctorch_status (*channels_last)(ctorch_tensor x, ctorch_tensor *out);
    /// In place: `a` becomes `a op b` (broadcasting `b`). Only for tensors the engine computed,
    /// never for weights (which may be the mapped model file).
    ctorch_status (*binary_in_place)(ctorch_binary_op op, ctorch_tensor a, ctorch_tensor b);
    /// In place: `a` becomes `op(a)` (SiLU and GELU).
    ctorch_status (*unary_in_place)(ctorch_unary_op op, ctorch_tensor a);
    /// How many CUDA devices libtorch can use: 0 for a CPU-only libtorch or a machine without
    /// an NVIDIA driver. Loads libtorch_cuda from libtorch's folder where it is there.
    int (*cuda_device_count)(void);
    /// The device that tensors made from now on are made on (from_data, randn, full, arange,
    /// generators): `cuda` 0 for the CPU, 1 for CUDA device `index`. Weights given to from_data
    /// are copied there. `read` always reads back to the CPU.
    ctorch_status (*use_device)(int cuda, int index);
} ctorch_api;

#define CTORCH_API_VERSION 4

/// The table (exported by libDgenerateTorch.so).
typedef const ctorch_api *(*ctorch_get_api_function)(void);

#ifdef __cplusplus
}
#endif
#endif
