#include "CCurl.h"
#include <curl/curl.h>
#include <string.h>

const char *ccurl_version(void) { return curl_version_info(CURLVERSION_NOW)->version; }

int ccurl_write_error_code(void) { return CURLE_WRITE_ERROR; }
int ccurl_partial_file_code(void) { return CURLE_PARTIAL_FILE; }

struct transfer {
    ccurl_receive on_header, on_body;
    ccurl_progress on_progress;
    void *context;
};

static size_t header_callback(char *data, size_t size, size_t count, void *user) {
    struct transfer *t = user;
    return t->on_header(data, size * count, t->context);
}

static size_t body_callback(char *data, size_t size, size_t count, void *user) {
    struct transfer *t = user;
    return t->on_body(data, size * count, t->context);
}

static int progress_callback(void *user, curl_off_t total, curl_off_t now, curl_off_t up_total, curl_off_t up_now) {
    (void)up_total; (void)up_now;
    struct transfer *t = user;
    if (t->on_progress) t->on_progress((long long)total, (long long)now, t->context);
    return 0;
}

static void copy_text(char *destination, size_t size, const char *text) {
    if (!destination || size == 0) return;
    strncpy(destination, text ? text : "", size - 1);
    destination[size - 1] = 0;
}

int ccurl_get(const char *url, const char *user_agent, long connect_timeout, long stall_timeout,
              ccurl_receive on_header, ccurl_receive on_body, ccurl_progress on_progress, void *context,
              char *error, size_t error_size, char *effective_url, size_t effective_url_size) {
    static int initialised = 0;
    if (!initialised) { curl_global_init(CURL_GLOBAL_DEFAULT); initialised = 1; }
    copy_text(error, error_size, "");
    copy_text(effective_url, effective_url_size, url);
    CURL *curl = curl_easy_init();
    if (!curl) { copy_text(error, error_size, "libcurl could not start a transfer"); return CURLE_FAILED_INIT; }
    char message[CURL_ERROR_SIZE] = {0};
    struct transfer t = { on_header, on_body, on_progress, context };
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_USERAGENT, user_agent);
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(curl, CURLOPT_MAXREDIRS, 30L);
    curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, connect_timeout);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, stall_timeout);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, message);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, header_callback);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, body_callback);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, progress_callback);
    curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &t);
    curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    CURLcode result = curl_easy_perform(curl);
    char *final_url = NULL;
    if (curl_easy_getinfo(curl, CURLINFO_EFFECTIVE_URL, &final_url) == CURLE_OK && final_url)
        copy_text(effective_url, effective_url_size, final_url);
    if (result != CURLE_OK)
        copy_text(error, error_size, message[0] ? message : curl_easy_strerror(result));
    curl_easy_cleanup(curl);
    return (int)result;
}
