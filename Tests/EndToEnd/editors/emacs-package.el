;;; emacs-package.el --- Emacs 28 in batch mode with editors/emacs/dgenerate-mode.el loaded.
;; The mode is selected by the extension, font-lock faces are right at probed positions, `#'
;; comments and indentation follow the language, and eglot connects through the mode's
;; registration: diagnostics, hover and completion. Prints "emacs package: ok" or exits 1 with why.
(require 'package)
(package-initialize)
(require 'eglot)
(require 'flymake)
(load (expand-file-name "../../../editors/emacs/dgenerate-mode.el"))
(setq dgenerate-program (getenv "DGENERATE_BINARY"))

(defun fail (why)
  (princ (format "emacs package: %s\n" why) #'external-debugging-output)
  (kill-emacs 1))

(defun face-at (line column)
  (save-excursion
    (goto-char (point-min))
    (forward-line (1- line))
    (move-to-column column)
    (let ((face (get-text-property (point) 'face)))
      (if (listp face) (car face) face))))

(let ((file (make-temp-file "dgenerate-emacs" nil ".dgen"
                            (concat "#! dgenerate 5.0.0\n"
                                    "\\set size 512 # tail comment\n"
                                    "models/tiny --prompts \"a # fox\" $SEED\n"
                                    "{% for i in [1] %}\n"
                                    "\\print {{ i | upper }}\n"
                                    "{% endfor %}\n"
                                    "\\prnt hello\n"))))
  (find-file file)
  (unless (eq major-mode 'dgenerate-mode) (fail (format "mode is %s" major-mode)))
  (font-lock-ensure)
  (dolist (probe '((1 0 font-lock-preprocessor-face) (2 0 dgenerate-directive-face) (2 17 font-lock-comment-face)
                   (3 12 dgenerate-option-face) (3 23 font-lock-string-face) (3 32 font-lock-constant-face)
                   (4 0 dgenerate-jinja-face) (4 3 font-lock-keyword-face) (5 0 dgenerate-directive-face)
                   (5 14 font-lock-function-name-face) (7 0 dgenerate-directive-face)))
    (let ((face (face-at (nth 0 probe) (nth 1 probe))))
      (unless (eq face (nth 2 probe))
        (fail (format "line %d column %d: %s, not %s" (nth 0 probe) (nth 1 probe) face (nth 2 probe))))))
  ;; `#' in a string is not a comment; after white space it is
  (goto-char (point-min)) (forward-line 2) (move-to-column 25)
  (when (nth 4 (syntax-ppss)) (fail "a # inside quotes starts a comment"))
  (goto-char (point-min)) (forward-line 1) (move-to-column 20)
  (unless (nth 4 (syntax-ppss)) (fail "a tail comment is not a comment"))
  ;; the template body is indented one step, its end tag not
  (indent-region (point-min) (point-max))
  (goto-char (point-min)) (forward-line 4)
  (unless (= (current-indentation) 4) (fail (format "body indented %d" (current-indentation))))
  (forward-line 1)
  (unless (= (current-indentation) 0) (fail (format "end tag indented %d" (current-indentation))))
  ;; the language server through the mode's eglot registration
  (apply #'eglot (eglot--guess-contact))
  (let ((deadline (+ (float-time) 20)))
    (while (and (< (float-time) deadline) (not (eglot-current-server)))
      (accept-process-output nil 0.1)))
  (unless (eglot-current-server) (fail "eglot did not connect"))
  (flymake-mode 1)
  (flymake-start)
  (let ((deadline (+ (float-time) 20)))
    (while (and (< (float-time) deadline) (null (flymake-diagnostics)))
      (accept-process-output nil 0.1)
      (flymake-start)))
  (let ((texts (mapcar #'flymake-diagnostic-text (flymake-diagnostics))))
    (unless (seq-some (lambda (text) (string-match-p "unknown directive '\\\\prnt'" text)) texts)
      (fail (format "unexpected diagnostics: %S" texts))))
  ;; hover and completion through the same connection
  (let* ((server (eglot-current-server))
         (uri (eglot--path-to-uri file))
         (hover (jsonrpc-request server :textDocument/hover `(:textDocument (:uri ,uri) :position (:line 1 :character 2)))))
    (unless (string-match-p "\\\\set" (plist-get (plist-get hover :contents) :value))
      (fail (format "unexpected hover: %S" hover)))
    (let* ((completion (jsonrpc-request server :textDocument/completion
                                        `(:textDocument (:uri ,uri) :position (:line 2 :character 16))))
           (labels (mapcar (lambda (item) (plist-get item :label)) (plist-get completion :items))))
      (unless (member "--prompts" labels)
        (fail (format "no --prompts completion: %S" labels)))))
  (set-buffer-modified-p nil)
  (delete-file file)
  (princ "emacs package: ok\n")
  (kill-emacs 0))
