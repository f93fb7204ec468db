/// CPNG: the part of libpng the engine uses, behind plain C calls.
#ifndef CPNG_H
#define CPNG_H
#include <png.h>

/// The libpng version linked at run time, e.g. 10639 for 1.6.39.
unsigned long cpng_version_number(void);
#endif
