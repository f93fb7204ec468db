/// CAV: the media shim (libDgenerateMedia.so). It fills the `cmedia_api` table of CMediaAPI.h
/// on libavformat, libavcodec and libswscale.
#ifndef CAV_H
#define CAV_H
#include <CMediaAPI.h>

/// The operation table.
const cmedia_api *cmedia_get_api(void);
#endif
