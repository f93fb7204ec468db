/// CTorch: libtorch behind the C table of CTorchAPI.h, built as libDgenerateTorch.so.
#ifndef CTORCH_H
#define CTORCH_H

#include "../../CTorchAPI/include/CTorchAPI.h"

#ifdef __cplusplus
extern "C" {
#endif

/// The operation table (version CTORCH_API_VERSION).
const ctorch_api *ctorch_get_api(void);

#ifdef __cplusplus
}
#endif
#endif
