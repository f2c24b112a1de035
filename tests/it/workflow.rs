//! The GitHub Actions workflow in .github/workflows/claims.yml (valid YAML
//! with the structure GitHub expects, and every claimtrack command in it
//! accepted by the binary), the pre-commit hooks, the action and the
//! release workflow.

use yaml_rust2::{Yaml, YamlLoader};

use crate::support::{Repo, project_root};

fn workflow() -> Yaml {
    let text =
        std::fs::read_to_string(project_root().join(".github/workflows/claims.yml")).unwrap();
    YamlLoader::load_from_str(&text)
        .expect("valid YAML")
        .remove(0)
}

fn steps(job: &Yaml) -> Vec<&Yaml> {
    job["steps"].as_vec().expect("steps").iter().collect()
}

fn runs(job: &Yaml) -> Vec<String> {
    steps(job)
        .iter()
        .filter_map(|s| s["run"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn the_workflow_has_the_expected_shape() {
    let w = workflow();
    let on = &w["on"];
    let paths: Vec<&str> = on["pull_request"]["paths"]
        .as_vec()
        .unwrap()
        .iter()
        .filter_map(Yaml::as_str)
        .collect();
    assert!(paths.contains(&"claims/**"), "{paths:?}");
    assert!(
        on["schedule"][0]["cron"]
            .as_str()
            .is_some_and(|c| c.split(' ').count() == 5)
    );

    let pr = &w["jobs"]["pull-request"];
    assert_eq!(
        pr["if"].as_str(),
        Some("github.event_name == 'pull_request'")
    );
    assert_eq!(steps(pr)[0]["uses"].as_str(), Some("actions/checkout@v4"));
    assert_eq!(
        steps(pr)[0]["with"]["fetch-depth"].as_i64(),
        Some(0),
        "review needs the base branch"
    );
    let pr_runs = runs(pr).join("\n");
    assert!(
        pr_runs.contains("--changed-since \"origin/${{ github.base_ref }}\" --format github"),
        "{pr_runs}"
    );
    assert!(
        pr_runs.contains("--format markdown --output check-summary.md"),
        "{pr_runs}"
    );
    assert!(
        pr_runs.contains(
            "review --base \"origin/${{ github.base_ref }}\" >> \"$GITHUB_STEP_SUMMARY\""
        ),
        "{pr_runs}"
    );

    let nightly = &w["jobs"]["nightly"];
    let cache = steps(nightly)
        .into_iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/cache@"))
        })
        .expect("the result store is kept between runs");
    assert_eq!(cache["with"]["path"].as_str(), Some(".claimtrack"));
    assert!(cache["with"]["restore-keys"].as_str().is_some());
    // Through the repository's own action, SARIF to code scanning.
    let action = steps(nightly)
        .into_iter()
        .find(|s| s["uses"].as_str() == Some("./"))
        .expect("the nightly check uses the action");
    assert_eq!(action["with"]["args"].as_str(), Some("check"));
    assert_eq!(action["with"]["format"].as_str(), Some("github"));
    assert_eq!(action["with"]["sarif-upload"].as_str(), Some("true"));
    assert_eq!(
        nightly["permissions"]["security-events"].as_str(),
        Some("write")
    );
}

/// The arguments of every `./target/release/claimtrack …` in the workflow,
/// with GitHub expressions replaced by what they would be.
fn invocations() -> Vec<Vec<String>> {
    let w = workflow();
    let mut all = Vec::new();
    for job in w["jobs"].as_hash().unwrap().values() {
        for run in runs(job) {
            for command in run.split(';') {
                // Built in the job, or installed by the action.
                let command = command.trim();
                let rest = match command.split("./target/release/claimtrack").nth(1) {
                    Some(rest) => rest,
                    None => match command.strip_prefix("claimtrack ") {
                        Some(rest) => rest,
                        None => continue,
                    },
                };
                let rest = rest.split(">>").next().unwrap().split("||").next().unwrap();
                let rest = rest.replace("${{ github.base_ref }}", "main");
                all.push(
                    rest.split_whitespace()
                        .map(|a| a.trim_matches('"').to_string())
                        .collect(),
                );
            }
        }
    }
    all
}

#[test]
fn every_claimtrack_command_in_the_workflow_is_accepted() {
    let commands = invocations();
    assert!(commands.len() >= 5, "{commands:?}");
    // In a repository whose base branch is `main` and `origin/main` exists.
    let repo = Repo::new().claim("x", crate::support::CLAIM);
    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git")
            .args([
                "-c",
                "user.name=T",
                "-c",
                "user.email=t@example.com",
                "-c",
                "init.defaultBranch=main",
            ])
            .args(args)
            .current_dir(repo.root())
            .status()
            .unwrap()
            .success();
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "base"]);
    git(&["update-ref", "refs/remotes/origin/main", "HEAD"]);
    for args in commands {
        // Offline, so that nothing leaves the machine; the flags and the
        // revision are what is being tested.
        let mut args: Vec<&str> = args.iter().map(String::as_str).collect();
        if matches!(args[0], "check" | "review") {
            args.push("--offline");
        }
        let run = repo.run(&args);
        assert_eq!(run.code, 0, "claimtrack {args:?}: {}", run.stderr);
    }
}

/// The hooks of .pre-commit-hooks.yaml: their keys, and their entries run
/// as pre-commit runs them (the staged files appended unless
/// `pass_filenames: false`).
#[test]
fn the_pre_commit_hooks_do_what_they_say() {
    let text = std::fs::read_to_string(project_root().join(".pre-commit-hooks.yaml")).unwrap();
    let hooks = YamlLoader::load_from_str(&text).unwrap().remove(0);
    let hooks = hooks.as_vec().expect("a list of hooks");
    let ids: Vec<&str> = hooks.iter().map(|h| h["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["claimtrack-fmt", "claimtrack-check-offline"]);
    let unformatted = "status = \"unverified\"\nclaim = \"Out of order.\"\n";
    let repo = Repo::new()
        .claim("x", unformatted)
        .claim("y", "claim = \"No status.\"\n");
    for hook in hooks {
        for key in ["name", "description", "entry", "files"] {
            assert!(hook[key].as_str().is_some(), "{key} in {hook:?}");
        }
        assert_eq!(hook["language"].as_str(), Some("rust"));
        let entry: Vec<&str> = hook["entry"].as_str().unwrap().split(' ').collect();
        assert_eq!(entry[0], "claimtrack");
        let mut args: Vec<&str> = entry[1..].to_vec();
        if hook["pass_filenames"].as_bool() != Some(false) {
            args.push("claims/a/x.toml");
        }
        let run = repo.run(&args);
        match hook["id"].as_str().unwrap() {
            "claimtrack-fmt" => {
                assert_eq!(run.code, 0, "{}", run.stderr);
                let x = std::fs::read_to_string(repo.path("claims/a/x.toml")).unwrap();
                assert_ne!(x, unformatted, "formatted");
                let y = std::fs::read_to_string(repo.path("claims/a/y.toml")).unwrap();
                assert_eq!(y, "claim = \"No status.\"\n", "only the staged file");
            }
            _ => {
                assert_eq!(run.code, 1, "the claim without a status: {}", run.stdout);
                assert!(run.stdout.contains("y.toml"), "{}", run.stdout);
            }
        }
    }
}

fn yaml(path: &str) -> Yaml {
    let text = std::fs::read_to_string(project_root().join(path)).unwrap();
    YamlLoader::load_from_str(&text).unwrap().remove(0)
}

/// The action: its inputs, a composite whose scripts take inputs through
/// the environment (never `${{ inputs.… }}` inside a script, which a
/// value could break out of), the checksum-verified install.
#[test]
fn the_action_installs_a_verified_release_and_passes_inputs_safely() {
    let action = yaml("action.yml");
    for input in ["args", "version", "format", "sarif-upload"] {
        let i = &action["inputs"][input];
        assert!(i["description"].as_str().is_some(), "{input}");
        assert!(!i["default"].is_badvalue(), "{input} has a default");
    }
    assert_eq!(action["runs"]["using"].as_str(), Some("composite"));
    let steps = action["runs"]["steps"].as_vec().unwrap();
    for step in steps {
        if let Some(script) = step["run"].as_str() {
            assert!(step["shell"].as_str().is_some(), "{step:?}");
            assert!(
                !script.contains("${{"),
                "an expression inside a script: {script}"
            );
        }
    }
    let scripts: String = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(scripts.contains("scripts/install.sh"));
    assert!(scripts.contains("cargo install --locked"), "the fallback");
    let uses: Vec<&str> = steps.iter().filter_map(|s| s["uses"].as_str()).collect();
    assert!(
        uses.contains(&"github/codeql-action/upload-sarif@v3"),
        "{uses:?}"
    );
}

/// The release builds exactly the targets install.sh asks for, each with
/// its checksum; the image is built from the Dockerfile, which runs as a
/// user without privileges.
#[test]
fn the_release_builds_what_the_installer_fetches() {
    let install = std::fs::read_to_string(project_root().join("scripts/install.sh")).unwrap();
    let mut wanted: Vec<&str> = install
        .lines()
        .filter_map(|l| l.split("target=").nth(1))
        .filter_map(|t| t.split_whitespace().next())
        .filter(|t| !t.starts_with('$'))
        .collect();
    wanted.sort();
    let release = yaml(".github/workflows/release.yml");
    let tags: Vec<&str> = release["on"]["push"]["tags"]
        .as_vec()
        .unwrap()
        .iter()
        .filter_map(Yaml::as_str)
        .collect();
    assert_eq!(tags, ["v*"]);
    let mut built: Vec<&str> = release["jobs"]["binaries"]["strategy"]["matrix"]["include"]
        .as_vec()
        .unwrap()
        .iter()
        .filter_map(|m| m["target"].as_str())
        .collect();
    built.sort();
    assert_eq!(built, wanted);
    let jobs = release["jobs"].as_hash().unwrap();
    let scripts: String = jobs
        .values()
        .flat_map(steps)
        .filter_map(|s| s["run"].as_str())
        .collect();
    assert!(
        scripts.contains("claimtrack-$TAG-$TARGET.tar.gz"),
        "install.sh's name"
    );
    assert!(scripts.contains("shasum -a 256"), "a checksum beside each");
    assert!(scripts.contains("docker build"), "the image");
    let docker = std::fs::read_to_string(project_root().join("Dockerfile")).unwrap();
    assert_eq!(
        docker.matches("\nFROM ").count() + usize::from(docker.starts_with("FROM ")),
        2
    );
    assert!(docker.contains("ENTRYPOINT [\"claimtrack\"]"));
    let user = docker
        .lines()
        .find_map(|l| l.strip_prefix("USER "))
        .unwrap();
    assert_ne!(user.trim(), "root");
}
