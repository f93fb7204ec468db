// Attention for libtorch builds without scaled_dot_product_attention (Debian's 1.13): blocks of
// query rows, each block's scores kept in a per-thread buffer that stays in cache, the matrix
// products done by oneDNN's sgemm (which libtorch links on Debian) and the softmax by a vector
// loop here. libtorch 1.13's own softmax there is scalar (its exp costs 9 ns an element) and its
// BLAS is slow for the narrow products of attention; together they took 2.3 s of a seq-4096 layer
// that this does in a fraction of that.
#include "BlockedAttention.h"
#include "OneDNN.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace {

/// e^x for x at most 0 (scores less their row's maximum), within 2 ulp: Cody-Waite reduction by
/// ln 2 and Cephes' degree-6 polynomial; below -87.3 the result is the smallest normal float,
/// which a row's sum (at least 1) does not notice. Branch-free, so that loops over it vectorize.
__attribute__((always_inline)) inline float expNonPositive(float x) {
    x = x < -87.3f ? -87.3f : x;
    const float magic = 12582912.0f; // 1.5 * 2^23: adding it rounds to an integer
    const float shifted = x * 1.44269504088896341f + magic;
    const float n = shifted - magic;
    uint32_t integer, magicBits; // unsigned: a NaN's bits wrap instead of overflowing
    std::memcpy(&integer, &shifted, sizeof integer);
    std::memcpy(&magicBits, &magic, sizeof magicBits);
    const float r = x - n * 0.693359375f - n * -2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * r * r + r + 1.0f;
    const uint32_t scaleBits = (integer - magicBits + 127u) << 23;
    float scale;
    std::memcpy(&scale, &scaleBits, sizeof scale);
    return p * scale;
}

constexpr int lanes = 16;

/// Replaces each of `rows` rows of `width` scores with e^(score - row maximum); `sums` receives
/// each row's sum. The lane arrays keep the reductions in vector registers.
#if defined(__x86_64__)
__attribute__((target_clones("avx512f", "avx2", "default")))
#endif
void exponentiateRows(float *scores, int64_t rows, int64_t width, float *sums) {
    const int64_t vectorWidth = width / lanes * lanes;
    for (int64_t row = 0; row < rows; ++row) {
        float *values = scores + row * width;
        float maxima[lanes];
        for (int lane = 0; lane < lanes; ++lane) maxima[lane] = -INFINITY;
        for (int64_t i = 0; i < vectorWidth; i += lanes)
            for (int lane = 0; lane < lanes; ++lane)
                maxima[lane] = values[i + lane] > maxima[lane] ? values[i + lane] : maxima[lane];
        float maximum = -INFINITY;
        for (int lane = 0; lane < lanes; ++lane) maximum = std::max(maximum, maxima[lane]);
        for (int64_t i = vectorWidth; i < width; ++i) maximum = std::max(maximum, values[i]);
        if (maximum == -INFINITY) {
            // every score -inf (or none): torch's softmax gives NaN, and so does this row
            sums[row] = NAN;
            continue;
        }
        // +inf gives NaN through inf - inf below, as in torch; NaN scores make the sum NaN
        float totals[lanes] = {};
        for (int64_t i = 0; i < vectorWidth; i += lanes)
            for (int lane = 0; lane < lanes; ++lane) {
                values[i + lane] = expNonPositive(values[i + lane] - maximum);
                totals[lane] += values[i + lane];
            }
        float sum = 0;
        for (int lane = 0; lane < lanes; ++lane) sum += totals[lane];
        for (int64_t i = vectorWidth; i < width; ++i) {
            values[i] = expNonPositive(values[i] - maximum);
            sum += values[i];
        }
        sums[row] = sum;
    }
}

int64_t rowsPerBlock(int64_t keys) {
    // a block's scores in about 256 KB, so that they stay in a core's L2 between the products
    return std::clamp<int64_t>((int64_t(1) << 16) / std::max<int64_t>(keys, 1), 8, 256);
}

} // namespace

bool blockedAttentionAvailable() { return oneDNNSgemm() != nullptr; }

bool blockedAttentionApplies(const at::Tensor &q, const at::Tensor &k, const at::Tensor &v, bool masked) {
    return !masked && oneDNNSgemm() && q.scalar_type() == at::kFloat && k.scalar_type() == at::kFloat &&
           v.scalar_type() == at::kFloat && q.device().is_cpu() && k.device().is_cpu() && v.device().is_cpu() && q.dim() >= 2 && q.dim() == k.dim() &&
           k.dim() == v.dim() && q.size(-1) == k.size(-1) && k.size(-2) == v.size(-2) && q.numel() > 0 &&
           k.numel() > 0 && v.numel() > 0 && q.sizes().slice(0, q.dim() - 2) == k.sizes().slice(0, k.dim() - 2) &&
           k.sizes().slice(0, k.dim() - 2) == v.sizes().slice(0, v.dim() - 2);
}

at::Tensor blockedAttention(const at::Tensor &q, const at::Tensor &k, const at::Tensor &v) {
    const OneDNNSgemm product = oneDNNSgemm();
    const int64_t depth = q.size(-1), valueDepth = v.size(-1);
    const float scale = float(1.0 / std::sqrt(double(depth)));
    const auto q3 = q.reshape({-1, q.size(-2), depth}).contiguous();
    const auto k3 = k.reshape({-1, k.size(-2), depth}).contiguous();
    const auto v3 = v.reshape({-1, v.size(-2), valueDepth}).contiguous();
    const int64_t slices = q3.size(0), queries = q3.size(1), keys = k3.size(1);
    auto out = at::empty({slices, queries, valueDepth}, q3.options());
    const int64_t block = rowsPerBlock(keys), blocksPerSlice = (queries + block - 1) / block;
    const float *qData = q3.data_ptr<float>(), *kData = k3.data_ptr<float>(), *vData = v3.data_ptr<float>();
    float *outData = out.data_ptr<float>();
    at::parallel_for(0, slices * blocksPerSlice, 1, [&](int64_t begin, int64_t end) {
        std::vector<float> scores(static_cast<size_t>(block * keys));
        std::vector<float> sums(static_cast<size_t>(block));
        for (int64_t task = begin; task < end; ++task) {
            const int64_t slice = task / blocksPerSlice, first = task % blocksPerSlice * block;
            const int64_t rows = std::min(block, queries - first);
            const float *queryRows = qData + (slice * queries + first) * depth;
            float *outRows = outData + (slice * queries + first) * valueDepth;
            // the 1/√d scale as the product's alpha: no pass over the queries of its own
            if (product('N', 'T', rows, keys, depth, scale, queryRows, depth, kData + slice * keys * depth, depth,
                        0.0f, scores.data(), keys) != 0)
                throw std::runtime_error("oneDNN sgemm failed on attention scores");
            exponentiateRows(scores.data(), rows, keys, sums.data());
            if (product('N', 'N', rows, valueDepth, keys, 1.0f, scores.data(), keys,
                        vData + slice * keys * valueDepth, valueDepth, 0.0f, outRows, valueDepth) != 0)
                throw std::runtime_error("oneDNN sgemm failed on attention values");
            for (int64_t row = 0; row < rows; ++row) {
                const float inverse = 1.0f / sums[size_t(row)];
                for (int64_t i = 0; i < valueDepth; ++i) outRows[row * valueDepth + i] *= inverse;
            }
        }
    });
    auto sizes = q.sizes().vec();
    sizes.back() = valueDepth;
    return out.reshape(sizes);
}
