//! Which addresses and schemes the link checker may contact.
//!
//! A draft under review is untrusted input (in CI it may come from anyone), so a link must
//! not turn the checker into a probe of the machine it runs on or of the network behind it
//! (server-side request forgery). The invariant the rest of the module relies on: **every
//! socket address is vetted by an [`AddressPolicy`] after DNS resolution and before any
//! connection**, for the first request and for every redirect hop, and the connection goes
//! to exactly the vetted address (see `resolve.rs`), so DNS rebinding cannot swap it.
//!
//! Addresses embedding an IPv4 address (IPv4-mapped, IPv4-compatible, NAT64, 6to4) are
//! judged by the embedded address, since the kernel or a gateway would deliver them there.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// What kind of address an IP is, as far as link checking cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressClass {
    /// Globally routable: may be fetched.
    Public,
    /// 127.0.0.0/8, ::1.
    Loopback,
    /// RFC 1918 (10/8, 172.16/12, 192.168/16).
    Private,
    /// Carrier-grade NAT, 100.64.0.0/10.
    SharedAddressSpace,
    /// Unique local IPv6, fc00::/7 (and deprecated site-local fec0::/10).
    UniqueLocal,
    /// 169.254.0.0/16, fe80::/10.
    LinkLocal,
    /// Not routable on the internet: documentation, benchmarking, IETF protocol
    /// assignments, 240/4, discard-only, local-use NAT64.
    Reserved,
    /// A cloud instance-metadata endpoint (169.254.169.254, fd00:ec2::254, …).
    Metadata,
    /// 0.0.0.0/8, `::`.
    Unspecified,
    /// 224.0.0.0/4, ff00::/8.
    Multicast,
    /// 255.255.255.255.
    Broadcast,
}

impl AddressClass {
    /// Whether `allow_private = true` unlocks this class. Metadata endpoints stay refused
    /// even then (nothing in a bulletin legitimately points there and they hold
    /// credentials), and unspecified, multicast and broadcast addresses are never a web
    /// server.
    #[must_use]
    pub const fn unlocked_by_allow_private(self) -> bool {
        matches!(
            self,
            Self::Loopback
                | Self::Private
                | Self::SharedAddressSpace
                | Self::UniqueLocal
                | Self::LinkLocal
                | Self::Reserved
        )
    }

    const fn describe(self) -> &'static str {
        match self {
            Self::Public => "public address",
            Self::Loopback => "loopback address",
            Self::Private => "private (RFC 1918) address",
            Self::SharedAddressSpace => "carrier-grade NAT address (100.64.0.0/10)",
            Self::UniqueLocal => "unique local IPv6 address",
            Self::LinkLocal => "link-local address",
            Self::Reserved => "reserved, non-routable address",
            Self::Metadata => "cloud metadata endpoint",
            Self::Unspecified => "unspecified address",
            Self::Multicast => "multicast address",
            Self::Broadcast => "broadcast address",
        }
    }
}

/// Cloud instance-metadata endpoints (AWS, GCP, Azure, OpenStack share 169.254.169.254;
/// 169.254.170.2 is AWS ECS task metadata; 100.100.100.200 Alibaba; 192.0.0.192 Oracle).
const METADATA_V4: [Ipv4Addr; 4] = [
    Ipv4Addr::new(169, 254, 169, 254),
    Ipv4Addr::new(169, 254, 170, 2),
    Ipv4Addr::new(100, 100, 100, 200),
    Ipv4Addr::new(192, 0, 0, 192),
];
/// AWS's IPv6 metadata endpoint, fd00:ec2::254.
const METADATA_V6: [Ipv6Addr; 1] = [Ipv6Addr::new(0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x254)];

/// Classifies an IP address.
#[must_use]
pub fn classify(ip: IpAddr) -> AddressClass {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => classify_v6(v6),
    }
}

fn classify_v4(ip: Ipv4Addr) -> AddressClass {
    if METADATA_V4.contains(&ip) {
        return AddressClass::Metadata;
    }
    let [a, b, c, _] = ip.octets();
    match (a, b, c) {
        (0, ..) => AddressClass::Unspecified,
        (127, ..) => AddressClass::Loopback,
        (10, ..) | (172, 16..=31, _) | (192, 168, _) => AddressClass::Private,
        (100, 64..=127, _) => AddressClass::SharedAddressSpace,
        (169, 254, _) => AddressClass::LinkLocal,
        (224..=239, ..) => AddressClass::Multicast,
        (255, 255, 255) if ip == Ipv4Addr::BROADCAST => AddressClass::Broadcast,
        (192, 0, 0)             // IETF protocol assignments
        | (192, 0, 2)           // TEST-NET-1
        | (198, 51, 100)        // TEST-NET-2
        | (203, 0, 113)         // TEST-NET-3
        | (198, 18..=19, _)     // benchmarking
        | (240..=255, ..) => AddressClass::Reserved,
        _ => AddressClass::Public,
    }
}

fn classify_v6(ip: Ipv6Addr) -> AddressClass {
    if METADATA_V6.contains(&ip) {
        return AddressClass::Metadata;
    }
    if ip.is_unspecified() {
        return AddressClass::Unspecified;
    }
    if ip.is_loopback() {
        return AddressClass::Loopback;
    }
    if let Some(embedded) = embedded_ipv4(ip) {
        return classify_v4(embedded);
    }
    let segments = ip.segments();
    let first = segments[0];
    if first & 0xff00 == 0xff00 {
        AddressClass::Multicast
    } else if first & 0xffc0 == 0xfe80 {
        AddressClass::LinkLocal
    } else if first & 0xfe00 == 0xfc00 || first & 0xffc0 == 0xfec0 {
        AddressClass::UniqueLocal
    } else if (first == 0x2001 && segments[1] == 0x0db8)       // documentation
        || (first == 0x3fff && segments[1] & 0xf000 == 0)      // documentation (RFC 9637)
        || (first == 0x0100 && segments[1..4] == [0, 0, 0])    // discard-only
        || (first == 0x0064 && segments[1] == 0xff9b && segments[2] == 0x0001) // local NAT64
        || first & 0xe000 != 0x2000
    // Only 2000::/3 is allocated global unicast; anything else left here is unassigned.
    {
        AddressClass::Reserved
    } else {
        AddressClass::Public
    }
}

/// The IPv4 address an IPv6 address stands for, when it embeds one that a host or gateway
/// would actually deliver to: IPv4-mapped `::ffff:a.b.c.d`, IPv4-translated
/// `::ffff:0:a.b.c.d`, IPv4-compatible `::a.b.c.d`, NAT64 `64:ff9b::a.b.c.d`, 6to4
/// `2002:aabb:ccdd::/48`.
fn embedded_ipv4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let o = ip.octets();
    let tail = Ipv4Addr::new(o[12], o[13], o[14], o[15]);
    match ip.segments() {
        [0, 0, 0, 0, 0, 0xffff, _, _]
        | [0, 0, 0, 0, 0xffff, 0, _, _]
        | [0, 0, 0, 0, 0, 0, _, _]
        | [0x0064, 0xff9b, 0, 0, 0, 0, _, _] => Some(tail),
        [0x2002, ..] => Some(Ipv4Addr::new(o[2], o[3], o[4], o[5])),
        _ => None,
    }
}

/// Decides whether the checker may connect to a resolved socket address.
///
/// Implementations must be cheap and must not do I/O: they run for every resolved address
/// of every hop. Injectable so that tests can allow exactly their own loopback server
/// while keeping every other private target refused.
pub trait AddressPolicy: fmt::Debug + Send + Sync {
    /// `Ok(())` to allow a connection to `addr`, or the reason for refusing it.
    ///
    /// # Errors
    /// A human-readable reason when the address must not be contacted.
    fn check(&self, addr: SocketAddr) -> Result<(), String>;
}

/// The built-in policy: public addresses only, unless `allow_private` (see
/// [`AddressClass::unlocked_by_allow_private`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DefaultPolicy {
    /// Allow loopback, private, CGNAT, ULA, link-local and reserved addresses.
    pub allow_private: bool,
}

impl AddressPolicy for DefaultPolicy {
    fn check(&self, addr: SocketAddr) -> Result<(), String> {
        let class = classify(addr.ip());
        if class == AddressClass::Public || (self.allow_private && class.unlocked_by_allow_private()) {
            return Ok(());
        }
        let mut reason = format!("{} is a {}", addr.ip(), class.describe());
        if class.unlocked_by_allow_private() {
            reason.push_str(" (set `allow_private = true` under [online] to check it)");
        }
        Err(reason)
    }
}

/// Only `http` and `https` are fetched: other schemes (`ftp`, `file`, `gopher`, …) could
/// read local files or speak to services that are not web servers.
///
/// # Errors
/// The reason, when the scheme is not fetchable.
pub fn check_scheme(scheme: &str) -> Result<(), String> {
    if scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https") {
        Ok(())
    } else {
        Err(format!("scheme `{scheme}:` is not fetched (only http and https are)"))
    }
}

/// A refusal raised while resolving, carried through the HTTP client as an error payload
/// so the checker can tell it apart from a network failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// Why the target was refused.
    pub reason: String,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

impl std::error::Error for Refusal {}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(text: &str) -> AddressClass {
        classify(text.parse().unwrap())
    }

    #[test]
    fn ipv4_classes() {
        assert_eq!(class("93.184.216.34"), AddressClass::Public);
        assert_eq!(class("8.8.8.8"), AddressClass::Public);
        assert_eq!(class("127.0.0.1"), AddressClass::Loopback);
        assert_eq!(class("127.255.3.4"), AddressClass::Loopback);
        assert_eq!(class("10.1.2.3"), AddressClass::Private);
        assert_eq!(class("172.16.0.1"), AddressClass::Private);
        assert_eq!(class("172.31.255.255"), AddressClass::Private);
        assert_eq!(class("172.32.0.1"), AddressClass::Public);
        assert_eq!(class("192.168.1.1"), AddressClass::Private);
        assert_eq!(class("100.64.0.1"), AddressClass::SharedAddressSpace);
        assert_eq!(class("100.127.255.255"), AddressClass::SharedAddressSpace);
        assert_eq!(class("100.128.0.1"), AddressClass::Public);
        assert_eq!(class("169.254.1.1"), AddressClass::LinkLocal);
        assert_eq!(class("169.254.169.254"), AddressClass::Metadata);
        assert_eq!(class("0.0.0.0"), AddressClass::Unspecified);
        assert_eq!(class("224.0.0.1"), AddressClass::Multicast);
        assert_eq!(class("255.255.255.255"), AddressClass::Broadcast);
        assert_eq!(class("192.0.2.7"), AddressClass::Reserved);
        assert_eq!(class("240.0.0.1"), AddressClass::Reserved);
    }

    #[test]
    fn ipv6_classes_including_embedded_ipv4() {
        assert_eq!(class("2606:4700::1111"), AddressClass::Public);
        assert_eq!(class("::1"), AddressClass::Loopback);
        assert_eq!(class("::"), AddressClass::Unspecified);
        assert_eq!(class("fc00::1"), AddressClass::UniqueLocal);
        assert_eq!(class("fdab::1"), AddressClass::UniqueLocal);
        assert_eq!(class("fe80::1"), AddressClass::LinkLocal);
        assert_eq!(class("febf::1"), AddressClass::LinkLocal);
        assert_eq!(class("ff02::1"), AddressClass::Multicast);
        assert_eq!(class("fd00:ec2::254"), AddressClass::Metadata);
        assert_eq!(class("2001:db8::1"), AddressClass::Reserved);
        assert_eq!(class("::ffff:127.0.0.1"), AddressClass::Loopback);
        assert_eq!(class("::ffff:169.254.169.254"), AddressClass::Metadata);
        assert_eq!(class("::ffff:10.0.0.1"), AddressClass::Private);
        assert_eq!(class("::ffff:8.8.8.8"), AddressClass::Public);
        assert_eq!(class("::127.0.0.1"), AddressClass::Loopback);
        assert_eq!(class("64:ff9b::a9fe:a9fe"), AddressClass::Metadata);
        assert_eq!(class("2002:7f00:1::1"), AddressClass::Loopback);
        assert_eq!(class("2002:0808:0808::1"), AddressClass::Public);
    }

    #[test]
    fn default_policy_and_allow_private() {
        let strict = DefaultPolicy { allow_private: false };
        let lax = DefaultPolicy { allow_private: true };
        let loopback: SocketAddr = "127.0.0.1:8080".parse().unwrap();
        let metadata: SocketAddr = "169.254.169.254:80".parse().unwrap();
        let public: SocketAddr = "[2606:4700::1111]:443".parse().unwrap();
        assert!(strict.check(loopback).unwrap_err().contains("loopback"));
        assert!(lax.check(loopback).is_ok());
        assert!(strict.check(metadata).is_err());
        assert!(lax.check(metadata).unwrap_err().contains("metadata"));
        assert!(lax.check("0.0.0.0:80".parse().unwrap()).is_err());
        assert!(strict.check(public).is_ok());
    }

    #[test]
    fn only_http_schemes() {
        assert!(check_scheme("http").is_ok());
        assert!(check_scheme("HTTPS").is_ok());
        for scheme in ["ftp", "file", "gopher", "mailto", "javascript", "data"] {
            assert!(check_scheme(scheme).is_err(), "{scheme}");
        }
    }
}
