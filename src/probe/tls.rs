//! The probe client's TLS: rustls with the platform's verifier, as reqwest
//! builds it, except that the system's root certificates are read when the
//! first server certificate is to be verified instead of when the client
//! is built. On Linux that read is some 150 files (each twice, through
//! its hash link) parsed one by one: 4 ms on a quiet machine and 19 ms on
//! a busy one, before the first request could leave. A run whose URLs and
//! redirects are all `http` never pays it; any other pays it once, on its
//! first handshake, while its other connections are being opened.

use std::sync::{Arc, OnceLock};

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use rustls_platform_verifier::Verifier;

/// The TLS configuration for reqwest (`tls_backend_preconfigured`), and
/// the verifier in it, to ask afterwards whether the roots could be read.
pub(super) fn config() -> Result<(rustls::ClientConfig, Arc<LazyRoots>), rustls::Error> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let roots = Arc::new(LazyRoots {
        provider: provider.clone(),
        verifier: OnceLock::new(),
    });
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .dangerous()
        .with_custom_certificate_verifier(roots.clone())
        .with_no_client_auth();
    // As reqwest offers them with its `http2` feature.
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok((config, roots))
}

/// The platform's verifier, built on first use.
#[derive(Debug)]
pub(super) struct LazyRoots {
    provider: Arc<CryptoProvider>,
    verifier: OnceLock<Result<Verifier, rustls::Error>>,
}

impl LazyRoots {
    fn verifier(&self) -> Result<&Verifier, rustls::Error> {
        self.verifier
            .get_or_init(|| Verifier::new(self.provider.clone()))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Why the system's roots could not be read, if they were needed and
    /// could not be: then no `https` URL could be judged, and the run says
    /// so instead of calling each of them broken.
    pub(super) fn failure(&self) -> Option<String> {
        match self.verifier.get() {
            Some(Err(e)) => Some(e.to_string()),
            _ => None,
        }
    }
}

impl ServerCertVerifier for LazyRoots {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        self.verifier()?.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        )
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.verifier()?.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.verifier()?.verify_tls13_signature(message, cert, dss)
    }

    /// What every platform's verifier answers, without building it: the
    /// client offers these before any certificate arrives.
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}
