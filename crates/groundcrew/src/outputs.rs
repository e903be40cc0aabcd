//! The report files of a scan: opened before the scan starts, so that an unwritable path is
//! an error before minutes of scanning rather than after, and so that a report written into
//! a scanned directory is not read back as an input.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use anyhow::{Context, Result, anyhow, bail};
use groundcrew_engine::InputFile;

/// Report files opened for writing. Emptying a large previous report takes the kernel a
/// while (tens of milliseconds for a 100 MB one), so it runs on its own thread during the
/// scan.
pub struct ReportFiles {
    /// The files' canonical paths, to recognise them among the inputs.
    canonical: Vec<PathBuf>,
    emptied: JoinHandle<std::io::Result<Vec<File>>>,
    paths: Vec<String>,
}

impl ReportFiles {
    /// Opens (creating when missing) every path; the files are emptied in the background.
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
        let emptied = std::thread::spawn(move || {
            for f in &files {
                // Not devices or pipes (`-o /dev/stdout`): they have no length.
                if f.metadata()?.is_file() {
                    f.set_len(0)?;
                }
            }
            Ok(files)
        });
        Ok(ReportFiles {
            canonical,
            emptied,
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

    /// The emptied files, in the order their paths were given, with their paths.
    pub fn into_files(self) -> Result<Vec<(String, File)>> {
        let files = self
            .emptied
            .join()
            .map_err(|_| anyhow!("emptying the report files failed"))?
            .context("cannot empty a report file")?;
        Ok(self.paths.into_iter().zip(files).collect())
    }
}
