// oneDNN's sgemm, for libtorch builds whose own float32 products are slower (Debian's 1.13 runs
// them on OpenBLAS, whose threads also contend with libtorch's OpenMP ones). Internal to the shim.
#pragma once

#include <ATen/ATen.h>

#include <cstdint>

/// oneDNN's row-major `C = alpha A B + beta C` (`transa`/`transb` 'N' or 'T'), from the libdnnl
/// the process has loaded (or the system's); null where there is none.
using OneDNNSgemm = int (*)(char transa, char transb, int64_t m, int64_t n, int64_t k, float alpha, const float *a,
                            int64_t lda, const float *b, int64_t ldb, float beta, float *c, int64_t ldc);
OneDNNSgemm oneDNNSgemm();

/// Whether oneDNNLinear can compute `linear(x, weight, bias)`: float32 CPU tensors, a contiguous
/// [out, in] weight, a 1-dimensional bias of `out` values if any, and oneDNN found.
bool oneDNNLinearApplies(const at::Tensor &x, const at::Tensor &weight, const at::Tensor *bias);

/// x weightᵀ + bias over x's last dimension, as at::linear, by one oneDNN product.
at::Tensor oneDNNLinear(const at::Tensor &x, const at::Tensor &weight, const at::Tensor *bias);
