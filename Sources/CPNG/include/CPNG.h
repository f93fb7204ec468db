/// CPNG: the part of libpng the engine uses, behind plain C calls. Errors come back as a
/// status and a message in the caller's buffer; libpng's longjmp never crosses into Swift.
#ifndef CPNG_H
#define CPNG_H
#include <stddef.h>

/// The libpng version linked at run time, e.g. 10639 for 1.6.39.
unsigned long cpng_version_number(void);

/// Writes 8-bit RGB rows (width*3 bytes each) to `path`, with `count` text chunks (UTF-8
/// values: tEXt in Latin-1 where every character fits, iTXt otherwise). Returns 0, or -1 with a
/// message in `error`.
int cpng_write_rgb(const char *path, const unsigned char *rgb, int width, int height,
                   const char *const *keys, const char *const *values, int count,
                   char *error, size_t error_size);

/// Reads any PNG as 8-bit RGB into a buffer the caller frees with `cpng_free`. Returns 0, or -1
/// with a message in `error`.
int cpng_read_rgb(const char *path, unsigned char **rgb, int *width, int *height, char *error, size_t error_size);

void cpng_free(void *pointer);
#endif
