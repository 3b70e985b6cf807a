//! Zed extension for Headroom: runs `headroom lsp` (found on the worktree's PATH, or the
//! path in `lsp.headroom.binary.path`) for YAML and JSON, and passes `lsp.headroom.settings`
//! to the server (initializationOptions and the `headroom` workspace/configuration section).
//! Untested: Zed is not available in CI (see README.md).

use zed_extension_api::{self as zed, serde_json, settings::LspSettings, LanguageServerId, Result};

struct HeadroomExtension;

impl HeadroomExtension {
    /// `lsp.headroom.settings` from the user's settings.json, if any.
    fn settings(worktree: &zed::Worktree) -> Option<serde_json::Value> {
        LspSettings::for_worktree("headroom", worktree).ok().and_then(|s| s.settings)
    }
}

impl zed::Extension for HeadroomExtension {
    fn new() -> Self {
        HeadroomExtension
    }

    fn language_server_command(
        &mut self,
        _language_server_id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<zed::Command> {
        let binary = LspSettings::for_worktree("headroom", worktree).ok().and_then(|s| s.binary);
        let configured_path = binary.as_ref().and_then(|b| b.path.clone());
        let args = binary
            .as_ref()
            .and_then(|b| b.arguments.clone())
            .unwrap_or_else(|| vec!["lsp".to_string()]);
        let command = match configured_path.or_else(|| worktree.which("headroom")) {
            Some(path) => path,
            None => {
                return Err("headroom was not found on PATH: install it (see the Headroom README) \
                            or set lsp.headroom.binary.path in settings.json"
                    .into())
            }
        };
        Ok(zed::Command { command, args, env: worktree.shell_env() })
    }

    fn language_server_initialization_options(
        &mut self,
        _language_server_id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<serde_json::Value>> {
        Ok(Self::settings(worktree))
    }

    fn language_server_workspace_configuration(
        &mut self,
        _language_server_id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<serde_json::Value>> {
        Ok(Self::settings(worktree).map(|s| serde_json::json!({ "headroom": s })))
    }
}

zed::register_extension!(HeadroomExtension);
