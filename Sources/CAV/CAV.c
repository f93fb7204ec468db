#include "CAV.h"
#include <libavformat/avformat.h>
unsigned cav_format_version(void) { return avformat_version(); }
