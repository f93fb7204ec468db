// Fixed-signature wrappers over libedit's variadic el_set/el_get.
#include "CEditLine.h"
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

// libedit asks for the prompt through a callback; its text lives in the client-data slot,
// owned by the editor and freed with it.
static char *prompt_of(EditLine *editor) {
    void *data = NULL;
    el_get(editor, EL_CLIENTDATA, &data);
    return data ? (char *)data : "";
}

EditLine *cedit_open(const char *program, FILE *in, FILE *out, FILE *err) {
    // libedit decodes input by the locale's character type; scripts are UTF-8, so a C or POSIX
    // locale (common in containers) would drop every non-ASCII character.
    setlocale(LC_CTYPE, "");
    if (strcmp(nl_langinfo(CODESET), "UTF-8") != 0) setlocale(LC_CTYPE, "C.UTF-8");
    EditLine *editor = el_init(program, in, out, err);
    if (!editor) return NULL;
    el_set(editor, EL_CLIENTDATA, strdup(""));
    el_set(editor, EL_PROMPT, prompt_of);
    el_set(editor, EL_EDITOR, "emacs");
    return editor;
}

void cedit_close(EditLine *editor) {
    if (!editor) return;
    void *data = NULL;
    el_get(editor, EL_CLIENTDATA, &data);
    free(data);
    el_end(editor);
}

int cedit_set_prompt(EditLine *editor, const char *prompt) {
    char *copy = strdup(prompt ? prompt : "");
    if (!copy) return -1;
    void *old = NULL;
    el_get(editor, EL_CLIENTDATA, &old);
    el_set(editor, EL_CLIENTDATA, copy);
    free(old);
    return 0;
}

const char *cedit_prompt(EditLine *editor) { return prompt_of(editor); }

const char *cedit_gets(EditLine *editor, int *count) { return el_gets(editor, count); }
