#include "CPNG.h"

#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

unsigned long cpng_version_number(void) { return (unsigned long)png_access_version_number(); }

typedef struct {
    char *error;
    size_t size;
    jmp_buf jump;
} failure;

static void on_error(png_structp png, png_const_charp message) {
    failure *f = (failure *)png_get_error_ptr(png);
    snprintf(f->error, f->size, "%s", message);
    longjmp(f->jump, 1);
}

static void on_warning(png_structp png, png_const_charp message) { (void)png; (void)message; }

/* `utf8` as Latin-1 in a new buffer (*out), or *out NULL when it has a character beyond
   U+00FF (or is not UTF-8). PNG's tEXt chunks are Latin-1; other text goes in an iTXt chunk as
   UTF-8. Returns -1 when out of memory. */
static int latin1_copy(const char *utf8, char **result) {
    size_t length = strlen(utf8);
    char *out = malloc(length + 1);
    *result = NULL;
    if (!out) return -1;
    size_t o = 0;
    for (size_t i = 0; i < length;) {
        unsigned char c = (unsigned char)utf8[i];
        if (c < 0x80) {
            out[o++] = (char)c;
            i += 1;
        } else if ((c == 0xC2 || c == 0xC3) && i + 1 < length && ((unsigned char)utf8[i + 1] & 0xC0) == 0x80) {
            out[o++] = (char)(((c & 0x1F) << 6) | ((unsigned char)utf8[i + 1] & 0x3F));
            i += 2;
        } else {
            free(out);
            return 0;
        }
    }
    out[o] = 0;
    *result = out;
    return 0;
}

static void free_strings(char **strings, int count) {
    if (!strings) return;
    for (int i = 0; i < count; ++i) free(strings[i]);
    free(strings);
}

int cpng_write_rgb(const char *path, const unsigned char *rgb, int width, int height,
                   const char *const *keys, const char *const *values, int count,
                   char *error, size_t error_size) {
    FILE *file = fopen(path, "wb");
    if (!file) {
        snprintf(error, error_size, "cannot open for writing");
        return -1;
    }
    failure f = {error, error_size};
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &f, on_error, on_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!png || !info) {
        snprintf(error, error_size, "out of memory");
        png_destroy_write_struct(&png, &info);
        fclose(file);
        return -1;
    }
    /* volatile: they change after setjmp and are read after a longjmp */
    png_bytep *volatile rows = NULL;
    png_textp volatile text = NULL;
    char **volatile latin1 = NULL;
    if (setjmp(f.jump)) {
        png_destroy_write_struct(&png, &info);
        free(rows);
        free(text);
        free_strings(latin1, count);
        fclose(file);
        return -1;
    }
    png_init_io(png, file);
    png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (count > 0) {
        text = calloc((size_t)count, sizeof(png_text));
        latin1 = calloc((size_t)count, sizeof(char *));
        if (!text || !latin1) png_error(png, "out of memory");
        for (int i = 0; i < count; ++i) {
            if (!keys[i] || !values[i]) png_error(png, "missing text");
            text[i].key = (png_charp)keys[i];
            if (latin1_copy(values[i], &latin1[i]) != 0) png_error(png, "out of memory");
            if (latin1[i]) {
                text[i].compression = PNG_TEXT_COMPRESSION_NONE;
                text[i].text = latin1[i];
            } else {
                text[i].compression = PNG_ITXT_COMPRESSION_NONE;
                text[i].text = (png_charp)values[i];
                text[i].lang = (png_charp)"";
                text[i].lang_key = (png_charp)"";
            }
        }
        png_set_text(png, info, text, count);
    }
    rows = malloc(sizeof(png_bytep) * (size_t)height);
    if (!rows) png_error(png, "out of memory");
    for (int y = 0; y < height; ++y) rows[y] = (png_bytep)(rgb + (size_t)y * (size_t)width * 3);
    png_set_rows(png, info, rows);
    png_write_png(png, info, PNG_TRANSFORM_IDENTITY, NULL);
    png_destroy_write_struct(&png, &info);
    free(rows);
    free(text);
    free_strings(latin1, count);
    if (fclose(file) != 0) {
        snprintf(error, error_size, "cannot finish writing");
        return -1;
    }
    return 0;
}

int cpng_read_rgb(const char *path, unsigned char **rgb, int *width, int *height, char *error, size_t error_size) {
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&image, path)) {
        snprintf(error, error_size, "%s", image.message);
        return -1;
    }
    image.format = PNG_FORMAT_RGB;
    size_t size = PNG_IMAGE_SIZE(image);
    unsigned char *buffer = malloc(size);
    if (!buffer) {
        png_image_free(&image);
        snprintf(error, error_size, "out of memory");
        return -1;
    }
    if (!png_image_finish_read(&image, NULL, buffer, 0, NULL)) {
        snprintf(error, error_size, "%s", image.message);
        free(buffer);
        return -1;
    }
    *rgb = buffer;
    *width = (int)image.width;
    *height = (int)image.height;
    return 0;
}

void cpng_free(void *pointer) { free(pointer); }
