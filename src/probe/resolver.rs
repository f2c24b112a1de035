//! The DNS resolver the HTTP client connects through: it resolves, then
//! drops every address the policy refuses. Because the client connects only
//! to what this returns, the decision is made on the resolved addresses
//! (a public-looking name that resolves to 127.0.0.1 is refused), on every
//! hop of a redirect chain, with no window for a second lookup to differ.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

use super::policy::AddressPolicy;

/// Every address the name resolved to was refused by the policy.
#[derive(Debug, thiserror::Error)]
#[error("{host} resolves to {addr}, {what}, which is not probed")]
pub(super) struct Refused {
    pub host: String,
    pub addr: IpAddr,
    pub what: String,
}

/// The name did not resolve.
#[derive(Debug, thiserror::Error)]
#[error("DNS lookup of {host} failed: {message}")]
pub(super) struct LookupFailed {
    pub host: String,
    pub message: String,
}

#[derive(Clone)]
pub(super) struct GuardedResolver {
    pub policy: AddressPolicy,
    /// Fixed answers (`--resolve HOST=ADDR`), checked like any other.
    pub overrides: Arc<HashMap<String, Vec<IpAddr>>>,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let this = self.clone();
        let host = name.as_str().to_ascii_lowercase();
        Box::pin(async move {
            let addrs: Vec<SocketAddr> = match this.overrides.get(&host) {
                Some(ips) => ips.iter().map(|ip| SocketAddr::new(*ip, 0)).collect(),
                None => tokio::net::lookup_host((host.as_str(), 0))
                    .await
                    .map_err(|e| LookupFailed {
                        host: host.clone(),
                        message: e.to_string(),
                    })?
                    .collect(),
            };
            let mut allowed = Vec::new();
            let mut refused = None;
            for addr in addrs {
                match this.policy.check(addr.ip()) {
                    Ok(()) => allowed.push(addr),
                    Err(what) => refused = refused.or(Some((addr.ip(), what))),
                }
            }
            if allowed.is_empty() {
                return Err(match refused {
                    Some((addr, what)) => Box::new(Refused { host, addr, what }) as _,
                    None => Box::new(LookupFailed {
                        host,
                        message: "no addresses".into(),
                    }) as _,
                });
            }
            Ok(Box::new(allowed.into_iter()) as Addrs)
        })
    }
}
