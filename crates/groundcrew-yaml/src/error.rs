use crate::Pos;

/// A document that could not be read, with the position (1-based line and column) where
/// reading stopped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{pos}: {message}")]
pub struct LoadError {
    pub pos: Pos,
    pub message: String,
}

impl LoadError {
    pub fn new(pos: Pos, message: impl Into<String>) -> Self {
        LoadError {
            pos,
            message: message.into(),
        }
    }
}
