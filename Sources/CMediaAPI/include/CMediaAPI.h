/// CMediaAPI: the table of media operations the engine calls (reading images, animations and
/// videos as RGB frames, writing animations), as plain C. The media shim (libDgenerateMedia.so,
/// target CAV, on libavformat, libavcodec and libswscale) fills it; the engine opens that library
/// on first use, so nothing links libavformat until a media file is read or written.
///
/// Fallible calls return 0 on success, or -1 with a message for `last_error` (per thread).
#ifndef CMEDIA_API_H
#define CMEDIA_API_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cmedia_reader_s *cmedia_reader;
typedef struct cmedia_writer_s *cmedia_writer;

/// What a reader found: the first video stream's frame size, its frame rate (0/0 when the
/// container has none) and frame count (0 when the container does not say), and the
/// container's short name ("gif", "mov,mp4,m4a,3gp,3g2,mj2", "png_pipe"...).
typedef struct {
    int width;
    int height;
    int rate_numerator;
    int rate_denominator;
    int64_t frame_count;
    const char *format_name;
    /// The EXIF orientation of a JPEG (1 to 8; 1 when it has none): how its pixels are to be
    /// turned to show upright.
    int orientation;
} cmedia_info;

typedef struct {
    /// The table's layout version (CMEDIA_API_VERSION).
    int version;
    /// libavformat's run-time version (major<<16 | minor<<8 | micro).
    unsigned (*format_version)(void);
    /// The message of the last failed call on this thread.
    const char *(*last_error)(void);

    /// Opens a file and the decoder of its best video stream (a still image is a one-frame
    /// stream).
    int (*reader_open)(const char *path, cmedia_reader *out);
    void (*reader_info)(cmedia_reader reader, cmedia_info *info);
    /// The next frame as 8-bit RGB rows into `rgb` (width*height*3 bytes, the size in the
    /// info); `duration` receives the frame's display time in seconds (0 when unknown).
    /// Returns 1 for a frame, 0 at the end, -1 on an error.
    int (*reader_next)(cmedia_reader reader, unsigned char *rgb, size_t size, double *duration);
    void (*reader_close)(cmedia_reader reader);

    /// Starts an animation in `container` ("mp4", "gif", "apng" or "webp") at `path`, written
    /// under a temporary name until `writer_finish` renames it. `frame_duration` is each
    /// frame's display time in seconds; `bit_rate` 0 keeps the encoder's default.
    int (*writer_open)(const char *path, const char *container, int width, int height, double frame_duration,
                       int64_t bit_rate, cmedia_writer *out);
    /// Adds a frame: 8-bit RGB rows, or (with a 256-entry 0xRRGGBB `palette`, for GIF) one
    /// palette index a pixel.
    int (*writer_add)(cmedia_writer writer, const unsigned char *pixels, const uint32_t *palette);
    /// Flushes the encoder, writes the trailer and moves the file to its name; frees the writer.
    int (*writer_finish)(cmedia_writer writer);
    /// Frees the writer and removes its temporary file.
    void (*writer_abort)(cmedia_writer writer);
} cmedia_api;

#define CMEDIA_API_VERSION 1

/// The table (exported by libDgenerateMedia.so).
typedef const cmedia_api *(*cmedia_get_api_function)(void);

#ifdef __cplusplus
}
#endif
#endif
