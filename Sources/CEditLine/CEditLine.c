// Fixed-signature wrappers over libedit's variadic el_set/el_get and history().
#include "CEditLine.h"
#include <errno.h>
#include <signal.h>
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

// What an editor keeps in libedit's client-data slot, owned by it and freed with it.
struct cedit_state {
    char *prompt;
    cedit_completer completer;
    void *context;
    History *history;
};

static struct cedit_state *state_of(EditLine *editor) {
    void *data = NULL;
    el_get(editor, EL_CLIENTDATA, &data);
    return (struct cedit_state *)data;
}

static char *prompt_of(EditLine *editor) {
    struct cedit_state *state = state_of(editor);
    return state && state->prompt ? state->prompt : "";
}

// Tab: ask the completer; insert what it gives; list the candidates when there is a choice.
static unsigned char complete(EditLine *editor, int ch) {
    (void)ch;
    struct cedit_state *state = state_of(editor);
    if (!state || !state->completer) return CC_ERROR;
    const LineInfo *line = el_line(editor);
    size_t length = (size_t)(line->cursor - line->buffer);
    char *before = malloc(length + 1);
    if (!before) return CC_ERROR;
    memcpy(before, line->buffer, length);
    before[length] = 0;
    char *answer = state->completer(state->context, before);
    free(before);
    if (!answer) return CC_REFRESH_BEEP;
    char *list = strchr(answer, '\n');
    if (list) *list++ = 0;
    if (*answer) el_insertstr(editor, answer);
    unsigned char result = CC_REFRESH;
    if (list && *list) {
        FILE *out = NULL;
        el_get(editor, EL_GETFP, 1, &out);
        if (out) {
            fprintf(out, "\n%s", list);
            if (list[strlen(list) - 1] != '\n') fputc('\n', out);
            fflush(out);
        }
        result = CC_REDISPLAY;
    }
    free(answer);
    return result;
}

EditLine *cedit_open(const char *program, FILE *in, FILE *out, FILE *err) {
    // libedit decodes input by the locale's character type; scripts are UTF-8, so a C or POSIX
    // locale (common in containers) would drop every non-ASCII character.
    setlocale(LC_CTYPE, "");
    if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0) setlocale(LC_CTYPE, "C.UTF-8");
    EditLine *editor = el_init(program, in, out, err);
    if (!editor) return NULL;
    struct cedit_state *state = calloc(1, sizeof *state);
    History *hist = history_init();
    if (!state || !hist) {
        free(state);
        if (hist) history_end(hist);
        el_end(editor);
        return NULL;
    }
    state->prompt = strdup("");
    state->history = hist;
    HistEvent event;
    history(hist, &event, H_SETSIZE, 1000);
    history(hist, &event, H_SETUNIQUE, 1);
    el_set(editor, EL_CLIENTDATA, state);
    el_set(editor, EL_PROMPT, prompt_of);
    el_set(editor, EL_EDITOR, "emacs");
    el_set(editor, EL_HIST, history, hist);
    el_set(editor, EL_BIND, "^R", "em-inc-search-prev", NULL);
    // a signal (Ctrl-C) ends the read, so that the caller can drop the entry
    el_set(editor, EL_SIGNAL, 1);
    el_source(editor, NULL);
    return editor;
}

void cedit_close(EditLine *editor) {
    if (!editor) return;
    struct cedit_state *state = state_of(editor);
    el_end(editor);
    if (state) {
        free(state->prompt);
        if (state->history) history_end(state->history);
        free(state);
    }
}

int cedit_set_prompt(EditLine *editor, const char *prompt) {
    struct cedit_state *state = state_of(editor);
    char *copy = strdup(prompt ? prompt : "");
    if (!state || !copy) { free(copy); return -1; }
    free(state->prompt);
    state->prompt = copy;
    return 0;
}

const char *cedit_prompt(EditLine *editor) { return prompt_of(editor); }

const char *cedit_gets(EditLine *editor, int *count) { return el_gets(editor, count); }

void cedit_set_completer(EditLine *editor, cedit_completer completer, void *context) {
    struct cedit_state *state = state_of(editor);
    if (!state) return;
    state->completer = completer;
    state->context = context;
    el_set(editor, EL_ADDFN, "dgenerate-complete", "Complete from the script's language", complete);
    el_set(editor, EL_BIND, "^I", "dgenerate-complete", NULL);
}

void cedit_history_size(EditLine *editor, int size) {
    struct cedit_state *state = state_of(editor);
    HistEvent event;
    if (state && state->history) history(state->history, &event, H_SETSIZE, size);
}

void cedit_history_add(EditLine *editor, const char *line) {
    struct cedit_state *state = state_of(editor);
    HistEvent event;
    if (state && state->history && line && *line) history(state->history, &event, H_ENTER, line);
}

int cedit_history_load(EditLine *editor, const char *path) {
    struct cedit_state *state = state_of(editor);
    HistEvent event;
    if (!state || !state->history) return -1;
    return history(state->history, &event, H_LOAD, path) < 0 ? -1 : 0;
}

int cedit_history_save(EditLine *editor, const char *path) {
    struct cedit_state *state = state_of(editor);
    HistEvent event;
    if (!state || !state->history) return -1;
    return history(state->history, &event, H_SAVE, path) < 0 ? -1 : 0;
}

static volatile sig_atomic_t interrupt_noted = 0;

static void note_interrupt(int number) {
    (void)number;
    interrupt_noted = 1;
}

void cedit_catch_interrupts(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = note_interrupt;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    sigaction(SIGINT, &action, NULL);
}

int cedit_take_interrupt(void) {
    int noted = interrupt_noted;
    interrupt_noted = 0;
    return noted;
}
