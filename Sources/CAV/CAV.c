#include "CAV.h"
#include <errno.h>
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <webp/demux.h>
#include <jpeglib.h>
#include <setjmp.h>

static _Thread_local char error_text[512];

static int fail(const char *what, int code) {
    char reason[AV_ERROR_MAX_STRING_SIZE] = {0};
    if (code < 0) {
        av_strerror(code, reason, sizeof reason);
        snprintf(error_text, sizeof error_text, "%s: %s", what, reason);
    } else {
        snprintf(error_text, sizeof error_text, "%s", what);
    }
    return -1;
}

static const char *last_error(void) { return error_text; }
static unsigned format_version(void) { return avformat_version(); }

/* ---------------------------------------------------------------- reading */

struct cmedia_reader_s {
    /* JPEG files go through libjpeg (as the reference's Pillow decodes them, pixel for pixel) */
    unsigned char *jpeg_rgb;
    int jpeg_width, jpeg_height, jpeg_orientation, jpeg_done;
    /* WebP files go through libwebp's animation decoder (libavcodec 5.1 decodes no animated WebP) */
    WebPAnimDecoder *webp;
    uint8_t *webp_data;
    WebPAnimInfo webp_info;
    int webp_previous_ms;
    AVFormatContext *format;
    AVCodecContext *codec;
    AVFrame *frame;
    AVPacket *packet;
    struct SwsContext *scaler;
    int stream;
    int flushed;
    int finished;
};

static void reader_close(cmedia_reader reader) {
    if (!reader) return;
    free(reader->jpeg_rgb);
    WebPAnimDecoderDelete(reader->webp);
    free(reader->webp_data);
    sws_freeContext(reader->scaler);
    av_frame_free(&reader->frame);
    av_packet_free(&reader->packet);
    avcodec_free_context(&reader->codec);
    avformat_close_input(&reader->format);
    free(reader);
}

/// Reads a whole file whose first bytes are `magic` (and, for WebP, whose bytes 8...11 are
/// "WEBP") into `*data`: 1 if it matches, 0 if not (or unreadable: libavformat then reports
/// why), -1 when out of memory.
static int read_if(const char *path, const unsigned char *magic, size_t magic_size, int webp, uint8_t **data, size_t *size) {
    FILE *file = fopen(path, "rb");
    if (!file) return 0;
    unsigned char header[12];
    int matches = fread(header, 1, 12, file) == 12 && !memcmp(header, magic, magic_size) && (!webp || !memcmp(header + 8, "WEBP", 4));
    long length = matches && fseek(file, 0, SEEK_END) == 0 ? ftell(file) : -1;
    if (length <= 0 || fseek(file, 0, SEEK_SET) != 0) { fclose(file); return 0; }
    *data = malloc((size_t)length);
    if (!*data) { fclose(file); return -1; }
    *size = fread(*data, 1, (size_t)length, file);
    fclose(file);
    return 1;
}

static int webp_open(cmedia_reader reader, size_t size) {
    WebPAnimDecoderOptions options;
    if (!WebPAnimDecoderOptionsInit(&options)) return fail("libwebp is not the version this shim was built with", 0);
    options.color_mode = MODE_RGBA;
    options.use_threads = 0;
    WebPData data = {reader->webp_data, size};
    reader->webp = WebPAnimDecoderNew(&data, &options);
    if (!reader->webp || !WebPAnimDecoderGetInfo(reader->webp, &reader->webp_info)) return fail("cannot decode the WebP file", 0);
    if (reader->webp_info.canvas_width == 0 || reader->webp_info.canvas_height == 0) return fail("the WebP file has no frame size", 0);
    return 0;
}

struct jpeg_failure {
    struct jpeg_error_mgr manager;
    jmp_buf jump;
};

static void jpeg_fail(j_common_ptr info) {
    struct jpeg_failure *failure = (struct jpeg_failure *)info->err;
    char message[JMSG_LENGTH_MAX];
    (*info->err->format_message)(info, message);
    snprintf(error_text, sizeof error_text, "cannot decode the JPEG file: %s", message);
    longjmp(failure->jump, 1);
}

/// The orientation tag (0x0112) of an EXIF block (`Exif\0\0` then a TIFF header); 1 if none.
static int exif_orientation(const unsigned char *data, size_t size) {
    if (size < 14 || memcmp(data, "Exif\0\0", 6) != 0) return 1;
    const unsigned char *tiff = data + 6;
    size_t length = size - 6;
    int little = tiff[0] == 'I' && tiff[1] == 'I';
    if (!little && !(tiff[0] == 'M' && tiff[1] == 'M')) return 1;
#define U16(p) (little ? (unsigned)((p)[0] | (p)[1] << 8) : (unsigned)((p)[0] << 8 | (p)[1]))
#define U32(p) (little ? ((uint32_t)(p)[0] | (uint32_t)(p)[1] << 8 | (uint32_t)(p)[2] << 16 | (uint32_t)(p)[3] << 24) \
                       : ((uint32_t)(p)[0] << 24 | (uint32_t)(p)[1] << 16 | (uint32_t)(p)[2] << 8 | (uint32_t)(p)[3]))
    uint32_t offset = U32(tiff + 4);
    if (offset > length || length - offset < 2) return 1;
    unsigned count = U16(tiff + offset);
    for (unsigned i = 0; i < count; i++) {
        size_t entry = (size_t)offset + 2 + (size_t)i * 12;
        if (entry + 12 > length) return 1;
        if (U16(tiff + entry) == 0x0112) {
            unsigned value = U16(tiff + entry + 8);
            return value >= 1 && value <= 8 ? (int)value : 1;
        }
    }
#undef U16
#undef U32
    return 1;
}

/// Decodes a whole JPEG to RGB with libjpeg's defaults (the slow, exact IDCT and fancy
/// upsampling), as Pillow does.
static int jpeg_open(cmedia_reader reader, const unsigned char *data, size_t size) {
    struct jpeg_decompress_struct info;
    struct jpeg_failure failure;
    info.err = jpeg_std_error(&failure.manager);
    failure.manager.error_exit = jpeg_fail;
    unsigned char *volatile rgb = NULL;
    if (setjmp(failure.jump)) {
        jpeg_destroy_decompress(&info);
        free(rgb);
        return -1;
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, data, (unsigned long)size);
    jpeg_save_markers(&info, JPEG_APP0 + 1, 0xFFFF);
    jpeg_read_header(&info, TRUE);
    reader->jpeg_orientation = 1;
    for (jpeg_saved_marker_ptr marker = info.marker_list; marker; marker = marker->next) {
        if (marker->marker == JPEG_APP0 + 1) reader->jpeg_orientation = exif_orientation(marker->data, marker->data_length);
    }
    info.out_color_space = JCS_RGB;
    jpeg_start_decompress(&info);
    if (info.output_components != 3 || info.output_width == 0 || info.output_height == 0 ||
        info.output_width > 65535 || info.output_height > 65535) {
        jpeg_destroy_decompress(&info);
        return fail("the JPEG file has no RGB image", 0);
    }
    size_t row = (size_t)info.output_width * 3;
    rgb = malloc(row * info.output_height);
    if (!rgb) { jpeg_destroy_decompress(&info); return fail("out of memory", 0); }
    while (info.output_scanline < info.output_height) {
        JSAMPROW line = rgb + row * info.output_scanline;
        jpeg_read_scanlines(&info, &line, 1);
    }
    jpeg_finish_decompress(&info);
    reader->jpeg_width = (int)info.output_width;
    reader->jpeg_height = (int)info.output_height;
    jpeg_destroy_decompress(&info);
    reader->jpeg_rgb = rgb;
    return 0;
}

static int reader_open(const char *path, cmedia_reader *out) {
    av_log_set_level(AV_LOG_QUIET);
    cmedia_reader reader = calloc(1, sizeof *reader);
    if (!reader) return fail("out of memory", 0);
    uint8_t *jpeg_data = NULL;
    size_t jpeg_size = 0;
    int jpeg = read_if(path, (const unsigned char *)"\xFF\xD8\xFF", 3, 0, &jpeg_data, &jpeg_size);
    if (jpeg < 0) { reader_close(reader); return fail("out of memory", 0); }
    if (jpeg) {
        int status = jpeg_open(reader, jpeg_data, jpeg_size);
        free(jpeg_data);
        if (status < 0) { reader_close(reader); return -1; }
        *out = reader;
        return 0;
    }
    size_t webp_size = 0;
    int webp = read_if(path, (const unsigned char *)"RIFF", 4, 1, &reader->webp_data, &webp_size);
    if (webp < 0) { reader_close(reader); return fail("out of memory", 0); }
    if (webp) {
        if (webp_open(reader, webp_size) < 0) { reader_close(reader); return -1; }
        *out = reader;
        return 0;
    }
    int code = avformat_open_input(&reader->format, path, NULL, NULL);
    if (code < 0) { reader_close(reader); return fail("cannot open", code); }
    if ((code = avformat_find_stream_info(reader->format, NULL)) < 0) { reader_close(reader); return fail("cannot read the stream information", code); }
    const AVCodec *decoder = NULL;
    reader->stream = av_find_best_stream(reader->format, AVMEDIA_TYPE_VIDEO, -1, -1, &decoder, 0);
    if (reader->stream < 0 || !decoder) {
        int stream = reader->stream;
        reader_close(reader);
        return fail("no image or video stream", stream < 0 ? stream : 0);
    }
    reader->codec = avcodec_alloc_context3(decoder);
    reader->frame = av_frame_alloc();
    reader->packet = av_packet_alloc();
    if (!reader->codec || !reader->frame || !reader->packet) { reader_close(reader); return fail("out of memory", 0); }
    AVStream *stream = reader->format->streams[reader->stream];
    if ((code = avcodec_parameters_to_context(reader->codec, stream->codecpar)) < 0 ||
        (code = avcodec_open2(reader->codec, decoder, NULL)) < 0) {
        reader_close(reader);
        return fail("cannot open the decoder", code);
    }
    if (reader->codec->width <= 0 || reader->codec->height <= 0) { reader_close(reader); return fail("the stream has no frame size", 0); }
    *out = reader;
    return 0;
}

static void reader_info(cmedia_reader reader, cmedia_info *info) {
    info->orientation = 1;
    if (reader->jpeg_rgb) {
        info->width = reader->jpeg_width;
        info->height = reader->jpeg_height;
        info->rate_numerator = info->rate_denominator = 0;
        info->frame_count = 1;
        info->format_name = "jpeg";
        info->orientation = reader->jpeg_orientation;
        return;
    }
    if (reader->webp) {
        info->width = (int)reader->webp_info.canvas_width;
        info->height = (int)reader->webp_info.canvas_height;
        info->rate_numerator = info->rate_denominator = 0;
        info->frame_count = reader->webp_info.frame_count;
        info->format_name = "webp";
        return;
    }
    AVStream *stream = reader->format->streams[reader->stream];
    AVRational rate = stream->avg_frame_rate.num > 0 ? stream->avg_frame_rate : stream->r_frame_rate;
    info->width = reader->codec->width;
    info->height = reader->codec->height;
    info->rate_numerator = rate.num > 0 && rate.den > 0 ? rate.num : 0;
    info->rate_denominator = rate.num > 0 && rate.den > 0 ? rate.den : 0;
    info->frame_count = stream->nb_frames > 0 ? stream->nb_frames : 0;
    info->format_name = reader->format->iformat ? reader->format->iformat->name : "";
}

/// The next decoded frame in reader->frame: 1, 0 at the end, -1 on an error.
static int decode_next(cmedia_reader reader) {
    for (;;) {
        int code = avcodec_receive_frame(reader->codec, reader->frame);
        if (code == 0) return 1;
        if (code == AVERROR_EOF) return 0;
        if (code != AVERROR(EAGAIN)) return fail("cannot decode a frame", code);
        if (reader->flushed) return 0;
        code = av_read_frame(reader->format, reader->packet);
        if (code == AVERROR_EOF) {
            reader->flushed = 1;
            if ((code = avcodec_send_packet(reader->codec, NULL)) < 0 && code != AVERROR_EOF) return fail("cannot decode a frame", code);
            continue;
        }
        if (code < 0) return fail("cannot read a frame", code);
        if (reader->packet->stream_index == reader->stream) code = avcodec_send_packet(reader->codec, reader->packet);
        av_packet_unref(reader->packet);
        if (code < 0 && code != AVERROR(EAGAIN)) return fail("cannot decode a frame", code);
    }
}

static int webp_next(cmedia_reader reader, unsigned char *rgb, size_t size, double *duration) {
    size_t width = reader->webp_info.canvas_width, height = reader->webp_info.canvas_height;
    if (!WebPAnimDecoderHasMoreFrames(reader->webp)) return 0;
    if (size < width * height * 3) return fail("the frame buffer is too small", 0);
    uint8_t *rgba = NULL;
    int timestamp = 0;
    if (!WebPAnimDecoderGetNext(reader->webp, &rgba, &timestamp)) return fail("cannot decode a WebP frame", 0);
    // alpha is dropped, as converting RGBA to RGB drops it
    for (size_t p = 0; p < width * height; p++) memcpy(rgb + p * 3, rgba + p * 4, 3);
    *duration = (timestamp - reader->webp_previous_ms) / 1000.0;
    reader->webp_previous_ms = timestamp;
    return 1;
}

static int reader_next(cmedia_reader reader, unsigned char *rgb, size_t size, double *duration) {
    if (reader->jpeg_rgb) {
        if (reader->jpeg_done) return 0;
        size_t bytes = (size_t)reader->jpeg_width * (size_t)reader->jpeg_height * 3;
        if (size < bytes) return fail("the frame buffer is too small", 0);
        memcpy(rgb, reader->jpeg_rgb, bytes);
        *duration = 0;
        reader->jpeg_done = 1;
        return 1;
    }
    if (reader->webp) return webp_next(reader, rgb, size, duration);
    if (reader->finished) return 0;
    int status = decode_next(reader);
    if (status <= 0) { reader->finished = 1; return status; }
    AVFrame *frame = reader->frame;
    int width = reader->codec->width, height = reader->codec->height;
    if (frame->width != width || frame->height != height) {
        av_frame_unref(frame);
        return fail("a frame changes the stream's size", 0);
    }
    if (size < (size_t)width * (size_t)height * 3) { av_frame_unref(frame); return fail("the frame buffer is too small", 0); }
    reader->scaler = sws_getCachedContext(reader->scaler, width, height, frame->format, width, height, AV_PIX_FMT_RGB24,
                                          SWS_BILINEAR, NULL, NULL, NULL);
    if (!reader->scaler) { av_frame_unref(frame); return fail("cannot convert the frame's pixel format to RGB", 0); }
    // swscale writes past the end of rows in wide chunks: convert into an aligned, padded image,
    // then copy the rows out
    uint8_t *planes[4] = {NULL};
    int strides[4] = {0};
    if (av_image_alloc(planes, strides, width, height + 1, AV_PIX_FMT_RGB24, 64) < 0) {
        av_frame_unref(frame);
        return fail("out of memory", 0);
    }
    sws_scale(reader->scaler, (const uint8_t *const *)frame->data, frame->linesize, 0, height, planes, strides);
    for (int y = 0; y < height; y++) memcpy(rgb + (size_t)y * width * 3, planes[0] + (size_t)y * strides[0], (size_t)width * 3);
    av_freep(&planes[0]);
    AVRational base = reader->format->streams[reader->stream]->time_base;
#if LIBAVUTIL_VERSION_INT >= AV_VERSION_INT(57, 30, 100)
    int64_t ticks = frame->duration;
#else
    int64_t ticks = frame->pkt_duration;
#endif
    *duration = ticks > 0 && base.den > 0 ? (double)ticks * base.num / base.den : 0;
    av_frame_unref(frame);
    return 1;
}

/* ---------------------------------------------------------------- writing */

struct cmedia_writer_s {
    AVFormatContext *format;
    AVCodecContext *codec;
    AVStream *stream;
    AVFrame *frame;
    AVPacket *packet;
    struct SwsContext *scaler;
    char *path;
    char *partial;
    int64_t frames;
    double frame_duration;
    int indexed;
};

static void writer_free(cmedia_writer writer, int remove_partial) {
    if (!writer) return;
    if (writer->format && writer->format->pb) avio_closep(&writer->format->pb);
    if (remove_partial && writer->partial) unlink(writer->partial);
    sws_freeContext(writer->scaler);
    av_frame_free(&writer->frame);
    av_packet_free(&writer->packet);
    avcodec_free_context(&writer->codec);
    avformat_free_context(writer->format);
    free(writer->path);
    free(writer->partial);
    free(writer);
}

static void writer_abort(cmedia_writer writer) { writer_free(writer, 1); }

/// The muxer and encoder of a container, and the pixel format the encoder is fed.
static int container_codec(const char *container, const char **muxer, const char **encoder, enum AVPixelFormat *pixels) {
    if (!strcmp(container, "mp4")) { *muxer = "mp4"; *encoder = "libx264"; *pixels = AV_PIX_FMT_YUV420P; return 0; }
    if (!strcmp(container, "gif")) { *muxer = "gif"; *encoder = "gif"; *pixels = AV_PIX_FMT_PAL8; return 0; }
    if (!strcmp(container, "apng")) { *muxer = "apng"; *encoder = "apng"; *pixels = AV_PIX_FMT_RGB24; return 0; }
    // libwebp converts from BGRA itself, as the reference's Pillow hands it RGBA
    if (!strcmp(container, "webp")) { *muxer = "webp"; *encoder = "libwebp_anim"; *pixels = AV_PIX_FMT_RGB32; return 0; }
    return fail("unknown animation container", 0);
}

static int writer_open(const char *path, const char *container, int width, int height, double frame_duration, int64_t bit_rate,
                       cmedia_writer *out) {
    av_log_set_level(AV_LOG_QUIET);
    const char *muxer, *encoder_name;
    enum AVPixelFormat pixels;
    if (container_codec(container, &muxer, &encoder_name, &pixels) < 0) return -1;
    if (width <= 0 || height <= 0 || !(frame_duration > 0)) return fail("an animation needs a frame size and a frame duration", 0);
    const AVCodec *encoder = avcodec_find_encoder_by_name(encoder_name);
    if (!encoder && !strcmp(container, "mp4")) encoder = avcodec_find_encoder(AV_CODEC_ID_H264);
    if (!encoder) { snprintf(error_text, sizeof error_text, "this libavcodec has no %s encoder", encoder_name); return -1; }
    cmedia_writer writer = calloc(1, sizeof *writer);
    if (!writer) return fail("out of memory", 0);
    writer->path = strdup(path);
    size_t length = strlen(path) + 16;
    writer->partial = malloc(length);
    if (!writer->path || !writer->partial) { writer_free(writer, 0); return fail("out of memory", 0); }
    snprintf(writer->partial, length, "%s.unfinished", path);
    writer->indexed = pixels == AV_PIX_FMT_PAL8;
    writer->frame_duration = frame_duration;
    int code = avformat_alloc_output_context2(&writer->format, NULL, muxer, writer->partial);
    if (code < 0 || !writer->format) { writer_free(writer, 0); return fail("cannot start the container", code); }
    writer->stream = avformat_new_stream(writer->format, NULL);
    writer->codec = avcodec_alloc_context3(encoder);
    writer->frame = av_frame_alloc();
    writer->packet = av_packet_alloc();
    if (!writer->stream || !writer->codec || !writer->frame || !writer->packet) { writer_free(writer, 0); return fail("out of memory", 0); }
    // time in milliseconds (GIF's centiseconds and video's frame counts are derived from it)
    AVRational base = {1, 1000};
    if (!strcmp(container, "mp4")) {
        long rate = lround(1.0 / frame_duration);
        base = (AVRational){1, (int)(rate > 0 ? rate : 1)};
        writer->codec->framerate = (AVRational){(int)(rate > 0 ? rate : 1), 1};
    }
    writer->codec->time_base = base;
    writer->codec->width = width;
    writer->codec->height = height;
    writer->codec->pix_fmt = pixels;
    if (bit_rate > 0) writer->codec->bit_rate = bit_rate;
    if (writer->format->oformat->flags & AVFMT_GLOBALHEADER) writer->codec->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    AVDictionary *settings = NULL;
    if (!strcmp(container, "webp")) av_dict_set(&settings, "quality", "80", 0);
    code = avcodec_open2(writer->codec, encoder, &settings);
    av_dict_free(&settings);
    if (code < 0) { writer_free(writer, 0); return fail("cannot open the encoder", code); }
    if ((code = avcodec_parameters_from_context(writer->stream->codecpar, writer->codec)) < 0) { writer_free(writer, 0); return fail("cannot start the stream", code); }
    writer->stream->time_base = base;
    // every container here loops forever, as the reference's animations do
    AVDictionary *muxing = NULL;
    if (!strcmp(container, "apng")) av_dict_set(&muxing, "plays", "0", 0);
    if (!strcmp(container, "gif") || !strcmp(container, "webp")) av_dict_set(&muxing, "loop", "0", 0);
    if ((code = avio_open(&writer->format->pb, writer->partial, AVIO_FLAG_WRITE)) < 0) {
        av_dict_free(&muxing);
        writer_free(writer, 0);
        return fail("cannot create the file", code);
    }
    code = avformat_write_header(writer->format, &muxing);
    av_dict_free(&muxing);
    if (code < 0) { writer_free(writer, 1); return fail("cannot write the container header", code); }
    writer->frame->format = pixels;
    writer->frame->width = width;
    writer->frame->height = height;
    if ((code = av_frame_get_buffer(writer->frame, 0)) < 0) { writer_free(writer, 1); return fail("out of memory", code); }
    *out = writer;
    return 0;
}

/// Sends a frame (or NULL to flush) and writes every packet the encoder has ready.
static int encode(cmedia_writer writer, AVFrame *frame) {
    int code = avcodec_send_frame(writer->codec, frame);
    if (code < 0) return fail("cannot encode a frame", code);
    for (;;) {
        code = avcodec_receive_packet(writer->codec, writer->packet);
        if (code == AVERROR(EAGAIN) || code == AVERROR_EOF) return 0;
        if (code < 0) return fail("cannot encode a frame", code);
        // a video packet lasts one frame (without a duration, MP4's edit list cuts the last frame)
        if (writer->packet->duration <= 0 && writer->codec->time_base.den != 1000) writer->packet->duration = 1;
        av_packet_rescale_ts(writer->packet, writer->codec->time_base, writer->stream->time_base);
        writer->packet->stream_index = writer->stream->index;
        code = av_interleaved_write_frame(writer->format, writer->packet);
        if (code < 0) return fail("cannot write a frame", code);
    }
}

static int writer_add(cmedia_writer writer, const unsigned char *pixels, const uint32_t *palette) {
    AVFrame *frame = writer->frame;
    int code = av_frame_make_writable(frame);
    if (code < 0) return fail("out of memory", code);
    int width = writer->codec->width, height = writer->codec->height;
    if (writer->indexed) {
        if (!palette) return fail("a GIF frame needs a palette", 0);
        for (int y = 0; y < height; y++) memcpy(frame->data[0] + (size_t)y * frame->linesize[0], pixels + (size_t)y * width, width);
        uint32_t *entries = (uint32_t *)frame->data[1];
        for (int i = 0; i < 256; i++) entries[i] = 0xFF000000u | (palette[i] & 0xFFFFFFu);
    } else {
        writer->scaler = sws_getCachedContext(writer->scaler, width, height, AV_PIX_FMT_RGB24, width, height, frame->format,
                                              SWS_BICUBIC, NULL, NULL, NULL);
        if (!writer->scaler) return fail("cannot convert RGB to the encoder's pixel format", 0);
        // swscale reads rows in wide chunks: hand it an aligned, padded copy
        uint8_t *planes[4] = {NULL};
        int strides[4] = {0};
        if (av_image_alloc(planes, strides, width, height + 1, AV_PIX_FMT_RGB24, 64) < 0) return fail("out of memory", 0);
        for (int y = 0; y < height; y++) memcpy(planes[0] + (size_t)y * strides[0], pixels + (size_t)y * width * 3, (size_t)width * 3);
        sws_scale(writer->scaler, (const uint8_t *const *)planes, strides, 0, height, frame->data, frame->linesize);
        av_freep(&planes[0]);
    }
    // a video frame lasts one tick of its time base; an animated image's frames are placed in
    // milliseconds, from their index so that rounding never accumulates
    frame->pts = writer->codec->time_base.den == 1000 ? llround((double)writer->frames * writer->frame_duration * 1000) : writer->frames;
    writer->frames += 1;
    return encode(writer, frame);
}

static int writer_finish(cmedia_writer writer) {
    int code = encode(writer, NULL);
    if (code == 0 && (code = av_write_trailer(writer->format)) < 0) code = fail("cannot finish the file", code);
    if (code == 0 && writer->format->pb && (code = avio_closep(&writer->format->pb)) < 0) code = fail("cannot finish the file", code);
    if (code == 0 && rename(writer->partial, writer->path) != 0) code = fail(strerror(errno), 0);
    writer_free(writer, code != 0);
    return code;
}

static const cmedia_api table = {
    .version = CMEDIA_API_VERSION,
    .format_version = format_version,
    .last_error = last_error,
    .reader_open = reader_open,
    .reader_info = reader_info,
    .reader_next = reader_next,
    .reader_close = reader_close,
    .writer_open = writer_open,
    .writer_add = writer_add,
    .writer_finish = writer_finish,
    .writer_abort = writer_abort,
};

const cmedia_api *cmedia_get_api(void) { return &table; }
