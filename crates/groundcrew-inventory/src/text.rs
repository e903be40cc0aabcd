//! An inventory from YAML text in memory, for tests, benchmarks and examples: the same
//! splitter, loader and records the scan uses, without the scan's files and threads.

use std::sync::Arc;

use groundcrew_yaml::split::split_yaml;
use groundcrew_yaml::{Limits, parse_yaml_document};

use crate::{Inventory, ObjectRecord, Rejected, objects_from_document};

/// Every object of the multi-document YAML `text` (read as file `name`), in order.
///
/// # Errors
/// The first document that cannot be read, or that holds an object of the wrong types, with
/// its line and column.
pub fn inventory_from_yaml(name: &str, text: &str) -> Result<Inventory, String> {
    read(name, text, false)
}

/// As [`inventory_from_yaml`], keeping the addresses workloads and ConfigMaps name (what
/// `netpol generate` reads).
///
/// # Errors
/// The first document that cannot be read, with its line and column.
pub fn inventory_from_yaml_with_addresses(name: &str, text: &str) -> Result<Inventory, String> {
    read(name, text, true)
}

fn read(name: &str, text: &str, addresses: bool) -> Result<Inventory, String> {
    let file: Arc<str> = Arc::from(name);
    let mut chunks = Vec::new();
    split_yaml(text.as_bytes(), false, |c| chunks.push(c)).map_err(|e| format!("{name}: {e}"))?;
    let mut records = Vec::new();
    for (i, chunk) in chunks.into_iter().enumerate() {
        let root = parse_yaml_document(&chunk.text, chunk.start.line, &Limits::default())
            .map_err(|e| format!("{name}: {e}"))?;
        if let Some(root) = root {
            let (objects, rejected) = objects_from_document(root, &file, i as u32);
            for r in rejected {
                if let Rejected::Invalid(e) = r {
                    return Err(format!("{name}: {}: {}", e.pos, e.message));
                }
            }
            records.extend(objects.iter().map(|o| {
                let mut record = ObjectRecord::from_object(o);
                if addresses {
                    record.collect_addresses(o, crate::pod_template(o).as_ref());
                }
                record
            }));
        }
    }
    Ok(Inventory::new(records))
}
