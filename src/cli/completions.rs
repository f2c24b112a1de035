//! `claimtrack completions`: the shell's completion script, and the
//! candidates it offers for outlet and claim ids, read from the claims/
//! where the user types.

use clap_complete::CompletionCandidate;

use super::output::print;
use crate::error::{EXIT_OK, Error, WriteError};

/// Print the shell's completion script: commands, flags, and outlet
/// and claim ids from the claims/ where you type.
#[derive(clap::Args, Debug)]
#[command(
    after_help = "Examples:\n  claimtrack completions bash > ~/.local/share/bash-completion/completions/claimtrack\n  claimtrack completions zsh > \"${fpath[1]}/_claimtrack\"\n  claimtrack completions fish > ~/.config/fish/completions/claimtrack.fish"
)]
pub(super) struct CompletionsArgs {
    /// The shell the script is for.
    #[arg(value_parser = ["bash", "zsh", "fish", "powershell", "elvish"])]
    shell: String,
}

pub(super) fn run(args: &CompletionsArgs) -> Result<i32, Error> {
    let shells = clap_complete::env::Shells::builtins();
    let completer = shells
        .completer(&args.shell)
        .expect("clap checked the shell");
    let mut script = Vec::new();
    completer
        .write_registration(
            "COMPLETE",
            "claimtrack",
            "claimtrack",
            "claimtrack",
            &mut script,
        )
        .map_err(WriteError::Stdout)?;
    print(&String::from_utf8_lossy(&script))?;
    Ok(EXIT_OK)
}

/// Outlet ids (and names) for shell completion, from the claims/ found
/// from the current folder; none when there is none.
pub(super) fn outlet_candidates() -> Vec<CompletionCandidate> {
    let Some(set) = completion_set() else {
        return Vec::new();
    };
    set.outlets
        .iter()
        .map(|o| {
            CompletionCandidate::new(o.id.value.clone()).help(Some(o.name.value.clone().into()))
        })
        .collect()
}

/// Claim ids for shell completion: `ARTICLE/ID`, and the short `ID` too
/// where no other article has a claim of that id (as `show ID` takes it).
pub(super) fn claim_candidates() -> Vec<CompletionCandidate> {
    let Some(set) = completion_set() else {
        return Vec::new();
    };
    let mut uses: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for c in &set.claims {
        *uses.entry(c.id.as_str()).or_default() += 1;
    }
    let mut candidates = Vec::new();
    for c in &set.claims {
        let help = Some(c.claim.value.clone().into());
        candidates.push(CompletionCandidate::new(c.full_id()).help(help.clone()));
        if uses[c.id.as_str()] == 1 {
            candidates.push(CompletionCandidate::new(c.id.to_string()).help(help));
        }
    }
    candidates
}

fn completion_set() -> Option<crate::model::ClaimSet> {
    let root = crate::load::find_root(&std::env::current_dir().ok()?).ok()?;
    crate::load::load(&root).ok().map(|l| l.set)
}
