;;; headroom.el --- Headroom language server for eglot and lsp-mode  -*- lexical-binding: t; -*-

;; Will this fine-tuning run fit on the GPU?  Registers `headroom lsp' for YAML and JSON
;; buffers with eglot (Emacs 29+ built in; Emacs 28: elpa-eglot / M-x package-install eglot)
;; and, when it is loaded, with lsp-mode (as an add-on beside yaml-language-server).
;;
;; Usage (init.el):
;;
;;   (add-to-list 'load-path "/path/to/headroom/editors/emacs")
;;   (require 'headroom)
;;   (setq headroom-gpu "rtx-4090")               ; optional: the default target GPU
;;   (add-hook 'yaml-mode-hook #'eglot-ensure)    ; or yaml-ts-mode-hook, json-ts-mode-hook, ...
;;
;; Settings go to the server as initializationOptions (eglot and lsp-mode) and as the
;; `headroom' section of workspace/configuration (lsp-mode; with eglot, a project can set
;; `eglot-workspace-configuration' to (:headroom (:gpu "a100-80gb")) in .dir-locals.el).

;;; Code:

(require 'cl-lib)

(defgroup headroom nil
  "Headroom: peak GPU memory of LLM fine-tuning configs."
  :group 'tools
  :prefix "headroom-")

(defcustom headroom-command '("headroom" "lsp")
  "The command that runs the Headroom language server over stdio."
  :type '(repeat string))

(defcustom headroom-gpu nil
  "The GPU a config must fit when the file names none, e.g. \"rtx-4090\" or \"8xh100\".
A `# headroom: gpu=...' directive or a .headroom.yaml wins over this.  nil: no target."
  :type '(choice (const :tag "None" nil) string))

(defcustom headroom-gpu-count nil
  "How many GPUs of `headroom-gpu' the run uses; nil: the count in `headroom-gpu', else 1."
  :type '(choice (const :tag "From headroom-gpu" nil) integer))

(defcustom headroom-margin nil
  "Within this share of the GPU's memory a fitting config still gets a warning.
nil: the server's default (0.05)."
  :type '(choice (const :tag "Default (0.05)" nil) number))

(defcustom headroom-eglot-modes
  '((yaml-mode :language-id "yaml") (yaml-ts-mode :language-id "yaml")
    (json-mode :language-id "json") (json-ts-mode :language-id "json")
    (js-json-mode :language-id "json") (jsonc-mode :language-id "json"))
  "Major modes whose buffers eglot manages with Headroom.
Eglot runs one server per buffer: a mode listed here no longer uses another server (such
as yaml-language-server).  Set this before loading headroom.el."
  :type '(repeat sexp))

(defun headroom--settings ()
  "The settings object the server reads: gpu, gpuCount, margin (unset ones left out)."
  (append (and headroom-gpu (list :gpu headroom-gpu))
          (and headroom-gpu-count (list :gpuCount headroom-gpu-count))
          (and headroom-margin (list :margin headroom-margin))))

(defun headroom--contact (&rest _)
  "The eglot contact: the server class and `headroom-command'."
  (cons 'headroom-eglot-server headroom-command))

;;;; eglot

(defun headroom--eglot-split-modes ()
  "`headroom-eglot-modes' as two groups, YAML and JSON.
Eglot 1.9 gives a server ONE languageId, taken from the mode that started it: with one
entry for both, a JSON buffer would be opened as \"yaml\".  Two entries give two servers."
  (let (yaml json)
    (dolist (spec headroom-eglot-modes)
      (if (string-match-p "json" (symbol-name (if (consp spec) (car spec) spec)))
          (push spec json)
        (push spec yaml)))
    (delq nil (list (nreverse yaml) (nreverse json)))))

(with-eval-after-load 'eglot
  (defclass headroom-eglot-server (eglot-lsp-server) ()
    :documentation "The Headroom language server.")
  (cl-defmethod eglot-initialization-options ((_server headroom-eglot-server))
    (or (headroom--settings) (make-hash-table)))
  (dolist (modes (reverse (headroom--eglot-split-modes)))
    (add-to-list 'eglot-server-programs (cons modes #'headroom--contact))))

;;;; lsp-mode

(declare-function lsp-register-client "lsp-mode")
(declare-function make-lsp-client "lsp-mode")
(declare-function lsp-stdio-connection "lsp-mode")
(declare-function lsp-register-custom-settings "lsp-mode")
(declare-function lsp--set-configuration "lsp-mode")
(declare-function lsp-configuration-section "lsp-mode")
(defvar lsp-language-id-configuration)

(defun headroom--lsp-activate-p (file-name mode)
  "Non-nil for YAML and JSON buffers (lsp-mode's activation function)."
  (or (provided-mode-derived-p mode 'yaml-mode 'yaml-ts-mode 'json-mode 'json-ts-mode 'js-json-mode 'jsonc-mode)
      (and file-name (string-match-p "\\.\\(ya?ml\\|json\\)\\'" file-name))))

(with-eval-after-load 'lsp-mode
  (lsp-register-custom-settings
   '(("headroom.gpu" headroom-gpu)
     ("headroom.gpuCount" headroom-gpu-count)
     ("headroom.margin" headroom-margin)))
  (dolist (entry '((yaml-ts-mode . "yaml") (json-ts-mode . "json") (js-json-mode . "json")))
    (unless (assq (car entry) lsp-language-id-configuration)
      (add-to-list 'lsp-language-id-configuration entry)))
  (lsp-register-client
   (make-lsp-client
    :new-connection (lsp-stdio-connection (lambda () headroom-command))
    ;; By mode or file name: lsp-mode 8 maps some YAML files to other language ids
    ;; (e.g. "spring-boot-properties-yaml"), which `lsp-activate-on' would miss.
    :activation-fn #'headroom--lsp-activate-p
    :server-id 'headroom
    :add-on? t
    :priority -1
    :initialization-options (lambda () (or (headroom--settings) (make-hash-table)))
    :initialized-fn (lambda (workspace)
                      (with-lsp-workspace workspace
                        (lsp--set-configuration (lsp-configuration-section "headroom")))))))

(provide 'headroom)
;;; headroom.el ends here
