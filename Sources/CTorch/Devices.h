// The device tensors are made on, and CUDA where libtorch has it. Internal to the shim.
#pragma once

#include <ATen/ATen.h>

#include <cstdint>

/// The device that creation calls make tensors on (the CPU until useDevice says otherwise).
at::Device currentDevice();

/// Makes later tensors on the CPU (`cuda` false) or on CUDA device `index`; throws for a CUDA
/// device libtorch does not have.
void useDevice(bool cuda, int index);

/// How many CUDA devices libtorch can use (loading libtorch_cuda beside libtorch_cpu once).
int cudaDeviceCount();

/// A generator of `device` seeded as torch.Generator(device).manual_seed(seed).
at::Generator seededGenerator(uint64_t seed, at::Device device);

/// Opens libtorch_cuda.so from libtorch_cpu's folder where it is there (once; before any other
/// libtorch call, since libtorch decides once whether it has CUDA). A library that is there but
/// does not load is reported on standard error.
void openCUDABackend();

/// `tensor` on the current device: itself on the CPU (a copy when `copy`), else a copy there.
at::Tensor onCurrentDevice(const at::Tensor &tensor, bool copy);
