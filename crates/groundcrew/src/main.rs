//! The `groundcrew` command: wires the engine, policy and renderers to the command line.
//!
//! Exit codes: 0 nothing at or above the threshold fails; 1 something does (or a framework
//! scores below `--min-score`); 2 input or usage errors (wins over 1).

mod cli;
mod config;
mod docs;
mod load;
mod netpol;
mod outputs;
mod paths;
mod rbac;
mod scan;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc: faster than glibc's allocator for the many small allocations of parsing on
/// several threads, and it returns memory to the system more readily.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let is_scan = matches!(cli.command, cli::Command::Scan(_));
    let result = match cli.command {
        cli::Command::Scan(args) => scan::run(*args),
        cli::Command::Controls { command } => docs::controls(command),
        cli::Command::Frameworks { command } => docs::frameworks_command(command),
        cli::Command::Rbac { command } => rbac::run(command),
        cli::Command::Netpol { command } => netpol::run(command),
        cli::Command::Paths(args) => paths::run(*args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        // A reader that went away (`groundcrew controls list | head`) is not an error when
        // listing; a scan whose report could not be written still fails (exit 2).
        Err(e)
            if !is_scan
                && e.chain().any(|c| {
                    c.downcast_ref::<std::io::Error>()
                        .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
                }) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
