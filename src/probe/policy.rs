//! Which addresses may be probed. Claim files arrive in pull requests, so
//! their URLs are untrusted: by default nothing on this machine or its
//! network, and nothing that is not globally reachable, is probed.
//!
//! The rule: every range of the IANA IPv4 and IPv6 Special-Purpose Address
//! Registries whose "Globally Reachable" is False or N/A is refused, and
//! more (strict where the registry is lenient, marked *strict*).
//!
//! IPv4, refused:
//!
//! | range | what | allowed by |
//! |---|---|---|
//! | 0.0.0.0/8 | "this network" (0.0.0.0 among them) | never |
//! | 10.0.0.0/8 | private use (RFC 1918) | `allow_private` |
//! | 100.64.0.0/10 | shared address space (CGNAT, RFC 6598) | `allow_private` |
//! | 127.0.0.0/8 | loopback | `allow_loopback` |
//! | 169.254.0.0/16 | link-local (the cloud metadata address 169.254.169.254) | never |
//! | 172.16.0.0/12 | private use (RFC 1918) | `allow_private` |
//! | 192.0.0.0/24 | IETF protocol assignments, whole (*strict*: also 192.0.0.9 and 192.0.0.10, the PCP and TURN anycast addresses the registry calls global, as the nearest such server is usually on the local network) | never |
//! | 192.0.2.0/24 | documentation (TEST-NET-1) | never |
//! | 192.88.99.0/24 | deprecated 6to4 relay anycast (RFC 7526) | never |
//! | 192.168.0.0/16 | private use (RFC 1918) | `allow_private` |
//! | 198.18.0.0/15 | benchmarking | never |
//! | 198.51.100.0/24 | documentation (TEST-NET-2) | never |
//! | 203.0.113.0/24 | documentation (TEST-NET-3) | never |
//! | 224.0.0.0/4 | multicast | never |
//! | 240.0.0.0/4 | reserved | never |
//! | 255.255.255.255/32 | limited broadcast | never |
//!
//! Globally reachable special-purpose IPv4 blocks stay allowed:
//! 192.31.196.0/24 and 192.175.48.0/24 (AS112), 192.52.193.0/24 (AMT).
//!
//! IPv6, refused:
//!
//! | range | what | allowed by |
//! |---|---|---|
//! | ::/128 | unspecified | never |
//! | ::1/128 | loopback | `allow_loopback` |
//! | ::/96 | deprecated IPv4-compatible (`::a.b.c.d`, *strict*: whatever the embedded address) | never |
//! | ::ffff:0:0/96 | IPv4-mapped: judged as the embedded IPv4 address | as that address |
//! | 64:ff9b::/96 | NAT64 well-known prefix: judged as the embedded IPv4 address (`64:ff9b::7f00:1` is 127.0.0.1) | as that address |
//! | 64:ff9b:1::/48 | NAT64 local use | never |
//! | 100::/64 | discard-only | never |
//! | 2001::/23 | IETF protocol assignments: Teredo 2001::/32, benchmarking 2001:2::/48, ORCHID 2001:10::/28, and (*strict*) the PCP, TURN and DNS-SD anycast addresses 2001:1::1–3 | never |
//! | 2001:db8::/32 | documentation | never |
//! | 2002::/16 | 6to4: judged as the embedded IPv4 address (`2002:AABB:CCDD::` is AA.BB.CC.DD) | as that address |
//! | 3fff::/20 | documentation | never |
//! | 5f00::/16 | segment routing (SRv6) SIDs | never |
//! | fc00::/7 | unique-local | `allow_private` |
//! | fec0::/10 | deprecated site-local, treated as private | `allow_private` |
//! | fe80::/10 | link-local | never |
//! | ff00::/8 | multicast | never |
//! | outside 2000::/3 | not global unicast: reserved by the IETF or unassigned (*strict*; covers 100::/64, 5f00::/16 and the dummy prefix 100:0:0:1::/64 too) | never |
//!
//! Inside 2001::/23 the blocks the registry calls globally reachable stay
//! allowed: 2001:3::/32 (AMT), 2001:4:112::/48 (AS112), 2001:20::/28
//! (ORCHIDv2), 2001:30::/28 (drone remote ID); so does 2620:4f:8000::/48
//! (AS112). An embedded IPv4 address is judged by the IPv4 table above with
//! the same allowances: `64:ff9b::a00:1` (10.0.0.1) needs `allow_private`.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// What the user allowed beyond the public internet.
#[derive(Clone, Copy, Debug, Default)]
pub struct AddressPolicy {
    /// 127.0.0.0/8 and ::1 (for local testing).
    pub allow_loopback: bool,
    /// RFC 1918, CGNAT (100.64.0.0/10), IPv6 unique-local (fc00::/7) and
    /// site-local (fec0::/10).
    pub allow_private: bool,
}

impl AddressPolicy {
    /// `Err` with the kind of address ("a loopback address") when it must
    /// not be probed. See the module documentation for the ranges.
    pub(super) fn check(&self, ip: IpAddr) -> Result<(), String> {
        match ip {
            IpAddr::V4(v4) => self.verdict(classify_v4(v4)).map_err(str::to_string),
            IpAddr::V6(v6) => match embedded_v4(v6) {
                Some((form, v4)) => self
                    .verdict(classify_v4(v4))
                    .map_err(|what| format!("{form} of {v4}, {what}")),
                None => self.verdict(classify_v6(v6)).map_err(str::to_string),
            },
        }
    }

    fn verdict(&self, class: Class) -> Result<(), &'static str> {
        match class {
            Class::Public => Ok(()),
            Class::Loopback if self.allow_loopback => Ok(()),
            Class::Private if self.allow_private => Ok(()),
            Class::Loopback => Err("a loopback address"),
            Class::Private => Err("a private-network address"),
            Class::Never(what) => Err(what),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Public,
    Loopback,
    Private,
    /// Refused whatever the allowances.
    Never(&'static str),
}

const LINK_LOCAL: Class = Class::Never("a link-local address");
const MULTICAST: Class = Class::Never("a multicast address");
const DOCUMENTATION: Class = Class::Never("a documentation address");
const IETF: Class = Class::Never("an IETF protocol assignment address");
const RESERVED: Class = Class::Never("a reserved address");

/// IPv4 ranges, most specific first: the first that holds the address
/// decides. Anything else is public.
const V4: &[([u8; 4], u8, Class)] = &[
    ([0, 0, 0, 0], 8, Class::Never("an unspecified address")),
    ([10, 0, 0, 0], 8, Class::Private),
    ([100, 64, 0, 0], 10, Class::Private),
    ([127, 0, 0, 0], 8, Class::Loopback),
    ([169, 254, 0, 0], 16, LINK_LOCAL),
    ([172, 16, 0, 0], 12, Class::Private),
    ([192, 0, 0, 0], 24, IETF),
    ([192, 0, 2, 0], 24, DOCUMENTATION),
    (
        [192, 88, 99, 0],
        24,
        Class::Never("a deprecated 6to4 relay anycast address"),
    ),
    ([192, 168, 0, 0], 16, Class::Private),
    ([198, 18, 0, 0], 15, Class::Never("a benchmarking address")),
    ([198, 51, 100, 0], 24, DOCUMENTATION),
    ([203, 0, 113, 0], 24, DOCUMENTATION),
    ([224, 0, 0, 0], 4, MULTICAST),
    (
        [255, 255, 255, 255],
        32,
        Class::Never("the broadcast address"),
    ),
    ([240, 0, 0, 0], 4, RESERVED),
];

/// IPv6 ranges, most specific first (exceptions before the block holding
/// them). The forms embedding an IPv4 address are handled before this
/// table; anything outside 2000::/3 not listed is reserved.
const V6: &[([u16; 8], u8, Class)] = &[
    ([0; 8], 128, Class::Never("an unspecified address")),
    ([0, 0, 0, 0, 0, 0, 0, 1], 128, Class::Loopback),
    (
        [0; 8],
        96,
        Class::Never("a deprecated IPv4-compatible address"),
    ),
    (
        [0x64, 0xff9b, 1, 0, 0, 0, 0, 0],
        48,
        Class::Never("a local-use NAT64 address"),
    ),
    (
        [0x100, 0, 0, 0, 0, 0, 0, 0],
        64,
        Class::Never("a discard-only address"),
    ),
    ([0x2001, 3, 0, 0, 0, 0, 0, 0], 32, Class::Public),
    ([0x2001, 4, 0x112, 0, 0, 0, 0, 0], 48, Class::Public),
    ([0x2001, 0x20, 0, 0, 0, 0, 0, 0], 28, Class::Public),
    ([0x2001, 0x30, 0, 0, 0, 0, 0, 0], 28, Class::Public),
    ([0x2001, 0, 0, 0, 0, 0, 0, 0], 23, IETF),
    ([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0], 32, DOCUMENTATION),
    ([0x3fff, 0, 0, 0, 0, 0, 0, 0], 20, DOCUMENTATION),
    ([0x2000, 0, 0, 0, 0, 0, 0, 0], 3, Class::Public),
    (
        [0x5f00, 0, 0, 0, 0, 0, 0, 0],
        16,
        Class::Never("a segment-routing address"),
    ),
    ([0xfc00, 0, 0, 0, 0, 0, 0, 0], 7, Class::Private),
    ([0xfec0, 0, 0, 0, 0, 0, 0, 0], 10, Class::Private),
    ([0xfe80, 0, 0, 0, 0, 0, 0, 0], 10, LINK_LOCAL),
    ([0xff00, 0, 0, 0, 0, 0, 0, 0], 8, MULTICAST),
];

fn classify_v4(ip: Ipv4Addr) -> Class {
    let ip = u32::from(ip);
    V4.iter()
        .find(|(net, len, _)| {
            within(
                u128::from(ip),
                u128::from(u32::from_be_bytes(*net)),
                *len,
                32,
            )
        })
        .map_or(Class::Public, |(_, _, class)| *class)
}

fn classify_v6(ip: Ipv6Addr) -> Class {
    let ip = u128::from(ip);
    V6.iter()
        .find(|(net, len, _)| within(ip, u128::from(Ipv6Addr::from(*net)), *len, 128))
        .map_or(RESERVED, |(_, _, class)| *class)
}

/// Whether `ip` lies in `net`/`len`, for addresses `bits` wide.
fn within(ip: u128, net: u128, len: u8, bits: u32) -> bool {
    let host_bits = bits - u32::from(len);
    ip.checked_shr(host_bits).unwrap_or(0) == net.checked_shr(host_bits).unwrap_or(0)
}

/// The IPv4 address an IPv6 address stands for, and the form's name:
/// IPv4-mapped (`::ffff:a.b.c.d`), NAT64 (`64:ff9b::a.b.c.d`) or 6to4
/// (`2002:AABB:CCDD::/48`).
fn embedded_v4(ip: Ipv6Addr) -> Option<(&'static str, Ipv4Addr)> {
    let n = u128::from(ip);
    let low = Ipv4Addr::from(n as u32);
    if let Some(v4) = ip.to_ipv4_mapped() {
        Some(("an IPv4-mapped address", v4))
    } else if n >> 32 == 0x64_ff9b_u128 << 64 {
        Some(("a NAT64 address", low))
    } else if n >> 112 == 0x2002 {
        Some(("a 6to4 address", Ipv4Addr::from((n >> 80) as u32)))
    } else {
        None
    }
}

#[cfg(test)]
#[path = "policy_tests.rs"]
mod tests;
