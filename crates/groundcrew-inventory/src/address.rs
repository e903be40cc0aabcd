//! Addresses that workloads name in their configuration: environment variables, arguments,
//! commands and ConfigMap values such as `cartservice:7070`, `http://api.shop.svc/`,
//! `redis-master.cache.svc.cluster.local:6379` or a bare `postgres`. They are the evidence
//! `netpol generate` turns into dependencies once a Service of that name is found.
//!
//! Collected only when asked for ([`collect_workload`], [`collect_config_map`]): the scan
//! does not pay for it.

use std::sync::Arc;

use groundcrew_yaml::{Node, Pos};

use crate::intern::intern;
use crate::workload::PodTemplate;

/// A host name (with an optional port) written somewhere in a workload's configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressRef {
    /// Lower-cased, without a trailing dot: `cartservice`, `api.shop.svc.cluster.local`.
    pub host: Arc<str>,
    pub port: Option<u16>,
    /// The URL scheme, when the address is written as a URL (`http`, `redis`...).
    pub scheme: Option<Arc<str>>,
    /// The address is a whole value (an environment variable, an argument after a flag, a
    /// one-line ConfigMap value), so a bare name (`postgres`) counts as an address.
    pub whole: bool,
    /// The token as written: `cartservice:7070`.
    pub text: Box<str>,
    /// Where it is written: `env CART_SERVICE_ADDR of container "server"`.
    pub origin: Arc<str>,
    pub pos: Pos,
}

/// A ConfigMap a workload reads: through `env[].valueFrom.configMapKeyRef` (one key),
/// `envFrom[].configMapRef` or a `configMap` volume (every key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigMapRef {
    pub name: Arc<str>,
    /// The key, for a `configMapKeyRef`.
    pub key: Option<Arc<str>>,
    pub origin: Box<str>,
    pub pos: Pos,
}

/// The addresses named in a ConfigMap's `data`, with their keys.
#[derive(Debug, Clone, Default)]
pub struct ConfigMapFacts {
    pub entries: Vec<(Arc<str>, AddressRef)>,
}

/// What a workload's configuration names.
#[derive(Debug, Clone, Default)]
pub struct WorkloadAddresses {
    pub addresses: Vec<AddressRef>,
    pub config_maps: Vec<ConfigMapRef>,
}

/// Whether `label` is a DNS label: 1–63 characters of `a-z`, `0-9` and `-`, not starting or
/// ending with `-`.
fn is_dns_label(label: &str) -> bool {
    !label.is_empty()
        && label.len() <= 63
        && label
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !label.starts_with('-')
        && !label.ends_with('-')
}

/// Words that are values, not names, wherever they appear (`enabled=true`).
const NOT_NAMES: [&str; 10] = [
    "true",
    "false",
    "yes",
    "no",
    "on",
    "off",
    "null",
    "none",
    "nil",
    "localhost",
];

/// A host name whose first label could be a Service name (DNS-1035: starts with a letter).
fn is_host(host: &str) -> bool {
    host.len() <= 253
        && !NOT_NAMES.contains(&host)
        && host.split('.').all(is_dns_label)
        && host.as_bytes().first().is_some_and(u8::is_ascii_lowercase)
}

/// Splits one token (`http://user@api.shop:8080/path`, `--db=postgres:5432`, `redis`) into
/// scheme, host and port; `None` when it is not a host name.
fn parse_token(token: &str) -> Option<(Option<&str>, String, Option<u16>)> {
    let (scheme, rest) = match token.split_once("://") {
        Some((s, r))
            if !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b)) =>
        {
            (Some(s), r)
        }
        Some(_) => return None,
        None => (None, token),
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let authority = authority.rsplit_once('@').map_or(authority, |(_, a)| a);
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if !p.is_empty() => (h, Some(p.parse::<u16>().ok().filter(|p| *p > 0)?)),
        Some((h, _)) => (h, None),
        None => (authority, None),
    };
    let host = host.strip_suffix('.').unwrap_or(host).to_ascii_lowercase();
    is_host(&host).then_some((scheme, host, port))
}

/// Characters that separate tokens in free text.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || "\"'`,;()[]{}<>|".contains(c)
}

/// Where a value comes from, which decides when a bare name (no dot, no port, no scheme)
/// counts as an address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// An environment variable or a one-line ConfigMap value: the whole value, or after
    /// `=` (`DB=postgres`).
    Value,
    /// A command-line argument: the whole argument after a flag (`--redis redis`,
    /// `after_flag`), or after `=` (`--db=postgres`).
    Argument { after_flag: bool },
    /// A file (a multi-line ConfigMap value): after `=` or `:` only when the key says it
    /// holds an address (`redis.host=redis`); dotted names, ports and URLs anywhere.
    File,
}

/// Keys that hold addresses in configuration files.
const ADDRESS_KEYS: [&str; 12] = [
    "host", "addr", "server", "url", "uri", "endpoint", "service", "svc", "broker", "upstream",
    "backend", "dsn",
];

pub fn addresses_in(value: &str, context: Context, origin: &str, pos: Pos) -> Vec<AddressRef> {
    let mut found = Vec::new();
    let mut shared_origin: Option<Arc<str>> = None;
    let trimmed = value.trim();
    let single = !trimmed.is_empty() && !trimmed.contains(is_separator);
    for piece in value.split(is_separator).filter(|p| !p.is_empty()) {
        let (key, token) = match piece.rsplit_once('=') {
            Some((k, t)) if !piece.contains("://") || t.contains("://") => (Some(k), t),
            _ => (None, piece),
        };
        let Some((scheme, host, port)) = parse_token(token) else {
            continue;
        };
        let whole = match context {
            Context::Value => (single && token == trimmed) || key.is_some(),
            Context::Argument { after_flag } => {
                (after_flag && single && token == trimmed) || key.is_some()
            }
            Context::File => key.is_some_and(|k| {
                let k = k.to_ascii_lowercase();
                ADDRESS_KEYS.iter().any(|a| k.contains(a))
            }),
        };
        if !host.contains('.') && port.is_none() && scheme.is_none() && !whole {
            continue;
        }
        found.push(AddressRef {
            host: intern(&host),
            port,
            scheme: scheme.map(|s| intern(&s.to_ascii_lowercase())),
            whole,
            text: token.into(),
            origin: shared_origin
                .get_or_insert_with(|| Arc::from(origin))
                .clone(),
            pos,
        });
    }
    found
}

/// The addresses and ConfigMaps a pod template's containers name.
pub fn collect_workload(pod: &PodTemplate<'_>) -> WorkloadAddresses {
    let mut out = WorkloadAddresses::default();
    for c in &pod.containers {
        let who = c.describe();
        for env in c.node.get("env").map(Node::items).unwrap_or(&[]) {
            let name = env.get("name").and_then(Node::as_str).unwrap_or("");
            if let Some(v) = env.get("value")
                && let Some(text) = v.as_str()
            {
                out.addresses.extend(addresses_in(
                    text,
                    Context::Value,
                    &format!("env {name} of {who}"),
                    v.pos,
                ));
            }
            if let Some(r) = env.get_path(&["valueFrom", "configMapKeyRef"])
                && let Some(cm) = r.get("name").and_then(Node::as_str)
            {
                out.config_maps.push(ConfigMapRef {
                    name: intern(cm),
                    key: r.get("key").and_then(Node::as_str).map(intern),
                    origin: format!("env {name} of {who}").into(),
                    pos: r.pos,
                });
            }
        }
        for from in c.node.get("envFrom").map(Node::items).unwrap_or(&[]) {
            if let Some(r) = from.get("configMapRef")
                && let Some(cm) = r.get("name").and_then(Node::as_str)
            {
                out.config_maps.push(ConfigMapRef {
                    name: intern(cm),
                    key: None,
                    origin: format!("envFrom of {who}").into(),
                    pos: r.pos,
                });
            }
        }
        for field in ["command", "args"] {
            let items = c.node.get(field).map(Node::items).unwrap_or(&[]);
            for (i, arg) in items.iter().enumerate() {
                let Some(text) = arg.as_str() else { continue };
                // `--redis redis`: the value after a flag is a whole value.
                let after_flag = i > 0
                    && items[i - 1]
                        .as_str()
                        .is_some_and(|p| p.starts_with('-') && !p.contains('='));
                out.addresses.extend(addresses_in(
                    text,
                    Context::Argument { after_flag },
                    &format!("{field}[{i}] of {who}"),
                    arg.pos,
                ));
            }
        }
    }
    for (_, volume) in pod.volumes() {
        let vname = volume.get("name").and_then(Node::as_str).unwrap_or("");
        let direct = volume.get("configMap").into_iter();
        let projected = volume
            .get_path(&["projected", "sources"])
            .map(Node::items)
            .unwrap_or(&[])
            .iter()
            .filter_map(|s| s.get("configMap"));
        for r in direct.chain(projected) {
            if let Some(cm) = r.get("name").and_then(Node::as_str) {
                out.config_maps.push(ConfigMapRef {
                    name: intern(cm),
                    key: None,
                    origin: format!("volume {vname}").into(),
                    pos: r.pos,
                });
            }
        }
    }
    out
}

/// The addresses a ConfigMap's `data` values name: a one-line value is a whole value, a
/// multi-line value (a file) counts only dotted names, ports and URLs.
pub fn collect_config_map(root: &Node) -> ConfigMapFacts {
    let mut facts = ConfigMapFacts::default();
    let Some(data) = root.get("data").and_then(Node::as_map) else {
        return facts;
    };
    for (key, value) in data.iter() {
        let Some(text) = value.as_str() else { continue };
        let context = if text.trim().contains('\n') {
            Context::File
        } else {
            Context::Value
        };
        let found = addresses_in(text, context, &format!("key {key}"), value.pos);
        let key = intern(key);
        facts
            .entries
            .extend(found.into_iter().map(|a| (key.clone(), a)));
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(value: &str, whole: bool) -> Vec<(String, Option<u16>)> {
        let context = if whole {
            Context::Value
        } else {
            Context::Argument { after_flag: false }
        };
        addresses_in(value, context, "", Pos::default())
            .into_iter()
            .map(|a| (a.host.to_string(), a.port))
            .collect()
    }

    #[test]
    fn host_and_port() {
        assert_eq!(
            hosts("cartservice:7070", true),
            [("cartservice".into(), Some(7070))]
        );
        assert_eq!(
            hosts("redis-cart:6379", false),
            [("redis-cart".into(), Some(6379))]
        );
    }

    #[test]
    fn bare_names_only_as_whole_values() {
        assert_eq!(hosts("postgres", true), [("postgres".into(), None)]);
        assert!(hosts("postgres", false).is_empty());
        assert!(hosts("run the server", true).is_empty());
        assert_eq!(hosts("--db=postgres", false), [("postgres".into(), None)]);
    }

    #[test]
    fn files_count_bare_names_only_under_address_keys() {
        let file = "mode = queue\nlevel=warn\nredis.host=redis\nbroker: amqp://mq:5672\nsee docs.example.com\n";
        let found: Vec<(String, Option<u16>)> =
            addresses_in(file, Context::File, "", Pos::default())
                .into_iter()
                .map(|a| (a.host.to_string(), a.port))
                .collect();
        assert_eq!(
            found,
            [
                ("redis".into(), None),
                ("mq".into(), Some(5672)),
                ("docs.example.com".into(), None)
            ]
        );
        assert!(hosts("enabled=true", true).is_empty());
    }

    #[test]
    fn urls_and_qualified_names() {
        assert_eq!(
            hosts(
                "http://user:pw@API.shop.svc.cluster.local.:8080/v1?x=1",
                false
            ),
            [("api.shop.svc.cluster.local".into(), Some(8080))]
        );
        assert_eq!(
            hosts("upstream a.b.svc; backup c.d", false),
            [("a.b.svc".into(), None), ("c.d".into(), None)]
        );
    }

    #[test]
    fn not_addresses() {
        assert!(hosts("/etc/app/config.properties", true).is_empty());
        assert!(hosts("10.0.0.1:80", true).is_empty());
        assert!(hosts("x:notaport", true).is_empty());
        assert!(hosts("svc:0", true).is_empty());
        assert!(hosts("1", true).is_empty());
        assert!(hosts("", true).is_empty());
    }
}
