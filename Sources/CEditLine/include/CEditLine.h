/// CEditLine: libedit's native el_* API for Swift. el_set/el_get and history() are variadic,
/// which Swift cannot call, so each operation the REPL needs has a fixed-signature wrapper here.
#ifndef CEDITLINE_H
#define CEDITLINE_H
#include <stdio.h>
#include <histedit.h>

/// Creates an editor reading `in` and writing `out`/`err`; NULL on failure. Makes the process's
/// LC_CTYPE locale a UTF-8 one (the user's if it is UTF-8, else C.UTF-8). Emacs key bindings,
/// Ctrl-R searching the history backwards.
EditLine *cedit_open(const char *program, FILE *in, FILE *out, FILE *err);
/// Destroys an editor made by `cedit_open`, with its history.
void cedit_close(EditLine *editor);
/// Sets the prompt text; returns 0 on success.
int cedit_set_prompt(EditLine *editor, const char *prompt);
/// The prompt text last set.
const char *cedit_prompt(EditLine *editor);
/// Reads one line; NULL at end of input or when a signal interrupted the read. `count`
/// receives its length (-1 with errno EINTR for an interrupt).
const char *cedit_gets(EditLine *editor, int *count);

/// What completes the text before the cursor: a malloc'd string, `text to insert` then, when
/// there is a choice, a newline and the candidates one per line to list; NULL for nothing.
typedef char *(*cedit_completer)(void *context, const char *before_cursor);
/// Binds Tab to `completer` (called with `context`).
void cedit_set_completer(EditLine *editor, cedit_completer completer, void *context);

/// Keeps up to `size` entries of history.
void cedit_history_size(EditLine *editor, int size);
/// Adds an entry to the history (not a repeat of the last one).
void cedit_history_add(EditLine *editor, const char *line);
/// Loads history from `path`; 0 on success.
int cedit_history_load(EditLine *editor, const char *path);
/// Saves history to `path`; 0 on success.
int cedit_history_save(EditLine *editor, const char *path);

/// Ctrl-C (SIGINT) from now on ends a read it interrupts (no restart) and is noted, not fatal.
void cedit_catch_interrupts(void);
/// Whether Ctrl-C was pressed since the last call (and forgets it).
int cedit_take_interrupt(void);

#endif
