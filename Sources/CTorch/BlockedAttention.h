// Attention in blocks of query rows through oneDNN's sgemm, for libtorch builds without
// scaled_dot_product_attention. Internal to the shim.
#pragma once

#include <ATen/ATen.h>

/// Whether oneDNN's sgemm was found in the process (blocked attention is possible at all).
bool blockedAttentionAvailable();

/// Whether blockedAttention can compute this attention: float32 CPU tensors of matching batch
/// shapes, no mask, and oneDNN's sgemm found in the process.
bool blockedAttentionApplies(const at::Tensor &q, const at::Tensor &k, const at::Tensor &v, bool masked);

/// softmax(q kᵀ / √d) v over the last two dimensions, without the whole score matrix.
at::Tensor blockedAttention(const at::Tensor &q, const at::Tensor &k, const at::Tensor &v);
