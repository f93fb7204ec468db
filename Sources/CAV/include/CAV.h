/// CAV: the part of libavformat/libavcodec the engine uses for animations.
#ifndef CAV_H
#define CAV_H
/// libavformat's run-time version (LIBAVFORMAT_VERSION_INT layout: major<<16 | minor<<8 | micro).
unsigned cav_format_version(void);
#endif
