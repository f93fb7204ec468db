/// CCurl: the part of libcurl the engine uses for downloads. libcurl's option setters are
/// variadic, which Swift cannot call, so the transfer is set up here.
#ifndef CCURL_H
#define CCURL_H
#include <stddef.h>

/// libcurl's run-time version string, e.g. "7.88.1".
const char *ccurl_version(void);

/// Receives one header line (with its line break) or one piece of the body; returns `size` to
/// go on, anything else to abort the transfer.
typedef size_t (*ccurl_receive)(const char *data, size_t size, void *context);

/// Receives progress: bytes expected (0 when unknown) and bytes received so far.
typedef void (*ccurl_progress)(long long total, long long received, void *context);

/// A GET of `url` following redirects, decoding any content encoding; `connect_timeout` and
/// `stall_timeout` are in seconds (the transfer fails when no byte arrives for that long).
/// Returns libcurl's result code (0 on success); on failure `error` holds libcurl's message.
/// `effective_url` receives the URL after redirects.
int ccurl_get(const char *url, const char *user_agent, long connect_timeout, long stall_timeout,
              ccurl_receive on_header, ccurl_receive on_body, ccurl_progress on_progress, void *context,
              char *error, size_t error_size, char *effective_url, size_t effective_url_size);

/// libcurl's result code for a transfer that the write callback aborted.
int ccurl_write_error_code(void);
/// libcurl's result code for a body shorter than announced.
int ccurl_partial_file_code(void);
#endif
