//! scripts/install.sh, which the GitHub action runs: a release served from
//! loopback is installed; one whose checksum does not match, or that is
//! missing, installs nothing.

use std::path::Path;
use std::process::Command;

use crate::server::{Reply, Server};
use crate::support::project_root;

const BINARY: &str = "#!/bin/sh\necho fake claimtrack\n";

/// A release archive holding `claimtrack`, made with the system's tar.
fn archive(dir: &Path) -> Vec<u8> {
    std::fs::write(dir.join("claimtrack"), BINARY).unwrap();
    let out = dir.join("release.tar.gz");
    let status = Command::new("tar")
        .args([
            "-czf",
            out.to_str().unwrap(),
            "-C",
            dir.to_str().unwrap(),
            "claimtrack",
        ])
        .status()
        .unwrap();
    assert!(status.success());
    std::fs::read(out).unwrap()
}

fn sha256(bytes: &[u8], dir: &Path) -> String {
    let path = dir.join("to-hash");
    std::fs::write(&path, bytes).unwrap();
    let out = Command::new("sha256sum").arg(&path).output().unwrap();
    String::from_utf8(out.stdout).unwrap()[..64].to_string()
}

/// Serves `archive` and `checksum` for any release path.
fn release(archive: Vec<u8>, checksum: String) -> Server {
    Server::start(move |r| {
        let ok = r.path.starts_with("/v0.1.0/claimtrack-v0.1.0-");
        if ok && r.path.ends_with(".tar.gz") {
            Reply::Full(200, vec![], archive.clone())
        } else if ok && r.path.ends_with(".tar.gz.sha256") {
            Reply::Full(
                200,
                vec![],
                format!("{checksum}  release.tar.gz\n").into_bytes(),
            )
        } else {
            Reply::Status(404)
        }
    })
}

fn install(server: &Server, version: &str, dest: &Path) -> std::process::Output {
    Command::new("sh")
        .arg(project_root().join("scripts/install.sh"))
        .args([version, dest.to_str().unwrap()])
        .env("CLAIMTRACK_RELEASES", server.url(""))
        .output()
        .unwrap()
}

#[test]
fn a_release_is_installed_and_a_bad_or_missing_one_is_not() {
    let work = tempfile::tempdir().unwrap();
    let bytes = archive(work.path());
    let good = sha256(&bytes, work.path());

    let server = release(bytes.clone(), good);
    let dest = work.path().join("bin");
    let out = install(&server, "v0.1.0", &dest);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let installed = dest.join("claimtrack");
    assert_eq!(std::fs::read_to_string(&installed).unwrap(), BINARY);
    let mode = std::os::unix::fs::PermissionsExt::mode(
        &std::fs::metadata(&installed).unwrap().permissions(),
    );
    assert_eq!(mode & 0o777, 0o755);

    let tampered = release(bytes, "0".repeat(64));
    let dest = work.path().join("bin-tampered");
    let out = install(&tampered, "0.1.0", &dest);
    assert_eq!(out.status.code(), Some(4));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not match its checksum"));
    assert!(!dest.join("claimtrack").exists(), "nothing installed");

    let dest = work.path().join("bin-missing");
    let out = install(&server, "9.9.9", &dest);
    assert!(!out.status.success(), "a release that is not there");
    assert!(!dest.join("claimtrack").exists());

    let out = Command::new("sh")
        .arg(project_root().join("scripts/install.sh"))
        .env_remove("CLAIMTRACK_RELEASES")
        .env_remove("GITHUB_ACTION_REPOSITORY")
        .arg("0.1.0")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "no address to fetch from");
}
