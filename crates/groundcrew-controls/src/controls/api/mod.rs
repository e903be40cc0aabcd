//! API versions (GC5xx): objects written against APIs the target Kubernetes version no
//! longer serves.

pub mod removed_api_version;
