;;; editor_test.el --- Emacs + eglot against `headroom lsp', set up by editors/emacs/headroom.el  -*- lexical-binding: t; -*-

;; Run by editors/emacs/test/run.sh (emacs --batch -Q), which puts `headroom' on PATH and sets:
;;   HR_FIT        a copy of an example that does not fit, with `# headroom: gpu=rtx-4090'
;;   HR_SETTING    a copy without any directive: its target comes from `headroom-gpu'
;;   HR_JSON       a JSON config (DeepSpeed)
;;   HR_TITLE_OUT  where to write the title of the code action applied to HR_FIT
;;   HR_EMACS_DIR  editors/emacs
;;   HR_TIMEOUT    seconds per wait
;; Prints one PASS/FAIL line per check; exits 1 when any failed.

;;; Code:

(require 'package)
(package-initialize)
;; Debian's elpa-* packages; -Q skips the site start-up that adds them.
(dolist (dir '("/usr/share/emacs/site-lisp/elpa/" "/usr/share/emacs/site-lisp/elpa-src/"))
  (when (file-directory-p dir)
    (let ((default-directory dir)) (normal-top-level-add-subdirs-to-load-path))))
(require 'cl-lib)
(require 'subr-x)
(require 'eglot)
(require 'flymake)

(defvar hr-failures 0)
(defvar hr-timeout (string-to-number (or (getenv "HR_TIMEOUT") "20")))
(defvar hr-pushes (make-hash-table :test #'equal))

(defun hr-say (fmt &rest args)
  (princ (concat (apply #'format fmt args) "\n")))

(defun hr-result (ok what &rest args)
  (hr-say "%s emacs: %s" (if ok "PASS" "FAIL") (apply #'format what args))
  (unless ok (cl-incf hr-failures))
  ok)

(defun hr-finish ()
  (dolist (s (ignore-errors (hash-table-values eglot--servers-by-project)))
    (dolist (server s) (ignore-errors (with-timeout (3 nil) (eglot-shutdown server nil 2)))))
  (hr-say "emacs: %d failed" hr-failures)
  (kill-emacs (if (zerop hr-failures) 0 1)))

(defun hr-wait (pred)
  "Run the event loop (process output, timers) until PRED is non-nil or the timeout."
  (let ((deadline (+ (float-time) hr-timeout)) (v nil))
    (while (and (not (setq v (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    v))

;; Count pushed diagnostics per uri (eglot's own handler still runs).
(cl-defmethod eglot-handle-notification :before
  (_server (_method (eql textDocument/publishDiagnostics)) &key uri &allow-other-keys)
  (puthash uri (1+ (gethash uri hr-pushes 0)) hr-pushes))

(hr-say "emacs: Emacs %s, eglot %s" emacs-version
        (or (ignore-errors (package-desc-version (cadr (assq 'eglot package-alist))))
            (and (boundp 'eglot-version) eglot-version)
            (let ((lib (locate-library "eglot"))) (and lib (file-name-nondirectory (directory-file-name (file-name-directory lib)))))))

;; Major modes: yaml-mode from elpa-yaml-mode; Emacs 28 has no json-mode, so stand-ins
;; (what a user with those packages gets) are defined only when missing.
(unless (require 'yaml-mode nil t)
  (define-derived-mode yaml-mode text-mode "YAML")
  (add-to-list 'auto-mode-alist '("\\.ya?ml\\'" . yaml-mode)))
(unless (or (fboundp 'json-mode) (fboundp 'js-json-mode))
  (define-derived-mode json-mode js-mode "JSON"))
(add-to-list 'auto-mode-alist (cons "\\.json\\'" (if (fboundp 'js-json-mode) 'js-json-mode 'json-mode)))

;; --- the user's init.el, as editors/emacs/README.md says -----------------------------
(add-to-list 'load-path (getenv "HR_EMACS_DIR"))
(require 'headroom)
(setq headroom-gpu "rtx-4090")
(add-hook 'yaml-mode-hook #'eglot-ensure)
(add-hook 'json-mode-hook #'eglot-ensure)
(add-hook 'js-json-mode-hook #'eglot-ensure)
;; ----------------------------------------------------------------------------------------
(setq eglot-sync-connect hr-timeout
      eglot-connect-timeout hr-timeout
      eglot-autoshutdown nil)

(defun hr-open (file)
  "Visit FILE as a user would; eglot-ensure connects after the command (post-command-hook)."
  (find-file file)
  (condition-case e
      (run-hooks 'post-command-hook)
    (error (hr-say "emacs: starting the server failed: %s" (error-message-string e))))
  (hr-wait (lambda () (and (bound-and-true-p eglot--managed-mode) (eglot-current-server))))
  (eglot-current-server))

(defun hr-flymake-errors (code)
  "Flymake's error diagnostics in the current buffer whose LSP code is CODE."
  (cl-loop for d in (flymake-diagnostics)
           for lsp = (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data d)))
           when (and (eq (flymake-diagnostic-type d) 'eglot-error)
                     (equal (plist-get lsp :code) code))
           collect d))

(defun hr-uri () (eglot--path-to-uri buffer-file-name))

;; 1. the YAML file: yaml-mode, eglot-ensure, our server class and languageId
(let ((server (hr-open (getenv "HR_FIT"))))
  (hr-result (eq major-mode 'yaml-mode) "the copied example opens in yaml-mode (got %s)" major-mode)
  (unless (hr-result (and server (object-of-class-p server 'headroom-eglot-server))
                     "eglot-ensure started headroom via eglot-server-programs (%s)"
                     (and server (eieio-object-class server)))
    (hr-finish))
  (hr-result (equal (eglot--language-id server) "yaml") "languageId sent for the YAML buffer is \"yaml\" (got %S)"
             (eglot--language-id server))
  ;; 2. pushed diagnostics reach flymake
  (hr-result (not (eglot--server-capable :diagnosticProvider))
             "the server offers no pull diagnostics to a client that cannot pull")
  (flymake-start)
  (let ((errs (hr-wait (lambda () (hr-flymake-errors "does-not-fit")))))
    (hr-result (and errs (> (gethash (hr-uri) hr-pushes 0) 0))
               "a pushed does-not-fit error reached flymake%s"
               (if errs (format " (line %d: %s)" (line-number-at-pos (flymake-diagnostic-beg (car errs)))
                                (flymake-diagnostic-text (car errs)))
                 "")))
  ;; 3. hover on a memory key, rendered as eglot renders it for eldoc
  (goto-char (point-min))
  (let* ((found (re-search-forward "^micro_batch_size:" nil t))
         (res (and found (progn (goto-char (match-beginning 0)) (forward-char 2)
                                (jsonrpc-request server :textDocument/hover (eglot--TextDocumentPositionParams)
                                                 :timeout hr-timeout))))
         (text (or (and res (plist-get res :contents)
                        (ignore-errors (eglot--hover-info (plist-get res :contents) (plist-get res :range))))
                   "")))
    (hr-result (or (string-match-p "Peak per GPU" text) (string-match-p "| component |" text))
               "hover on micro_batch_size shows the memory breakdown (%s)"
               (if (string-match "Peak[^\n]*" text) (match-string 0 text) (truncate-string-to-width text 60)))))

;; 4. headroom-gpu (initializationOptions) gives a target to a file without a directive
(let* ((first (with-current-buffer (get-file-buffer (getenv "HR_FIT")) (eglot-current-server)))
       (server (hr-open (getenv "HR_SETTING"))))
  (hr-result (eq server first) "a second YAML file in the same project reuses the same server")
  (flymake-start)
  (let ((errs (hr-wait (lambda () (hr-flymake-errors "does-not-fit")))))
    (hr-result errs "headroom-gpu reached the server: does-not-fit without a directive%s"
               (if errs (format " (%s)" (flymake-diagnostic-text (car errs))) ""))))

;; 5. JSON: its own server (eglot 1.9 keeps one languageId per server), languageId "json"
(let* ((yaml-server (with-current-buffer (get-file-buffer (getenv "HR_FIT")) (eglot-current-server)))
       (server (hr-open (getenv "HR_JSON"))))
  (hr-result (and server (object-of-class-p server 'headroom-eglot-server)
                  (equal (eglot--language-id server) "json") (not (eq server yaml-server)))
             "a .json buffer (%s) gets a headroom server with languageId \"json\" (got %S)"
             major-mode (and server (eglot--language-id server)))
  (hr-result (hr-wait (lambda () (> (gethash (hr-uri) hr-pushes 0) 0)))
             "diagnostics were pushed for the JSON file"))

;; 6. M-x eglot-code-actions on the error, accepting the default choice (RET)
(switch-to-buffer (get-file-buffer (getenv "HR_FIT")))
(let* ((server (eglot-current-server))
       (err (car (hr-flymake-errors "does-not-fit")))
       (uri (hr-uri))
       (pushes-before (gethash uri hr-pushes 0))
       (offered nil) (default nil))
  (when err
    (goto-char (flymake-diagnostic-beg err))
    (let ((last-nonmenu-event ?\r))   ; a keyboard command, not a mouse menu
      (cl-letf (((symbol-function 'completing-read)
                 (lambda (_prompt collection &optional _pred _req _init _hist def &rest _)
                   (setq offered (mapcar (lambda (c) (if (consp c) (car c) c)) collection)
                         default (if (consp def) (car def) def))
                   default)))
        (condition-case e
            (call-interactively #'eglot-code-actions)
          (error (hr-say "emacs: eglot-code-actions: %s" (error-message-string e)))))))
  (hr-result offered "code actions offered on the error (%d)" (length offered))
  (hr-result (and default (string-prefix-p "Make it fit" default))
             "the default (preferred) action is make-it-fit: %s" (and default (truncate-string-to-width default 80)))
  (when default
    (with-temp-file (getenv "HR_TITLE_OUT") (insert default)))
  (hr-result (buffer-modified-p) "applying it changed the buffer")
  (let ((inhibit-message t)) (save-buffer))
  ;; 7. eglot sends didChange (after eglot-send-changes-idle-time); the server re-publishes
  (hr-result (and default
                  (hr-wait (lambda () (and (> (gethash uri hr-pushes 0) pushes-before)
                                           (null (hr-flymake-errors "does-not-fit"))))))
             "after the edit the server pushed new diagnostics without does-not-fit")
  (ignore server))

(hr-finish)
;;; editor_test.el ends here
