//! The report files of a scan: opened before the scan starts, so that an unwritable path is
//! an error before minutes of scanning rather than after, and so that a report written into
//! a scanned directory is not read back as an input.

use std::fs::{File, OpenOptions};
use std::io::Seek;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use groundcrew_engine::InputFile;

/// Report files opened for writing. An old report is not emptied first: the new one is
/// written over it and the file then cut where the new one ends ([`end_report`]). Emptying
/// a file makes ext4 write it out to disk when it is closed (its guard for programs that
/// replace a file by truncating it), which held the end of a 100k-object scan for 50–60 ms;
/// overwriting does not.
pub struct ReportFiles {
    /// The files' canonical paths, to recognise them among the inputs.
    canonical: Vec<PathBuf>,
    files: Vec<File>,
    paths: Vec<String>,
}

impl ReportFiles {
    /// Opens (creating when missing, keeping the content until the new report replaces it)
    /// every path.
    pub fn open(paths: Vec<String>) -> Result<Self> {
        let mut files = Vec::with_capacity(paths.len());
        let mut canonical = Vec::with_capacity(paths.len());
        for path in &paths {
            let file = OpenOptions::new()
                .write(true)
                .create(true)
                .truncate(false)
                .open(path)
                .with_context(|| format!("cannot write {path}"))?;
            // A pipe (`-o /dev/stdout` into a pipe) has no path: it cannot be an input.
            if let Ok(real) = std::fs::canonicalize(path) {
                if canonical.contains(&real) {
                    bail!("two formats cannot write the same file: {path}");
                }
                canonical.push(real);
            }
            files.push(file);
        }
        Ok(ReportFiles {
            canonical,
            files,
            paths,
        })
    }

    /// Whether `input` is one of these report files.
    pub fn is_report(&self, input: &InputFile) -> bool {
        if input.stdin || self.canonical.is_empty() {
            return false;
        }
        let path = Path::new(&*input.display);
        // Only a file of the same name can be the same file: others are not resolved.
        self.canonical.iter().any(|c| {
            c.file_name() == path.file_name() && std::fs::canonicalize(path).is_ok_and(|p| &p == c)
        })
    }

    /// The files, in the order their paths were given, with their paths.
    pub fn into_files(self) -> Vec<(String, File)> {
        self.paths.into_iter().zip(self.files).collect()
    }
}

/// Cuts a report file where the report just written ends, so that nothing of an older,
/// longer report stays behind. Devices and pipes (`-o /dev/stdout`) have no length to cut.
pub fn end_report(file: &mut File) -> std::io::Result<()> {
    if file.metadata()?.is_file() {
        let end = file.stream_position()?;
        file.set_len(end)?;
    }
    Ok(())
}
