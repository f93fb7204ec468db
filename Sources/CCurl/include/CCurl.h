/// CCurl: the part of libcurl the engine uses for downloads.
#ifndef CCURL_H
#define CCURL_H
/// libcurl's run-time version string, e.g. "7.88.1".
const char *ccurl_version(void);
#endif
