#include "CPNG.h"
unsigned long cpng_version_number(void) { return (unsigned long)png_access_version_number(); }
