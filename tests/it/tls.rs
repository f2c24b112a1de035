//! `check` against an `https` server on 127.0.0.1 (rustls, the test
//! certificates of tests/fixtures/tls): the system's root certificates are
//! read only when a certificate is to be verified, and used when they are.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::PathBuf;
use std::sync::Arc;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use serde_json::Value;

use crate::server::{Reply, Server};
use crate::support::Run;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/tls")
        .join(name)
}

/// Serves `https://127.0.0.1:PORT/` with the test server certificate
/// (signed by the test CA): every request that gets through the handshake
/// is answered 200. Returns the URL of one page.
fn https_server() -> String {
    let cert = CertificateDer::from_pem_file(fixture("server.pem")).expect("server.pem");
    let key = PrivateKeyDer::from_pem_file(fixture("server.key")).expect("server.key");
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert], key)
        .expect("a usable certificate");
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!(
        "https://127.0.0.1:{}/page",
        listener.local_addr().unwrap().port()
    );
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let config = config.clone();
            std::thread::spawn(move || {
                let conn = rustls::ServerConnection::new(config).unwrap();
                let mut tls = BufReader::new(rustls::StreamOwned::new(conn, stream));
                // The request's head; a client that rejects the
                // certificate ends here.
                let mut line = String::new();
                while tls.read_line(&mut line).is_ok_and(|n| n > 0) {
                    if line == "\r\n" {
                        let answer =
                            "HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";
                        let _ = tls.get_mut().write_all(answer.as_bytes());
                        let _ = tls.get_mut().flush();
                        return;
                    }
                    line.clear();
                }
            });
        }
    });
    url
}

fn check(urls: &[String], env: &[(&str, &str)]) -> Run {
    crate::support::check_json_env(&crate::probe::repo(urls), &[], env)
}

fn doc(run: &Run) -> Value {
    serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", run.stdout, run.stderr))
}

/// SSL_CERT_FILE and SSL_CERT_DIR replace the system's store: an empty
/// file and an empty folder leave no root certificate at all.
fn no_roots(dir: &tempfile::TempDir) -> [(String, String); 2] {
    let file = dir.path().join("empty.pem");
    std::fs::write(&file, "").unwrap();
    [
        ("SSL_CERT_FILE".into(), file.display().to_string()),
        ("SSL_CERT_DIR".into(), dir.path().display().to_string()),
    ]
}

fn env(pairs: &[(String, String)]) -> Vec<(&str, &str)> {
    pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

#[test]
fn a_certificate_signed_by_a_root_the_system_trusts_is_verified() {
    let url = https_server();
    let ca = fixture("ca.pem").display().to_string();
    let run = check(std::slice::from_ref(&url), &[("SSL_CERT_FILE", &ca)]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(doc(&run)["summary"]["urls"]["ok"], 1, "{}", run.stdout);
}

#[test]
fn a_certificate_no_trusted_root_signs_is_a_tls_failure_of_its_url() {
    let url = https_server();
    // The system's own roots: the test CA is not among them.
    let run = check(std::slice::from_ref(&url), &[]);
    // A warning, as for any site that cannot be reached: not a dead link.
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let doc = doc(&run);
    let finding = &doc["findings"][0];
    assert_eq!(finding["code"], "unreachable", "{doc:#}");
    let message = finding["message"].as_str().unwrap();
    assert!(
        message.contains("TLS failed") && message.contains("UnknownIssuer"),
        "{message}"
    );
}

#[test]
fn without_root_certificates_an_http_run_is_unaffected() {
    let server = Server::start(|_| Reply::Status(200));
    let dir = tempfile::tempdir().unwrap();
    let roots = no_roots(&dir);
    let run = check(&[server.url("/page")], &env(&roots));
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(doc(&run)["summary"]["urls"]["ok"], 1);
}

#[test]
fn without_root_certificates_an_https_url_fails_the_run_not_the_site() {
    let url = https_server();
    let dir = tempfile::tempdir().unwrap();
    let roots = no_roots(&dir);
    let run = check(&[url], &env(&roots));
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    let doc = doc(&run);
    // The run as a whole fails, with what to do; no site is blamed.
    let error = &doc["error"];
    assert_eq!(error["kind"], "no-root-certificates", "{doc:#}");
    assert!(
        error["help"].as_str().unwrap().contains("SSL_CERT_FILE"),
        "{error}"
    );
    assert!(doc.get("findings").is_none(), "{doc:#}");
}
