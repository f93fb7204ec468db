;;; dgenerate-mode.el --- Major mode for dgenerate config scripts (.dgen)  -*- lexical-binding: t -*-

;; Version: 0.1
;; Package-Requires: ((emacs "27.1"))
;; Keywords: languages

;;; Commentary:
;; Highlighting of directives, options and values, strings, environment references, comments
;; and version lines, continuations and embedded Jinja2; `#' comments; indentation of
;; continuation lines and of template blocks by how deeply their tags nest; and the language
;; server (`dgenerate --lsp') registered with eglot.
;;
;;   (add-to-list 'load-path "/path/to/dgenerate/editors/emacs")
;;   (require 'dgenerate-mode)
;;   (add-hook 'dgenerate-mode-hook #'eglot-ensure)   ; optional: start the server on open

;;; Code:

(defgroup dgenerate nil "Editing dgenerate config scripts." :group 'languages)

(defcustom dgenerate-program "dgenerate"
  "The dgenerate executable, for the language server (`dgenerate --lsp')."
  :type 'string)

(defcustom dgenerate-indent-offset 4
  "Indentation of continuation lines and of each level of template blocks."
  :type 'integer)

(defface dgenerate-directive-face '((t :inherit font-lock-keyword-face)) "Directives (\\set).")
(defface dgenerate-option-face '((t :inherit font-lock-variable-name-face)) "Options (--prompts).")
(defface dgenerate-jinja-face '((t :inherit font-lock-preprocessor-face)) "Jinja2 delimiters.")

(defconst dgenerate-font-lock-keywords
  `(("^\\(#!\\)[ \t]*dgenerate[ \t]+[0-9]+\\.[0-9]+\\.[0-9]+" 0 font-lock-preprocessor-face t)
    ("^[ \t]*\\(\\\\[A-Za-z_][A-Za-z0-9_]*\\)" 1 'dgenerate-directive-face)
    ("\\(?:^\\|[ \t]\\)\\(--?[A-Za-z][A-Za-z0-9-]*\\)\\(?:=\\|[ \t]\\|$\\)" 1 'dgenerate-option-face)
    ("\\$[A-Za-z_][A-Za-z0-9_]*\\|\\${[A-Za-z_][A-Za-z0-9_]*}\\|%[A-Za-z_][A-Za-z0-9_]*%" 0 font-lock-constant-face)
    ("\\(?:^\\|[ \t]\\)\\(-?[0-9]+\\(?:\\.[0-9]+\\)?\\|[0-9]+x[0-9]+\\)\\(?:[ \t]\\|$\\)" 1 font-lock-constant-face)
    ("{[{%][-+]?\\|[-+]?[}%]}" 0 'dgenerate-jinja-face t)
    ("{%[-+]?[ \t]*\\(for\\|endfor\\|if\\|elif\\|else\\|endif\\|set\\|endset\\|macro\\|endmacro\\|call\\|endcall\\|filter\\|endfilter\\|with\\|endwith\\|block\\|endblock\\|raw\\|endraw\\)\\_>"
     1 font-lock-keyword-face t)
    ("|[ \t]*\\([A-Za-z_][A-Za-z0-9_]*\\)" 1 font-lock-function-name-face t)
    ("{#.*?#}" 0 font-lock-comment-face t))
  "What `dgenerate-mode' highlights.")

(defvar dgenerate-mode-syntax-table
  (let ((table (make-syntax-table)))
    ;; `#' starts a comment only at the start of a line or after white space (see
    ;; `dgenerate-syntax-propertize'); elsewhere it is punctuation
    (modify-syntax-entry ?# "." table)
    (modify-syntax-entry ?\n ">" table)
    (modify-syntax-entry ?' "\"" table)
    (modify-syntax-entry ?\" "\"" table)
    (modify-syntax-entry ?\\ "\\" table)
    (modify-syntax-entry ?_ "_" table)
    (modify-syntax-entry ?- "_" table)
    table)
  "Syntax table of `dgenerate-mode'.")

(defun dgenerate-syntax-propertize (start end)
  "Mark the `#' that start comments between START and END."
  (goto-char start)
  (funcall (syntax-propertize-rules
            ("\\(?:^\\|[ \t]\\)\\(#\\)" (1 (unless (nth 3 (save-excursion (syntax-ppss (match-beginning 1))))
                                               (string-to-syntax "<")))))
           (point) end))

(defconst dgenerate--openers '("for" "if" "with" "macro" "call" "filter" "block" "raw" "autoescape")
  "Jinja2 tags that open a body.")

(defun dgenerate--block-depth ()
  "How many template bodies are open at the start of the current line."
  (save-excursion
    (let ((limit (line-beginning-position)) (depth 0))
      (goto-char (point-min))
      (while (re-search-forward "{%[-+]?[ \t]*\\([a-z]+\\)\\([^%]*\\)" limit t)
        (let ((word (match-string 1)) (rest (match-string 2)))
          (cond ((or (member word dgenerate--openers)
                     (and (equal word "set") (not (string-match-p "=" rest))))
                 (setq depth (1+ depth)))
                ((string-prefix-p "end" word) (setq depth (max 0 (1- depth)))))))
      depth)))

(defun dgenerate--continues-p ()
  "Whether the current line continues the line before it (a `\\' before, or a leading `-')."
  (save-excursion
    (let ((leading-dash (progn (back-to-indentation) (looking-at-p "-"))))
      (and (zerop (forward-line -1))
           (or (looking-at-p ".*\\\\[ \t]*$")
               (and leading-dash (not (looking-at-p "[ \t]*\\(?:$\\|#\\|{\\|\\\\\\)"))))))))

(defun dgenerate-indent-line ()
  "Indent the current line: template bodies by depth, continuation lines one step more."
  (interactive)
  (let* ((closing (save-excursion (back-to-indentation) (looking-at-p "{%[-+]?[ \t]*\\(end\\|else\\|elif\\)")))
         (depth (max 0 (- (dgenerate--block-depth) (if closing 1 0))))
         (column (+ (* depth dgenerate-indent-offset) (if (dgenerate--continues-p) dgenerate-indent-offset 0))))
    (if (<= (current-column) (current-indentation))
        (indent-line-to column)
      (save-excursion (indent-line-to column)))))

;;;###autoload
(define-derived-mode dgenerate-mode prog-mode "dgenerate"
  "Major mode for dgenerate config scripts."
  :syntax-table dgenerate-mode-syntax-table
  (setq-local comment-start "# ")
  (setq-local comment-start-skip "#+[ \t]*")
  (setq-local syntax-propertize-function #'dgenerate-syntax-propertize)
  (setq-local font-lock-defaults '(dgenerate-font-lock-keywords))
  (setq-local indent-line-function #'dgenerate-indent-line))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.dgen\\'" . dgenerate-mode))
;;;###autoload
(add-to-list 'interpreter-mode-alist '("dgenerate" . dgenerate-mode))

(defun dgenerate--server-command (&optional _interactive)
  "How eglot starts the language server: `dgenerate-program' with `--lsp'."
  (list dgenerate-program "--lsp"))

(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs '(dgenerate-mode . dgenerate--server-command)))

(provide 'dgenerate-mode)
;;; dgenerate-mode.el ends here
