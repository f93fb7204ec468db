/// CEditLine: libedit's native el_* API for Swift. el_set/el_get are variadic, which Swift
/// cannot call, so each operation the REPL needs has a fixed-signature wrapper here.
#ifndef CEDITLINE_H
#define CEDITLINE_H
#include <stdio.h>
#include <histedit.h>

/// Creates an editor reading `in` and writing `out`/`err`; NULL on failure. Makes the process's
/// LC_CTYPE locale a UTF-8 one (the user's if it is UTF-8, else C.UTF-8).
EditLine *cedit_open(const char *program, FILE *in, FILE *out, FILE *err);
/// Destroys an editor made by `cedit_open`.
void cedit_close(EditLine *editor);
/// Sets the prompt text; returns 0 on success.
int cedit_set_prompt(EditLine *editor, const char *prompt);
/// The prompt text last set.
const char *cedit_prompt(EditLine *editor);
/// Reads one line; NULL at end of input. `count` receives its length.
const char *cedit_gets(EditLine *editor, int *count);

#endif
