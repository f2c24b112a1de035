//! Every command says what it does on its first help line, and every flag
//! and argument has a sentence: the help is the first manual people read.

use clap::CommandFactory;

/// Every command and the commands under it, with their full names.
fn commands() -> Vec<(String, clap::Command)> {
    let mut all = vec![("claimtrack".to_string(), super::Args::command())];
    let mut i = 0;
    while i < all.len() {
        let (name, cmd) = all[i].clone();
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            all.push((format!("{name} {}", sub.get_name()), sub.clone()));
        }
        i += 1;
    }
    all
}

#[test]
fn every_command_and_flag_has_a_sentence() {
    let mut wanting = Vec::new();
    for (name, cmd) in commands() {
        let about = cmd.get_about().map(ToString::to_string).unwrap_or_default();
        let first = about.lines().next().unwrap_or_default();
        if first.split_whitespace().count() < 3 {
            wanting.push(format!("`{name}` does not say what it does: {about:?}"));
        }
        for arg in cmd.get_arguments() {
            let id = arg.get_id().as_str();
            let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
            if !matches!(id, "help" | "version") && help.split_whitespace().count() < 2 {
                wanting.push(format!("`{name}`'s {id} has no sentence"));
            }
        }
    }
    assert!(wanting.is_empty(), "{}", wanting.join("\n"));
}
