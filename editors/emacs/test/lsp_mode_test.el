;;; lsp_mode_test.el --- lsp-mode against `headroom lsp', registered by editors/emacs/headroom.el  -*- lexical-binding: t; -*-

;; Run by editors/emacs/test/run.sh when lsp-mode is installed (Debian: elpa-lsp-mode).
;; Uses HR_SETTING (a config without directive: the target comes from `headroom-gpu', which
;; lsp-mode sends as initializationOptions and as the `headroom' configuration section),
;; HR_EMACS_DIR and HR_TIMEOUT. Prints PASS/FAIL lines; exits 1 when any failed.

;;; Code:

(require 'package)
(package-initialize)
(dolist (dir '("/usr/share/emacs/site-lisp/elpa/" "/usr/share/emacs/site-lisp/elpa-src/"))
  (when (file-directory-p dir)
    (let ((default-directory dir)) (normal-top-level-add-subdirs-to-load-path))))
(require 'cl-lib)
(require 'subr-x)

(defvar hr-failures 0)
(defvar hr-timeout (string-to-number (or (getenv "HR_TIMEOUT") "20")))
(defun hr-say (fmt &rest args) (princ (concat (apply #'format fmt args) "\n")))
(defun hr-result (ok what &rest args)
  (hr-say "%s emacs lsp-mode: %s" (if ok "PASS" "FAIL") (apply #'format what args))
  (unless ok (cl-incf hr-failures))
  ok)
(defun hr-wait (pred)
  (let ((deadline (+ (float-time) hr-timeout)) (v nil))
    (while (and (not (setq v (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    v))

(unless (require 'yaml-mode nil t)
  (define-derived-mode yaml-mode text-mode "YAML")
  (add-to-list 'auto-mode-alist '("\\.ya?ml\\'" . yaml-mode)))

;; --- the user's init.el, as editors/emacs/README.md says -----------------------------
(add-to-list 'load-path (getenv "HR_EMACS_DIR"))
(require 'headroom)
(setq headroom-gpu "rtx-4090")
;; ----------------------------------------------------------------------------------------
(setq lsp-auto-guess-root t lsp-enable-snippet nil lsp-keep-workspace-alive nil
      lsp-session-file (expand-file-name "lsp-session" temporary-file-directory)
      lsp-modeline-workspace-status-enable nil lsp-modeline-code-actions-enable nil
      lsp-modeline-diagnostics-enable nil lsp-headerline-breadcrumb-enable nil
      lsp-enable-file-watchers nil)
(unless (require 'lsp-mode nil t)
  (hr-say "FAIL emacs lsp-mode: lsp-mode is not installed")
  (kill-emacs 1))
(hr-say "emacs lsp-mode: lsp-mode %s" (or (bound-and-true-p lsp-mode-version) "?"))
;; -Q skips the autoloads of lsp-mode's own modeline helpers; stub the one it calls.
(unless (fboundp 'lsp-modeline-workspace-status-mode)
  (defun lsp-modeline-workspace-status-mode (&rest _) nil))

(defun hr-codes ()
  (mapcar (lambda (d) (gethash "code" d)) (gethash (buffer-file-name) (lsp-diagnostics t))))

(find-file (getenv "HR_SETTING"))
(condition-case e (lsp) (error (hr-say "emacs lsp-mode: M-x lsp failed: %s" (error-message-string e))))
(hr-result (hr-wait (lambda () (member 'headroom (mapcar (lambda (w) (lsp--client-server-id (lsp--workspace-client w)))
                                                          (lsp-workspaces)))))
           "M-x lsp starts the headroom client registered by headroom.el (as an add-on)")
(hr-result (hr-wait (lambda () (member "does-not-fit" (hr-codes))))
           "headroom-gpu reached the server and a does-not-fit error arrived (codes %S)" (hr-codes))
(let ((conf (ignore-errors (lsp-configuration-section "headroom"))))
  (hr-result (equal (gethash "gpu" (or (gethash "headroom" (or conf (make-hash-table))) (make-hash-table))) "rtx-4090")
             "the headroom configuration section holds gpu = rtx-4090"))
(ignore-errors (with-timeout (3 nil) (lsp-workspace-shutdown (car (lsp-workspaces)))))
(hr-say "emacs lsp-mode: %d failed" hr-failures)
(kill-emacs (if (zerop hr-failures) 0 1))
;;; lsp_mode_test.el ends here
