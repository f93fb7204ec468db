/// CTorch: the C face of libtorch for Swift. Plain C types only; no C++ exception ever
/// crosses this boundary: every call that can fail returns a status code and leaves a message
/// that `ctorch_last_error` returns.
#ifndef CTORCH_H
#define CTORCH_H

#ifdef __cplusplus
extern "C" {
#endif

/// Status codes returned by fallible calls.
typedef enum {
    CTORCH_OK = 0,
    CTORCH_ERROR = 1,
} ctorch_status;

/// The libtorch version this shim was compiled against, e.g. "1.13.1".
const char *ctorch_version(void);

/// Number of intra-op threads libtorch uses.
int ctorch_get_num_threads(void);

/// Sets the number of intra-op threads; a value below 1 is an error.
ctorch_status ctorch_set_num_threads(int count);

/// The message of the last failed call on this thread ("" when none).
const char *ctorch_last_error(void);

#ifdef __cplusplus
}
#endif
#endif
