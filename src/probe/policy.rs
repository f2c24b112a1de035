//! Which addresses may be probed. Claim files arrive in pull requests, so
//! their URLs are untrusted: by default nothing on this machine or its
//! network is reachable through them.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// What the user allowed beyond the public internet.
#[derive(Clone, Copy, Debug, Default)]
pub struct AddressPolicy {
    /// 127.0.0.0/8 and ::1 (for local testing).
    pub allow_loopback: bool,
    /// RFC 1918, CGNAT (100.64.0.0/10), IPv6 unique-local (fc00::/7).
    pub allow_private: bool,
}

impl AddressPolicy {
    /// `Err` with the kind of address when it must not be probed.
    /// Link-local (169.254.0.0/16, the cloud metadata address among them,
    /// and fe80::/10) is never allowed.
    pub fn check(&self, ip: IpAddr) -> Result<(), &'static str> {
        let ip = match ip {
            // ::ffff:127.0.0.1 is 127.0.0.1.
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => IpAddr::V4(v4),
                None => IpAddr::V6(v6),
            },
            v4 => v4,
        };
        match classify(ip) {
            Class::Public => Ok(()),
            Class::Loopback if self.allow_loopback => Ok(()),
            Class::Private if self.allow_private => Ok(()),
            Class::Loopback => Err("a loopback address"),
            Class::Private => Err("a private-network address"),
            Class::LinkLocal => Err("a link-local address"),
            Class::Other(what) => Err(what),
        }
    }
}

enum Class {
    Public,
    Loopback,
    Private,
    LinkLocal,
    Other(&'static str),
}

fn classify(ip: IpAddr) -> Class {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => classify_v6(v6),
    }
}

fn classify_v4(ip: Ipv4Addr) -> Class {
    let [a, b, ..] = ip.octets();
    if ip.is_loopback() {
        Class::Loopback
    } else if ip.is_private() || (a == 100 && (64..128).contains(&b)) {
        Class::Private
    } else if ip.is_link_local() {
        Class::LinkLocal
    } else if ip.is_unspecified() || a == 0 {
        Class::Other("an unspecified address")
    } else if ip.is_broadcast() {
        Class::Other("the broadcast address")
    } else if ip.is_multicast() {
        Class::Other("a multicast address")
    } else if a >= 240 {
        Class::Other("a reserved address")
    } else {
        Class::Public
    }
}

fn classify_v6(ip: Ipv6Addr) -> Class {
    let first = ip.segments()[0];
    if ip.is_loopback() {
        Class::Loopback
    } else if ip.is_unspecified() {
        Class::Other("an unspecified address")
    } else if ip.is_multicast() {
        Class::Other("a multicast address")
    } else if first & 0xffc0 == 0xfe80 {
        Class::LinkLocal
    } else if first & 0xfe00 == 0xfc00 {
        Class::Private
    } else if let Some(v4) = ip.to_ipv4() {
        // IPv4-compatible (::a.b.c.d): judge the embedded address.
        classify_v4(v4)
    } else {
        Class::Public
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(p: AddressPolicy, s: &str) -> bool {
        p.check(s.parse().unwrap()).is_ok()
    }

    #[test]
    fn the_default_refuses_everything_local() {
        let p = AddressPolicy::default();
        for bad in [
            "127.0.0.1",
            "127.8.9.10",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "100.64.0.1",
            "169.254.169.254",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "::1",
            "::",
            "fe80::1",
            "fd00::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
        ] {
            assert!(!verdict(p, bad), "{bad} must be refused");
        }
        for good in [
            "8.8.8.8",
            "172.32.0.1",
            "100.128.0.1",
            "2001:db8::1",
            "1.1.1.1",
        ] {
            assert!(verdict(p, good), "{good} is public");
        }
    }

    #[test]
    fn allowances_open_only_their_range() {
        let lo = AddressPolicy {
            allow_loopback: true,
            allow_private: false,
        };
        assert!(verdict(lo, "127.0.0.1") && verdict(lo, "::1") && verdict(lo, "127.0.0.20"));
        assert!(!verdict(lo, "10.0.0.1") && !verdict(lo, "169.254.169.254"));
        let private = AddressPolicy {
            allow_loopback: false,
            allow_private: true,
        };
        assert!(verdict(private, "10.0.0.1") && verdict(private, "fd12::1"));
        assert!(!verdict(private, "127.0.0.1") && !verdict(private, "fe80::1"));
        let all = AddressPolicy {
            allow_loopback: true,
            allow_private: true,
        };
        assert!(
            !verdict(all, "169.254.169.254"),
            "link-local is never probed"
        );
    }
}
