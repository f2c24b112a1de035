//! The address policy, range by range. These tables are written out from
//! the IANA registries independently of the ones in `policy.rs`, so a slip
//! in either shows.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use super::*;

/// Which allowance opens a range.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Open {
    Never,
    Loopback,
    Private,
}

const NONE: AddressPolicy = AddressPolicy {
    allow_loopback: false,
    allow_private: false,
};
const LOOPBACK: AddressPolicy = AddressPolicy {
    allow_loopback: true,
    allow_private: false,
};
const PRIVATE: AddressPolicy = AddressPolicy {
    allow_loopback: false,
    allow_private: true,
};
const BOTH: AddressPolicy = AddressPolicy {
    allow_loopback: true,
    allow_private: true,
};

/// Every refused range: its block, the words of the refusal, and the
/// allowance that opens it.
const REFUSED: &[(&str, &str, Open)] = &[
    // IPv4
    ("0.0.0.0/8", "an unspecified address", Open::Never),
    ("10.0.0.0/8", "a private-network address", Open::Private),
    ("100.64.0.0/10", "a private-network address", Open::Private),
    ("127.0.0.0/8", "a loopback address", Open::Loopback),
    ("169.254.0.0/16", "a link-local address", Open::Never),
    ("172.16.0.0/12", "a private-network address", Open::Private),
    (
        "192.0.0.0/24",
        "an IETF protocol assignment address",
        Open::Never,
    ),
    (
        "192.0.0.9/32",
        "an IETF protocol assignment address",
        Open::Never,
    ),
    (
        "192.0.0.10/32",
        "an IETF protocol assignment address",
        Open::Never,
    ),
    ("192.0.2.0/24", "a documentation address", Open::Never),
    (
        "192.88.99.0/24",
        "a deprecated 6to4 relay anycast address",
        Open::Never,
    ),
    ("192.168.0.0/16", "a private-network address", Open::Private),
    ("198.18.0.0/15", "a benchmarking address", Open::Never),
    ("198.51.100.0/24", "a documentation address", Open::Never),
    ("203.0.113.0/24", "a documentation address", Open::Never),
    ("224.0.0.0/4", "a multicast address", Open::Never),
    ("240.0.0.0/4", "a reserved address", Open::Never),
    ("255.255.255.255/32", "the broadcast address", Open::Never),
    // IPv6
    ("::/128", "an unspecified address", Open::Never),
    ("::1/128", "a loopback address", Open::Loopback),
    (
        "::2/127",
        "a deprecated IPv4-compatible address",
        Open::Never,
    ),
    (
        "::7f00:0/104",
        "a deprecated IPv4-compatible address",
        Open::Never,
    ),
    (
        "::100:0/104",
        "a deprecated IPv4-compatible address",
        Open::Never,
    ),
    (
        "::8000:0/97",
        "a deprecated IPv4-compatible address",
        Open::Never,
    ),
    ("64:ff9b:1::/48", "a local-use NAT64 address", Open::Never),
    ("100::/64", "a discard-only address", Open::Never),
    ("100:0:0:1::/64", "a reserved address", Open::Never),
    (
        "2001::/23",
        "an IETF protocol assignment address",
        Open::Never,
    ),
    (
        "2001::/32",
        "an IETF protocol assignment address",
        Open::Never,
    ),
    (
        "2001:1::1/128",
        "an IETF protocol assignment address",
        Open::Never,
    ),
    (
        "2001:1::2/127",
        "an IETF protocol assignment address",
        Open::Never,
    ),
    (
        "2001:2::/48",
        "an IETF protocol assignment address",
        Open::Never,
    ),
    (
        "2001:10::/28",
        "an IETF protocol assignment address",
        Open::Never,
    ),
    ("2001:db8::/32", "a documentation address", Open::Never),
    ("3fff::/20", "a documentation address", Open::Never),
    ("5f00::/16", "a segment-routing address", Open::Never),
    ("fc00::/7", "a private-network address", Open::Private),
    ("fec0::/10", "a private-network address", Open::Private),
    ("fe80::/10", "a link-local address", Open::Never),
    ("ff00::/8", "a multicast address", Open::Never),
    // Not global unicast (outside 2000::/3), a sample of the rest.
    ("::1:0:0:0/80", "a reserved address", Open::Never),
    ("1::/16", "a reserved address", Open::Never),
    ("4000::/3", "a reserved address", Open::Never),
    ("e000::/4", "a reserved address", Open::Never),
    ("fe00::/9", "a reserved address", Open::Never),
];

/// Allowed by default: the addresses just outside each refused range
/// (where they are global), and the globally reachable special-purpose
/// blocks.
const ALLOWED: &[&str] = &[
    "1.0.0.0",
    "9.255.255.255",
    "11.0.0.0",
    "100.63.255.255",
    "100.128.0.0",
    "126.255.255.255",
    "128.0.0.0",
    "169.253.255.255",
    "169.255.0.0",
    "172.15.255.255",
    "172.32.0.0",
    "191.255.255.255",
    "192.0.1.0",
    "192.0.1.255",
    "192.0.3.0",
    "192.31.196.1",
    "192.52.193.1",
    "192.88.98.255",
    "192.88.100.0",
    "192.167.255.255",
    "192.169.0.0",
    "192.175.48.1",
    "198.17.255.255",
    "198.20.0.0",
    "198.51.99.255",
    "198.51.101.0",
    "203.0.112.255",
    "203.0.114.0",
    "223.255.255.255",
    "8.8.8.8",
    "2000::",
    "2001:200::",
    "2001:3::",
    "2001:3:ffff:ffff:ffff:ffff:ffff:ffff",
    "2001:4:112::1",
    "2001:20::1",
    "2001:2f:ffff:ffff:ffff:ffff:ffff:ffff",
    "2001:30::1",
    "2001:3f:ffff:ffff:ffff:ffff:ffff:ffff",
    "2001:db7:ffff:ffff:ffff:ffff:ffff:ffff",
    "2001:db9::",
    "2001:4860:4860::8888",
    "2003::",
    "2620:4f:8000::1",
    "3ffe:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
    "3fff:1000::",
    "3fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
];

/// IPv6 forms that embed an IPv4 address: judged as that address.
/// (address, refusal words by default or "" when allowed, allowance).
const EMBEDDED: &[(&str, &str, Open)] = &[
    (
        "::ffff:127.0.0.1",
        "an IPv4-mapped address of 127.0.0.1, a loopback address",
        Open::Loopback,
    ),
    (
        "::ffff:10.0.0.1",
        "an IPv4-mapped address of 10.0.0.1, a private-network address",
        Open::Private,
    ),
    (
        "::ffff:169.254.169.254",
        "an IPv4-mapped address of 169.254.169.254, a link-local address",
        Open::Never,
    ),
    ("::ffff:198.18.0.1", "a benchmarking address", Open::Never),
    ("::ffff:8.8.8.8", "", Open::Never),
    (
        "64:ff9b::7f00:1",
        "a NAT64 address of 127.0.0.1, a loopback address",
        Open::Loopback,
    ),
    (
        "64:ff9b::a00:1",
        "a NAT64 address of 10.0.0.1",
        Open::Private,
    ),
    (
        "64:ff9b::6440:1",
        "a NAT64 address of 100.64.0.1",
        Open::Private,
    ),
    (
        "64:ff9b::c0a8:101",
        "a NAT64 address of 192.168.1.1",
        Open::Private,
    ),
    ("64:ff9b::a9fe:a9fe", "a link-local address", Open::Never),
    ("64:ff9b::c000:201", "a documentation address", Open::Never),
    ("64:ff9b::", "an unspecified address", Open::Never),
    ("64:ff9b::ffff:ffff", "the broadcast address", Open::Never),
    ("64:ff9b::808:808", "", Open::Never),
    ("64:ff9b::7fff:ffff", "a loopback address", Open::Loopback),
    ("64:ff9b::8000:0", "", Open::Never),
    (
        "2002:7f00:1::",
        "a 6to4 address of 127.0.0.1, a loopback address",
        Open::Loopback,
    ),
    (
        "2002:c0a8:101::1",
        "a 6to4 address of 192.168.1.1",
        Open::Private,
    ),
    ("2002:a9fe:a9fe::", "a link-local address", Open::Never),
    ("2002:c612:1::", "a benchmarking address", Open::Never),
    ("2002::", "an unspecified address", Open::Never),
    (
        "2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
        "the broadcast address",
        Open::Never,
    ),
    ("2002:808:808::1", "", Open::Never),
];

/// The first, a middle and the last address of a block.
fn samples(cidr: &str) -> [IpAddr; 3] {
    let (net, len) = cidr.split_once('/').unwrap();
    let len: u32 = len.parse().unwrap();
    match net.parse::<IpAddr>().unwrap() {
        IpAddr::V4(v4) => {
            let first = u32::from(v4);
            let last = first | u32::MAX.checked_shr(len).unwrap_or(0);
            let mid = first + (last - first) / 2;
            [first, mid, last].map(|n| IpAddr::V4(Ipv4Addr::from(n)))
        }
        IpAddr::V6(v6) => {
            let first = u128::from(v6);
            let last = first | u128::MAX.checked_shr(len).unwrap_or(0);
            let mid = first + (last - first) / 2;
            [first, mid, last].map(|n| IpAddr::V6(Ipv6Addr::from(n)))
        }
    }
}

fn opened(open: Open, p: AddressPolicy) -> bool {
    match open {
        Open::Never => false,
        Open::Loopback => p.allow_loopback,
        Open::Private => p.allow_private,
    }
}

#[test]
fn every_special_purpose_range_is_refused() {
    for &(cidr, what, open) in REFUSED {
        for (i, ip) in samples(cidr).into_iter().enumerate() {
            let err = NONE
                .check(ip)
                .expect_err(&format!("{ip} ({cidr}) must be refused"));
            // The last address may fall in a more specific block (the end
            // of 240.0.0.0/4 is the broadcast address): refused, for its
            // own reason.
            if i < 2 {
                assert_eq!(err, what, "{ip} ({cidr})");
            }
            for p in [LOOPBACK, PRIVATE, BOTH] {
                assert_eq!(
                    p.check(ip).is_ok(),
                    opened(open, p),
                    "{ip} ({cidr}) under {p:?}"
                );
            }
        }
    }
}

#[test]
fn the_neighbours_and_global_special_blocks_are_allowed() {
    for addr in ALLOWED {
        let ip: IpAddr = addr.parse().unwrap();
        assert_eq!(NONE.check(ip), Ok(()), "{addr} is global");
    }
}

#[test]
fn embedded_ipv4_addresses_are_judged_as_themselves() {
    for &(addr, what, open) in EMBEDDED {
        let ip: IpAddr = addr.parse().unwrap();
        if what.is_empty() {
            assert_eq!(NONE.check(ip), Ok(()), "{addr} is global");
            continue;
        }
        let err = NONE.check(ip).expect_err(addr);
        assert!(err.contains(what), "{addr}: {err}");
        for p in [LOOPBACK, PRIVATE, BOTH] {
            assert_eq!(p.check(ip).is_ok(), opened(open, p), "{addr} under {p:?}");
        }
    }
}

#[test]
fn link_local_is_never_probed() {
    for addr in ["169.254.169.254", "fe80::1", "::ffff:169.254.169.254"] {
        assert!(BOTH.check(addr.parse().unwrap()).is_err(), "{addr}");
    }
}
